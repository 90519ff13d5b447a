-- AlterTable
ALTER TABLE "FormDefinition" ADD COLUMN     "comment" TEXT,
ADD COLUMN     "deployedBy" TEXT;

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "formVersion" INTEGER;

-- CreateTable
CREATE TABLE "FormDraft" (
    "id" TEXT NOT NULL,
    "formId" TEXT NOT NULL,
    "schema" TEXT NOT NULL,
    "savedBy" TEXT NOT NULL,
    "savedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FormDraft_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "FormDraft_formId_key" ON "FormDraft"("formId");
