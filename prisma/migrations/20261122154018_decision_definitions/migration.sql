-- CreateTable
CREATE TABLE "DecisionDefinition" (
    "id" TEXT NOT NULL,
    "decisionId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "name" TEXT NOT NULL,
    "resourceName" TEXT NOT NULL,
    "xml" TEXT NOT NULL,
    "checksum" TEXT NOT NULL,
    "deployedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deployedBy" TEXT,
    "comment" TEXT,

    CONSTRAINT "DecisionDefinition_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "DecisionDefinition_decisionId_checksum_idx" ON "DecisionDefinition"("decisionId", "checksum");

-- CreateIndex
CREATE UNIQUE INDEX "DecisionDefinition_decisionId_version_key" ON "DecisionDefinition"("decisionId", "version");
