-- AlterTable
ALTER TABLE "SiteSettings" ADD COLUMN     "personRetentionDays" INTEGER NOT NULL DEFAULT 730;
