// The lesson page's quiz panel data (app/components/quiz/quiz-panel.tsx), for the lesson player's
// loader and the learner's quiz route: the quiz as the viewer may see it (never its answers before an
// attempt is submitted), and a fresh one-time key for the Start form.
import type { Language } from "~/lib/i18n";
import { refusalResponse } from "~/lib/refusal.server";
import { newSubmissionKey } from "~/models/form-submission.server";
import { getQuizForLearner, QUIZ_ATTEMPT_REFUSALS } from "~/models/quiz.server";

/**
 * Null unless the lesson is a quiz (with its quiz). Call it after requireLessonAccess, with what it
 * returned; the course's instructors and admins get a preview that starts no attempts.
 */
export async function loadQuizPanel({
  viewer,
  lesson,
  now = new Date(),
}: {
  viewer: Parameters<typeof getQuizForLearner>[0]["viewer"];
  lesson: { id: string; slug: string; kind: string; course: { id: string; slug: string; language: Language } };
  now?: Date;
}) {
  if (lesson.kind !== "QUIZ") return null;
  const found = await getQuizForLearner({ viewer, lessonId: lesson.id, now });
  if (!found.ok) {
    // A quiz lesson without its quiz shows the lesson alone; any other refusal is the page's answer.
    if (found.reason === "notFound") return null;
    throw refusalResponse(QUIZ_ATTEMPT_REFUSALS, found);
  }
  const lessonPath = `/courses/${lesson.course.slug}/lessons/${lesson.slug}`;
  return {
    view: found.view,
    courseLanguage: lesson.course.language,
    submissionKey: newSubmissionKey(),
    lessonPath,
    /** Where the panel's forms post. */
    actionPath: `${lessonPath}/quiz`,
    /** The studio's editor and results, for those who preview. */
    studioPath: found.view.mode === "preview" ? `/teach/${lesson.course.id}/lessons/${lesson.id}` : null,
  };
}

export type QuizPanelData = NonNullable<Awaited<ReturnType<typeof loadQuizPanel>>>;
