-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "startForm" JSONB;
