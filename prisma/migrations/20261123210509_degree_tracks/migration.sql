-- CreateTable
CREATE TABLE "DegreeTrack" (
    "id" UUID NOT NULL,
    "programId" UUID NOT NULL,
    "slug" TEXT NOT NULL,
    "nameKo" TEXT NOT NULL,
    "nameEn" TEXT NOT NULL,
    "descriptionKo" TEXT NOT NULL,
    "descriptionEn" TEXT NOT NULL,
    "requiredCredits" INTEGER NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "DegreeTrack_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "DegreeTrack_slug_key" ON "DegreeTrack"("slug");

-- CreateIndex
CREATE INDEX "DegreeTrack_programId_position_idx" ON "DegreeTrack"("programId", "position");

-- AddForeignKey
ALTER TABLE "DegreeTrack" ADD CONSTRAINT "DegreeTrack_programId_fkey" FOREIGN KEY ("programId") REFERENCES "Program"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
