import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { getOptionalUser, requireUser } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { courseCoverUrl } from "~/lib/course-cover";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors, Notice } from "~/components/forms";
import { formatDate, formatDateTime, formatDuration, formatTerm, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { listCourseAnnouncements } from "~/models/announcement.server";
import { getCourseSyllabus } from "~/models/course.server";
import { refusalData } from "~/lib/refusal.server";
import {
  DROP_REFUSALS,
  dropEnrollment,
  ENROLL_REFUSALS,
  enrollInCourse,
  getEnrollmentState,
  type EnrollmentState,
} from "~/models/enrollment.server";
import { pageTitle } from "~/lib/page-title";

/**
 * The course and who is asking. A course that is not published is shown only to those who manage it,
 * as a preview of what learners will see; to everyone else it does not exist.
 */
async function loadCourse(request: Request, slug: string | undefined) {
  const [user, course] = await Promise.all([getOptionalUser(request), getCourseSyllabus({ slug: slug ?? "" })]);
  if (!course) throw new Response("Course not found", { status: 404 });
  const canManage = can(user, "course:manage", { instructorIds: course.instructors.map(({ user }) => user.id) });
  if (course.status !== "PUBLISHED" && !canManage) throw new Response("Course not found", { status: 404 });
  return { user, course, canManage };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, course, canManage } = await loadCourse(request, params.slug);
  const [enrollment, managersAnnouncements] = await Promise.all([
    getEnrollmentState({
      userId: user?.id ?? null,
      courseId: course.id,
      course: { ...course, prerequisites: course.prerequisites.map(({ prerequisite }) => prerequisite) },
    }),
    canManage ? listCourseAnnouncements({ courseId: course.id }) : null,
  ]);
  const canDecideRequests = course.enrollmentPolicy === "APPROVAL" && canManage;
  const isEnrolled = enrollment?.kind === "continue" || enrollment?.kind === "completed";
  const resumeLessonSlug = isEnrolled ? enrollment.resumeLessonSlug : null;
  // Learners see announcements once they are in the course; those who manage it always do.
  const announcements =
    managersAnnouncements ?? (isEnrolled ? await listCourseAnnouncements({ courseId: course.id }) : []);
  return { course, enrollment, resumeLessonSlug, canDecideRequests, canManage, announcements };
}

const enrollmentActionSchema = z.object({ intent: z.enum(["enroll", "drop"]) });

export async function action({ request, params }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const { course } = await loadCourse(request, params.slug);
  const parsed = enrollmentActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Unknown request", { status: 400 });
  if (parsed.data.intent === "enroll") {
    const result = await enrollInCourse({ userId: user.id, courseId: course.id });
    if (!result.ok) return refusalData(ENROLL_REFUSALS, result);
  } else {
    const result = await dropEnrollment({ userId: user.id, courseId: course.id });
    if (!result.ok) return refusalData(DROP_REFUSALS, result);
  }
  return redirect(`/courses/${course.slug}`, 303);
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { names: [data && `${data.course.code} ${data.course.title}`] }),
  { name: "description", content: data?.course.summary ?? "" },
];

export default function CoursePage() {
  const { course, enrollment, resumeLessonSlug, canDecideRequests, canManage, announcements } =
    useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const lessonCount = course.modules.reduce((sum, module) => sum + module.lessons.length, 0);
  const coverUrl = courseCoverUrl(course);
  const totalMinutes = course.modules.reduce(
    (sum, module) => sum + module.lessons.reduce((moduleSum, lesson) => moduleSum + lesson.durationMinutes, 0),
    0,
  );
  const prerequisites = course.prerequisites.map(({ prerequisite }) => prerequisite);

  return (
    <article className="grid gap-10 lg:grid-cols-[1fr_18rem]">
      <div>
        {canManage ? (
          <div className="mb-4">
            <Notice tone={course.status === "PUBLISHED" ? "info" : "error"}>
              {course.status === "PUBLISHED" ? t("studio.youTeachThis") : t("studio.previewNotPublished")}{" "}
              <Link to={`/teach/${course.id}`} className="font-semibold underline">
                {t("studio.openInStudio")}
              </Link>
            </Notice>
          </div>
        ) : null}
        {coverUrl ? (
          // Decorative: the heading below names the course.
          <img src={coverUrl} alt="" className="mb-6 aspect-video w-full rounded-lg object-cover sm:aspect-[5/2]" />
        ) : null}
        <p className="text-sm font-semibold text-brand-700">
          {course.code} ·{" "}
          <Link to={`/programs/${course.program.slug}`} className="hover:underline">
            {localized(course.program, "name", language)}
          </Link>
        </p>
        <h1 className="mt-1 text-3xl font-bold" lang={course.language}>
          {course.title}
        </h1>
        <p className="mt-3 text-lg text-slate-700" lang={course.language}>
          {course.summary}
        </p>

        {announcements.length > 0 ? <CourseAnnouncements announcements={announcements} /> : null}

        {course.descriptionHtml ? (
          <section aria-labelledby="about-heading" className="mt-8">
            <h2 id="about-heading" className="text-xl font-semibold">
              {t("course.about")}
            </h2>
            <div
              className="prose-content"
              data-user-content
              lang={course.language}
              // Rendered from Markdown and sanitized when the course was saved.
              dangerouslySetInnerHTML={{ __html: course.descriptionHtml }}
            />
          </section>
        ) : null}

        <section aria-labelledby="syllabus-heading" className="mt-10">
          <h2 id="syllabus-heading" className="text-xl font-semibold">
            {t("course.syllabus")}
          </h2>
          <p className="mt-1 text-sm text-slate-600">
            {t("course.lessonCount", { count: lessonCount })} ·{" "}
            {t("course.totalDuration", { duration: formatDuration(totalMinutes, t) })}
          </p>
          {course.modules.length === 0 ? <p className="mt-4">{t("course.noLessons")}</p> : null}
          <ol className="mt-4 space-y-6">
            {course.modules.map((module, index) => (
              <li key={module.id} className="rounded-lg border border-slate-200 bg-white p-4">
                <h3 className="font-semibold">
                  <span className="mr-2 text-sm text-slate-500">{t("course.moduleNumber", { number: index + 1 })}</span>
                  <span lang={course.language}>{module.title}</span>
                </h3>
                {module.summary ? (
                  <p className="mt-1 text-sm text-slate-700" lang={course.language}>
                    {module.summary}
                  </p>
                ) : null}
                <ol className="mt-3 divide-y divide-slate-100">
                  {module.lessons.map((lesson) => (
                    <li key={lesson.id} className="flex items-center justify-between gap-4 py-2 text-sm">
                      {/* Learners taking the course open lessons from here; its instructors preview them. */}
                      {resumeLessonSlug || canManage ? (
                        <Link
                          to={`/courses/${course.slug}/lessons/${lesson.slug}`}
                          className="underline"
                          lang={course.language}
                        >
                          {lesson.title}
                        </Link>
                      ) : (
                        <span lang={course.language}>{lesson.title}</span>
                      )}
                      <span className="shrink-0 text-slate-600">
                        {t(`lessonKind.${lesson.kind}`)} · {formatDuration(lesson.durationMinutes, t)}
                        {lesson.isRequired ? null : ` · ${t("course.optional")}`}
                      </span>
                    </li>
                  ))}
                </ol>
              </li>
            ))}
          </ol>
        </section>
      </div>

      <aside className="space-y-6">
        <section aria-labelledby="enrollment-heading" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="enrollment-heading" className="sr-only">
            {t("enroll.heading")}
          </h2>
          {enrollment ? (
            <EnrollmentCallToAction
              state={enrollment}
              courseSlug={course.slug}
              resumeLessonSlug={resumeLessonSlug}
              language={language}
            />
          ) : null}
          <FormErrors errors={actionData?.error ? [actionData.error] : null} />
          {enrollment?.kind === "continue" || enrollment?.kind === "completed" ? (
            <Link to={`/courses/${course.slug}/grades`} className="mt-3 block text-sm underline">
              {t("grades.myGrades")}
            </Link>
          ) : null}
          {canDecideRequests ? (
            <Link to={`/teach/${course.id}/learners`} className="mt-3 block text-sm underline">
              {t("enroll.manageRequests")}
            </Link>
          ) : null}
        </section>
        <section aria-labelledby="details-heading" className="rounded-lg border border-slate-200 bg-white p-4">
          <h2 id="details-heading" className="font-semibold">
            {t("course.details")}
          </h2>
          <dl className="mt-3 space-y-2 text-sm">
            {course.term ? <DetailRow label={t("course.term")} value={formatTerm(course.term, t)} /> : null}
            {course.startsOn && course.endsOn ? (
              <DetailRow
                label={t("course.dates")}
                value={
                  <>
                    <span className="whitespace-nowrap">{formatDate(course.startsOn, language)}</span> –{" "}
                    <span className="whitespace-nowrap">{formatDate(course.endsOn, language)}</span>
                  </>
                }
              />
            ) : null}
            {course.enrollmentClosesAt ? (
              <DetailRow label={t("course.enrollUntil")} value={formatDate(course.enrollmentClosesAt, language)} />
            ) : null}
            <DetailRow label={t("course.level")} value={t(`level.${course.level}`)} />
            <DetailRow label={t("course.language")} value={t(`courseLanguage.${course.language}`)} />
            <DetailRow
              label={t("course.creditsLabel")}
              value={course.credits ? t("course.credits", { count: course.credits }) : t("course.nonCredit")}
            />
            <DetailRow label={t("course.policy")} value={t(`enrollmentPolicy.${course.enrollmentPolicy}`)} />
            {enrollment && enrollment.seatsLeft !== null ? (
              <DetailRow label={t("course.seatsLeft")} value={t("course.seats", { count: enrollment.seatsLeft })} />
            ) : null}
          </dl>
        </section>
        {prerequisites.length > 0 ? (
          <section aria-labelledby="prerequisites-heading" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="prerequisites-heading" className="font-semibold">
              {t("course.prerequisites")}
            </h2>
            <ul className="mt-2 space-y-1 text-sm">
              {prerequisites.map((prerequisite) => (
                <li key={prerequisite.slug}>
                  {prerequisite.status === "PUBLISHED" ? (
                    <Link to={`/courses/${prerequisite.slug}`} className="underline">
                      {prerequisite.code} {prerequisite.title}
                    </Link>
                  ) : (
                    `${prerequisite.code} ${prerequisite.title}`
                  )}
                </li>
              ))}
            </ul>
          </section>
        ) : null}
        {course.instructors.length > 0 ? (
          <section aria-labelledby="instructors-heading" className="rounded-lg border border-slate-200 bg-white p-4">
            <h2 id="instructors-heading" className="font-semibold">
              {t("course.instructors")}
            </h2>
            <ul className="mt-2 space-y-1 text-sm">
              {course.instructors.map(({ user }) => (
                <li key={user.id}>{user.name}</li>
              ))}
            </ul>
          </section>
        ) : null}
      </aside>
    </article>
  );
}

/** One clear action whose label follows where the visitor stands with the course. */
function EnrollmentCallToAction({
  state,
  courseSlug,
  resumeLessonSlug,
  language,
}: {
  state: EnrollmentState;
  courseSlug: string;
  resumeLessonSlug: string | null;
  language: Language;
}) {
  const { t } = useTranslation();
  const navigation = useNavigation();
  const isSubmitting = navigation.state !== "idle" && navigation.formAction === `/courses/${courseSlug}`;
  const primary =
    "block w-full rounded-md bg-ink px-4 py-2 text-center font-medium text-white hover:bg-slate-700 disabled:opacity-60";
  const secondary = "mt-3 w-full text-center text-sm underline";
  const post = (intent: "enroll" | "drop", label: string, className: string) => (
    <Form method="post">
      <button type="submit" name="intent" value={intent} className={className} disabled={isSubmitting}>
        {label}
      </button>
    </Form>
  );

  switch (state.kind) {
    case "signIn":
      return (
        <Link to={`/login?${new URLSearchParams({ redirectTo: `/courses/${courseSlug}` })}`} className={primary}>
          {t("enroll.signIn")}
        </Link>
      );
    case "enroll":
      return post("enroll", t("enroll.enroll"), primary);
    case "request":
      return post("enroll", t("enroll.request"), primary);
    case "waitlist":
      return (
        <>
          <p className="mb-3 text-sm text-slate-700">{t("enroll.fullExplain")}</p>
          {post("enroll", t("enroll.joinWaitlist"), primary)}
        </>
      );
    case "continue":
      return (
        <>
          {resumeLessonSlug ? (
            <Link to={`/courses/${courseSlug}/lessons/${resumeLessonSlug}`} className={primary}>
              {t("enroll.continue")}
            </Link>
          ) : (
            <p className="text-sm">{t("enroll.enrolledNoLessons")}</p>
          )}
          {post("drop", t("enroll.drop"), secondary)}
        </>
      );
    case "completed":
      return (
        <>
          <p role="status" className="font-semibold text-emerald-800">
            ✓ {t("enroll.completed")}
          </p>
          {resumeLessonSlug ? (
            <Link to={`/courses/${courseSlug}/lessons/${resumeLessonSlug}`} className="mt-3 block text-sm underline">
              {t("enroll.review")}
            </Link>
          ) : null}
        </>
      );
    case "pending":
      return (
        <>
          <p role="status" className="text-sm">
            {t("enroll.pending")}
          </p>
          {post("drop", t("enroll.withdrawRequest"), secondary)}
        </>
      );
    case "waitlisted":
      return (
        <>
          <p role="status" className="text-sm">
            {t("enroll.waitlisted")}
          </p>
          {post("drop", t("enroll.leaveWaitlist"), secondary)}
        </>
      );
    case "closed":
      return <p className="text-sm font-semibold">{t("enroll.closed")}</p>;
    case "notYetOpen":
      return (
        <p className="text-sm font-semibold">{t("enroll.notYetOpen", { date: formatDate(state.opensAt, language) })}</p>
      );
    case "cohortOnly":
      return <p className="text-sm">{t("enroll.cohortOnly")}</p>;
    case "prerequisiteMissing":
      return (
        <div className="text-sm">
          <p className="font-semibold">{t("enroll.prerequisiteMissing")}</p>
          <ul className="mt-2 list-disc pl-5">
            {state.missingPrerequisites.map((course) => (
              <li key={course.id}>
                <Link to={`/courses/${course.slug}`} className="underline">
                  {course.code} {course.title}
                </Link>
              </li>
            ))}
          </ul>
        </div>
      );
  }
}

// The label never shrinks (Korean would otherwise break "기간" one syllable a line); the value wraps,
// between words rather than syllables.
function CourseAnnouncements({
  announcements,
}: {
  announcements: {
    id: string;
    title: string;
    bodyHtml: string;
    publishedAt: string | Date | null;
    author: { name: string };
  }[];
}) {
  const { t, i18n } = useTranslation();
  return (
    <section aria-labelledby="announcements-heading" className="mt-8 space-y-3">
      <h2 id="announcements-heading" className="text-xl font-semibold">
        {t("course.announcements")}
      </h2>
      <ul className="space-y-3">
        {announcements.map((announcement) => (
          <li key={announcement.id} className="rounded-lg border border-amber-200 bg-amber-50 p-4">
            <h3 className="font-semibold">{announcement.title}</h3>
            <p className="text-xs text-slate-600">
              {announcement.author.name}
              {announcement.publishedAt
                ? ` · ${formatDateTime(announcement.publishedAt, i18n.language as Language)}`
                : ""}
            </p>
            <div
              className="prose-content mt-2 text-sm"
              data-user-content
              // Rendered and sanitized on the server when posted.
              dangerouslySetInnerHTML={{ __html: announcement.bodyHtml }}
            />
          </li>
        ))}
      </ul>
    </section>
  );
}

function DetailRow({ label, value }: { label: string; value: React.ReactNode }) {
  return (
    <div className="flex items-baseline justify-between gap-4">
      <dt className="shrink-0 text-slate-600">{label}</dt>
      <dd className="min-w-0 break-keep text-right font-medium">{value}</dd>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
