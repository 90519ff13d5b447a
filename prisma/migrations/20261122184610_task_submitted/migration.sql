-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "submitted" JSONB;
