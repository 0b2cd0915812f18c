-- AlterTable
ALTER TABLE "SiteSettings" ADD COLUMN     "organisationDomains" TEXT[] DEFAULT ARRAY[]::TEXT[];
