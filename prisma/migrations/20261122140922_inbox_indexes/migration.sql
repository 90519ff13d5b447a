-- CreateIndex
CREATE INDEX "Task_status_dueAt_createdAt_id_idx" ON "Task"("status", "dueAt", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Task_status_priority_dueAt_createdAt_id_idx" ON "Task"("status", "priority" DESC, "dueAt", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Task_status_createdAt_id_idx" ON "Task"("status", "createdAt", "id");

-- CreateIndex
CREATE INDEX "Task_candidateGroups_idx" ON "Task" USING GIN ("candidateGroups");

-- CreateIndex
CREATE INDEX "Task_completedBy_completedAt_idx" ON "Task"("completedBy", "completedAt");
