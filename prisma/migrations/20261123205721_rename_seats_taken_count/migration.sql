-- A seat is now held by ACTIVE and COMPLETED enrollments (finishing early does not give one's place
-- away), so the rollup is renamed for what it counts and recounted. Written by hand: Prisma's diff
-- turns a rename into drop + add, which would lose the values.
ALTER TABLE "Course" RENAME COLUMN "activeEnrollmentCount" TO "seatsTakenCount";

UPDATE "Course" AS c
SET "seatsTakenCount" = (
  SELECT count(*) FROM "Enrollment" AS e
  WHERE e."courseId" = c."id" AND e."status" IN ('ACTIVE', 'COMPLETED')
);
