import type { ActionFunctionArgs, LinksFunction, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useFetcher, useLoaderData, useParams } from "@remix-run/react";
import { useEffect } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireLessonAccess } from "~/auth/guards.server";
import { AssignmentPanel } from "~/components/assignment/assignment-panel";
import { loadAssignmentPanel } from "~/components/assignment/assignment-panel.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Notice } from "~/components/forms";
import { ProgressBar } from "~/components/progress-bar";
import { QuizPanel } from "~/components/quiz/quiz-panel";
import { loadQuizPanel } from "~/components/quiz/quiz-panel.server";
import { formatDuration, formatFileSize } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { refusalData } from "~/lib/refusal.server";
import { parseVideoUrl } from "~/lib/video";
import {
  getCourseOutlineForLearner,
  markLessonComplete,
  markLessonIncomplete,
  PROGRESS_REFUSALS,
  recordLessonView,
} from "~/models/progress.server";
import highlightStyles from "highlight.js/styles/github-dark.css?url";
import { pageTitle } from "~/lib/page-title";
import katexStyles from "katex/dist/katex.min.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: katexStyles },
  { rel: "stylesheet", href: highlightStyles },
];

function loadLesson(request: Request, params: LoaderFunctionArgs["params"]) {
  return requireLessonAccess(request, { courseSlug: params.slug ?? "", lessonSlug: params.lessonSlug ?? "" });
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, lesson, isPreview, enrollment } = await loadLesson(request, params);
  // Those who preview have no enrollment, so no outline and no view to record. The view is written
  // beside the reads: the outline shows this lesson as started whether or not the write came first.
  const [outline, quiz, assignment] = await Promise.all([
    enrollment ? getCourseOutlineForLearner({ userId: viewer.id, courseId: lesson.course.id, enrollment }) : null,
    // Each is null (and asks nothing of the database) unless the lesson is of its kind.
    loadQuizPanel({ viewer, lesson }),
    loadAssignmentPanel({ viewer, lesson, isPreview }),
    isPreview ? null : recordLessonView({ userId: viewer.id, lessonId: lesson.id }),
  ]);
  markOpened(outline, lesson.id);
  const orderedLessons = outline?.modules.flatMap((module) => module.lessons) ?? [];
  const index = orderedLessons.findIndex(({ id }) => id === lesson.id);
  return {
    lesson: {
      id: lesson.id,
      slug: lesson.slug,
      title: lesson.title,
      kind: lesson.kind,
      html: lesson.html,
      video: parseVideoUrl(lesson.videoUrl),
      transcript: lesson.transcript,
      durationMinutes: lesson.durationMinutes,
      isRequired: lesson.isRequired,
      attachments: lesson.attachments,
    },
    course: {
      slug: lesson.course.slug,
      title: lesson.course.title,
      code: lesson.course.code,
      language: lesson.course.language,
    },
    isPreview,
    quiz,
    assignment,
    outline,
    previous: index > 0 ? orderedLessons[index - 1] : undefined,
    next: index >= 0 ? orderedLessons[index + 1] : undefined,
    isCompleted: orderedLessons[index]?.state === "completed",
  };
}

/** The lesson being opened counts as started, as the view recorded with this request says. */
function markOpened(outline: Awaited<ReturnType<typeof getCourseOutlineForLearner>>, lessonId: string) {
  for (const lesson of outline?.modules.flatMap((module) => module.lessons) ?? []) {
    if (lesson.id === lessonId && lesson.state === "notStarted") lesson.state = "inProgress";
  }
}

const progressSchema = z.object({ intent: z.enum(["complete", "incomplete"]) });

export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, lesson } = await loadLesson(request, params);
  const parsed = progressSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Unknown request", { status: 400 });
  const update = parsed.data.intent === "complete" ? markLessonComplete : markLessonIncomplete;
  const result = await update({ userId: viewer.id, lessonId: lesson.id });
  if (!result.ok) return refusalData(PROGRESS_REFUSALS, result);
  return { error: null, progressPercent: result.progressPercent, enrollmentStatus: result.enrollmentStatus };
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { names: [data?.lesson.title, data?.course.code] }),
];

export default function LessonPage() {
  const { lesson, course, outline, isPreview, quiz, assignment, previous, next, isCompleted } =
    useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const basePath = `/courses/${course.slug}/lessons`;
  useLessonTimeBeacon(isPreview ? null : `${basePath}/${lesson.slug}/time`);

  return (
    <div className="grid gap-8 lg:grid-cols-[18rem_1fr]">
      {outline ? <CourseOutline outline={outline} currentLessonId={lesson.id} basePath={basePath} /> : <div />}
      <article aria-labelledby="lesson-title" className="min-w-0">
        <p className="text-sm text-slate-600">
          <Link to={`/courses/${course.slug}`} className="underline">
            {course.code} {course.title}
          </Link>
        </p>
        <h1 id="lesson-title" className="mt-1 text-3xl font-bold" lang={course.language}>
          {lesson.title}
        </h1>
        <p className="mt-1 text-sm text-slate-600">
          {t(`lessonKind.${lesson.kind}`)} · {formatDuration(lesson.durationMinutes, t)}
          {lesson.isRequired ? null : ` · ${t("course.optional")}`}
        </p>
        {isPreview ? (
          <div className="mt-4">
            <Notice>{t("lesson.preview")}</Notice>
          </div>
        ) : null}

        {lesson.video ? <VideoPlayer video={lesson.video} title={lesson.title} /> : null}
        <div
          className="prose-content mt-6"
          data-user-content
          lang={course.language}
          // Rendered from Markdown and sanitized when the lesson was saved.
          dangerouslySetInnerHTML={{ __html: lesson.html }}
        />
        {lesson.transcript ? (
          <details className="mt-6 rounded-lg border border-slate-200 bg-white p-4">
            <summary className="cursor-pointer font-semibold">{t("lesson.transcript")}</summary>
            <p className="mt-3 whitespace-pre-line text-slate-700" lang={course.language}>
              {lesson.transcript}
            </p>
          </details>
        ) : null}
        {lesson.attachments.length > 0 ? (
          <section aria-labelledby="attachments-heading" className="mt-6">
            <h2 id="attachments-heading" className="font-semibold">
              {t("lesson.attachments")}
            </h2>
            <ul className="mt-2 space-y-1 text-sm">
              {lesson.attachments.map((attachment) => (
                <li key={attachment.id}>
                  <a href={`${basePath}/${lesson.slug}/attachments/${attachment.id}`} className="underline" download>
                    {attachment.fileName}
                  </a>{" "}
                  <span className="text-slate-600">({formatFileSize(attachment.byteSize, language)})</span>
                </li>
              ))}
            </ul>
          </section>
        ) : null}

        {lesson.kind === "QUIZ" || lesson.kind === "ASSIGNMENT" ? (
          <div className="mt-6">
            <Notice>{t(lesson.kind === "QUIZ" ? "lesson.quizCompletes" : "lesson.assignmentCompletes")}</Notice>
          </div>
        ) : isPreview ? null : (
          <CompletionToggle isCompleted={isCompleted} />
        )}
        {quiz ? <QuizPanel panel={quiz} /> : null}
        {assignment ? <AssignmentPanel panel={assignment} action={`${basePath}/${lesson.slug}/submission`} /> : null}

        <nav
          aria-label={t("lesson.lessonNavigation")}
          className="mt-10 flex justify-between gap-4 border-t border-slate-200 pt-4"
        >
          {previous ? (
            <Link to={`${basePath}/${previous.slug}`} rel="prev" className="underline">
              ← {previous.title}
            </Link>
          ) : (
            <span />
          )}
          {next ? (
            <Link to={`${basePath}/${next.slug}`} rel="next" className="underline">
              {next.title} →
            </Link>
          ) : null}
        </nav>
      </article>
    </div>
  );
}

/** Works as a plain form without JavaScript; with it, the tick changes before the server answers. */
function CompletionToggle({ isCompleted }: { isCompleted: boolean }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<typeof action>();
  const pendingIntent = fetcher.formData?.get("intent");
  const shownCompleted = pendingIntent ? pendingIntent === "complete" : isCompleted;
  const error = fetcher.data?.error;
  return (
    <fetcher.Form method="post" className="mt-8 flex items-center gap-4">
      {shownCompleted ? (
        <>
          <p role="status" className="font-semibold text-emerald-800">
            ✓ {t("lesson.completed")}
          </p>
          <button type="submit" name="intent" value="incomplete" className="text-sm underline">
            {t("lesson.markIncomplete")}
          </button>
        </>
      ) : (
        <button
          type="submit"
          name="intent"
          value="complete"
          className="rounded-md bg-emerald-700 px-4 py-2 font-medium text-white hover:bg-emerald-800"
        >
          {t("lesson.markComplete")}
        </button>
      )}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {t(error)}
        </p>
      ) : null}
    </fetcher.Form>
  );
}

type Outline = NonNullable<Awaited<ReturnType<typeof loader>>["outline"]>;

function CourseOutline({
  outline,
  currentLessonId,
  basePath,
}: {
  outline: Outline;
  currentLessonId: string;
  basePath: string;
}) {
  const { t } = useTranslation();
  return (
    <nav aria-label={t("lesson.outline")} className="lg:sticky lg:top-4 lg:self-start">
      <p className="text-sm font-semibold">{t("lesson.progress", { percent: outline.enrollment.progressPercent })}</p>
      <ProgressBar className="mt-2" percent={outline.enrollment.progressPercent} label={t("lesson.courseProgress")} />
      <ol className="mt-4 space-y-4 text-sm">
        {outline.modules.map((module) => (
          <li key={module.id}>
            <p className="font-semibold">{module.title}</p>
            <ol className="mt-1 space-y-1">
              {module.lessons.map((lesson) => (
                <li key={lesson.id}>
                  <Link
                    to={`${basePath}/${lesson.slug}`}
                    aria-current={lesson.id === currentLessonId ? "page" : undefined}
                    className="flex items-start gap-2 rounded px-2 py-1 hover:bg-slate-100 aria-[current=page]:bg-brand-100"
                  >
                    <span aria-hidden="true" className="w-4 shrink-0">
                      {lesson.state === "completed" ? "✓" : lesson.state === "inProgress" ? "•" : ""}
                    </span>
                    <span>{lesson.title}</span>
                    <span className="sr-only">({t(`lesson.state.${lesson.state}`)})</span>
                  </Link>
                </li>
              ))}
            </ol>
          </li>
        ))}
      </ol>
    </nav>
  );
}

function VideoPlayer({ video, title }: { video: NonNullable<ReturnType<typeof parseVideoUrl>>; title: string }) {
  return (
    <div className="mt-6 aspect-video w-full overflow-hidden rounded-lg bg-black">
      {video.kind === "embed" ? (
        <iframe
          src={video.src}
          title={title}
          className="h-full w-full"
          allow="encrypted-media; picture-in-picture; fullscreen"
          referrerPolicy="strict-origin-when-cross-origin"
          loading="lazy"
        />
      ) : (
        // Captions, when present, are the transcript below.
        // eslint-disable-next-line jsx-a11y/media-has-caption
        <video src={video.src} controls preload="metadata" className="h-full w-full" />
      )}
    </div>
  );
}

const BEACON_INTERVAL_MS = 30_000;

/**
 * Reports reading time while the tab is visible, every 30 seconds and when the tab is hidden. The
 * server bounds each report by the time that really passed, so a forgotten tab counts nothing.
 */
function useLessonTimeBeacon(url: string | null) {
  useEffect(() => {
    if (!url) return;
    let visibleSince = document.visibilityState === "visible" ? Date.now() : null;
    const report = () => {
      if (visibleSince === null) return;
      const seconds = Math.round((Date.now() - visibleSince) / 1000);
      visibleSince = document.visibilityState === "visible" ? Date.now() : null;
      if (seconds > 0) navigator.sendBeacon(url, new URLSearchParams({ seconds: String(seconds) }));
    };
    const onVisibilityChange = () => {
      if (document.visibilityState === "hidden") report();
      else visibleSince = Date.now();
    };
    const timer = setInterval(report, BEACON_INTERVAL_MS);
    document.addEventListener("visibilitychange", onVisibilityChange);
    return () => {
      report();
      clearInterval(timer);
      document.removeEventListener("visibilitychange", onVisibilityChange);
    };
  }, [url]);
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary statusHandlers={{ 403: () => <EnrollFirst /> }} />;
}

/** A learner who is not (or no longer) enrolled: what to do, and the way to the course page. */
function EnrollFirst() {
  const { t } = useTranslation();
  const params = useParams();
  return (
    <p className="mt-4 text-slate-700">
      {t("lesson.enrollToSee")}{" "}
      <Link to={`/courses/${params.slug ?? ""}`} className="font-semibold underline">
        {t("lesson.goToCourse")}
      </Link>
    </p>
  );
}
