-- CreateEnum
CREATE TYPE "CertificateKind" AS ENUM ('COURSE', 'COHORT', 'DEGREE_TRACK');

-- AlterTable
ALTER TABLE "Certificate" ADD COLUMN     "cohortId" UUID,
ADD COLUMN     "degreeTrackId" UUID,
ADD COLUMN     "issuedById" UUID,
ADD COLUMN     "kind" "CertificateKind" NOT NULL DEFAULT 'COURSE',
ADD COLUMN     "statusListIndex" SERIAL NOT NULL,
ALTER COLUMN "courseId" DROP NOT NULL,
ALTER COLUMN "enrollmentId" DROP NOT NULL;

-- CreateTable
CREATE TABLE "IssuerKey" (
    "id" TEXT NOT NULL,
    "publicJwk" JSONB NOT NULL,
    "privateJwk" JSONB NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "IssuerKey_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_statusListIndex_key" ON "Certificate"("statusListIndex");

-- CreateIndex
CREATE INDEX "Certificate_cohortId_idx" ON "Certificate"("cohortId");

-- CreateIndex
CREATE INDEX "Certificate_degreeTrackId_idx" ON "Certificate"("degreeTrackId");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_userId_cohortId_key" ON "Certificate"("userId", "cohortId");

-- CreateIndex
CREATE UNIQUE INDEX "Certificate_userId_degreeTrackId_key" ON "Certificate"("userId", "degreeTrackId");

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_degreeTrackId_fkey" FOREIGN KEY ("degreeTrackId") REFERENCES "DegreeTrack"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_issuedById_fkey" FOREIGN KEY ("issuedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- Each kind names exactly its own subject: a course (with its enrollment), a cohort, or a degree track.
ALTER TABLE "Certificate" ADD CONSTRAINT "Certificate_subject_matches_kind" CHECK (
  ("kind" = 'COURSE' AND "courseId" IS NOT NULL AND "enrollmentId" IS NOT NULL AND "cohortId" IS NULL AND "degreeTrackId" IS NULL)
  OR ("kind" = 'COHORT' AND "cohortId" IS NOT NULL AND "courseId" IS NULL AND "enrollmentId" IS NULL AND "degreeTrackId" IS NULL)
  OR ("kind" = 'DEGREE_TRACK' AND "degreeTrackId" IS NOT NULL AND "issuedById" IS NOT NULL AND "courseId" IS NULL AND "enrollmentId" IS NULL AND "cohortId" IS NULL)
);
