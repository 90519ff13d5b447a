-- AlterTable
ALTER TABLE "Case" ADD COLUMN     "startAttempts" INTEGER NOT NULL DEFAULT 0,
ADD COLUMN     "startPendingSince" TIMESTAMP(3),
ADD COLUMN     "startRetryAt" TIMESTAMP(3);

-- CreateTable
CREATE TABLE "RegistrationKey" (
    "userId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "requestHash" TEXT NOT NULL,
    "caseId" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,
    "expiresAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "RegistrationKey_pkey" PRIMARY KEY ("userId","key")
);

-- CreateIndex
CREATE INDEX "RegistrationKey_expiresAt_idx" ON "RegistrationKey"("expiresAt");

-- CreateIndex
CREATE INDEX "Case_startRetryAt_idx" ON "Case"("startRetryAt");

-- Cases the earlier registration left without a process (a crash between storing the case and starting its
-- procedure, or status start-failed) become start-pending: the pending-start round starts them, or links the
-- instance the engine already has for the case id.
UPDATE "Case" SET "status" = 'open', "startPendingSince" = "createdAt", "startRetryAt" = "createdAt", "startAttempts" = 1
WHERE "processInstanceId" IS NULL AND "status" IN ('open', 'start-failed');
