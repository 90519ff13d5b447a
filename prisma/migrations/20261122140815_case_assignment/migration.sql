-- CreateTable
CREATE TABLE "CaseAssignment" (
    "caseId" TEXT NOT NULL,
    "role" TEXT NOT NULL,
    "login" TEXT NOT NULL,
    "assignedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CaseAssignment_pkey" PRIMARY KEY ("caseId","role")
);

-- CreateIndex
CREATE INDEX "CaseAssignment_role_login_idx" ON "CaseAssignment"("role", "login");
