-- AlterTable
ALTER TABLE "ProcessInstance" ADD COLUMN     "incidentAt" TIMESTAMP(3);
