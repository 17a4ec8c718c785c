import { redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useNavigation } from "@remix-run/react";
import type { TFunction } from "i18next";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors, SubmitButton } from "~/components/forms";
import { formatGradePoint } from "~/components/grades";
import { ProgressBar } from "~/components/progress-bar";
import { formatDate, formatTerm, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";
import { refusalData, refusalResponse } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { CERTIFICATE_REFUSALS, getDegreeCertificateStatus, issueDegreeCertificate } from "~/models/certificate.server";
import { getTranscript, TRANSCRIPT_REFUSALS, type TranscriptTerm } from "~/models/transcript.server";

// A learner's transcript (성적증명서), for the learner themselves and for admins. Made to be printed:
// the page's own links and buttons carry print:hidden, and its tables print without the screen's
// boxes and colours. (The site's header and footer come from the root layout; see README.)

export async function loader({ request, params }: LoaderFunctionArgs) {
  const viewer = await requirePermission(request, "transcript:view", { learnerId: params.userId });
  const found = await getTranscript({ actor: viewer, userId: params.userId ?? "" });
  if (!found.ok) throw refusalResponse(TRANSCRIPT_REFUSALS, found);
  const canIssueCertificate = can(viewer, "certificate:issue");
  return {
    transcript: found.transcript,
    isOwn: viewer.id === found.transcript.learner.id,
    issuedOn: new Date().toISOString(),
    canIssueCertificate,
    // The degree track's certificate: issued by admins here; its holder finds the link here too.
    degreeCertificate: found.transcript.degreeTrack
      ? await getDegreeCertificateStatus({ userId: found.transcript.learner.id })
      : null,
  };
}

/** An admin issues the learner's degree track certificate, then lands on its page. */
export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "certificate:issue");
  const issued = await issueDegreeCertificate({
    actor: { ...admin, ipAddress: getClientIp(context) },
    userId: params.userId ?? "",
  });
  if (!issued.ok) return refusalData(CERTIFICATE_REFUSALS, issued);
  return redirect(`/certificates/${issued.code}`, 303);
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { page: "transcript", names: [data?.transcript.learner.name] }),
];

type Transcript = ReturnType<typeof useLoaderData<typeof loader>>["transcript"];

/** A GPA as transcripts print it: always two decimals (3.75, 2.00); "—" when there is none. */
function formatGpa(value: number | null, language: Language) {
  if (value === null) return "—";
  return value.toLocaleString(language === "en" ? "en-US" : "ko-KR", {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
}

function termName(term: TranscriptTerm["term"], t: TFunction) {
  return term ? formatTerm(term, t) : t("transcripts.otherTerm");
}

export default function TranscriptPage() {
  const { transcript, isOwn, issuedOn } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const { learner } = transcript;
  return (
    <article aria-labelledby="transcript-heading" className="space-y-8 print:space-y-6 print:text-black">
      <nav
        aria-label={t("transcripts.actions")}
        className="flex flex-wrap items-center gap-x-6 gap-y-2 text-sm print:hidden"
      >
        <Link to={isOwn ? "/learn" : `/admin/users/${learner.id}`} className="underline">
          {isOwn ? t("transcripts.backToLearning") : t("transcripts.backToUser")}
        </Link>
        {(["csv", "xlsx"] as const).map((format) => (
          <a key={format} href={`/transcripts/${learner.id}/export?format=${format}`} download className="underline">
            {t(`reports.download.${format}`)}
          </a>
        ))}
      </nav>
      <header className="space-y-1">
        <h1 id="transcript-heading" className="text-2xl font-bold">
          {t("transcripts.title")}
        </h1>
        <p className="text-sm text-slate-600 print:text-black">
          {t("transcripts.issuedOn", { date: formatDate(issuedOn, language) })}
        </p>
        <p className="text-sm text-slate-600 print:hidden">{t("transcripts.printHint")}</p>
      </header>
      <LearnerSection transcript={transcript} />
      <SummarySection transcript={transcript} />
      <DegreeCertificateSection />
      {transcript.terms.length === 0 ? (
        <p className="text-slate-600">{t("transcripts.noGrades")}</p>
      ) : (
        transcript.terms.map((term, index) => <TermSection key={index} term={term} index={index} />)
      )}
      <p className="text-sm text-slate-600 print:text-black">{t("transcripts.rules")}</p>
    </article>
  );
}

function DegreeCertificateSection() {
  const { degreeCertificate, canIssueCertificate } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const navigation = useNavigation();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  if (!degreeCertificate?.track) return null;
  const { track, creditsEarned, certificateCode } = degreeCertificate;
  const isEarned = creditsEarned >= track.requiredCredits;
  return (
    <section aria-labelledby="degree-certificate-heading" className="space-y-2 print:hidden">
      <h2 id="degree-certificate-heading" className="text-lg font-semibold">
        {t("certificates.degree.heading")}
      </h2>
      <p className="text-sm">
        {t("certificates.degree.earned", {
          track: localized(track, "name", language),
          earned: creditsEarned,
          required: track.requiredCredits,
        })}
      </p>
      {certificateCode ? (
        <Link to={`/certificates/${certificateCode}`} className="underline">
          {t("certificates.degree.issued")}
        </Link>
      ) : canIssueCertificate && isEarned ? (
        <Form method="post" className="space-y-2">
          <FormErrors errors={actionData?.error ? [actionData.error] : null} />
          <SubmitButton disabled={navigation.state === "submitting"}>{t("certificates.degree.issue")}</SubmitButton>
        </Form>
      ) : (
        <p className="text-sm text-slate-600">{t("certificates.degree.notYet")}</p>
      )}
    </section>
  );
}

function LearnerSection({ transcript }: { transcript: Transcript }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const { learner, degreeTrack } = transcript;
  return (
    <dl className="grid max-w-2xl grid-cols-[auto_1fr] gap-x-6 gap-y-1 text-sm">
      <dt className="text-slate-600 print:text-black">{t("auth.name")}</dt>
      <dd className="font-medium">{learner.name}</dd>
      <dt className="text-slate-600 print:text-black">{t("reports.studentNumber")}</dt>
      <dd>{learner.studentNumber ?? "—"}</dd>
      <dt className="text-slate-600 print:text-black">{t("auth.email")}</dt>
      <dd className="break-all">{learner.email}</dd>
      <dt className="text-slate-600 print:text-black">{t("transcripts.degreeTrack")}</dt>
      <dd>
        {degreeTrack
          ? `${localized(degreeTrack, "name", language)} · ${localized(degreeTrack.program, "name", language)}`
          : t("transcripts.noDegreeTrack")}
      </dd>
      <dt className="text-slate-600 print:text-black">{t("transcripts.scale")}</dt>
      <dd>{t(`grades.scaleName.${transcript.scale}`)}</dd>
    </dl>
  );
}

function SummarySection({ transcript }: { transcript: Transcript }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const progress = transcript.creditProgress;
  return (
    <section
      aria-labelledby="transcript-summary-heading"
      className="grid gap-4 rounded-lg border border-slate-200 bg-white p-4 sm:grid-cols-3 print:break-inside-avoid print:border-black print:bg-white"
    >
      <h2 id="transcript-summary-heading" className="sr-only">
        {t("transcripts.summary")}
      </h2>
      <div>
        <p className="text-sm text-slate-600 print:text-black">{t("transcripts.cumulativeGpa")}</p>
        <p className="text-3xl font-bold">
          {formatGpa(transcript.gpa, language)}
          <span className="text-base font-normal text-slate-600 print:text-black">
            {" "}
            / {formatGradePoint(transcript.maxGradePoint, language)}
          </span>
        </p>
      </div>
      <div>
        <p className="text-sm text-slate-600 print:text-black">{t("transcripts.creditsEarned")}</p>
        <p className="text-3xl font-bold">{t("transcripts.credits", { count: transcript.creditsEarned })}</p>
      </div>
      <div>
        <p className="text-sm text-slate-600 print:text-black">{t("transcripts.requiredCredits")}</p>
        {progress ? (
          <>
            <p className="text-lg font-semibold">
              {t("transcripts.progress", {
                earned: progress.earned,
                required: progress.required,
                percent: progress.percent,
              })}
            </p>
            <ProgressBar
              percent={progress.percent}
              label={t("transcripts.progressLabel")}
              className="mt-2 print:hidden"
            />
          </>
        ) : (
          <p className="text-lg font-semibold">{t("transcripts.noDegreeTrack")}</p>
        )}
      </div>
    </section>
  );
}

function TermSection({ term, index }: { term: TranscriptTerm; index: number }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const name = termName(term.term, t);
  return (
    <section aria-labelledby={`term-${index}`} className="space-y-2 print:break-inside-avoid">
      <h2 id={`term-${index}`} className="text-lg font-semibold">
        {name}
      </h2>
      <div className="relative overflow-x-auto print:overflow-visible">
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">{t("transcripts.termCaption", { term: name })}</caption>
          <thead>
            <tr className="border-b border-slate-300 text-left print:border-black">
              <th scope="col" className="py-2 pr-3">
                {t("transcripts.code")}
              </th>
              <th scope="col" className="pr-3">
                {t("transcripts.course")}
              </th>
              <th scope="col" className="pr-3 text-right">
                {t("transcripts.creditsHeading")}
              </th>
              <th scope="col" className="pr-3 text-center">
                {t("grades.letter")}
              </th>
              <th scope="col" className="text-right">
                {t("grades.gradePoint")}
              </th>
            </tr>
          </thead>
          <tbody>
            {term.courses.map((course) => (
              <tr key={course.courseId} className="border-b border-slate-200 print:border-slate-400">
                <td className="py-1.5 pr-3 font-mono text-xs">{course.code}</td>
                <th scope="row" className="pr-3 text-left font-normal">
                  {course.title}
                </th>
                <td className="pr-3 text-right">{course.credits}</td>
                <td className="pr-3 text-center font-semibold">{course.letter}</td>
                <td className="text-right">
                  {course.gradePoint === null ? "—" : formatGradePoint(course.gradePoint, language)}
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <td colSpan={5} className="py-2 text-right font-medium">
                {t("transcripts.termSummary", { credits: term.creditsEarned, gpa: formatGpa(term.gpa, language) })}
              </td>
            </tr>
          </tfoot>
        </table>
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
