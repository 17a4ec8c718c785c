-- CreateEnum
CREATE TYPE "LatePolicy" AS ENUM ('ACCEPT', 'MARK_LATE', 'REFUSE');

-- CreateEnum
CREATE TYPE "GradeScale" AS ENUM ('KR_4_5', 'KR_4_3');

-- CreateEnum
CREATE TYPE "GradeItemKind" AS ENUM ('QUIZ', 'ASSIGNMENT', 'MANUAL');

-- CreateEnum
CREATE TYPE "QuizScoreRule" AS ENUM ('BEST', 'LAST');

-- AlterEnum
ALTER TYPE "QuestionKind" ADD VALUE 'NUMERIC';

-- AlterTable
ALTER TABLE "Program" ADD COLUMN     "gradeScale" "GradeScale" NOT NULL DEFAULT 'KR_4_5';

-- AlterTable
ALTER TABLE "Course" ADD COLUMN     "gradeCutoffs" JSONB,
ADD COLUMN     "isPassFail" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Submission" ADD COLUMN     "isLate" BOOLEAN NOT NULL DEFAULT false;

-- AlterTable
ALTER TABLE "Quiz" ADD COLUMN     "shuffleChoices" BOOLEAN NOT NULL DEFAULT false,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Question" ADD COLUMN     "archivedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "QuizAttempt" ADD COLUMN     "deadlineAt" TIMESTAMP(3),
ADD COLUMN     "layout" JSONB NOT NULL DEFAULT '[]',
ADD COLUMN     "pointsEarned" INTEGER,
ADD COLUMN     "pointsPossible" INTEGER;

-- AlterTable
ALTER TABLE "Assignment" ADD COLUMN     "allowsText" BOOLEAN NOT NULL DEFAULT true,
ADD COLUMN     "fileExtensions" TEXT[] DEFAULT ARRAY[]::TEXT[],
ADD COLUMN     "latePolicy" "LatePolicy" NOT NULL DEFAULT 'MARK_LATE',
ADD COLUMN     "maxFileMegabytes" INTEGER NOT NULL DEFAULT 20,
ADD COLUMN     "maxFiles" INTEGER NOT NULL DEFAULT 3,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;


-- CreateTable
CREATE TABLE "QuizAnswer" (
    "id" UUID NOT NULL,
    "attemptId" UUID NOT NULL,
    "questionId" UUID NOT NULL,
    "response" JSONB,
    "isCorrect" BOOLEAN NOT NULL,
    "points" INTEGER NOT NULL,

    CONSTRAINT "QuizAnswer_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "SubmissionFile" (
    "id" UUID NOT NULL,
    "submissionId" UUID NOT NULL,
    "fileName" TEXT NOT NULL,
    "storageKey" TEXT NOT NULL,
    "contentType" TEXT NOT NULL,
    "byteSize" INTEGER NOT NULL,
    "position" INTEGER NOT NULL DEFAULT 0,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SubmissionFile_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GradeCategory" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "name" TEXT NOT NULL,
    "weightPercent" INTEGER NOT NULL,
    "position" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GradeCategory_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "GradeItem" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "categoryId" UUID NOT NULL,
    "kind" "GradeItemKind" NOT NULL,
    "lessonId" UUID,
    "title" TEXT NOT NULL DEFAULT '',
    "maxPoints" INTEGER NOT NULL DEFAULT 100,
    "quizScoreRule" "QuizScoreRule" NOT NULL DEFAULT 'BEST',
    "position" INTEGER NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "GradeItem_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "ManualGrade" (
    "id" UUID NOT NULL,
    "itemId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "points" DECIMAL(7,2) NOT NULL,
    "gradedById" UUID NOT NULL,
    "gradedAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ManualGrade_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "FinalGrade" (
    "id" UUID NOT NULL,
    "courseId" UUID NOT NULL,
    "userId" UUID NOT NULL,
    "enrollmentId" UUID NOT NULL,
    "letter" TEXT NOT NULL,
    "gradePoint" DECIMAL(3,2),
    "scorePercent" DECIMAL(5,2),
    "confirmedById" UUID NOT NULL,
    "confirmedAt" TIMESTAMP(3) NOT NULL,
    "changeReason" TEXT,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "FinalGrade_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "QuizAnswer_questionId_idx" ON "QuizAnswer"("questionId");

-- CreateIndex
CREATE UNIQUE INDEX "QuizAnswer_attemptId_questionId_key" ON "QuizAnswer"("attemptId", "questionId");

-- CreateIndex
CREATE INDEX "SubmissionFile_submissionId_position_idx" ON "SubmissionFile"("submissionId", "position");

-- CreateIndex
CREATE INDEX "GradeCategory_courseId_position_idx" ON "GradeCategory"("courseId", "position");

-- CreateIndex
CREATE UNIQUE INDEX "GradeItem_lessonId_key" ON "GradeItem"("lessonId");

-- CreateIndex
CREATE INDEX "GradeItem_courseId_idx" ON "GradeItem"("courseId");

-- CreateIndex
CREATE INDEX "GradeItem_categoryId_position_idx" ON "GradeItem"("categoryId", "position");

-- CreateIndex
CREATE INDEX "ManualGrade_userId_idx" ON "ManualGrade"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ManualGrade_itemId_userId_key" ON "ManualGrade"("itemId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "FinalGrade_enrollmentId_key" ON "FinalGrade"("enrollmentId");

-- CreateIndex
CREATE UNIQUE INDEX "FinalGrade_courseId_userId_key" ON "FinalGrade"("courseId", "userId");

-- CreateIndex
CREATE INDEX "QuizAttempt_quizId_submittedAt_idx" ON "QuizAttempt"("quizId", "submittedAt");

-- AddForeignKey
ALTER TABLE "QuizAnswer" ADD CONSTRAINT "QuizAnswer_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "QuizAttempt"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "QuizAnswer" ADD CONSTRAINT "QuizAnswer_questionId_fkey" FOREIGN KEY ("questionId") REFERENCES "Question"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "SubmissionFile" ADD CONSTRAINT "SubmissionFile_submissionId_fkey" FOREIGN KEY ("submissionId") REFERENCES "Submission"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GradeCategory" ADD CONSTRAINT "GradeCategory_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GradeItem" ADD CONSTRAINT "GradeItem_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GradeItem" ADD CONSTRAINT "GradeItem_categoryId_fkey" FOREIGN KEY ("categoryId") REFERENCES "GradeCategory"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "GradeItem" ADD CONSTRAINT "GradeItem_lessonId_fkey" FOREIGN KEY ("lessonId") REFERENCES "Lesson"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ManualGrade" ADD CONSTRAINT "ManualGrade_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "GradeItem"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ManualGrade" ADD CONSTRAINT "ManualGrade_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ManualGrade" ADD CONSTRAINT "ManualGrade_gradedById_fkey" FOREIGN KEY ("gradedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinalGrade" ADD CONSTRAINT "FinalGrade_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinalGrade" ADD CONSTRAINT "FinalGrade_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinalGrade" ADD CONSTRAINT "FinalGrade_confirmedById_fkey" FOREIGN KEY ("confirmedById") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "FinalGrade" ADD CONSTRAINT "FinalGrade_enrollmentId_fkey" FOREIGN KEY ("enrollmentId") REFERENCES "Enrollment"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

-- A submission's file moves to SubmissionFile before the old columns go (none were written by the
-- app before, but a hand-made row keeps its file).
INSERT INTO "SubmissionFile" ("id", "submissionId", "fileName", "storageKey", "contentType", "byteSize", "position", "createdAt")
SELECT gen_random_uuid(), "id", COALESCE("fileName", 'file'), "fileKey", 'application/octet-stream', 0, 0, "submittedAt"
FROM "Submission" WHERE "fileKey" IS NOT NULL;

-- AlterTable
ALTER TABLE "Submission" DROP COLUMN "fileKey",
DROP COLUMN "fileName";
