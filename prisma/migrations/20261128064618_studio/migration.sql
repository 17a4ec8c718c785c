-- DropIndex
DROP INDEX "Module_courseId_position_idx";

-- DropIndex
DROP INDEX "Lesson_moduleId_position_idx";

-- DropIndex
DROP INDEX "LessonAttachment_lessonId_idx";

-- AlterTable
ALTER TABLE "Course" ADD COLUMN     "coverImageKey" TEXT,
ADD COLUMN     "coverImageType" TEXT,
ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "Module" ADD COLUMN     "archivedAt" TIMESTAMP(3);

-- AlterTable
ALTER TABLE "Lesson" ADD COLUMN     "version" INTEGER NOT NULL DEFAULT 1;

-- AlterTable
ALTER TABLE "LessonAttachment" ADD COLUMN     "position" INTEGER NOT NULL DEFAULT 0;

-- Positions were not unique before. Where two tie, renumber that course's modules (or that
-- module's lessons) in their current order, positions then ids, so the constraints below hold.
WITH "ranked" AS (
  SELECT "id",
         row_number() OVER (PARTITION BY "courseId" ORDER BY "position", "id") AS "rank",
         bool_or("isTied") OVER (PARTITION BY "courseId") AS "hasTie"
  FROM (SELECT "id", "courseId", "position",
               count(*) OVER (PARTITION BY "courseId", "position") > 1 AS "isTied"
        FROM "Module") AS "modules"
)
UPDATE "Module" m SET "position" = "ranked"."rank" FROM "ranked" WHERE m."id" = "ranked"."id" AND "ranked"."hasTie";

WITH "ranked" AS (
  SELECT "id",
         row_number() OVER (PARTITION BY "moduleId" ORDER BY "position", "id") AS "rank",
         bool_or("isTied") OVER (PARTITION BY "moduleId") AS "hasTie"
  FROM (SELECT "id", "moduleId", "position",
               count(*) OVER (PARTITION BY "moduleId", "position") > 1 AS "isTied"
        FROM "Lesson") AS "lessons"
)
UPDATE "Lesson" l SET "position" = "ranked"."rank" FROM "ranked" WHERE l."id" = "ranked"."id" AND "ranked"."hasTie";

-- Unique constraints rather than Prisma's unique indexes, and checked at commit: a reorder moves
-- positions through collisions inside its transaction, and only the committed order must be unique.
-- Prisma reads them as the @@unique of the schema; the deferral is this file's.
ALTER TABLE "Module" ADD CONSTRAINT "Module_courseId_position_key"
  UNIQUE ("courseId", "position") DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE "Lesson" ADD CONSTRAINT "Lesson_moduleId_position_key"
  UNIQUE ("moduleId", "position") DEFERRABLE INITIALLY DEFERRED;

-- CreateIndex
CREATE INDEX "LessonAttachment_lessonId_position_idx" ON "LessonAttachment"("lessonId", "position");
