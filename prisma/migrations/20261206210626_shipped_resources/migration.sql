-- CreateTable
CREATE TABLE "ShippedResource" (
    "id" TEXT NOT NULL,
    "kind" TEXT NOT NULL,
    "resourceId" TEXT NOT NULL,
    "fileName" TEXT NOT NULL,
    "fileChecksum" TEXT NOT NULL,
    "checksum" TEXT NOT NULL,
    "content" TEXT NOT NULL,
    "pending" BOOLEAN NOT NULL DEFAULT false,
    "version" INTEGER,
    "readAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ShippedResource_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ShippedResource_fileName_idx" ON "ShippedResource"("fileName");

-- CreateIndex
CREATE UNIQUE INDEX "ShippedResource_kind_resourceId_key" ON "ShippedResource"("kind", "resourceId");
