-- CreateEnum
CREATE TYPE "AttendanceStatus" AS ENUM ('PRESENT', 'LATE', 'LEFT_EARLY', 'ABSENT', 'EXCUSED');

-- CreateEnum
CREATE TYPE "OutcomeKind" AS ENUM ('EMPLOYED', 'STARTED_COMPANY', 'GRADUATE_SCHOOL', 'SEEKING');

-- AlterTable
ALTER TABLE "User" ADD COLUMN     "degreeTrackId" UUID,
ADD COLUMN     "studentNumber" TEXT;

-- AlterTable
ALTER TABLE "Program" ADD COLUMN     "archivedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "DegreeTrack" ADD COLUMN     "archivedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Term" ADD COLUMN     "archivedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Cohort" ADD COLUMN     "archivedAt" TIMESTAMP(3),
ADD COLUMN     "attendanceThreshold" INTEGER NOT NULL DEFAULT 80,
ADD COLUMN     "behindSchedulePoints" INTEGER NOT NULL DEFAULT 20,
ADD COLUMN     "description" TEXT NOT NULL DEFAULT '',
ADD COLUMN     "failedQuizAttempts" INTEGER NOT NULL DEFAULT 2,
ADD COLUMN     "inactiveDaysThreshold" INTEGER NOT NULL DEFAULT 7,
ADD COLUMN     "nudgeBodyEn" TEXT,
ADD COLUMN     "nudgeBodyKo" TEXT,
ADD COLUMN     "nudgeSubjectEn" TEXT,
ADD COLUMN     "nudgeSubjectKo" TEXT;

-- CreateTable
CREATE TABLE "ClassDay" (
    "id" UUID NOT NULL,
    "cohortId" UUID NOT NULL,
    "date" DATE NOT NULL,
    "note" TEXT NOT NULL DEFAULT '',
    "checkInCode" TEXT,
    "checkInExpiresAt" TIMESTAMP(3),
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "ClassDay_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AttendanceRecord" (
    "id" UUID NOT NULL,
    "classDayId" UUID NOT NULL,
    "cohortId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "status" "AttendanceStatus" NOT NULL,
    "reason" TEXT,
    "checkedInAt" TIMESTAMP(3),
    "recordedById" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "AttendanceRecord_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CohortOutcome" (
    "id" UUID NOT NULL,
    "cohortId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "kind" "OutcomeKind" NOT NULL,
    "organisation" TEXT,
    "outcomeOn" DATE,
    "recordedById" UUID NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "CohortOutcome_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Nudge" (
    "id" UUID NOT NULL,
    "cohortId" UUID,
    "courseId" UUID,
    "userId" UUID NOT NULL,
    "sentById" UUID NOT NULL,
    "subject" TEXT NOT NULL,
    "emailId" UUID,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "Nudge_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "CohortImport" (
    "id" UUID NOT NULL,
    "cohortId" UUID NOT NULL,
    "createdById" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "rows" JSONB NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "confirmedAt" TIMESTAMP(3),

    CONSTRAINT "CohortImport_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "ClassDay_cohortId_date_key" ON "ClassDay"("cohortId", "date");

-- CreateIndex
CREATE INDEX "AttendanceRecord_cohortId_userId_idx" ON "AttendanceRecord"("cohortId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "AttendanceRecord_classDayId_userId_key" ON "AttendanceRecord"("classDayId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "CohortOutcome_cohortId_userId_key" ON "CohortOutcome"("cohortId", "userId");

-- CreateIndex
CREATE INDEX "Nudge_cohortId_createdAt_idx" ON "Nudge"("cohortId", "createdAt");

-- CreateIndex
CREATE INDEX "Nudge_courseId_createdAt_idx" ON "Nudge"("courseId", "createdAt");

-- CreateIndex
CREATE INDEX "Nudge_userId_createdAt_idx" ON "Nudge"("userId", "createdAt");

-- CreateIndex
CREATE INDEX "CohortImport_cohortId_createdAt_idx" ON "CohortImport"("cohortId", "createdAt");

-- CreateIndex
CREATE UNIQUE INDEX "User_studentNumber_key" ON "User"("studentNumber");

-- CreateIndex
CREATE INDEX "User_degreeTrackId_idx" ON "User"("degreeTrackId");

-- AddForeignKey
ALTER TABLE "User" ADD CONSTRAINT "User_degreeTrackId_fkey" FOREIGN KEY ("degreeTrackId") REFERENCES "DegreeTrack"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ClassDay" ADD CONSTRAINT "ClassDay_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceRecord" ADD CONSTRAINT "AttendanceRecord_classDayId_fkey" FOREIGN KEY ("classDayId") REFERENCES "ClassDay"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceRecord" ADD CONSTRAINT "AttendanceRecord_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceRecord" ADD CONSTRAINT "AttendanceRecord_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "AttendanceRecord" ADD CONSTRAINT "AttendanceRecord_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CohortOutcome" ADD CONSTRAINT "CohortOutcome_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CohortOutcome" ADD CONSTRAINT "CohortOutcome_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CohortOutcome" ADD CONSTRAINT "CohortOutcome_recordedById_fkey" FOREIGN KEY ("recordedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Nudge" ADD CONSTRAINT "Nudge_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Nudge" ADD CONSTRAINT "Nudge_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Nudge" ADD CONSTRAINT "Nudge_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "Nudge" ADD CONSTRAINT "Nudge_sentById_fkey" FOREIGN KEY ("sentById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CohortImport" ADD CONSTRAINT "CohortImport_cohortId_fkey" FOREIGN KEY ("cohortId") REFERENCES "Cohort"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "CohortImport" ADD CONSTRAINT "CohortImport_createdById_fkey" FOREIGN KEY ("createdById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
