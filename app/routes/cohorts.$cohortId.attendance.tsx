import { getCollectionProps, getFormProps, getInputProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z, ZodTypeAny } from "zod";
import { requireUser } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { formatMonth, isoWeekday, RateCell, useDayLabel } from "~/components/attendance/attendance-text";
import { CohortNav, cohortPagePath } from "~/components/cohort-nav";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { ErrorList, Field, FormErrors, Notice, SubmitButton } from "~/components/forms";
import {
  addClassDaySchema,
  addClassDaysSchema,
  ISO_WEEKDAYS,
  monthOf,
  monthRange,
  monthSchema,
  removeClassDaySchema,
  shiftMonth,
} from "~/lib/attendance-forms";
import { formatDate, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { refusalReply, refusalResponse } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { pageTitle } from "~/lib/page-title";
import {
  addClassDay,
  addClassDaysByWeekday,
  ATTENDANCE_REFUSALS,
  findCohortForTaker,
  getAttendanceMonth,
  removeClassDay,
} from "~/models/attendance.server";

/** What a redirect after a change says on the page (`?done=`). */
const DONE_NOTICES = {
  "day-added": "attendance.done.dayAdded",
  "day-kept": "attendance.done.dayKept",
  "days-added": "attendance.done.daysAdded",
  "day-removed": "attendance.done.dayRemoved",
} as const;

/** The `?month=` asked for: null for the default month; a malformed one is a 400. */
function monthFrom(request: Request) {
  const value = new URL(request.url).searchParams.get("month");
  if (!value) return null;
  const parsed = monthSchema.safeParse(value);
  if (!parsed.success) throw new Response("attendance.monthInvalid", { status: 400 });
  return parsed.data;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  const month = monthFrom(request);
  const found = await getAttendanceMonth({ actor: user, cohortId: params.cohortId ?? "", month });
  if (!found.ok) throw refusalResponse(ATTENDANCE_REFUSALS, found);
  const { cohort } = found;
  return {
    cohort: {
      id: cohort.id,
      name: cohort.name,
      startsOn: cohort.startsOn,
      endsOn: cohort.endsOn,
      program: cohort.program,
    },
    today: found.today,
    month: found.month,
    thresholdPercent: found.thresholdPercent,
    classDays: found.classDays,
    learners: found.learners,
    monthRate: found.monthRate,
    cohortRate: found.cohortRate,
    /** Admins see every tab of the cohort; instructors only this page. */
    isCohortAdmin: can(user, "cohort:manage"),
    canExport: can(user, "report:export"),
  };
}

type ActionData = { formId: string; result?: SubmissionResult<string[]>; message?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const actor = { ...user, ipAddress: getClientIp(context) };
  const cohortId = params.cohortId ?? "";
  const allowed = await findCohortForTaker({ actor, cohortId });
  if (!allowed.ok) throw refusalResponse(ATTENDANCE_REFUSALS, allowed);
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const postedMonth = monthSchema.safeParse(formData.get("month"));
  const basePath = cohortPagePath(cohortId, "attendance");

  /** Parses with `schema`, runs `change`, and answers the form or goes back to the month it changed. */
  async function handle<Schema extends ZodTypeAny>(
    schema: Schema,
    change: (value: z.output<Schema>) => Promise<
      | { ok: true; done: keyof typeof DONE_NOTICES; month: string; query?: Record<string, string> }
      | {
          ok: false;
          reason: keyof typeof ATTENDANCE_REFUSALS;
        }
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
    const query = new URLSearchParams({ month: changed.month, done: changed.done, ...changed.query });
    return redirect(`${basePath}?${query}`, 303);
  }

  switch (intent) {
    case "add-day":
      return handle(addClassDaySchema, async ({ date, note }) => {
        const added = await addClassDay({ actor, cohortId, date, note });
        if (!added.ok) return added;
        return { ok: true, done: added.addedCount > 0 ? "day-added" : "day-kept", month: monthOf(date) };
      });
    case "add-days":
      return handle(addClassDaysSchema, async ({ from, to, weekdays }) => {
        const added = await addClassDaysByWeekday({ actor, cohortId, from, to, weekdays });
        if (!added.ok) return added;
        return {
          ok: true,
          done: "days-added",
          month: monthOf(from),
          query: { added: String(added.addedCount), kept: String(added.keptCount) },
        };
      });
    case "remove-day":
      return handle(removeClassDaySchema, async ({ classDayId }) => {
        const removed = await removeClassDay({ actor, cohortId, classDayId });
        if (!removed.ok) return removed;
        return { ok: true, done: "day-removed", month: postedMonth.data ?? monthOf(removed.date) };
      });
    default:
      return data<ActionData>({ formId: intent, message: "error.badRequest" }, { status: 400 });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { page: "attendance", names: [data?.cohort.name] }),
];

/** The action's answer when it is for the form `formId`. */
function useAnswerFor(formId: string) {
  const actionData = useActionData<typeof action>();
  return actionData?.formId === formId ? actionData : undefined;
}

/** "2026-03-02" for a date input or a key, from a calendar day stored as UTC midnight. */
function dayValue(day: Date | string) {
  return new Date(day).toISOString().slice(0, 10);
}

export default function CohortAttendancePage() {
  const { cohort, isCohortAdmin } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const done = searchParams.get("done");
  const doneNotice = done && done in DONE_NOTICES ? DONE_NOTICES[done as keyof typeof DONE_NOTICES] : null;
  return (
    <section aria-labelledby="attendance-heading" className="space-y-8">
      <header className="space-y-1">
        <h1 id="attendance-heading" className="text-2xl font-bold break-words">
          {cohort.name} · {t("attendance.title")}
        </h1>
        <p className="text-slate-600">
          {t(`programKind.${cohort.program.kind}`)} · {localized(cohort.program, "name", language)} ·{" "}
          {t("cohorts.dateRange", {
            start: formatDate(cohort.startsOn, language),
            end: formatDate(cohort.endsOn, language),
          })}
        </p>
      </header>
      <CohortNav cohortId={cohort.id} cohortName={cohort.name} pages={isCohortAdmin ? undefined : ["attendance"]} />
      {doneNotice && !actionData ? (
        <Notice tone="success">
          {t(doneNotice, { added: searchParams.get("added") ?? "0", kept: searchParams.get("kept") ?? "0" })}
        </Notice>
      ) : null}
      {actionData?.message ? <FormErrors errors={[actionData.message]} /> : null}
      <MonthNavigation />
      <MonthCalendar />
      <ClassDayList />
      <LearnersTable />
      <AddClassDays />
      <ExportLinks />
    </section>
  );
}

function MonthNavigation() {
  const { cohort, month } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const previous = shiftMonth(month, -1);
  const next = shiftMonth(month, 1);
  const hasPrevious = previous >= monthOf(cohort.startsOn);
  const hasNext = next <= monthOf(cohort.endsOn);
  return (
    <nav aria-label={t("attendance.monthNav")} className="flex items-center justify-between gap-2">
      {hasPrevious ? (
        <Link to={`?month=${previous}`} className="inline-flex min-h-11 items-center px-2 underline">
          {t("attendance.previousMonth")}
        </Link>
      ) : (
        <span />
      )}
      <p className="text-lg font-semibold">{formatMonth(month, language)}</p>
      {hasNext ? (
        <Link to={`?month=${next}`} className="inline-flex min-h-11 items-center px-2 underline">
          {t("attendance.nextMonth")}
        </Link>
      ) : (
        <span />
      )}
    </nav>
  );
}

/** The month as weeks from Monday to Sunday; class days link to their roster, today is outlined. */
function MonthCalendar() {
  const { cohort, month, classDays, today } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const dayLabel = useDayLabel();
  const { from, until } = monthRange(month);
  const classDayByDate = new Map(classDays.map((day) => [dayValue(day.date), day]));
  const todayValue = dayValue(today);
  const dayCount = Math.round((until.getTime() - from.getTime()) / 86_400_000);
  const cells: (Date | null)[] = [
    ...Array.from({ length: isoWeekday(from) - 1 }, () => null),
    ...Array.from({ length: dayCount }, (_, index) => new Date(from.getTime() + index * 86_400_000)),
  ];
  while (cells.length % 7 !== 0) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, index) => cells.slice(index * 7, index * 7 + 7));
  return (
    <div className="space-y-2">
      <p className="text-sm text-slate-600">{t("attendance.calendarHelp")}</p>
      <div className="relative overflow-x-auto">
        <table className="w-full table-fixed border-collapse text-center text-sm">
          <caption className="sr-only">
            {t("attendance.calendarCaption", { month: formatMonth(month, language) })}
          </caption>
          <thead>
            <tr>
              {ISO_WEEKDAYS.map((weekday) => (
                <th key={weekday} scope="col" className="py-1 font-medium text-slate-600">
                  <abbr title={t(`attendance.weekdayLong.${weekday}`)} className="no-underline">
                    {t(`attendance.weekdayShort.${weekday}`)}
                  </abbr>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {weeks.map((week) => (
              <tr key={dayValue(week.find(Boolean) ?? from)}>
                {week.map((date, index) => {
                  if (!date) return <td key={`empty-${index}`} />;
                  const value = dayValue(date);
                  const classDay = classDayByDate.get(value);
                  const isToday = value === todayValue;
                  const isInCohort = date >= new Date(cohort.startsOn) && date <= new Date(cohort.endsOn);
                  return (
                    <td key={value} className="p-0.5">
                      {classDay ? (
                        <Link
                          to={`${cohortPagePath(cohort.id, "attendance")}/${classDay.id}`}
                          aria-label={`${dayLabel(date)} · ${t("attendance.classDayMark")}${
                            isToday ? ` · ${t("attendance.today")}` : ""
                          }`}
                          aria-current={isToday ? "date" : undefined}
                          className={`flex min-h-11 items-center justify-center rounded-md bg-brand-100 font-semibold underline ${
                            isToday ? "ring-2 ring-ink" : ""
                          }`}
                        >
                          {date.getUTCDate()}
                        </Link>
                      ) : (
                        <span
                          aria-current={isToday ? "date" : undefined}
                          className={`flex min-h-11 items-center justify-center rounded-md ${
                            isInCohort ? "text-slate-700" : "text-slate-400"
                          } ${isToday ? "ring-2 ring-ink" : ""}`}
                        >
                          {date.getUTCDate()}
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}

function ClassDayList() {
  const { cohort, month, classDays, today } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const dayLabel = useDayLabel();
  const removeAnswer = useAnswerFor("remove-day");
  return (
    <section aria-labelledby="class-days-heading" className="space-y-3">
      <h2 id="class-days-heading" className="text-lg font-semibold">
        {t("attendance.classDaysHeading", { month: formatMonth(month, language) })}
      </h2>
      <FormErrors errors={removeAnswer?.result?.error?.[""]} />
      {classDays.length === 0 ? (
        <p className="text-sm text-slate-600">{t("attendance.noClassDays")}</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white">
          {classDays.map((day) => {
            const label = dayLabel(day.date);
            const isToday = dayValue(day.date) === dayValue(today);
            return (
              <li key={day.id} className="flex flex-wrap items-center justify-between gap-2 p-3">
                <div className="min-w-0">
                  <p className="font-medium">
                    {label}
                    {isToday ? (
                      <span className="ml-2 rounded bg-brand-100 px-1.5 text-xs">{t("attendance.today")}</span>
                    ) : null}
                  </p>
                  <p className="text-sm text-slate-600">
                    {t("attendance.recordedCount", { count: day.recordCount })}
                    {day.note ? ` · ${day.note}` : ""}
                  </p>
                </div>
                <div className="flex items-center gap-2">
                  <Link
                    to={`${cohortPagePath(cohort.id, "attendance")}/${day.id}`}
                    aria-label={t("attendance.openRosterOf", { date: label })}
                    className="inline-flex min-h-11 items-center rounded-md bg-ink px-4 font-medium text-white"
                  >
                    {t("attendance.openRoster")}
                  </Link>
                  {day.recordCount === 0 ? (
                    <Form method="post">
                      <input type="hidden" name="intent" value="remove-day" />
                      <input type="hidden" name="month" value={month} />
                      <input type="hidden" name="classDayId" value={day.id} />
                      <button
                        type="submit"
                        className="min-h-11 px-2 text-sm text-red-700 underline"
                        aria-label={t("attendance.removeDayOf", { date: label })}
                      >
                        {t("attendance.removeDay")}
                      </button>
                    </Form>
                  ) : null}
                </div>
              </li>
            );
          })}
        </ul>
      )}
      <p className="text-sm text-slate-600">{t("attendance.removeDayHelp")}</p>
    </section>
  );
}

function LearnersTable() {
  const { month, learners, thresholdPercent, monthRate, cohortRate } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const belowCount = learners.filter((learner) => learner.isBelowThreshold).length;
  return (
    <section aria-labelledby="learners-heading" className="space-y-3">
      <h2 id="learners-heading" className="text-lg font-semibold">
        {t("attendance.learnersHeading", { month: formatMonth(month, language) })}
      </h2>
      <dl className="grid grid-cols-1 gap-2 text-sm sm:grid-cols-3">
        <div className="rounded-md border border-slate-200 bg-white p-3">
          <dt className="text-slate-600">{t("attendance.cohortMonthRate")}</dt>
          <dd className="text-lg font-semibold">
            <RateCell rate={monthRate} isBelowThreshold={monthRate !== null && monthRate * 100 < thresholdPercent} />
          </dd>
        </div>
        <div className="rounded-md border border-slate-200 bg-white p-3">
          <dt className="text-slate-600">{t("attendance.cohortOverallRate")}</dt>
          <dd className="text-lg font-semibold">
            <RateCell rate={cohortRate} isBelowThreshold={cohortRate !== null && cohortRate * 100 < thresholdPercent} />
          </dd>
        </div>
        <div className="rounded-md border border-slate-200 bg-white p-3">
          <dt className="text-slate-600">{t("attendance.threshold")}</dt>
          <dd className="text-lg font-semibold">
            {t("attendance.thresholdValue", { threshold: thresholdPercent })}
            <span className="block text-sm font-normal text-slate-600">
              {t("attendance.belowThresholdCount", { count: belowCount })}
            </span>
          </dd>
        </div>
      </dl>
      <p className="text-sm text-slate-600">{t("attendance.rateRules")}</p>
      {learners.length === 0 ? (
        <p className="text-sm text-slate-600">{t("attendance.noLearners")}</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full min-w-[44rem] border-collapse text-sm">
            <caption className="sr-only">
              {t("attendance.learnersHeading", { month: formatMonth(month, language) })}
            </caption>
            <thead>
              <tr className="border-b border-slate-300 text-left">
                <th scope="col" className="py-2 pr-3">
                  {t("attendance.learnerName")}
                </th>
                <th scope="col" className="pr-3 text-right">
                  {t("attendance.status.PRESENT")}
                </th>
                <th scope="col" className="pr-3 text-right">
                  {t("attendance.status.LATE")}
                </th>
                <th scope="col" className="pr-3 text-right">
                  {t("attendance.status.LEFT_EARLY")}
                </th>
                <th scope="col" className="pr-3 text-right">
                  {t("attendance.status.ABSENT")}
                </th>
                <th scope="col" className="pr-3 text-right">
                  {t("attendance.status.EXCUSED")}
                </th>
                <th scope="col" className="pr-3">
                  {t("attendance.monthRate")}
                </th>
                <th scope="col">{t("attendance.overallRate")}</th>
              </tr>
            </thead>
            <tbody>
              {learners.map((learner) => (
                <tr key={learner.userId} className="border-b border-slate-200">
                  <th scope="row" className="py-2 pr-3 text-left font-medium">
                    {learner.name}
                    {new Date(learner.joinedOn) >= monthRange(month).from ? (
                      <span className="block text-xs font-normal text-slate-500">
                        {t("attendance.joinedOn", { date: formatDate(learner.joinedOn, language) })}
                      </span>
                    ) : null}
                    {learner.leftOn ? (
                      <span className="block text-xs font-normal text-slate-500">
                        {t("attendance.leftOn", { date: formatDate(learner.leftOn, language) })}
                      </span>
                    ) : null}
                  </th>
                  <td className="pr-3 text-right tabular-nums">{learner.presentDays}</td>
                  <td className="pr-3 text-right tabular-nums">{learner.lateDays}</td>
                  <td className="pr-3 text-right tabular-nums">{learner.leftEarlyDays}</td>
                  <td className="pr-3 text-right tabular-nums">
                    {learner.absentDays}
                    {learner.unrecordedDays > 0 ? (
                      <span className="block text-xs text-slate-500">
                        {t("attendance.unrecorded")} {learner.unrecordedDays}
                      </span>
                    ) : null}
                  </td>
                  <td className="pr-3 text-right tabular-nums">{learner.excusedDays}</td>
                  <td className="pr-3">
                    <RateCell rate={learner.rate} isBelowThreshold={learner.isBelowThreshold} />
                  </td>
                  <td>
                    <RateCell rate={learner.overallRate} isBelowThreshold={learner.isOverallBelowThreshold} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

function AddClassDays() {
  const { cohort, month } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const dayAnswer = useAnswerFor("add-day");
  const daysAnswer = useAnswerFor("add-days");
  const { from, until } = monthRange(month);
  const lastOfMonth = new Date(until.getTime() - 86_400_000);
  const [dayForm, dayFields] = useForm({
    id: "add-day",
    lastResult: dayAnswer?.result,
    constraint: getZodConstraint(addClassDaySchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addClassDaySchema }),
  });
  const [daysForm, daysFields] = useForm({
    id: "add-days",
    lastResult: daysAnswer?.result,
    constraint: getZodConstraint(addClassDaysSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addClassDaysSchema }),
    defaultValue: {
      from: dayValue(from < new Date(cohort.startsOn) ? cohort.startsOn : from),
      to: dayValue(lastOfMonth > new Date(cohort.endsOn) ? cohort.endsOn : lastOfMonth),
      weekdays: ["1", "2", "3", "4", "5"],
    },
  });
  const weekdayBoxes = getCollectionProps(daysFields.weekdays, {
    type: "checkbox",
    options: ISO_WEEKDAYS.map(String),
  });
  const weekdaysErrorId = `${daysForm.id}-weekdays-error`;
  const bounds = { min: dayValue(cohort.startsOn), max: dayValue(cohort.endsOn) };
  return (
    <section aria-labelledby="add-days-heading" className="space-y-4">
      <h2 id="add-days-heading" className="sr-only">
        {t("attendance.addDaysHeading")}
      </h2>
      <p className="text-sm text-slate-600">
        {t("attendance.cohortDates", {
          start: formatDate(cohort.startsOn, language),
          end: formatDate(cohort.endsOn, language),
        })}
      </p>
      <div className="grid gap-4 md:grid-cols-2">
        <Form
          method="post"
          {...getFormProps(dayForm)}
          className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
        >
          <h3 className="font-semibold">{t("attendance.addDayHeading")}</h3>
          <input type="hidden" name="intent" value="add-day" />
          <Field
            label={t("attendance.date")}
            inputProps={{ ...getInputProps(dayFields.date, { type: "date" }), ...bounds }}
            errors={dayFields.date.errors}
          />
          <Field
            label={t("attendance.note")}
            inputProps={getInputProps(dayFields.note, { type: "text" })}
            errors={dayFields.note.errors}
          />
          <FormErrors id={dayForm.errorId} errors={dayForm.errors} />
          <SubmitButton className="min-h-11">{t("attendance.addDay")}</SubmitButton>
        </Form>
        <Form
          method="post"
          {...getFormProps(daysForm)}
          className="space-y-3 rounded-lg border border-slate-200 bg-white p-4"
        >
          <h3 className="font-semibold">{t("attendance.addDaysHeading")}</h3>
          <p className="text-sm text-slate-600">{t("attendance.addDaysHelp")}</p>
          <input type="hidden" name="intent" value="add-days" />
          <div className="grid gap-3 sm:grid-cols-2">
            <Field
              label={t("attendance.from")}
              inputProps={{ ...getInputProps(daysFields.from, { type: "date" }), ...bounds }}
              errors={daysFields.from.errors}
            />
            <Field
              label={t("attendance.to")}
              inputProps={{ ...getInputProps(daysFields.to, { type: "date" }), ...bounds }}
              errors={daysFields.to.errors}
            />
          </div>
          <fieldset aria-describedby={daysFields.weekdays.errors?.length ? weekdaysErrorId : undefined}>
            <legend className="text-sm font-medium">{t("attendance.weekdays")}</legend>
            <div className="mt-1 flex flex-wrap gap-2">
              {weekdayBoxes.map(({ key, ...box }) => (
                <label
                  key={key}
                  htmlFor={box.id}
                  className="flex min-h-11 min-w-11 items-center justify-center gap-1 rounded-md border border-slate-300 bg-white px-3 has-[:checked]:border-ink has-[:checked]:bg-brand-100"
                >
                  <input {...box} />
                  <abbr title={t(`attendance.weekdayLong.${box.value}`)} className="no-underline">
                    {t(`attendance.weekdayShort.${box.value}`)}
                  </abbr>
                </label>
              ))}
            </div>
            <ErrorList id={weekdaysErrorId} errors={daysFields.weekdays.errors} />
          </fieldset>
          <FormErrors id={daysForm.errorId} errors={daysForm.errors} />
          <SubmitButton className="min-h-11">{t("attendance.addDays")}</SubmitButton>
        </Form>
      </div>
    </section>
  );
}

function ExportLinks() {
  const { cohort, month, canExport } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  if (!canExport) return null;
  const path = `${cohortPagePath(cohort.id, "attendance")}/export?month=${month}`;
  return (
    <section aria-labelledby="export-heading" className="space-y-2">
      <h2 id="export-heading" className="text-lg font-semibold">
        {t("attendance.exportHeading")}
      </h2>
      <p className="text-sm text-slate-600">{t("attendance.exportHelp")}</p>
      <div className="flex flex-wrap gap-2">
        <a
          href={`${path}&format=xlsx`}
          className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 font-medium"
        >
          {t("attendance.exportXlsx")}
        </a>
        <a
          href={`${path}&format=csv`}
          className="inline-flex min-h-11 items-center rounded-md border border-slate-300 bg-white px-4 font-medium"
        >
          {t("attendance.exportCsv")}
        </a>
      </div>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
