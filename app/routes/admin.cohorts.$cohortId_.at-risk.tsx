import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server";
import { AtRiskTable, AtRiskView, learnerIdsOf, NudgeForm, useSelectionHrefs } from "~/components/at-risk-table";
import { CohortNav } from "~/components/cohort-nav";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, Notice, SubmitButton } from "~/components/forms";
import {
  atRiskViewSchema,
  nudgeSchema,
  THRESHOLD_BOUNDS,
  thresholdsSchema,
  type ThresholdName,
} from "~/lib/at-risk-forms";
import { formatDate, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { refusalReply, refusalResponse } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { AT_RISK_REFUSALS, listAtRiskLearners, updateAtRiskThresholds } from "~/models/at-risk.server";
import { findCohortHeading } from "~/models/cohort.server";
import { newSubmissionKey, submissionKeyFrom } from "~/models/form-submission.server";
import { pageTitle } from "~/lib/page-title";
import { NUDGE_REFUSALS, nudgeMessageToPrefill, sendNudges } from "~/models/nudge.server";

const NUDGE_FORM_ID = "nudge";
const THRESHOLDS_FORM_ID = "thresholds";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "cohort:manage");
  const cohortId = params.cohortId ?? "";
  const view = atRiskViewSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const now = new Date();
  const [heading, list] = await Promise.all([
    findCohortHeading({ cohortId }),
    listAtRiskLearners({ actor: admin, cohortId, now, sort: view.sort, page: view.page, search: view.q }),
  ]);
  if (!list.ok) throw refusalResponse(AT_RISK_REFUSALS, list);
  if (!heading) throw refusalResponse(AT_RISK_REFUSALS, { ok: false, reason: "notFound" });
  return {
    cohort: {
      id: heading.id,
      name: heading.name,
      startsOn: heading.startsOn,
      endsOn: heading.endsOn,
      program: heading.program,
    },
    view,
    asOf: now,
    thresholds: list.cohort.thresholds,
    learners: list.learners,
    nudgeMessage: await nudgeMessageToPrefill(list.cohort.nudgeTemplate),
    submissionKey: newSubmissionKey(),
  };
}

type ActionData = { formId: string; result?: SubmissionResult<string[]>; message?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "cohort:manage");
  const actor = { ...admin, ipAddress: getClientIp(context) };
  const cohortId = params.cohortId ?? "";
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");

  if (intent === "thresholds") {
    const submission = parseWithZod(formData, { schema: thresholdsSchema });
    if (submission.status !== "success") {
      return data<ActionData>({ formId: THRESHOLDS_FORM_ID, result: submission.reply() }, { status: 400 });
    }
    const saved = await updateAtRiskThresholds({ actor, cohortId, thresholds: submission.value });
    if (!saved.ok) throw refusalResponse(AT_RISK_REFUSALS, saved);
    return redirect(`/admin/cohorts/${cohortId}/at-risk?done=thresholds`, 303);
  }

  if (intent === "nudge") {
    const submission = parseWithZod(formData, { schema: nudgeSchema });
    if (submission.status !== "success") {
      return data<ActionData>({ formId: NUDGE_FORM_ID, result: submission.reply() }, { status: 400 });
    }
    const sent = await sendNudges({
      actor,
      cohortId,
      ...submission.value,
      submissionKey: submissionKeyFrom(formData),
    });
    if (!sent.ok) {
      if (sent.reason === "notFound" || sent.reason === "notAllowed") throw refusalResponse(NUDGE_REFUSALS, sent);
      const { result, init } = refusalReply(submission, NUDGE_REFUSALS, sent);
      return data<ActionData>({ formId: NUDGE_FORM_ID, result }, init);
    }
    return redirect(`/admin/cohorts/${cohortId}/at-risk?done=nudged&count=${sent.count}`, 303);
  }

  return data<ActionData>({ formId: "", message: "error.badRequest" }, { status: 400 });
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { page: "atRisk", area: "admin", names: [data?.cohort.name] }),
];

/** The action's answer when it is for the form `formId`. */
function useAnswerFor(formId: string) {
  const actionData = useActionData<typeof action>();
  return actionData?.formId === formId ? actionData : undefined;
}

export default function CohortAtRiskPage() {
  const { cohort, view, asOf, learners, nudgeMessage, submissionKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const nudgeAnswer = useAnswerFor(NUDGE_FORM_ID);
  const [searchParams] = useSearchParams();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const { selectAllHref, clearHref } = useSelectionHrefs();
  const done = actionData ? null : searchParams.get("done");
  const nudgedCount = Number(searchParams.get("count") ?? "0");
  const initiallySelected = nudgeAnswer
    ? learnerIdsOf(nudgeAnswer.result)
    : view.select === "page"
      ? learners.items.map((learner) => learner.userId)
      : [];
  return (
    <section aria-labelledby="cohort-heading" className="space-y-6">
      <p className="text-sm">
        <Link to="/admin/cohorts" className="underline">
          {t("cohorts.backToCohorts")}
        </Link>
      </p>
      <header>
        <h1 id="cohort-heading" className="text-2xl font-bold">
          {cohort.name}
        </h1>
        <p className="text-slate-600">
          {t(`programKind.${cohort.program.kind}`)} · {localized(cohort.program, "name", language)} ·{" "}
          {t("cohorts.dateRange", {
            start: formatDate(cohort.startsOn, language),
            end: formatDate(cohort.endsOn, language),
          })}
        </p>
      </header>
      <CohortNav cohortId={cohort.id} cohortName={cohort.name} />
      {done === "nudged" ? <Notice tone="success">{t("atRisk.done.nudged", { count: nudgedCount })}</Notice> : null}
      {done === "thresholds" ? <Notice tone="success">{t("atRisk.done.thresholds")}</Notice> : null}
      {actionData?.message ? <FormErrors errors={[actionData.message]} /> : null}
      <div className="space-y-2">
        <h2 className="text-xl font-semibold">{t("atRisk.title")}</h2>
        <p className="text-sm text-slate-600">{t("atRisk.cohortIntro")}</p>
        <p className="text-lg font-medium" role="status">
          {t("atRisk.count", { count: learners.totalCount })}
        </p>
        <ExportLinks cohortId={cohort.id} />
      </div>
      <AtRiskView q={view.q} sort={view.sort} />
      {learners.totalCount === 0 ? (
        <p className="text-sm text-slate-600">{view.q ? t("atRisk.noneMatching") : t("atRisk.none")}</p>
      ) : null}
      <AtRiskTable
        // A fresh selection whenever the page's rows or the server's answer change.
        key={`${learners.page}-${initiallySelected.join(",")}`}
        learners={learners}
        asOf={asOf}
        formId={NUDGE_FORM_ID}
        initiallySelected={initiallySelected}
        selectAllHref={selectAllHref}
        clearHref={clearHref}
        learnerHref={(userId) => `/admin/learners/${userId}`}
        isSelectable
      />
      {learners.totalCount > 0 ? (
        <NudgeForm
          formId={NUDGE_FORM_ID}
          message={nudgeMessage}
          lastResult={nudgeAnswer?.result}
          submissionKey={submissionKey}
          note={t("atRisk.nudge.savedForCohort")}
        />
      ) : null}
      <ThresholdsSection />
    </section>
  );
}

function ExportLinks({ cohortId }: { cohortId: string }) {
  const { t } = useTranslation();
  const base = `/admin/cohorts/${cohortId}/at-risk/export`;
  const linkClass = "rounded-md border border-slate-300 bg-white px-3 py-1.5 font-medium";
  return (
    <div className="flex flex-wrap items-center gap-2 text-sm">
      <span className="sr-only">{t("atRisk.export.heading")}</span>
      <a href={`${base}?format=xlsx`} className={linkClass} download>
        {t("atRisk.export.xlsx")}
      </a>
      <a href={`${base}?format=csv`} className={linkClass} download>
        {t("atRisk.export.csv")}
      </a>
    </div>
  );
}

const THRESHOLD_FIELDS: readonly ThresholdName[] = [
  "inactiveDaysThreshold",
  "behindSchedulePoints",
  "failedQuizAttempts",
  "attendanceThreshold",
];

function ThresholdsSection() {
  const { thresholds } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const answer = useAnswerFor(THRESHOLDS_FORM_ID);
  const [form, fields] = useForm({
    id: THRESHOLDS_FORM_ID,
    lastResult: answer?.result,
    constraint: getZodConstraint(thresholdsSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: thresholdsSchema }),
    defaultValue: thresholds,
  });
  return (
    <section
      aria-labelledby="thresholds-heading"
      className="max-w-3xl space-y-3 rounded-lg border border-slate-200 p-4"
    >
      <h2 id="thresholds-heading" className="text-lg font-semibold">
        {t("atRisk.thresholds.title")}
      </h2>
      <p className="text-sm text-slate-600">{t("atRisk.thresholds.help")}</p>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <input type="hidden" name="intent" value="thresholds" />
        <div className="grid gap-4 sm:grid-cols-2">
          {THRESHOLD_FIELDS.map((name) => (
            <Field
              key={name}
              label={t(`atRisk.thresholds.${name}`)}
              description={t(`atRisk.thresholds.${name}Help`)}
              inputProps={{
                ...getInputProps(fields[name], { type: "number" }),
                min: THRESHOLD_BOUNDS[name].min,
                max: THRESHOLD_BOUNDS[name].max,
                step: 1,
                inputMode: "numeric",
              }}
              errors={fields[name].errors}
            />
          ))}
        </div>
        <FormErrors id={form.errorId} errors={form.errors} />
        <SubmitButton>{t("atRisk.thresholds.save")}</SubmitButton>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
