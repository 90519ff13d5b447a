-- CreateTable
CREATE TABLE "ProcessDraft" (
    "id" TEXT NOT NULL,
    "processId" TEXT NOT NULL,
    "xml" TEXT NOT NULL,
    "savedBy" TEXT NOT NULL,
    "savedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProcessDraft_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ProcessDraft_processId_key" ON "ProcessDraft"("processId");
