-- CreateIndex
CREATE INDEX "Person_pesel_idx" ON "Person"("pesel");
