-- AlterTable
ALTER TABLE "Task" ADD COLUMN     "substituteFor" TEXT;

-- CreateTable
CREATE TABLE "Absence" (
    "id" TEXT NOT NULL,
    "login" TEXT NOT NULL,
    "from" DATE NOT NULL,
    "to" DATE NOT NULL,
    "substitute" TEXT NOT NULL,
    "createdById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "canceledAt" TIMESTAMP(3),

    CONSTRAINT "Absence_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Notification" (
    "id" TEXT NOT NULL,
    "login" TEXT NOT NULL,
    "type" TEXT NOT NULL,
    "taskId" TEXT,
    "caseId" TEXT,
    "data" JSONB NOT NULL DEFAULT '{}',
    "createdAt" TIMESTAMP(3) NOT NULL,
    "readAt" TIMESTAMP(3),

    CONSTRAINT "Notification_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "Absence_login_to_idx" ON "Absence"("login", "to");

-- CreateIndex
CREATE INDEX "Absence_to_idx" ON "Absence"("to");

-- CreateIndex
CREATE INDEX "Notification_login_readAt_createdAt_idx" ON "Notification"("login", "readAt", "createdAt");
