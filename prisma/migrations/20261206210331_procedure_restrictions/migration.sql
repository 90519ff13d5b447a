-- CreateTable
CREATE TABLE "ProcedureRestriction" (
    "processId" TEXT NOT NULL,
    "groups" TEXT[],
    "updatedBy" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ProcedureRestriction_pkey" PRIMARY KEY ("processId")
);
