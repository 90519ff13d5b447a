-- CreateTable
CREATE TABLE "TaskDraft" (
    "id" TEXT NOT NULL,
    "taskId" TEXT NOT NULL,
    "login" TEXT NOT NULL,
    "values" JSONB NOT NULL DEFAULT '{}',
    "savedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "TaskDraft_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "TaskDraft_taskId_login_key" ON "TaskDraft"("taskId", "login");
