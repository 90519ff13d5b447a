-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "correlationKey" TEXT,
ADD COLUMN     "startKey" TEXT;

-- CreateIndex
CREATE UNIQUE INDEX "Case_startKey_key" ON "Case"("startKey");

-- CreateIndex
CREATE INDEX "Case_procedure_correlationKey_idx" ON "Case"("procedure", "correlationKey");
