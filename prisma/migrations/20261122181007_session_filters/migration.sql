-- CreateTable
CREATE TABLE "SessionFilter" (
    "id" TEXT NOT NULL,
    "sessionId" TEXT NOT NULL,
    "page" TEXT NOT NULL,
    "query" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "SessionFilter_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "SessionFilter_sessionId_createdAt_idx" ON "SessionFilter"("sessionId", "createdAt");

-- AddForeignKey
ALTER TABLE "SessionFilter" ADD CONSTRAINT "SessionFilter_sessionId_fkey" FOREIGN KEY ("sessionId") REFERENCES "Session"("id") ON DELETE CASCADE ON UPDATE CASCADE;
