// The lesson page's assignment panel data (app/components/assignment/assignment-panel.tsx), for the
// lesson player's loader and the submission page: the assignment as the viewer sees it, and a fresh
// one-time key for the submission form.
import { getAssignmentForLearner } from "~/models/assignment.server";
import { newSubmissionKey } from "~/models/form-submission.server";

/**
 * Null unless the lesson is an assignment. Call it after requireLessonAccess, with what it returned;
 * an instructor's or admin's preview shows the form without letting them hand anything in.
 */
export async function loadAssignmentPanel({
  viewer,
  lesson,
  isPreview,
}: {
  viewer: { id: string };
  lesson: { id: string; kind: string; course: { id: string; slug: string } };
  isPreview: boolean;
}) {
  if (lesson.kind !== "ASSIGNMENT") return null;
  const assignment = await getAssignmentForLearner({
    userId: viewer.id,
    courseId: lesson.course.id,
    lessonId: lesson.id,
  });
  if (!assignment) return null;
  return {
    ...assignment,
    isPreview,
    courseSlug: lesson.course.slug,
    submissionKey: newSubmissionKey(),
    /** The course's grading queue for this assignment, for those who preview it. */
    gradingPath: isPreview ? `/teach/${lesson.course.id}/grading?lesson=${lesson.id}` : null,
  };
}

export type AssignmentPanelData = NonNullable<Awaited<ReturnType<typeof loadAssignmentPanel>>>;
