-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "complex" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "extendedTo" DATE,
ADD COLUMN     "slaAppliedAt" TIMESTAMP(3),
ADD COLUMN     "slaAtRiskAt" TIMESTAMP(3),
ADD COLUMN     "slaDoneAt" TIMESTAMP(3),
ADD COLUMN     "slaDueAt" TIMESTAMP(3),
ADD COLUMN     "slaPolicyId" TEXT;

-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "slaAppliedAt" TIMESTAMP(3),
ADD COLUMN     "slaAtRiskAt" TIMESTAMP(3),
ADD COLUMN     "slaDueAt" TIMESTAMP(3),
ADD COLUMN     "slaPolicyId" TEXT;

-- CreateTable
CREATE TABLE "SlaPolicy" (
    "id" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "processId" TEXT NOT NULL,
    "elementId" TEXT,
    "definition" JSONB NOT NULL,
    "createdBy" TEXT,
    "comment" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SlaPolicy_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CasePause" (
    "id" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "reason" TEXT NOT NULL,
    "from" DATE NOT NULL,
    "to" DATE,
    "createdById" TEXT,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CasePause_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SlaEscalation" (
    "id" TEXT NOT NULL,
    "subjectType" TEXT NOT NULL,
    "subjectId" TEXT NOT NULL,
    "caseId" TEXT,
    "policyId" TEXT NOT NULL,
    "stepId" TEXT NOT NULL,
    "action" TEXT NOT NULL,
    "dueAt" TIMESTAMP(3) NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'pending',
    "firedAt" TIMESTAMP(3),
    "result" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SlaEscalation_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "SlaPolicy_key_version_key" ON "SlaPolicy"("key", "version");

-- CreateIndex
CREATE INDEX "CasePause_caseId_idx" ON "CasePause"("caseId");

-- CreateIndex
CREATE INDEX "SlaEscalation_status_dueAt_idx" ON "SlaEscalation"("status", "dueAt");

-- CreateIndex
CREATE INDEX "SlaEscalation_firedAt_idx" ON "SlaEscalation"("firedAt");

-- CreateIndex
CREATE UNIQUE INDEX "SlaEscalation_subjectType_subjectId_stepId_key" ON "SlaEscalation"("subjectType", "subjectId", "stepId");

-- CreateIndex
CREATE INDEX "Task_slaAppliedAt_status_idx" ON "Task"("slaAppliedAt", "status");

-- CreateIndex
CREATE INDEX "Task_status_slaDueAt_idx" ON "Task"("status", "slaDueAt");

-- CreateIndex
CREATE INDEX "Task_status_completedAt_idx" ON "Task"("status", "completedAt");
