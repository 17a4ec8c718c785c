-- CreateTable
CREATE TABLE "FormSubmission" (
    "key" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "resultId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "FormSubmission_pkey" PRIMARY KEY ("key")
);

-- CreateIndex
CREATE INDEX "FormSubmission_createdAt_idx" ON "FormSubmission"("createdAt");
