-- AlterTable
ALTER TABLE "MeetingException" ADD COLUMN     "durationMinutes" INTEGER,
ADD COLUMN     "startsAt" TIMESTAMP(3),
ALTER COLUMN "cancelledAt" DROP NOT NULL,
ALTER COLUMN "cancelledAt" DROP DEFAULT;

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "timeZone" TEXT;
