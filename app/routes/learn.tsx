import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { ProgressBar } from "~/components/progress-bar";
import { formatDate, formatIssuedDay, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { listAnnouncementsForLearner } from "~/models/announcement.server";
import { listTodaysClassDaysForLearner } from "~/models/attendance.server";
import { listCertificatesForLearner } from "~/models/certificate.server";
import { getMyLearning } from "~/models/progress.server";
import { pageTitle } from "~/lib/page-title";
import { hasTranscript } from "~/models/transcript.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const [learning, announcements, classDaysToday, isTranscriptShown, certificates] = await Promise.all([
    getMyLearning({ userId: user.id }),
    listAnnouncementsForLearner({ userId: user.id }),
    listTodaysClassDaysForLearner({ userId: user.id }),
    hasTranscript({ userId: user.id }),
    listCertificatesForLearner({ userId: user.id }),
  ]);
  return {
    ...learning,
    announcements,
    classDaysToday,
    certificates,
    transcriptHref: isTranscriptShown ? `/transcripts/${user.id}` : null,
  };
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "myLearning" })];

export default function MyLearningPage() {
  const {
    inProgress,
    upcomingDueDates,
    recentlyCompleted,
    announcements,
    classDaysToday,
    transcriptHref,
    certificates,
  } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  return (
    <div className="space-y-10">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h1 className="text-3xl font-bold">{t("learn.title")}</h1>
        {transcriptHref ? (
          <Link to={transcriptHref} className="text-sm underline">
            {t("learn.transcript")}
          </Link>
        ) : null}
      </div>

      {classDaysToday.length > 0 ? (
        <section aria-labelledby="class-today-heading" className="rounded-lg border border-brand-200 bg-brand-50 p-4">
          <h2 id="class-today-heading" className="font-semibold">
            {t("learn.classToday")}
          </h2>
          <ul className="mt-1 space-y-1 text-sm">
            {classDaysToday.map((day) => (
              <li key={day.id}>
                {day.cohort.name} ·{" "}
                {day.record ? (
                  t(`attendance.status.${day.record.status}`)
                ) : (
                  <Link to="/check-in" className="font-semibold underline">
                    {t("learn.checkInNow")}
                  </Link>
                )}
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      {announcements.length > 0 ? (
        <section aria-labelledby="announcements-heading">
          <h2 id="announcements-heading" className="text-xl font-semibold">
            {t("learn.announcements")}
          </h2>
          <ul className="mt-4 space-y-3">
            {announcements.map((announcement) => (
              <li key={announcement.id} className="rounded-lg border border-amber-200 bg-amber-50 p-4">
                <p className="text-xs font-semibold text-slate-600">
                  {announcement.course ? (
                    <Link to={`/courses/${announcement.course.slug}`} className="hover:underline">
                      {announcement.course.code} {announcement.course.title}
                    </Link>
                  ) : null}
                  {announcement.publishedAt ? ` · ${formatDate(announcement.publishedAt, language)}` : ""}
                </p>
                <h3 className="mt-1 font-semibold">{announcement.title}</h3>
                <div
                  className="prose-content mt-1 text-sm"
                  data-user-content
                  // Rendered and sanitized on the server when posted.
                  dangerouslySetInnerHTML={{ __html: announcement.bodyHtml }}
                />
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section aria-labelledby="in-progress-heading">
        <h2 id="in-progress-heading" className="text-xl font-semibold">
          {t("learn.inProgress")}
        </h2>
        {inProgress.length === 0 ? (
          <p className="mt-2 text-slate-600">
            {t("learn.nothingInProgress")}{" "}
            <Link to="/courses" className="underline">
              {t("learn.browseCourses")}
            </Link>
          </p>
        ) : (
          <ul className="mt-4 grid gap-4 sm:grid-cols-2">
            {inProgress.map((item) => (
              <li key={item.course.id} className="rounded-lg border border-slate-200 bg-white p-4">
                <p className="text-xs font-semibold text-slate-500">{item.course.code}</p>
                <h3 className="font-semibold">
                  <Link to={`/courses/${item.course.slug}`} className="hover:underline">
                    {item.course.title}
                  </Link>
                </h3>
                <ProgressBar
                  className="mt-3"
                  percent={item.progressPercent}
                  label={t("learn.progressOf", { course: item.course.title })}
                />
                <p className="mt-1 text-sm text-slate-700">{t("lesson.progress", { percent: item.progressPercent })}</p>
                {item.resumeLessonSlug ? (
                  <Link
                    to={`/courses/${item.course.slug}/lessons/${item.resumeLessonSlug}`}
                    className="mt-3 inline-block rounded-md bg-ink px-3 py-1.5 text-sm text-white"
                    aria-label={t("learn.resumeCourse", { course: item.course.title })}
                  >
                    {t("learn.resume")}
                  </Link>
                ) : null}
                <Link
                  to={`/courses/${item.course.slug}/grades`}
                  className={`${item.resumeLessonSlug ? "ml-3 " : ""}mt-3 inline-block text-sm underline`}
                  aria-label={t("grades.myGradesIn", { course: item.course.title })}
                >
                  {t("grades.myGrades")}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="due-heading">
        <h2 id="due-heading" className="text-xl font-semibold">
          {t("learn.upcoming")}
        </h2>
        {upcomingDueDates.length === 0 ? (
          <p className="mt-2 text-slate-600">{t("learn.noDueDates")}</p>
        ) : (
          <ul className="mt-3 divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
            {upcomingDueDates.map((due) => (
              <li key={`${due.cohort.id}-${due.course.id}`} className="flex justify-between gap-4 p-3 text-sm">
                <Link to={`/courses/${due.course.slug}`} className="underline">
                  {due.course.code} {due.course.title}
                </Link>
                <span className="text-slate-600">
                  {due.cohort.name} · {t("program.dueOn", { date: formatDate(due.dueOn, language) })}
                </span>
              </li>
            ))}
          </ul>
        )}
      </section>

      <section aria-labelledby="completed-heading">
        <h2 id="completed-heading" className="text-xl font-semibold">
          {t("learn.completed")}
        </h2>
        {recentlyCompleted.length === 0 ? (
          <p className="mt-2 text-slate-600">{t("learn.noneCompleted")}</p>
        ) : (
          <ul className="mt-3 space-y-2 text-sm">
            {recentlyCompleted.map((item) => (
              <li key={item.course.id}>
                <Link to={`/courses/${item.course.slug}`} className="underline">
                  {item.course.code} {item.course.title}
                </Link>{" "}
                <span className="text-slate-600">
                  · {item.progressPercent}%{item.completedAt ? ` · ${formatDate(item.completedAt, language)}` : null}
                </span>{" "}
                ·{" "}
                <Link
                  to={`/courses/${item.course.slug}/grades`}
                  className="underline"
                  aria-label={t("grades.myGradesIn", { course: item.course.title })}
                >
                  {t("grades.myGrades")}
                </Link>
              </li>
            ))}
          </ul>
        )}
      </section>

      {certificates.length > 0 ? (
        <section aria-labelledby="certificates-heading">
          <h2 id="certificates-heading" className="text-xl font-semibold">
            {t("certificates.myCertificates")}
          </h2>
          <ul className="mt-3 space-y-2 text-sm">
            {certificates.map((certificate) => {
              const name = [certificate.achievement.code, localized(certificate.achievement, "name", language)]
                .filter(Boolean)
                .join(" ");
              return (
                <li key={certificate.verificationCode}>
                  <Link
                    to={`/certificates/${certificate.verificationCode}`}
                    className="underline"
                    aria-label={t("certificates.view", { course: name })}
                  >
                    {name}
                  </Link>{" "}
                  <span className="text-slate-600">
                    · {t(`certificates.kinds.${certificate.kind}`)} · {formatIssuedDay(certificate.issuedAt, language)}
                    {certificate.revokedAt ? ` · ${t("certificates.revokedBadge")}` : null}
                  </span>
                </li>
              );
            })}
          </ul>
        </section>
      ) : null}
    </div>
  );
}
