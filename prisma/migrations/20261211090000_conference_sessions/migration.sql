-- CreateTable
CREATE TABLE "ConferenceSession" (
    "id" UUID NOT NULL,
    "meetingId" UUID NOT NULL,
    "room" TEXT NOT NULL DEFAULT '',
    "occupant" TEXT NOT NULL,
    "userId" UUID,
    "linkId" UUID,
    "joinedAt" TIMESTAMP(3) NOT NULL,
    "leftAt" TIMESTAMP(3),

    CONSTRAINT "ConferenceSession_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ConferenceSession_meetingId_room_occupant_key" ON "ConferenceSession"("meetingId", "room", "occupant");

-- CreateIndex
CREATE INDEX "ConferenceSession_meetingId_leftAt_idx" ON "ConferenceSession"("meetingId", "leftAt");

-- CreateIndex
CREATE INDEX "ConferenceSession_userId_idx" ON "ConferenceSession"("userId");

-- AddForeignKey
ALTER TABLE "ConferenceSession" ADD CONSTRAINT "ConferenceSession_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConferenceSession" ADD CONSTRAINT "ConferenceSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ConferenceSession" ADD CONSTRAINT "ConferenceSession_linkId_fkey" FOREIGN KEY ("linkId") REFERENCES "InviteLink"("id") ON DELETE SET NULL ON UPDATE CASCADE;
