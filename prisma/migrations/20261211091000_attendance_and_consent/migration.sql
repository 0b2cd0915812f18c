-- AlterTable
ALTER TABLE "Meeting" ADD COLUMN     "attendance" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "SiteSettings" ADD COLUMN     "attendanceAllowed" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "attendanceRetentionDays" INTEGER NOT NULL DEFAULT 90;

-- AlterTable
ALTER TABLE "Recording" ADD COLUMN     "consentAsked" BOOLEAN NOT NULL DEFAULT false;
