-- AlterTable
ALTER TABLE "ProcessInstance" ADD COLUMN     "engine" TEXT NOT NULL DEFAULT 'embedded';

-- CreateTable
CREATE TABLE "EngineDefinition" (
    "id" TEXT NOT NULL,
    "engine" TEXT NOT NULL,
    "remoteId" TEXT NOT NULL,
    "definitionId" TEXT NOT NULL,
    "processId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "deploymentId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "EngineDefinition_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "EngineDefinition_engine_remoteId_idx" ON "EngineDefinition"("engine", "remoteId");

-- CreateIndex
CREATE UNIQUE INDEX "EngineDefinition_engine_definitionId_key" ON "EngineDefinition"("engine", "definitionId");
