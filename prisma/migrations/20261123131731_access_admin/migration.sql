-- CreateEnum
CREATE TYPE "Permission" AS ENUM ('SCHEDULE', 'MODERATE_ANY', 'RECORD', 'LIVESTREAM', 'CREATE_GUEST_LINKS', 'LINKS_WITHOUT_LOBBY', 'SEE_ALL_MEETINGS');

-- CreateEnum
CREATE TYPE "GrantSubject" AS ENUM ('ROLE', 'GROUP');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "suspendedAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "MeetingGroupShare" (
    "meetingId" UUID NOT NULL,
    "group" TEXT NOT NULL,
    "role" "MemberRole" NOT NULL,
    "addedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "MeetingGroupShare_pkey" PRIMARY KEY ("meetingId","group")
);

-- CreateTable
CREATE TABLE "PermissionGrant" (
    "permission" "Permission" NOT NULL,
    "subjectType" "GrantSubject" NOT NULL,
    "subject" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "PermissionGrant_pkey" PRIMARY KEY ("permission","subjectType","subject")
);

-- CreateTable
CREATE TABLE "SiteSettings" (
    "id" INTEGER NOT NULL DEFAULT 1,
    "organisationName" TEXT NOT NULL DEFAULT 'Meeting portal',
    "guestLobbyDefault" BOOLEAN NOT NULL DEFAULT true,
    "inviteMaxDays" INTEGER NOT NULL DEFAULT 30,
    "recordingAllowed" BOOLEAN NOT NULL DEFAULT true,
    "e2eeDefault" BOOLEAN NOT NULL DEFAULT false,
    "meetingRetentionDays" INTEGER NOT NULL DEFAULT 90,
    "auditRetentionDays" INTEGER NOT NULL DEFAULT 365,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SiteSettings_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditEntry" (
    "id" UUID NOT NULL,
    "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "actorId" UUID,
    "actorName" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "meetingId" UUID,
    "details" JSONB NOT NULL DEFAULT '{}',

    CONSTRAINT "AuditEntry_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "MeetingGroupShare_group_meetingId_idx" ON "MeetingGroupShare"("group", "meetingId");

-- CreateIndex
CREATE INDEX "AuditEntry_at_idx" ON "AuditEntry"("at");

-- CreateIndex
CREATE INDEX "AuditEntry_action_at_idx" ON "AuditEntry"("action", "at");

-- CreateIndex
CREATE INDEX "AuditEntry_meetingId_at_idx" ON "AuditEntry"("meetingId", "at");

-- CreateIndex
CREATE INDEX "Meeting_endsAt_idx" ON "Meeting"("endsAt");

-- AddForeignKey
ALTER TABLE "MeetingGroupShare" ADD CONSTRAINT "MeetingGroupShare_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Seed: sensible defaults an admin can change. Employees schedule and invite guests (also without a
-- lobby), admins hold every permission, recording and livestreaming stay with admins until granted.
INSERT INTO "PermissionGrant" ("permission", "subjectType", "subject") VALUES
  ('SCHEDULE', 'ROLE', 'employee'),
  ('CREATE_GUEST_LINKS', 'ROLE', 'employee'),
  ('LINKS_WITHOUT_LOBBY', 'ROLE', 'employee'),
  ('SCHEDULE', 'ROLE', 'admin'),
  ('MODERATE_ANY', 'ROLE', 'admin'),
  ('RECORD', 'ROLE', 'admin'),
  ('LIVESTREAM', 'ROLE', 'admin'),
  ('CREATE_GUEST_LINKS', 'ROLE', 'admin'),
  ('LINKS_WITHOUT_LOBBY', 'ROLE', 'admin'),
  ('SEE_ALL_MEETINGS', 'ROLE', 'admin')
ON CONFLICT DO NOTHING;

-- No SiteSettings row: until an admin saves the policy, the environment's values stand (lib/settings.ts).
