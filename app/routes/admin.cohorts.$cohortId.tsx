import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z, ZodTypeAny } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, Notice, SelectField, SubmissionKeyField, SubmitButton } from "~/components/forms";
import {
  addMemberSchema,
  assignCourseSchema,
  cohortArchiveSchema,
  cohortDetailsSchema,
  COHORT_MEMBER_ROLES,
  courseDatesSchema,
  memberSchema,
  unassignCourseSchema,
} from "~/lib/cohort-forms";
import { formatDate, formatDateTime, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { refusalReply, refusalResponse } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import {
  addCohortMember,
  archiveCohort,
  assignCohortCourse,
  COHORT_REFUSALS,
  getCohortForAdmin,
  listCohortPrograms,
  removeCohortMember,
  restoreCohort,
  unassignCohortCourse,
  updateCohort,
  updateCohortCourseDates,
} from "~/models/cohort.server";
import { newSubmissionKey, submissionKeyFrom } from "~/models/form-submission.server";
import { CohortDetailsFields } from "~/components/cohort-details-fields";
import { pageTitle } from "~/lib/page-title";
import { CohortNav } from "~/components/cohort-nav";

/** What a redirect after a change says on the page (`?done=`), by the form that made it. */
const DONE_NOTICES = {
  details: "cohorts.done.details",
  "add-member": "cohorts.done.memberAdded",
  "remove-member": "cohorts.done.memberRemoved",
  "assign-course": "cohorts.done.courseAssigned",
  "course-dates": "cohorts.done.courseDates",
  "unassign-course": "cohorts.done.courseUnassigned",
  archive: "cohorts.done.archived",
  restore: "cohorts.done.restored",
  // Set by the import page after it confirms a member list.
  imported: "cohorts.done.imported",
} as const;

type Intent = keyof typeof DONE_NOTICES;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "cohort:manage");
  const cohortId = params.cohortId ?? "";
  const [found, programs] = await Promise.all([
    getCohortForAdmin({ actor: admin, cohortId }),
    listCohortPrograms({ cohortId }),
  ]);
  if (!found.ok) throw refusalResponse(COHORT_REFUSALS, found);
  return {
    cohort: found.cohort,
    assignableCourses: found.assignableCourses,
    programs,
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
  const formId = String(formData.get("formId") ?? intent);
  const submissionKey = submissionKeyFrom(formData);

  /** Parses with `schema`, runs `change`, and answers the form that posted or goes back to the page. */
  async function handle<Schema extends ZodTypeAny>(
    schema: Schema,
    change: (value: z.output<Schema>) => Promise<{ ok: true } | { ok: false; reason: keyof typeof COHORT_REFUSALS }>,
  ) {
    const submission = parseWithZod(formData, { schema });
    if (submission.status !== "success") {
      return data<ActionData>({ formId, result: submission.reply() }, { status: 400 });
    }
    const changed = await change(submission.value);
    if (!changed.ok) {
      if (changed.reason === "notFound" || changed.reason === "notAllowed") {
        throw refusalResponse(COHORT_REFUSALS, changed);
      }
      const { result, init } = refusalReply(submission, COHORT_REFUSALS, changed);
      return data<ActionData>({ formId, result }, init);
    }
    return redirect(`/admin/cohorts/${cohortId}?done=${intent}`, 303);
  }

  switch (intent as Intent) {
    case "details":
      return handle(cohortDetailsSchema, (details) => updateCohort({ actor, cohortId, details }));
    case "add-member":
      return handle(addMemberSchema, (value) => addCohortMember({ actor, cohortId, ...value, submissionKey }));
    case "remove-member":
      return handle(memberSchema, (value) => removeCohortMember({ actor, cohortId, ...value }));
    case "assign-course":
      return handle(assignCourseSchema, (value) => assignCohortCourse({ actor, cohortId, ...value, submissionKey }));
    case "course-dates":
      return handle(courseDatesSchema, (value) => updateCohortCourseDates({ actor, cohortId, ...value }));
    case "unassign-course":
      return handle(unassignCourseSchema, (value) => unassignCohortCourse({ actor, cohortId, ...value }));
    case "archive":
      return handle(cohortArchiveSchema, () => archiveCohort({ actor, cohortId }));
    case "restore":
      return handle(cohortArchiveSchema, () => restoreCohort({ actor, cohortId }));
    default:
      return data<ActionData>({ formId, message: "error.badRequest" }, { status: 400 });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { page: "cohort", area: "admin", names: [data?.cohort.name] }),
];

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Cohort = LoaderData["cohort"];

/** The action's answer when it is for the form `formId`. */
function useAnswerFor(formId: string) {
  const actionData = useActionData<typeof action>();
  return actionData?.formId === formId ? actionData : undefined;
}

/** "2026-09-01" for a date input, from a calendar day stored as UTC midnight. */
function dayValue(day: Date | string | null) {
  return day ? new Date(day).toISOString().slice(0, 10) : "";
}

export default function AdminCohortPage() {
  const { cohort } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const done = searchParams.get("done");
  const doneNotice = done && done in DONE_NOTICES ? DONE_NOTICES[done as Intent] : null;
  return (
    <section aria-labelledby="cohort-heading" className="space-y-8">
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
      {cohort.archivedAt ? (
        <Notice tone="info">
          {t("cohorts.archivedNotice", { date: formatDateTime(cohort.archivedAt, language) })}
        </Notice>
      ) : null}
      <CohortNav cohortId={cohort.id} cohortName={cohort.name} />
      {doneNotice && !actionData ? <Notice tone="success">{t(doneNotice)}</Notice> : null}
      {actionData?.message ? <FormErrors errors={[actionData.message]} /> : null}
      <MembersSection cohort={cohort} />
      <CoursesSection cohort={cohort} />
      <DetailsSection cohort={cohort} />
    </section>
  );
}

function DetailsSection({ cohort }: { cohort: Cohort }) {
  const { programs } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const answer = useAnswerFor("details");
  const [form, fields] = useForm({
    id: "details",
    lastResult: answer?.result,
    constraint: getZodConstraint(cohortDetailsSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: cohortDetailsSchema }),
    defaultValue: {
      programId: cohort.programId,
      name: cohort.name,
      slug: cohort.slug,
      startsOn: dayValue(cohort.startsOn),
      endsOn: dayValue(cohort.endsOn),
      description: cohort.description,
    },
  });
  const archiveIntent = cohort.archivedAt ? "restore" : "archive";
  const archiveAnswer = useAnswerFor(archiveIntent);
  return (
    <section aria-labelledby="details-heading" className="max-w-xl space-y-4">
      <h2 id="details-heading" className="text-lg font-semibold">
        {t("cohorts.details")}
      </h2>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <input type="hidden" name="intent" value="details" />
        <input type="hidden" name="formId" value="details" />
        <CohortDetailsFields fields={fields} programs={programs} isNew={false} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SubmitButton>{t("cohorts.saveDetails")}</SubmitButton>
      </Form>
      <div className="space-y-2 rounded-lg border border-slate-200 p-4">
        <h3 className="font-semibold">
          {cohort.archivedAt ? t("cohorts.restoreHeading") : t("cohorts.archiveHeading")}
        </h3>
        <p className="text-sm text-slate-600">
          {cohort.archivedAt ? t("cohorts.restoreHelp") : t("cohorts.archiveHelp")}
        </p>
        <Form method="post">
          <input type="hidden" name="intent" value={archiveIntent} />
          <input type="hidden" name="formId" value={archiveIntent} />
          <button
            type="submit"
            className={`text-sm underline ${cohort.archivedAt ? "text-brand-700" : "text-red-700"}`}
            aria-label={t(cohort.archivedAt ? "cohorts.restoreNamed" : "cohorts.archiveNamed", { name: cohort.name })}
          >
            {cohort.archivedAt ? t("cohorts.restore") : t("cohorts.archive")}
          </button>
          <FormErrors errors={archiveAnswer?.result?.error?.[""]} />
        </Form>
      </div>
    </section>
  );
}

function MembersSection({ cohort }: { cohort: Cohort }) {
  const { submissionKey } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const answer = useAnswerFor("add-member");
  const removeAnswer = useAnswerFor("remove-member");
  const [form, fields] = useForm({
    id: "add-member",
    lastResult: answer?.result,
    constraint: getZodConstraint(addMemberSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: addMemberSchema }),
    defaultValue: { role: "LEARNER" },
  });
  const currentCount = cohort.members.filter((member) => !member.leftAt).length;
  return (
    <section aria-labelledby="members-heading" className="space-y-4">
      <h2 id="members-heading" className="text-lg font-semibold">
        {t("cohorts.members")}
      </h2>
      <p className="text-sm text-slate-600">{t("cohorts.memberCount", { count: currentCount })}</p>
      <FormErrors errors={removeAnswer?.result?.error?.[""]} />
      {cohort.members.length === 0 ? (
        <p className="text-sm text-slate-600">{t("cohorts.noMembers")}</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full border-collapse text-sm">
            <caption className="sr-only">{t("cohorts.members")}</caption>
            <thead>
              <tr className="border-b border-slate-300 text-left">
                <th scope="col" className="py-2">
                  {t("cohorts.memberName")}
                </th>
                <th scope="col">{t("cohorts.email")}</th>
                <th scope="col">{t("cohorts.role")}</th>
                <th scope="col">{t("cohorts.joinedAt")}</th>
                <th scope="col">{t("cohorts.leftAt")}</th>
                <th scope="col">
                  <span className="sr-only">{t("cohorts.actions")}</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {cohort.members.map((member) => (
                <tr key={member.id} className={`border-b border-slate-200 ${member.leftAt ? "text-slate-500" : ""}`}>
                  <td className="py-2">
                    <Link to={`/admin/learners/${member.user.id}`} className="underline">
                      {member.user.name}
                    </Link>
                  </td>
                  <td>{member.user.email}</td>
                  <td>{t(`cohorts.roles.${member.role}`)}</td>
                  <td>{formatDateTime(member.joinedAt, language)}</td>
                  <td>{member.leftAt ? formatDateTime(member.leftAt, language) : "—"}</td>
                  <td className="text-right">
                    {member.leftAt ? null : (
                      <Form method="post">
                        <input type="hidden" name="intent" value="remove-member" />
                        <input type="hidden" name="formId" value="remove-member" />
                        <input type="hidden" name="memberId" value={member.id} />
                        <button
                          type="submit"
                          className="text-sm text-red-700 underline"
                          aria-label={t("cohorts.removeMemberNamed", { name: member.user.name })}
                        >
                          {t("cohorts.removeMember")}
                        </button>
                      </Form>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <p className="text-sm text-slate-600">{t("cohorts.removeKeepsRecords")}</p>
      <Form
        method="post"
        {...getFormProps(form)}
        className="flex max-w-2xl flex-wrap items-end gap-3 rounded-lg border border-slate-200 p-4"
      >
        <input type="hidden" name="intent" value="add-member" />
        <input type="hidden" name="formId" value="add-member" />
        <SubmissionKeyField value={submissionKey} />
        <div className="min-w-64 flex-1">
          <Field
            label={t("cohorts.memberEmail")}
            inputProps={{ ...getInputProps(fields.email, { type: "email" }), autoComplete: "off" }}
            errors={fields.email.errors}
          />
        </div>
        <SelectField
          label={t("cohorts.role")}
          selectProps={getSelectProps(fields.role)}
          options={COHORT_MEMBER_ROLES.map((role) => ({ value: role, label: t(`cohorts.roles.${role}`) }))}
          errors={fields.role.errors}
        />
        <SubmitButton>{t("cohorts.addMember")}</SubmitButton>
        <p className="w-full text-sm text-slate-600">
          {t("cohorts.addMemberHelp")}{" "}
          <Link to={`/admin/cohorts/${cohort.id}/import`} className="font-semibold underline">
            {t("cohorts.importMembersLink")}
          </Link>
        </p>
        <FormErrors id={form.errorId} errors={form.errors} />
      </Form>
    </section>
  );
}

function CoursesSection({ cohort }: { cohort: Cohort }) {
  const { assignableCourses, submissionKey } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const answer = useAnswerFor("assign-course");
  const unassignAnswer = useAnswerFor("unassign-course");
  const [form, fields] = useForm({
    id: "assign-course",
    lastResult: answer?.result,
    constraint: getZodConstraint(assignCourseSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: assignCourseSchema }),
  });
  return (
    <section aria-labelledby="courses-heading" className="space-y-4">
      <h2 id="courses-heading" className="text-lg font-semibold">
        {t("cohorts.courses")}
      </h2>
      <FormErrors errors={unassignAnswer?.result?.error?.[""]} />
      {cohort.courses.length === 0 ? (
        <p className="text-sm text-slate-600">{t("cohorts.noCourses")}</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200">
          {cohort.courses.map((assignment) => (
            <AssignedCourseRow key={assignment.id} assignment={assignment} />
          ))}
        </ul>
      )}
      <p className="text-sm text-slate-600">{t("cohorts.unassignKeepsRecords")}</p>
      <div className="max-w-2xl space-y-3 rounded-lg border border-slate-200 p-4">
        <h3 className="font-semibold">{t("cohorts.assignCourse")}</h3>
        <p className="text-sm text-slate-600">{t("cohorts.assignHelp")}</p>
        {assignableCourses.length === 0 ? (
          <p className="text-sm text-slate-600">{t("cohorts.noAssignableCourses")}</p>
        ) : (
          <Form method="post" {...getFormProps(form)} className="space-y-3">
            <input type="hidden" name="intent" value="assign-course" />
            <input type="hidden" name="formId" value="assign-course" />
            <SubmissionKeyField value={submissionKey} />
            <SelectField
              label={t("cohorts.course")}
              selectProps={getSelectProps(fields.courseId)}
              options={[
                { value: "", label: t("cohorts.chooseCourse") },
                ...assignableCourses.map((course) => ({ value: course.id, label: `${course.code} · ${course.title}` })),
              ]}
              errors={fields.courseId.errors}
            />
            <div className="grid gap-3 sm:grid-cols-2">
              <Field
                label={t("cohorts.courseStartsOn")}
                inputProps={getInputProps(fields.startsOn, { type: "date" })}
                errors={fields.startsOn.errors}
              />
              <Field
                label={t("cohorts.courseDueOn")}
                inputProps={getInputProps(fields.dueOn, { type: "date" })}
                errors={fields.dueOn.errors}
              />
            </div>
            <FormErrors id={form.errorId} errors={form.errors} />
            <SubmitButton>{t("cohorts.assign")}</SubmitButton>
          </Form>
        )}
      </div>
    </section>
  );
}

function AssignedCourseRow({ assignment }: { assignment: Cohort["courses"][number] }) {
  const { t } = useTranslation();
  const formId = `course-dates-${assignment.course.id}`;
  const answer = useAnswerFor(formId);
  const [form, fields] = useForm({
    id: formId,
    lastResult: answer?.result,
    constraint: getZodConstraint(courseDatesSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: courseDatesSchema }),
    defaultValue: {
      courseId: assignment.course.id,
      startsOn: dayValue(assignment.startsOn),
      dueOn: dayValue(assignment.dueOn),
    },
  });
  const label = `${assignment.course.code} · ${assignment.course.title}`;
  return (
    <li className="space-y-2 p-3">
      <p className="text-sm font-medium">
        {label}
        {assignment.course.status !== "PUBLISHED" ? (
          <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs text-amber-900">
            {t("cohorts.courseNotPublished")}
          </span>
        ) : null}
      </p>
      <div className="flex flex-wrap items-end gap-3">
        <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-end gap-3">
          <input type="hidden" name="intent" value="course-dates" />
          <input type="hidden" name="formId" value={formId} />
          <input type="hidden" name="courseId" value={assignment.course.id} />
          <Field
            label={t("cohorts.courseStartsOn")}
            inputProps={getInputProps(fields.startsOn, { type: "date" })}
            errors={fields.startsOn.errors}
          />
          <Field
            label={t("cohorts.courseDueOn")}
            inputProps={getInputProps(fields.dueOn, { type: "date" })}
            errors={fields.dueOn.errors}
          />
          <SubmitButton aria-label={t("cohorts.saveDatesOf", { course: label })}>{t("cohorts.saveDates")}</SubmitButton>
          <FormErrors id={form.errorId} errors={form.errors} />
        </Form>
        <Form method="post">
          <input type="hidden" name="intent" value="unassign-course" />
          <input type="hidden" name="formId" value="unassign-course" />
          <input type="hidden" name="courseId" value={assignment.course.id} />
          <button
            type="submit"
            className="py-2 text-sm text-red-700 underline"
            aria-label={t("cohorts.unassignNamed", { course: label })}
          >
            {t("cohorts.unassign")}
          </button>
        </Form>
      </div>
    </li>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
