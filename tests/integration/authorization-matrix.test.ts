// The authorization matrix: every route that takes an id is requested as an anonymous visitor, as a
// learner who does not own the record, as an instructor of another course, and as an admin, and
// must answer the status written here. A route file with a `$param` and no entry fails the suite,
// so a new route cannot skip this review.
import { readdirSync } from "node:fs";
import path from "node:path";
import { beforeAll, describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import { storeFile } from "~/lib/storage.server";
import { addCourseInstructor, buildRequest, createUserSession } from "../factories/auth";
import { createCourse, createModuleWithLessons, createProgram, createUser } from "../factories";

type Actor = "anonymous" | "otherLearner" | "otherInstructor" | "admin";
const ACTORS: Actor[] = ["anonymous", "otherLearner", "otherInstructor", "admin"];

type Fixture = {
  tokens: Record<Exclude<Actor, "anonymous">, string>;
  course: { id: string; slug: string };
  enrollableCourse: { slug: string };
  draftCourse: { id: string; slug: string };
  lesson: { id: string; slug: string };
  otherLessonId: string;
  targetUserId: string;
  programSlug: string;
  attachmentId: string;
  quizLesson: { id: string; slug: string };
  assignmentLesson: { id: string; slug: string };
  /** A learner's submission to the course's assignment, and the file handed in with it. */
  submissionId: string;
  submissionFileId: string;
  cohortId: string;
  /** A class day of the cohort, for its roster. */
  classDayId: string;
  programId: string;
  /** A certificate's public verification code. */
  certificateCode: string;
};

/** The first bytes of a PNG file: enough for a stored cover to be served. */
const PNG_BYTES = new Uint8Array([
  0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52,
]);

type Check = {
  method: "GET" | "POST";
  path: (fixture: Fixture) => string;
  params: (fixture: Fixture) => Record<string, string>;
  form?: Record<string, string>;
  expected: Record<Actor, number>;
};

const STUDIO: Record<Actor, number> = { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 };

const ROUTES_DIR = path.resolve(import.meta.dirname, "../../app/routes");

/** One or more checks per route file (by file name without extension). */
const MATRIX: Record<string, Check[]> = {
  "courses.$slug": [
    {
      // Enrolling needs an account; anyone signed in may try, and the rules decide. (A course of
      // its own, so the other checks still see these actors as not enrolled.)
      method: "POST",
      path: (f) => `/courses/${f.enrollableCourse.slug}`,
      params: (f) => ({ slug: f.enrollableCourse.slug }),
      form: { intent: "enroll" },
      expected: { anonymous: 302, otherLearner: 303, otherInstructor: 303, admin: 303 },
    },
    {
      method: "GET",
      path: (f) => `/courses/${f.course.slug}`,
      params: (f) => ({ slug: f.course.slug }),
      expected: { anonymous: 200, otherLearner: 200, otherInstructor: 200, admin: 200 },
    },
    {
      // A draft is seen only by those who manage it (as a preview), never by anyone else.
      method: "GET",
      path: (f) => `/courses/${f.draftCourse.slug}`,
      params: (f) => ({ slug: f.draftCourse.slug }),
      expected: { anonymous: 404, otherLearner: 404, otherInstructor: 404, admin: 200 },
    },
  ],
  "courses.$slug_.cover": [
    {
      method: "GET",
      path: (f) => `/courses/${f.course.slug}/cover`,
      params: (f) => ({ slug: f.course.slug }),
      expected: { anonymous: 200, otherLearner: 200, otherInstructor: 200, admin: 200 },
    },
    {
      // A draft's cover is as private as the draft.
      method: "GET",
      path: (f) => `/courses/${f.draftCourse.slug}/cover`,
      params: (f) => ({ slug: f.draftCourse.slug }),
      expected: { anonymous: 404, otherLearner: 404, otherInstructor: 404, admin: 200 },
    },
  ],
  "courses.$slug_.requests": [
    {
      // Moved into the studio: those who decide are sent there, nobody else learns where it is.
      method: "GET",
      path: (f) => `/courses/${f.course.slug}/requests`,
      params: (f) => ({ slug: f.course.slug }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 301 },
    },
  ],
  "courses.$slug_.lessons.$lessonSlug": [
    {
      method: "GET",
      path: (f) => `/courses/${f.course.slug}/lessons/${f.lesson.slug}`,
      params: (f) => ({ slug: f.course.slug, lessonSlug: f.lesson.slug }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
    {
      // Admins may look at any lesson, but only enrolled learners have progress to mark.
      method: "POST",
      path: (f) => `/courses/${f.course.slug}/lessons/${f.lesson.slug}`,
      params: (f) => ({ slug: f.course.slug, lessonSlug: f.lesson.slug }),
      form: { intent: "complete" },
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 409 },
    },
  ],
  "courses.$slug_.lessons.$lessonSlug_.time": [
    {
      method: "POST",
      path: (f) => `/courses/${f.course.slug}/lessons/${f.lesson.slug}/time`,
      params: (f) => ({ slug: f.course.slug, lessonSlug: f.lesson.slug }),
      form: { seconds: "30" },
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 204 },
    },
  ],
  "courses.$slug_.lessons.$lessonSlug_.attachments.$attachmentId": [
    {
      method: "GET",
      path: (f) => `/courses/${f.course.slug}/lessons/${f.lesson.slug}/attachments/${f.attachmentId}`,
      params: (f) => ({ slug: f.course.slug, lessonSlug: f.lesson.slug, attachmentId: f.attachmentId }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
  ],
  // The studio: only the course's instructors and admins, whatever the page or form.
  "teach.$courseId": [
    {
      method: "GET",
      path: (f) => `/teach/${f.course.id}`,
      params: (f) => ({ courseId: f.course.id }),
      expected: STUDIO,
    },
  ],
  "teach.$courseId._index": [
    {
      method: "GET",
      path: (f) => `/teach/${f.course.id}`,
      params: (f) => ({ courseId: f.course.id }),
      expected: STUDIO,
    },
    {
      // An empty details form: refused for who is asking before anything is validated.
      method: "POST",
      path: (f) => `/teach/${f.course.id}`,
      params: (f) => ({ courseId: f.course.id }),
      form: { intent: "details" },
      expected: { ...STUDIO, admin: 400 },
    },
    {
      method: "POST",
      path: (f) => `/teach/${f.course.id}`,
      params: (f) => ({ courseId: f.course.id }),
      // Removing someone who is not (or no longer) an instructor is done already: a double click.
      form: { intent: "instructor-remove", userId: "00000000-0000-7000-8000-000000000000" },
      expected: STUDIO,
    },
  ],
  "teach.$courseId.outline": [
    {
      method: "GET",
      path: (f) => `/teach/${f.course.id}/outline`,
      params: (f) => ({ courseId: f.course.id }),
      expected: STUDIO,
    },
    {
      // A lesson of another course, named in this course's outline, is not found.
      method: "POST",
      path: (f) => `/teach/${f.course.id}/outline`,
      params: (f) => ({ courseId: f.course.id }),
      form: { intent: "remove-lesson", lessonId: "00000000-0000-7000-8000-000000000000" },
      expected: { ...STUDIO, admin: 404 },
    },
  ],
  "teach.$courseId.lessons.$lessonId": [
    {
      method: "GET",
      path: (f) => `/teach/${f.course.id}/lessons/${f.lesson.id}`,
      params: (f) => ({ courseId: f.course.id, lessonId: f.lesson.id }),
      expected: STUDIO,
    },
    {
      method: "POST",
      path: (f) => `/teach/${f.course.id}/lessons/${f.lesson.id}`,
      params: (f) => ({ courseId: f.course.id, lessonId: f.lesson.id }),
      form: { intent: "preview", markdown: "# Preview" },
      expected: { ...STUDIO, admin: 200 },
    },
    {
      // The course's id with another course's lesson finds nothing.
      method: "GET",
      path: (f) => `/teach/${f.course.id}/lessons/${f.otherLessonId}`,
      params: (f) => ({ courseId: f.course.id, lessonId: f.otherLessonId }),
      expected: { ...STUDIO, admin: 404 },
    },
  ],
  "teach.$courseId.learners": [
    {
      method: "GET",
      path: (f) => `/teach/${f.course.id}/learners`,
      params: (f) => ({ courseId: f.course.id }),
      expected: STUDIO,
    },
    {
      method: "POST",
      path: (f) => `/teach/${f.course.id}/learners`,
      params: (f) => ({ courseId: f.course.id }),
      form: { intent: "remove", enrollmentId: "00000000-0000-7000-8000-000000000000" },
      expected: { ...STUDIO, admin: 404 },
    },
  ],
  "teach.$courseId.announcements": [
    {
      method: "GET",
      path: (f) => `/teach/${f.course.id}/announcements`,
      params: (f) => ({ courseId: f.course.id }),
      expected: STUDIO,
    },
    {
      method: "POST",
      path: (f) => `/teach/${f.course.id}/announcements`,
      params: (f) => ({ courseId: f.course.id }),
      form: { title: "" },
      expected: { ...STUDIO, admin: 400 },
    },
  ],
  "teach.$courseId.duplicate": [
    {
      method: "GET",
      path: (f) => `/teach/${f.course.id}/duplicate`,
      params: (f) => ({ courseId: f.course.id }),
      expected: STUDIO,
    },
    {
      // The copy goes to whoever made it; the source is not changed.
      method: "POST",
      path: (f) => `/teach/${f.course.id}/duplicate`,
      params: (f) => ({ courseId: f.course.id }),
      form: { title: "Copy", code: "COPY1", termId: "" },
      expected: { ...STUDIO, admin: 303 },
    },
  ],
  "teach.$courseId.export": [
    {
      method: "GET",
      path: (f) => `/teach/${f.course.id}/export`,
      params: (f) => ({ courseId: f.course.id }),
      expected: STUDIO,
    },
  ],
  "teach.$courseId.lessons.$lessonId_.quiz": [
    {
      method: "GET",
      path: (f) => `/teach/${f.course.id}/lessons/${f.quizLesson.id}/quiz`,
      params: (f) => ({ courseId: f.course.id, lessonId: f.quizLesson.id }),
      expected: STUDIO,
    },
    {
      // A passing score over 100: refused for who is asking before anything is validated.
      method: "POST",
      path: (f) => `/teach/${f.course.id}/lessons/${f.quizLesson.id}/quiz`,
      params: (f) => ({ courseId: f.course.id, lessonId: f.quizLesson.id }),
      form: { intent: "settings", passingScore: "101" },
      expected: { ...STUDIO, admin: 400 },
    },
    {
      // A lesson that is not a quiz has no quiz to edit.
      method: "GET",
      path: (f) => `/teach/${f.course.id}/lessons/${f.lesson.id}/quiz`,
      params: (f) => ({ courseId: f.course.id, lessonId: f.lesson.id }),
      expected: { ...STUDIO, admin: 404 },
    },
  ],
  "teach.$courseId.lessons.$lessonId_.results": [
    {
      method: "GET",
      path: (f) => `/teach/${f.course.id}/lessons/${f.quizLesson.id}/results`,
      params: (f) => ({ courseId: f.course.id, lessonId: f.quizLesson.id }),
      expected: STUDIO,
    },
  ],
  "teach.$courseId.lessons.$lessonId_.assignment": [
    {
      method: "GET",
      path: (f) => `/teach/${f.course.id}/lessons/${f.assignmentLesson.id}/assignment`,
      params: (f) => ({ courseId: f.course.id, lessonId: f.assignmentLesson.id }),
      expected: STUDIO,
    },
    {
      method: "POST",
      path: (f) => `/teach/${f.course.id}/lessons/${f.assignmentLesson.id}/assignment`,
      params: (f) => ({ courseId: f.course.id, lessonId: f.assignmentLesson.id }),
      form: { maxPoints: "-1" },
      expected: { ...STUDIO, admin: 400 },
    },
  ],
  "teach.$courseId.progress": [
    {
      method: "GET",
      path: (f) => `/teach/${f.course.id}/progress`,
      params: (f) => ({ courseId: f.course.id }),
      expected: STUDIO,
    },
  ],
  "teach.$courseId.grading": [
    {
      method: "GET",
      path: (f) => `/teach/${f.course.id}/grading`,
      params: (f) => ({ courseId: f.course.id }),
      expected: STUDIO,
    },
  ],
  "teach.$courseId.grading_.$submissionId": [
    {
      method: "GET",
      path: (f) => `/teach/${f.course.id}/grading/${f.submissionId}`,
      params: (f) => ({ courseId: f.course.id, submissionId: f.submissionId }),
      expected: STUDIO,
    },
    {
      // Points over the assignment's maximum: refused, nothing graded.
      method: "POST",
      path: (f) => `/teach/${f.course.id}/grading/${f.submissionId}`,
      params: (f) => ({ courseId: f.course.id, submissionId: f.submissionId }),
      form: { intent: "grade", points: "1000", feedback: "" },
      expected: { ...STUDIO, admin: 400 },
    },
    {
      // Not an id at all: not found rather than a failed query.
      method: "GET",
      path: (f) => `/teach/${f.course.id}/grading/not-an-id`,
      params: (f) => ({ courseId: f.course.id, submissionId: "not-an-id" }),
      expected: { ...STUDIO, admin: 404 },
    },
  ],
  "teach.$courseId.gradebook": [
    {
      method: "GET",
      path: (f) => `/teach/${f.course.id}/gradebook`,
      params: (f) => ({ courseId: f.course.id }),
      expected: STUDIO,
    },
    {
      method: "POST",
      path: (f) => `/teach/${f.course.id}/gradebook`,
      params: (f) => ({ courseId: f.course.id }),
      form: {},
      expected: { ...STUDIO, admin: 400 },
    },
  ],
  "teach.$courseId.gradebook_.settings": [
    {
      method: "GET",
      path: (f) => `/teach/${f.course.id}/gradebook/settings`,
      params: (f) => ({ courseId: f.course.id }),
      expected: STUDIO,
    },
    {
      method: "POST",
      path: (f) => `/teach/${f.course.id}/gradebook/settings`,
      params: (f) => ({ courseId: f.course.id }),
      form: { intent: "category-create", name: "", weightPercent: "150" },
      expected: { ...STUDIO, admin: 400 },
    },
  ],
  "teach.$courseId.gradebook_.export": [
    {
      method: "GET",
      path: (f) => `/teach/${f.course.id}/gradebook/export?format=csv`,
      params: (f) => ({ courseId: f.course.id }),
      expected: STUDIO,
    },
  ],
  "teach.$courseId.final-grades": [
    {
      method: "GET",
      path: (f) => `/teach/${f.course.id}/final-grades`,
      params: (f) => ({ courseId: f.course.id }),
      expected: STUDIO,
    },
    {
      method: "POST",
      path: (f) => `/teach/${f.course.id}/final-grades`,
      params: (f) => ({ courseId: f.course.id }),
      form: { intent: "confirm", enrollmentId: "", letter: "" },
      expected: { ...STUDIO, admin: 400 },
    },
  ],
  "courses.$slug_.grades": [
    {
      // Each learner's own grades; everyone else's are in the studio's gradebook, admins' included.
      method: "GET",
      path: (f) => `/courses/${f.course.slug}/grades`,
      params: (f) => ({ slug: f.course.slug }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 403 },
    },
  ],
  "courses.$slug_.lessons.$lessonSlug_.quiz": [
    {
      method: "GET",
      path: (f) => `/courses/${f.course.slug}/lessons/${f.quizLesson.slug}/quiz`,
      params: (f) => ({ slug: f.course.slug, lessonSlug: f.quizLesson.slug }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
    {
      // Admins see the quiz as a preview; only enrolled learners make attempts.
      method: "POST",
      path: (f) => `/courses/${f.course.slug}/lessons/${f.quizLesson.slug}/quiz`,
      params: (f) => ({ slug: f.course.slug, lessonSlug: f.quizLesson.slug }),
      form: { intent: "start" },
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 409 },
    },
  ],
  "courses.$slug_.lessons.$lessonSlug_.submission": [
    {
      method: "GET",
      path: (f) => `/courses/${f.course.slug}/lessons/${f.assignmentLesson.slug}/submission`,
      params: (f) => ({ slug: f.course.slug, lessonSlug: f.assignmentLesson.slug }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
    {
      // Admins may look, but only enrolled learners hand work in.
      method: "POST",
      path: (f) => `/courses/${f.course.slug}/lessons/${f.assignmentLesson.slug}/submission`,
      params: (f) => ({ slug: f.course.slug, lessonSlug: f.assignmentLesson.slug }),
      form: { body: "My work" },
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 403 },
    },
  ],
  "courses.$slug_.submissions.$submissionId.files.$fileId": [
    {
      // Someone else's work: as if it did not exist.
      method: "GET",
      path: (f) => `/courses/${f.course.slug}/submissions/${f.submissionId}/files/${f.submissionFileId}`,
      params: (f) => ({ slug: f.course.slug, submissionId: f.submissionId, fileId: f.submissionFileId }),
      expected: { anonymous: 302, otherLearner: 404, otherInstructor: 404, admin: 200 },
    },
  ],
  "programs.$slug": [
    {
      method: "GET",
      path: (f) => `/programs/${f.programSlug}`,
      params: (f) => ({ slug: f.programSlug }),
      expected: { anonymous: 200, otherLearner: 200, otherInstructor: 200, admin: 200 },
    },
  ],
  "reset-password.$token": [
    {
      // Knowing a (wrong) token grants nothing; the page explains the link is invalid.
      method: "POST",
      path: () => "/reset-password/not-a-real-token",
      params: () => ({ token: "not-a-real-token" }),
      form: { password: "a long enough password", confirmPassword: "a long enough password" },
      expected: { anonymous: 410, otherLearner: 410, otherInstructor: 410, admin: 410 },
    },
  ],
  "admin.cohorts.$cohortId": [
    {
      method: "GET",
      path: (f) => `/admin/cohorts/${f.cohortId}`,
      params: (f) => ({ cohortId: f.cohortId }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
    {
      // An empty e-mail: refused for who is asking before anything is validated.
      method: "POST",
      path: (f) => `/admin/cohorts/${f.cohortId}`,
      params: (f) => ({ cohortId: f.cohortId }),
      form: { intent: "add-member", email: "", role: "LEARNER" },
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 400 },
    },
  ],
  "cohorts.$cohortId.attendance": [
    {
      // The calendar: admins and instructors of a course assigned to the cohort (otherInstructor teaches none).
      method: "GET",
      path: (f) => `/cohorts/${f.cohortId}/attendance`,
      params: (f) => ({ cohortId: f.cohortId }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
    {
      // An empty date: refused for who is asking before anything is validated.
      method: "POST",
      path: (f) => `/cohorts/${f.cohortId}/attendance`,
      params: (f) => ({ cohortId: f.cohortId }),
      form: { intent: "add-day", date: "" },
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 400 },
    },
  ],
  "cohorts.$cohortId.attendance_.$classDayId": [
    {
      method: "GET",
      path: (f) => `/cohorts/${f.cohortId}/attendance/${f.classDayId}`,
      params: (f) => ({ cohortId: f.cohortId, classDayId: f.classDayId }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
    {
      // A roster with no rows changes nothing: a 303 back to the roster for those who may take it.
      method: "POST",
      path: (f) => `/cohorts/${f.cohortId}/attendance/${f.classDayId}`,
      params: (f) => ({ cohortId: f.cohortId, classDayId: f.classDayId }),
      form: { intent: "save" },
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 303 },
    },
    {
      // Minutes out of range: refused for who is asking before anything is validated.
      method: "POST",
      path: (f) => `/cohorts/${f.cohortId}/attendance/${f.classDayId}`,
      params: (f) => ({ cohortId: f.cohortId, classDayId: f.classDayId }),
      form: { intent: "open-code", minutes: "0" },
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 400 },
    },
  ],
  "cohorts.$cohortId.attendance_.export": [
    {
      // The allowance export: admins only (report:export).
      method: "GET",
      path: (f) => `/cohorts/${f.cohortId}/attendance/export?month=2026-09&format=csv`,
      params: (f) => ({ cohortId: f.cohortId }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
    {
      method: "GET",
      path: (f) => `/cohorts/${f.cohortId}/attendance/export?month=2026-13&format=csv`,
      params: (f) => ({ cohortId: f.cohortId }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 400 },
    },
  ],
  "admin.cohorts.$cohortId_.at-risk": [
    {
      method: "GET",
      path: (f) => `/admin/cohorts/${f.cohortId}/at-risk`,
      params: (f) => ({ cohortId: f.cohortId }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
    {
      // A threshold out of bounds: refused for who is asking before anything is validated.
      method: "POST",
      path: (f) => `/admin/cohorts/${f.cohortId}/at-risk`,
      params: (f) => ({ cohortId: f.cohortId }),
      form: { intent: "thresholds", inactiveDaysThreshold: "0" },
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 400 },
    },
    {
      // A nudge with nobody selected: nothing is sent.
      method: "POST",
      path: (f) => `/admin/cohorts/${f.cohortId}/at-risk`,
      params: (f) => ({ cohortId: f.cohortId }),
      form: { intent: "nudge" },
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 400 },
    },
  ],
  "admin.cohorts.$cohortId_.at-risk_.export": [
    {
      method: "GET",
      path: (f) => `/admin/cohorts/${f.cohortId}/at-risk/export?format=csv`,
      params: (f) => ({ cohortId: f.cohortId }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
  ],
  "teach.$courseId.at-risk": [
    {
      method: "GET",
      path: (f) => `/teach/${f.course.id}/at-risk`,
      params: (f) => ({ courseId: f.course.id }),
      expected: STUDIO,
    },
    {
      method: "POST",
      path: (f) => `/teach/${f.course.id}/at-risk`,
      params: (f) => ({ courseId: f.course.id }),
      form: { intent: "nudge" },
      expected: { ...STUDIO, admin: 400 },
    },
  ],
  "admin.cohorts.$cohortId_.import": [
    {
      method: "GET",
      path: (f) => `/admin/cohorts/${f.cohortId}/import`,
      params: (f) => ({ cohortId: f.cohortId }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
    {
      // A confirmation without an import id: refused for who is asking before anything is read.
      method: "POST",
      path: (f) => `/admin/cohorts/${f.cohortId}/import`,
      params: (f) => ({ cohortId: f.cohortId }),
      form: { importId: "" },
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 400 },
    },
  ],
  "admin.cohorts.$cohortId_.import_.example": [
    {
      method: "GET",
      path: (f) => `/admin/cohorts/${f.cohortId}/import/example`,
      params: (f) => ({ cohortId: f.cohortId }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
  ],
  "admin.cohorts.$cohortId_.dashboard": [
    {
      method: "GET",
      path: (f) => `/admin/cohorts/${f.cohortId}/dashboard`,
      params: (f) => ({ cohortId: f.cohortId }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
  ],
  "admin.learners.$userId": [
    {
      // A learner's whole record: admins only; an instructor's `teaching` scope does not reach it.
      method: "GET",
      path: (f) => `/admin/learners/${f.targetUserId}`,
      params: (f) => ({ userId: f.targetUserId }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
  ],
  "admin.programs.$programId": [
    {
      method: "GET",
      path: (f) => `/admin/programs/${f.programId}`,
      params: (f) => ({ programId: f.programId }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
    {
      // An empty track form: refused for who is asking before anything is validated.
      method: "POST",
      path: (f) => `/admin/programs/${f.programId}`,
      params: (f) => ({ programId: f.programId }),
      form: { intent: "create-track", nameKo: "", nameEn: "", requiredCredits: "" },
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 400 },
    },
  ],
  "admin.cohorts.$cohortId_.outcomes": [
    {
      method: "GET",
      path: (f) => `/admin/cohorts/${f.cohortId}/outcomes`,
      params: (f) => ({ cohortId: f.cohortId }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
    {
      // An outcome without a kind: refused for who is asking before anything is validated.
      method: "POST",
      path: (f) => `/admin/cohorts/${f.cohortId}/outcomes`,
      params: (f) => ({ cohortId: f.cohortId }),
      form: { intent: "record", userId: "00000000-0000-7000-8000-000000000000", kind: "" },
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 400 },
    },
    {
      // The fixture's cohort is still running: no outcome can be recorded yet.
      method: "POST",
      path: (f) => `/admin/cohorts/${f.cohortId}/outcomes`,
      params: (f) => ({ cohortId: f.cohortId }),
      form: { intent: "record", userId: "00000000-0000-7000-8000-000000000000", kind: "SEEKING" },
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 409 },
    },
  ],
  "admin.cohorts.$cohortId_.reports": [
    {
      method: "GET",
      path: (f) => `/admin/cohorts/${f.cohortId}/reports`,
      params: (f) => ({ cohortId: f.cohortId }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
  ],
  "admin.cohorts.$cohortId_.reports_.matrix": [
    {
      method: "GET",
      path: (f) => `/admin/cohorts/${f.cohortId}/reports/matrix?format=csv`,
      params: (f) => ({ cohortId: f.cohortId }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
  ],
  "transcripts.$userId": [
    {
      // The learner's own and admins'; the target is another learner to everyone here but the admin.
      method: "GET",
      path: (f) => `/transcripts/${f.targetUserId}`,
      params: (f) => ({ userId: f.targetUserId }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
    {
      // Not an id at all: refused as someone else's for learners, not found for admins.
      method: "GET",
      path: () => "/transcripts/not-an-id",
      params: () => ({ userId: "not-an-id" }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 404 },
    },
    {
      // Issuing a degree track's certificate: admins only; this learner has no track, so 409 for them.
      method: "POST",
      path: (f) => `/transcripts/${f.targetUserId}`,
      params: (f) => ({ userId: f.targetUserId }),
      form: {},
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 409 },
    },
  ],
  "transcripts.$userId_.export": [
    {
      method: "GET",
      path: (f) => `/transcripts/${f.targetUserId}/export?format=csv`,
      params: (f) => ({ userId: f.targetUserId }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
  ],
  "certificates.$code": [
    {
      // Public: anyone with the code checks it, signed in or not.
      method: "GET",
      path: (f) => `/certificates/${f.certificateCode}`,
      params: (f) => ({ code: f.certificateCode }),
      expected: { anonymous: 200, otherLearner: 200, otherInstructor: 200, admin: 200 },
    },
    {
      method: "GET",
      path: () => `/certificates/${"d".repeat(32)}`,
      params: () => ({ code: "d".repeat(32) }),
      expected: { anonymous: 404, otherLearner: 404, otherInstructor: 404, admin: 404 },
    },
    {
      // Revoking: the course's instructors and admins; an empty reason is refused for who is asking first.
      method: "POST",
      path: (f) => `/certificates/${f.certificateCode}`,
      params: (f) => ({ code: f.certificateCode }),
      form: { reason: "" },
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 400 },
    },
  ],
  "certificates.$code_.certificate[.]pdf": [
    {
      // Public like the certificate's page: anyone with the code.
      method: "GET",
      path: (f) => `/certificates/${f.certificateCode}/certificate.pdf`,
      params: (f) => ({ code: f.certificateCode }),
      expected: { anonymous: 200, otherLearner: 200, otherInstructor: 200, admin: 200 },
    },
    {
      method: "GET",
      path: () => `/certificates/${"d".repeat(32)}/certificate.pdf`,
      params: () => ({ code: "d".repeat(32) }),
      expected: { anonymous: 404, otherLearner: 404, otherInstructor: 404, admin: 404 },
    },
  ],
  "certificates.$code_.badge[.]jwt": [
    {
      // Public like the certificate's page: anyone with the code.
      method: "GET",
      path: (f) => `/certificates/${f.certificateCode}/badge.jwt`,
      params: (f) => ({ code: f.certificateCode }),
      expected: { anonymous: 200, otherLearner: 200, otherInstructor: 200, admin: 200 },
    },
    {
      method: "GET",
      path: () => `/certificates/${"d".repeat(32)}/badge.jwt`,
      params: () => ({ code: "d".repeat(32) }),
      expected: { anonymous: 404, otherLearner: 404, otherInstructor: 404, admin: 404 },
    },
  ],
  "certificates.$code_.badge[.]svg": [
    {
      // Public like the certificate's page: anyone with the code.
      method: "GET",
      path: (f) => `/certificates/${f.certificateCode}/badge.svg`,
      params: (f) => ({ code: f.certificateCode }),
      expected: { anonymous: 200, otherLearner: 200, otherInstructor: 200, admin: 200 },
    },
    {
      method: "GET",
      path: () => `/certificates/${"d".repeat(32)}/badge.svg`,
      params: () => ({ code: "d".repeat(32) }),
      expected: { anonymous: 404, otherLearner: 404, otherInstructor: 404, admin: 404 },
    },
  ],
  "credentials.status.$list": [
    {
      // The revocation list badges point to: public.
      method: "GET",
      path: () => "/credentials/status/0",
      params: () => ({ list: "0" }),
      expected: { anonymous: 200, otherLearner: 200, otherInstructor: 200, admin: 200 },
    },
    {
      method: "GET",
      path: () => "/credentials/status/01",
      params: () => ({ list: "01" }),
      expected: { anonymous: 404, otherLearner: 404, otherInstructor: 404, admin: 404 },
    },
  ],
  "admin.users.$userId": [
    {
      method: "GET",
      path: (f) => `/admin/users/${f.targetUserId}`,
      params: (f) => ({ userId: f.targetUserId }),
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 200 },
    },
    {
      method: "POST",
      path: (f) => `/admin/users/${f.targetUserId}`,
      params: (f) => ({ userId: f.targetUserId }),
      form: { intent: "change-role", role: "LEARNER" },
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 303 },
    },
    {
      // A malformed student number: refused for who is asking before anything is validated.
      method: "POST",
      path: (f) => `/admin/users/${f.targetUserId}`,
      params: (f) => ({ userId: f.targetUserId }),
      form: { intent: "student-record", studentNumber: "not a number!" },
      expected: { anonymous: 302, otherLearner: 403, otherInstructor: 403, admin: 400 },
    },
  ],
};

function routeFilesWithParams() {
  return readdirSync(ROUTES_DIR)
    .filter((file) => /\.(tsx?|jsx?)$/.test(file) && !file.includes(".test."))
    .map((file) => file.replace(/\.(tsx?|jsx?)$/, ""))
    .filter((name) => name.includes("$"));
}

/** The status a loader or action answers, whether it returned or threw. */
async function statusOf(run: () => Promise<unknown>): Promise<number> {
  try {
    const result = await run();
    if (result instanceof Response) return result.status;
    const init = (result as { init?: { status?: number } } | null)?.init;
    return init?.status ?? 200;
  } catch (thrown) {
    if (thrown instanceof Response) return thrown.status;
    throw thrown;
  }
}

let fixture: Fixture;

beforeAll(async () => {
  const program = await createProgram(prisma);
  const course = await createCourse(prisma, { programId: program.id });
  const otherCourse = await createCourse(prisma, { programId: program.id });
  const draftCourse = await createCourse(prisma, { programId: program.id, status: "DRAFT" });
  const enrollableCourse = await createCourse(prisma, { programId: program.id });
  await createModuleWithLessons(prisma, { courseId: course.id, lessons: [{ title: "First lesson" }] });
  await createModuleWithLessons(prisma, { courseId: otherCourse.id, lessons: [{ title: "Their lesson" }] });
  const otherLesson = await prisma.lesson.findFirstOrThrow({
    where: { courseId: otherCourse.id },
    select: { id: true },
  });
  for (const { id } of [course, draftCourse]) {
    await prisma.course.update({
      where: { id },
      data: { coverImageKey: await storeFile(PNG_BYTES), coverImageType: "image/png" },
    });
  }
  const lesson = await prisma.lesson.findFirstOrThrow({
    where: { courseId: course.id },
    select: { id: true, slug: true },
  });
  const attachment = await prisma.lessonAttachment.create({
    data: {
      lessonId: lesson.id,
      fileName: "슬라이드.pdf",
      contentType: "application/pdf",
      byteSize: 8,
      storageKey: await storeFile(new TextEncoder().encode("%PDF-1.4")),
    },
  });

  // A quiz and an assignment in the course, and a learner of it who handed the assignment in.
  await createModuleWithLessons(prisma, {
    courseId: course.id,
    position: 2,
    lessons: [
      { title: "Quiz", kind: "QUIZ" },
      { title: "Assignment", kind: "ASSIGNMENT" },
    ],
  });
  const gradedLessons = await prisma.lesson.findMany({
    where: { courseId: course.id, kind: { in: ["QUIZ", "ASSIGNMENT"] } },
    select: { id: true, slug: true, kind: true },
  });
  const quizLesson = gradedLessons.find((graded) => graded.kind === "QUIZ")!;
  const assignmentLesson = gradedLessons.find((graded) => graded.kind === "ASSIGNMENT")!;
  const quiz = await prisma.quiz.create({ data: { lessonId: quizLesson.id } });
  await prisma.question.create({
    data: {
      quizId: quiz.id,
      position: 0,
      kind: "SINGLE_CHOICE",
      prompt: "2 + 2?",
      choices: [
        { id: "a", text: "4" },
        { id: "b", text: "5" },
      ],
      answer: ["a"],
    },
  });
  const assignment = await prisma.assignment.create({ data: { lessonId: assignmentLesson.id } });
  const courseLearner = await createUser(prisma, { role: "LEARNER" });
  await prisma.enrollment.create({ data: { courseId: course.id, userId: courseLearner.id, status: "ACTIVE" } });
  const submission = await prisma.submission.create({
    data: {
      assignmentId: assignment.id,
      userId: courseLearner.id,
      body: "My report",
      files: {
        create: {
          fileName: "보고서.pdf",
          contentType: "application/pdf",
          byteSize: 8,
          storageKey: await storeFile(new TextEncoder().encode("%PDF-1.4")),
        },
      },
    },
    select: { id: true, files: { select: { id: true } } },
  });

  const cohort = await prisma.cohort.create({
    data: {
      programId: program.id,
      slug: `cohort-${course.id}`,
      name: "Bootcamp",
      startsOn: new Date("2026-09-01"),
      endsOn: new Date("2027-02-26"),
    },
  });
  // The cohort takes the course, so its instructor (not among the matrix's actors) may take attendance.
  await prisma.cohortCourse.create({ data: { cohortId: cohort.id, courseId: course.id } });
  const classDay = await prisma.classDay.create({ data: { cohortId: cohort.id, date: new Date("2026-09-01") } });
  const certified = await createUser(prisma, { role: "LEARNER" });
  const completed = await prisma.enrollment.create({
    data: { courseId: course.id, userId: certified.id, status: "COMPLETED", completedAt: new Date() },
  });
  const certificate = await prisma.certificate.create({
    data: { userId: certified.id, courseId: course.id, enrollmentId: completed.id, verificationCode: "c".repeat(32) },
  });

  const owningInstructor = await createUser(prisma, { role: "INSTRUCTOR" });
  await addCourseInstructor(prisma, { courseId: course.id, userId: owningInstructor.id });
  const otherInstructor = await createUser(prisma, { role: "INSTRUCTOR" });
  await addCourseInstructor(prisma, { courseId: otherCourse.id, userId: otherInstructor.id });
  const otherLearner = await createUser(prisma, { role: "LEARNER" });
  const admin = await createUser(prisma, { role: "ADMIN" });
  const target = await createUser(prisma, { role: "LEARNER" });

  const tokenFor = async (userId: string) =>
    (await createUserSession(prisma, { userId, isTwoFactorVerified: true })).token;
  fixture = {
    tokens: {
      otherLearner: await tokenFor(otherLearner.id),
      otherInstructor: await tokenFor(otherInstructor.id),
      admin: await tokenFor(admin.id),
    },
    course,
    enrollableCourse,
    draftCourse,
    lesson,
    otherLessonId: otherLesson.id,
    targetUserId: target.id,
    programSlug: program.slug,
    attachmentId: attachment.id,
    quizLesson,
    assignmentLesson,
    submissionId: submission.id,
    submissionFileId: submission.files[0]!.id,
    cohortId: cohort.id,
    classDayId: classDay.id,
    programId: program.id,
    certificateCode: certificate.verificationCode,
  };
});

test("every route that takes an id has an entry in the matrix, and every entry a route", () => {
  const routes = routeFilesWithParams();
  expect(routes.filter((route) => !(route in MATRIX))).toEqual([]);
  expect(Object.keys(MATRIX).filter((route) => !routes.includes(route))).toEqual([]);
});

describe.each(Object.entries(MATRIX))("%s", (routeFile, checks) => {
  test.each(checks.flatMap((check) => ACTORS.map((actor) => ({ check, actor }))))(
    "$check.method as $actor",
    async ({ check, actor }) => {
      const module = (await import(path.join(ROUTES_DIR, `${routeFile}.tsx`)).catch(
        () => import(path.join(ROUTES_DIR, `${routeFile}.ts`)),
      )) as Record<string, ((args: unknown) => Promise<unknown>) | undefined>;
      const handler = check.method === "GET" ? module.loader : module.action;
      expect(handler, `${routeFile} has no ${check.method === "GET" ? "loader" : "action"}`).toBeTypeOf("function");

      const token = actor === "anonymous" ? undefined : fixture.tokens[actor];
      const base = await buildRequest({ path: check.path(fixture), token, method: check.method });
      const request =
        check.method === "POST"
          ? new Request(base, { body: new URLSearchParams(check.form ?? {}), headers: base.headers })
          : base;
      const status = await statusOf(() =>
        handler!({ request, params: check.params(fixture), context: { requestId: "matrix", clientIp: "192.0.2.1" } }),
      );
      expect(status).toBe(check.expected[actor]);
    },
  );
});
