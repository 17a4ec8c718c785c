import { getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z, ZodTypeAny } from "zod";
import { requireUser } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { formatTime, useDayLabel } from "~/components/attendance/attendance-text";
import { CohortNav, cohortPagePath } from "~/components/cohort-nav";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, Field, FormErrors, Notice, SubmitButton } from "~/components/forms";
import {
  ATTENDANCE_STATUSES,
  CHECK_IN_MINUTES,
  noFieldsSchema,
  openCheckInCodeSchema,
  REASON_MAX_LENGTH,
  rosterSchema,
  type AttendanceStatusValue,
} from "~/lib/attendance-forms";
import type { Language } from "~/lib/i18n";
import { refusalReply, refusalResponse } from "~/lib/refusal.server";
import { getClientIp, getLinkOrigin } from "~/lib/request.server";
import { pageTitle } from "~/lib/page-title";
import {
  ATTENDANCE_REFUSALS,
  findCohortForTaker,
  closeCheckInCode,
  getClassDayRoster,
  markUnrecordedPresent,
  openCheckInCode,
  saveRoster,
} from "~/models/attendance.server";

/** What a redirect after a change says on the page (`?done=`). */
const DONE_NOTICES = {
  saved: "attendance.done.saved",
  marked: "attendance.done.marked",
  "code-opened": "attendance.done.codeOpened",
  "code-closed": "attendance.done.codeClosed",
} as const;

type Done = keyof typeof DONE_NOTICES;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const found = await getClassDayRoster({
    actor: user,
    cohortId: params.cohortId ?? "",
    classDayId: params.classDayId ?? "",
  });
  if (!found.ok) throw refusalResponse(ATTENDANCE_REFUSALS, found);
  return {
    cohort: { id: found.cohort.id, name: found.cohort.name },
    classDay: found.classDay,
    learners: found.learners,
    checkInUrl: `${getLinkOrigin()}/check-in`,
    /** Admins see every tab of the cohort; instructors only attendance. */
    isCohortAdmin: can(user, "cohort:manage"),
  };
}

type ActionData = { formId: string; result?: SubmissionResult<string[]>; message?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const actor = { ...user, ipAddress: getClientIp(context) };
  const cohortId = params.cohortId ?? "";
  const classDayId = params.classDayId ?? "";
  const allowed = await findCohortForTaker({ actor, cohortId });
  if (!allowed.ok) throw refusalResponse(ATTENDANCE_REFUSALS, allowed);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const rosterPath = `${cohortPagePath(cohortId, "attendance")}/${classDayId}`;

  /** Parses with `schema`, runs `change`, and answers the form or goes back to the roster. */
  async function handle<Schema extends ZodTypeAny>(
    schema: Schema,
    change: (
      value: z.output<Schema>,
    ) => Promise<
      { ok: true; done: Done; query?: Record<string, string> } | { ok: false; reason: keyof typeof ATTENDANCE_REFUSALS }
    >,
  ) {
    const submission = parseWithZod(formData, { schema });
    if (submission.status !== "success") {
      return data<ActionData>({ formId: intent, result: submission.reply() }, { status: 400 });
    }
    const changed = await change(submission.value);
    if (!changed.ok) {
      if (changed.reason === "notFound" || changed.reason === "notAllowed") {
        throw refusalResponse(ATTENDANCE_REFUSALS, changed);
      }
      const { result, init } = refusalReply(submission, ATTENDANCE_REFUSALS, changed);
      return data<ActionData>({ formId: intent, result }, init);
    }
    return redirect(`${rosterPath}?${new URLSearchParams({ done: changed.done, ...changed.query })}`, 303);
  }

  switch (intent) {
    case "save":
      return handle(rosterSchema, async ({ rows }) => {
        const saved = await saveRoster({ actor, cohortId, classDayId, rows });
        if (!saved.ok) return saved;
        const query = { recorded: String(saved.recordedCount), corrected: String(saved.correctedCount) };
        return { ok: true, done: "saved", query };
      });
    case "mark-all-present":
      return handle(noFieldsSchema, async () => {
        const marked = await markUnrecordedPresent({ actor, cohortId, classDayId });
        if (!marked.ok) return marked;
        return { ok: true, done: "marked", query: { count: String(marked.recordedCount) } };
      });
    case "open-code":
      return handle(openCheckInCodeSchema, async ({ minutes }) => {
        const opened = await openCheckInCode({ actor, cohortId, classDayId, minutes });
        return opened.ok ? { ok: true, done: "code-opened" } : opened;
      });
    case "close-code":
      return handle(noFieldsSchema, async () => {
        const closed = await closeCheckInCode({ actor, cohortId, classDayId });
        return closed.ok ? { ok: true, done: "code-closed" } : closed;
      });
    default:
      return data<ActionData>({ formId: intent, message: "error.badRequest" }, { status: 400 });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { page: "roster", names: [data?.cohort.name] }),
];

type Learner = ReturnType<typeof useLoaderData<typeof loader>>["learners"][number];

/** The action's answer when it is for the form `formId`. */
function useAnswerFor(formId: string) {
  const actionData = useActionData<typeof action>();
  return actionData?.formId === formId ? actionData : undefined;
}

export default function ClassDayRosterPage() {
  const { cohort, classDay, isCohortAdmin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t } = useTranslation();
  const dayLabel = useDayLabel();
  const done = searchParams.get("done");
  const doneNotice = done && done in DONE_NOTICES ? DONE_NOTICES[done as Done] : null;
  return (
    <section aria-labelledby="roster-heading" className="space-y-6">
      <p className="text-sm">
        <Link to={cohortPagePath(cohort.id, "attendance")} className="inline-flex min-h-11 items-center underline">
          {t("attendance.roster.backToCalendar")}
        </Link>
      </p>
      <header className="space-y-1">
        <h1 id="roster-heading" className="text-2xl font-bold break-words">
          {t("attendance.roster.title", { date: dayLabel(classDay.date) })}
        </h1>
        <p className="text-slate-600 break-words">
          {cohort.name}
          {classDay.note ? ` · ${classDay.note}` : ""}
        </p>
      </header>
      <CohortNav cohortId={cohort.id} cohortName={cohort.name} pages={isCohortAdmin ? undefined : ["attendance"]} />
      {doneNotice && !actionData ? (
        <Notice tone="success">
          {t(doneNotice, {
            recorded: searchParams.get("recorded") ?? "0",
            corrected: searchParams.get("corrected") ?? "0",
            count: Number(searchParams.get("count") ?? "0"),
          })}
        </Notice>
      ) : null}
      {actionData?.message ? <FormErrors errors={[actionData.message]} /> : null}
      <CheckInCodePanel />
      <Roster />
    </section>
  );
}

/** The code for learners to check in with, big enough for a projector, and the forms that open and close it. */
function CheckInCodePanel() {
  const { classDay, checkInUrl } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const answer = useAnswerFor("open-code");
  const closeAnswer = useAnswerFor("close-code");
  const [form, fields] = useForm({
    id: "open-code",
    lastResult: answer?.result,
    constraint: getZodConstraint(openCheckInCodeSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: openCheckInCodeSchema }),
    defaultValue: { minutes: String(CHECK_IN_MINUTES.default) },
  });
  return (
    <section aria-labelledby="code-heading" className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
      <h2 id="code-heading" className="text-lg font-semibold">
        {t("attendance.code.heading")}
      </h2>
      {!classDay.isToday ? (
        <p className="text-sm text-slate-600">{t("attendance.code.notToday")}</p>
      ) : (
        <>
          {classDay.checkInCode && classDay.checkInExpiresAt ? (
            <div className="space-y-2 text-center">
              <p
                className="font-mono text-5xl font-bold tracking-[0.2em] tabular-nums sm:text-8xl"
                aria-label={t("attendance.code.label", { code: classDay.checkInCode.split("").join(" ") })}
              >
                {classDay.checkInCode}
              </p>
              <p className="text-xl font-semibold">
                {t("attendance.code.validUntil", { time: formatTime(classDay.checkInExpiresAt, language) })}
              </p>
              <p className="text-sm break-words text-slate-600">
                {t("attendance.code.instructions", { path: checkInUrl })}
              </p>
              <Form method="post">
                <input type="hidden" name="intent" value="close-code" />
                <button
                  type="submit"
                  className="min-h-11 rounded-md border border-red-300 bg-white px-4 font-medium text-red-800"
                >
                  {t("attendance.code.close")}
                </button>
              </Form>
            </div>
          ) : (
            <p className="text-sm text-slate-600">{t("attendance.code.none")}</p>
          )}
          <FormErrors errors={closeAnswer?.result?.error?.[""]} />
          <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-end gap-3">
            <input type="hidden" name="intent" value="open-code" />
            <div className="w-40">
              <Field
                label={t("attendance.code.minutes")}
                inputProps={{
                  ...getInputProps(fields.minutes, { type: "number" }),
                  min: CHECK_IN_MINUTES.min,
                  max: CHECK_IN_MINUTES.max,
                  inputMode: "numeric",
                }}
                errors={fields.minutes.errors}
              />
            </div>
            <SubmitButton className="min-h-11">
              {classDay.checkInCode ? t("attendance.code.replace") : t("attendance.code.open")}
            </SubmitButton>
            <p className="w-full text-sm text-slate-600">{t("attendance.code.minutesHelp")}</p>
            <FormErrors id={form.errorId} errors={form.errors} />
          </Form>
        </>
      )}
    </section>
  );
}

/** Every learner of the day, one per line, saved in one post; works without JavaScript. */
function Roster() {
  const { classDay, learners } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const answer = useAnswerFor("save");
  const markAnswer = useAnswerFor("mark-all-present");
  const [form, fields] = useForm({
    id: "roster",
    lastResult: answer?.result,
    constraint: getZodConstraint(rosterSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: rosterSchema }),
    defaultValue: {
      rows: learners.map((learner) => ({
        userId: learner.userId,
        status: learner.status ?? "",
        reason: learner.reason ?? "",
      })),
    },
  });
  const learnerById = new Map(learners.map((learner) => [learner.userId, learner]));
  // Each row read from the form's values and errors once: Conform's per-field metadata rescans the
  // whole form for every field it is asked about, which took seconds for a cohort of 500.
  const initialRows = Array.isArray(fields.rows.initialValue) ? fields.rows.initialValue : [];
  const rows: RosterRow[] = initialRows.map((row, index) => {
    const name = `${fields.rows.name}[${index}]`;
    return {
      index,
      name,
      userId: row?.userId ?? "",
      status: row?.status ?? "",
      reason: row?.reason ?? "",
      statusErrors: form.allErrors[`${name}.status`],
      reasonErrors: form.allErrors[`${name}.reason`],
    };
  });
  const unrecordedCount = learners.filter((learner) => learner.status === null).length;
  return (
    <section aria-labelledby="learners-heading" className="space-y-4">
      <h2 id="learners-heading" className="text-lg font-semibold">
        {t("attendance.roster.listLabel")}
      </h2>
      <RosterSummary />
      {classDay.isFuture ? <Notice>{t("attendance.roster.futureDay")}</Notice> : null}
      {learners.length === 0 ? (
        <p className="text-sm text-slate-600">{t("attendance.roster.noLearners")}</p>
      ) : (
        <>
          {!classDay.isFuture && unrecordedCount > 0 ? (
            <Form method="post" className="space-y-1">
              <input type="hidden" name="intent" value="mark-all-present" />
              <button
                type="submit"
                className="min-h-11 rounded-md border border-slate-300 bg-white px-4 text-left font-medium"
              >
                {t("attendance.roster.markAllPresent")} ({unrecordedCount})
              </button>
              <p className="text-sm text-slate-600">{t("attendance.roster.markAllHelp")}</p>
              <FormErrors errors={markAnswer?.result?.error?.[""]} />
            </Form>
          ) : null}
          <p className="text-sm text-slate-600">
            {t("attendance.roster.help")} {t("attendance.roster.reasonHelp")}
          </p>
          <Form method="post" {...getFormProps(form)} className="space-y-3">
            <input type="hidden" name="intent" value="save" />
            <FormErrors id={form.errorId} errors={form.errors} />
            <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white">
              {rows.map((row) => {
                const learner = learnerById.get(row.userId);
                if (!learner) return null;
                return <RosterLine key={`${form.key}-${row.userId}`} formId={form.id} learner={learner} row={row} />;
              })}
            </ul>
            <div className="sticky bottom-0 -mx-4 border-t border-slate-200 bg-white/95 px-4 py-3">
              <SubmitButton className="min-h-11 w-full sm:w-auto">{t("attendance.roster.save")}</SubmitButton>
            </div>
          </Form>
        </>
      )}
    </section>
  );
}

function RosterSummary() {
  const { learners } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const countOf = (status: AttendanceStatusValue | null) =>
    learners.filter((learner) => learner.status === status).length;
  return (
    <dl aria-label={t("attendance.roster.summary")} className="flex flex-wrap gap-2 text-sm">
      {[...ATTENDANCE_STATUSES, null].map((status) => (
        <div key={status ?? "none"} className="rounded-md bg-slate-100 px-2 py-1">
          <dt className="inline">{status ? t(`attendance.status.${status}`) : t("attendance.unrecorded")}</dt>{" "}
          <dd className="inline font-semibold tabular-nums">{countOf(status)}</dd>
        </div>
      ))}
    </dl>
  );
}

type RosterRow = {
  index: number;
  /** The row's name prefix in the form: rows[3]. */
  name: string;
  userId: string;
  status: string;
  reason: string;
  statusErrors: string[] | undefined;
  reasonErrors: string[] | undefined;
};

/** One learner: name, the five statuses as large radio buttons, and the reason or note. */
function RosterLine({ formId, learner, row }: { formId: string; learner: Learner; row: RosterRow }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const idPrefix = `${formId}-${row.index}`;
  const statusErrorId = `${idPrefix}-status-error`;
  const hasStatusError = Boolean(row.statusErrors?.length);
  return (
    <li className="p-3">
      <fieldset className="space-y-2" aria-describedby={hasStatusError ? statusErrorId : undefined}>
        <legend className="w-full">
          <span className="font-medium break-words">{learner.name}</span>
          <span className="sr-only"> · {t("attendance.roster.statusOf", { name: learner.name })}</span>
          {learner.studentNumber ? (
            <span className="ml-2 text-sm text-slate-500">
              {t("attendance.roster.studentNumber", { number: learner.studentNumber })}
            </span>
          ) : null}
          {learner.status === null ? (
            <span className="ml-2 rounded bg-amber-100 px-1.5 py-0.5 text-xs font-medium text-amber-900">
              {t("attendance.unrecorded")}
            </span>
          ) : null}
          {learner.checkedInAt ? (
            <span className="block text-xs text-slate-500">
              {t("attendance.roster.checkedInAt", { time: formatTime(learner.checkedInAt, language) })}
            </span>
          ) : null}
        </legend>
        <input type="hidden" name={`${row.name}.userId`} value={row.userId} />
        <div className="flex flex-wrap gap-2">
          {ATTENDANCE_STATUSES.map((status) => (
            <label
              key={status}
              htmlFor={`${idPrefix}-status-${status}`}
              className="flex min-h-11 cursor-pointer items-center gap-2 rounded-md border border-slate-300 px-3 has-[:checked]:border-ink has-[:checked]:bg-brand-100 has-[:checked]:font-semibold"
            >
              <input
                type="radio"
                id={`${idPrefix}-status-${status}`}
                name={`${row.name}.status`}
                value={status}
                defaultChecked={row.status === status}
                className="h-5 w-5"
              />
              {t(`attendance.status.${status}`)}
            </label>
          ))}
        </div>
        <ErrorList id={statusErrorId} errors={row.statusErrors} />
        <Field
          label={t("attendance.roster.reason")}
          inputProps={{
            type: "text",
            id: `${idPrefix}-reason`,
            name: `${row.name}.reason`,
            defaultValue: row.reason,
            maxLength: REASON_MAX_LENGTH,
            "aria-label": t("attendance.roster.reasonOf", { name: learner.name }),
          }}
          errors={row.reasonErrors}
        />
      </fieldset>
    </li>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
