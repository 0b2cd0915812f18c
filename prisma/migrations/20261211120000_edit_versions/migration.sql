-- Versions for what people edit (issue 21: a stale tab's save reverted another tab's change).
ALTER TABLE "Meeting" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN "updatedById" UUID;

ALTER TABLE "SiteSettings" ADD COLUMN "version" INTEGER NOT NULL DEFAULT 0;

ALTER TABLE "Meeting" ADD CONSTRAINT "Meeting_updatedById_fkey" FOREIGN KEY ("updatedById") REFERENCES "User"("id") ON DELETE SET NULL ON UPDATE CASCADE;
