-- Recordings (lib/recordings/). Meeting.roomHash starts empty for existing meetings: it is derived with
-- ROOM_NAME_SECRET, which the database never sees, so lib/recordings/room-lookup.ts fills it on first use.

-- AlterTable
ALTER TABLE "Meeting" ADD COLUMN     "recordingRetentionDays" INTEGER,
ADD COLUMN     "roomHash" TEXT;

-- CreateTable
CREATE TABLE "Recording" (
    "id" UUID NOT NULL,
    "meetingId" UUID NOT NULL,
    "storageKey" TEXT NOT NULL,
    "wrappedKey" TEXT NOT NULL,
    "masterKeyId" TEXT NOT NULL,
    "chunkSize" INTEGER NOT NULL,
    "plainSize" BIGINT NOT NULL,
    "cipherSize" BIGINT NOT NULL,
    "durationSeconds" DOUBLE PRECISION,
    "sha256" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "Recording_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Recording_storageKey_key" ON "Recording"("storageKey");

-- CreateIndex
CREATE INDEX "Recording_meetingId_createdAt_idx" ON "Recording"("meetingId", "createdAt");

-- CreateIndex
CREATE INDEX "Recording_expiresAt_idx" ON "Recording"("expiresAt");

-- CreateIndex
CREATE INDEX "Recording_masterKeyId_idx" ON "Recording"("masterKeyId");

-- CreateIndex
CREATE UNIQUE INDEX "Recording_meetingId_sha256_key" ON "Recording"("meetingId", "sha256");

-- CreateIndex
CREATE UNIQUE INDEX "Meeting_roomHash_key" ON "Meeting"("roomHash");

-- AddForeignKey
ALTER TABLE "Recording" ADD CONSTRAINT "Recording_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;
