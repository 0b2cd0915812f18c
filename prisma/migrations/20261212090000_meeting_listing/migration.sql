-- "My meetings" as index range scans (issue 15): a row per way a person sees a meeting, with its times.
-- CreateEnum
CREATE TYPE "ListingVia" AS ENUM ('OWNER', 'MEMBER', 'GROUP');

-- CreateTable
CREATE TABLE "MeetingListing" (
    "meetingId" UUID NOT NULL,
    "viewer" TEXT NOT NULL,
    "via" "ListingVia" NOT NULL,
    "startsAt" TIMESTAMP(3) NOT NULL,
    "endsAt" TIMESTAMP(3) NOT NULL,
    "series" BOOLEAN NOT NULL,

    CONSTRAINT "MeetingListing_pkey" PRIMARY KEY ("meetingId","viewer","via")
);

-- CreateIndex
CREATE INDEX "MeetingListing_upcoming_idx" ON "MeetingListing"("viewer", "startsAt", "meetingId", "endsAt");

-- CreateIndex
CREATE INDEX "MeetingListing_past_idx" ON "MeetingListing"("viewer", "startsAt" DESC, "meetingId", "endsAt");

-- CreateIndex
CREATE INDEX "MeetingListing_viewer_series_endsAt_idx" ON "MeetingListing"("viewer", "series", "endsAt");

-- CreateIndex
CREATE INDEX "Meeting_startsAt_id_idx" ON "Meeting"("startsAt" DESC, "id");

-- AddForeignKey
ALTER TABLE "MeetingListing" ADD CONSTRAINT "MeetingListing_meetingId_fkey" FOREIGN KEY ("meetingId") REFERENCES "Meeting"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- The rows are kept by the database on every write of the three tables it is made from, so no write
-- path in the portal (or a hand-run statement) can leave the list wrong.
CREATE FUNCTION meeting_listing_from_meeting() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    INSERT INTO "MeetingListing" ("meetingId", "viewer", "via", "startsAt", "endsAt", "series")
    VALUES (NEW."id", 'u:' || NEW."ownerId", 'OWNER', NEW."startsAt", NEW."endsAt", NEW."rrule" IS NOT NULL);
  ELSE
    UPDATE "MeetingListing" SET "startsAt" = NEW."startsAt", "endsAt" = NEW."endsAt", "series" = NEW."rrule" IS NOT NULL,
                                "viewer" = CASE WHEN "via" = 'OWNER' THEN 'u:' || NEW."ownerId" ELSE "viewer" END
    WHERE "meetingId" = NEW."id";
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "Meeting_listing_insert" AFTER INSERT ON "Meeting"
FOR EACH ROW EXECUTE FUNCTION meeting_listing_from_meeting();

CREATE TRIGGER "Meeting_listing_update" AFTER UPDATE OF "ownerId", "startsAt", "endsAt", "rrule" ON "Meeting"
FOR EACH ROW WHEN ((OLD."ownerId", OLD."startsAt", OLD."endsAt", OLD."rrule" IS NULL) IS DISTINCT FROM (NEW."ownerId", NEW."startsAt", NEW."endsAt", NEW."rrule" IS NULL))
EXECUTE FUNCTION meeting_listing_from_meeting();

-- One function for members and group shares: TG_ARGV names the way of seeing ('MEMBER' or 'GROUP').
CREATE FUNCTION meeting_listing_from_share() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  old_viewer TEXT;
  new_viewer TEXT;
BEGIN
  IF TG_ARGV[0] = 'MEMBER' THEN
    IF TG_OP <> 'INSERT' THEN old_viewer := 'u:' || OLD."userId"; END IF;
    IF TG_OP <> 'DELETE' THEN new_viewer := 'u:' || NEW."userId"; END IF;
  ELSE
    IF TG_OP <> 'INSERT' THEN old_viewer := 'g:' || OLD."group"; END IF;
    IF TG_OP <> 'DELETE' THEN new_viewer := 'g:' || NEW."group"; END IF;
  END IF;
  IF TG_OP <> 'INSERT' THEN
    DELETE FROM "MeetingListing" WHERE "meetingId" = OLD."meetingId" AND "viewer" = old_viewer AND "via" = TG_ARGV[0]::"ListingVia";
  END IF;
  IF TG_OP <> 'DELETE' THEN
    INSERT INTO "MeetingListing" ("meetingId", "viewer", "via", "startsAt", "endsAt", "series")
    SELECT m."id", new_viewer, TG_ARGV[0]::"ListingVia", m."startsAt", m."endsAt", m."rrule" IS NOT NULL FROM "Meeting" m WHERE m."id" = NEW."meetingId";
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "MeetingMember_listing" AFTER INSERT OR DELETE OR UPDATE OF "meetingId", "userId" ON "MeetingMember"
FOR EACH ROW EXECUTE FUNCTION meeting_listing_from_share('MEMBER');

CREATE TRIGGER "MeetingGroupShare_listing" AFTER INSERT OR DELETE OR UPDATE OF "meetingId", "group" ON "MeetingGroupShare"
FOR EACH ROW EXECUTE FUNCTION meeting_listing_from_share('GROUP');

-- The meetings that exist already.
INSERT INTO "MeetingListing" ("meetingId", "viewer", "via", "startsAt", "endsAt", "series")
SELECT "id", 'u:' || "ownerId", 'OWNER', "startsAt", "endsAt", "rrule" IS NOT NULL FROM "Meeting";

INSERT INTO "MeetingListing" ("meetingId", "viewer", "via", "startsAt", "endsAt", "series")
SELECT m."id", 'u:' || mm."userId", 'MEMBER', m."startsAt", m."endsAt", m."rrule" IS NOT NULL
FROM "MeetingMember" mm JOIN "Meeting" m ON m."id" = mm."meetingId";

INSERT INTO "MeetingListing" ("meetingId", "viewer", "via", "startsAt", "endsAt", "series")
SELECT m."id", 'g:' || g."group", 'GROUP', m."startsAt", m."endsAt", m."rrule" IS NOT NULL
FROM "MeetingGroupShare" g JOIN "Meeting" m ON m."id" = g."meetingId";
