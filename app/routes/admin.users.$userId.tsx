import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { ErrorList, Field, FormErrors, Notice, SubmitButton } from "~/components/forms";
import { formatDateTime, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { studentRecordSchema } from "~/lib/program-forms";
import { getClientIp } from "~/lib/request.server";
import { listAuditEvents } from "~/models/audit-log.server";
import { listDegreeTrackChoices } from "~/models/program-admin.server";
import { refusalData, refusalReply, refusalResponse } from "~/lib/refusal.server";
import {
  changeStudentRecord,
  changeUserRole,
  getUserForAdmin,
  MANAGE_USER_REFUSALS,
  setUserDeactivated,
  STUDENT_RECORD_REFUSALS,
} from "~/models/user.server";
import { isUuid } from "~/lib/uuid";
import { pageTitle } from "~/lib/page-title";

const ROLES = ["LEARNER", "INSTRUCTOR", "ADMIN"] as const;

async function findUserOr404(userId: string | undefined) {
  const user = userId && isUuid(userId) ? await getUserForAdmin({ userId }) : null;
  if (!user) throw new Response("User not found", { status: 404 });
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "user:manage");
  const user = await findUserOr404(params.userId);
  const [{ items: events }, degreeTracks] = await Promise.all([
    listAuditEvents({ entityType: "User", entityId: user.id, page: 1 }),
    listDegreeTrackChoices({ includeTrackId: user.degreeTrackId }),
  ]);
  return { user, events, degreeTracks, isSelf: admin.id === user.id };
}

const userActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("change-role"),
    role: z.enum(ROLES, { errorMap: () => ({ message: "validation.required" }) }),
  }),
  z.object({ intent: z.literal("deactivate") }),
  z.object({ intent: z.literal("reactivate") }),
]);

type StudentRecordReply = { formId: "student-record"; result: SubmissionResult<string[]> };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "user:manage");
  const user = await findUserOr404(params.userId);
  const formData = await request.formData();
  if (formData.get("intent") === "student-record") {
    const submission = parseWithZod(formData, { schema: studentRecordSchema });
    if (submission.status !== "success") {
      return data<StudentRecordReply>({ formId: "student-record", result: submission.reply() }, { status: 400 });
    }
    const changed = await changeStudentRecord({
      actor: admin,
      userId: user.id,
      ipAddress: getClientIp(context),
      ...submission.value,
    });
    if (!changed.ok) {
      if (changed.reason === "notAllowed" || changed.reason === "userNotFound") {
        throw refusalResponse(STUDENT_RECORD_REFUSALS, changed);
      }
      const { result, init } = refusalReply(submission, STUDENT_RECORD_REFUSALS, changed);
      return data<StudentRecordReply>({ formId: "student-record", result }, init);
    }
    return redirect(`/admin/users/${user.id}?done=student-record`, 303);
  }
  const parsed = userActionSchema.safeParse(Object.fromEntries(formData));
  if (!parsed.success) return data({ error: "validation.required" }, { status: 400 });
  const change = { actor: admin, userId: user.id, ipAddress: getClientIp(context) };
  const result =
    parsed.data.intent === "change-role"
      ? await changeUserRole({ ...change, role: parsed.data.role })
      : await setUserDeactivated({ ...change, isDeactivated: parsed.data.intent === "deactivate" });
  if (!result.ok) return refusalData(MANAGE_USER_REFUSALS, result);
  return redirect(`/admin/users/${user.id}`, 303);
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { page: "user", area: "admin", names: [data?.user.name] }),
];

export default function AdminUserPage() {
  const { user, events, isSelf } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const error = actionData && "error" in actionData ? actionData.error : null;
  return (
    <section aria-labelledby="user-heading" className="space-y-6">
      <p className="text-sm">
        <Link to="/admin/users" className="underline">
          {t("admin.backToUsers")}
        </Link>
      </p>
      <header>
        <h1 id="user-heading" className="text-2xl font-bold">
          {user.name}
        </h1>
        <p className="text-slate-600">{user.email}</p>
      </header>
      {user.deactivatedAt ? <Notice tone="error">{t("admin.userDeactivated")}</Notice> : null}
      {searchParams.get("done") === "student-record" && !actionData ? (
        <Notice tone="success">{t("studentRecord.saved")}</Notice>
      ) : null}
      <FormErrors errors={error ? [error] : null} />
      <dl className="grid max-w-md grid-cols-2 gap-2 text-sm">
        <dt className="text-slate-600">{t("admin.role")}</dt>
        <dd>{t(`role.${user.role}`)}</dd>
        <dt className="text-slate-600">{t("settings.twoFactorTab")}</dt>
        <dd>{user.totpEnabledAt ? t("admin.on") : t("admin.off")}</dd>
        <dt className="text-slate-600">{t("admin.joined")}</dt>
        <dd>{formatDateTime(user.createdAt, language)}</dd>
        <dt className="text-slate-600">{t("admin.activeSessions")}</dt>
        <dd>{user._count.sessions}</dd>
      </dl>
      <p className="text-sm">
        <Link to={`/transcripts/${user.id}`} className="font-semibold underline">
          {t("studentRecord.transcript")}
        </Link>
      </p>
      {isSelf ? null : (
        <div className="flex flex-wrap items-end gap-6">
          <Form method="post" className="flex items-end gap-2">
            <div>
              <label htmlFor="role" className="block text-sm font-medium">
                {t("admin.role")}
              </label>
              <select
                id="role"
                name="role"
                defaultValue={user.role}
                className="rounded-md border border-slate-300 px-3 py-2"
              >
                {ROLES.map((role) => (
                  <option key={role} value={role}>
                    {t(`role.${role}`)}
                  </option>
                ))}
              </select>
            </div>
            <SubmitButton name="intent" value="change-role">
              {t("admin.changeRole")}
            </SubmitButton>
          </Form>
          <Form method="post">
            {user.deactivatedAt ? (
              <SubmitButton name="intent" value="reactivate">
                {t("admin.reactivate")}
              </SubmitButton>
            ) : (
              <SubmitButton name="intent" value="deactivate" className="bg-red-700 hover:bg-red-800">
                {t("admin.deactivate")}
              </SubmitButton>
            )}
          </Form>
        </div>
      )}
      <StudentRecordSection />
      <section aria-labelledby="history-heading">
        <h2 id="history-heading" className="text-lg font-semibold">
          {t("admin.history")}
        </h2>
        {events.length === 0 ? <p className="text-sm text-slate-600">{t("admin.noHistory")}</p> : null}
        <ul className="mt-2 space-y-1 text-sm">
          {events.map((event) => (
            <li key={event.id}>
              {formatDateTime(event.createdAt, language)} · {t(`audit.${event.action}`, { defaultValue: event.action })}{" "}
              · {event.actor?.name ?? "—"}
            </li>
          ))}
        </ul>
      </section>
    </section>
  );
}

/** The student number and degree track, for transcripts and credit progress. */
function StudentRecordSection() {
  const { user, degreeTracks } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const answer = actionData && "formId" in actionData ? actionData : undefined;
  const [form, fields] = useForm({
    id: "student-record",
    lastResult: answer?.result,
    constraint: getZodConstraint(studentRecordSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: studentRecordSchema }),
    defaultValue: { studentNumber: user.studentNumber ?? "", degreeTrackId: user.degreeTrackId ?? "" },
  });
  // Grouped by program for the picker; the list comes sorted by program already.
  const programs = degreeTracks.reduce<{ id: string; label: string; tracks: typeof degreeTracks }[]>(
    (groups, track) => {
      const last = groups.at(-1);
      if (last?.id === track.program.id) last.tracks.push(track);
      else groups.push({ id: track.program.id, label: localized(track.program, "name", language), tracks: [track] });
      return groups;
    },
    [],
  );
  const { key, ...trackSelectProps } = getSelectProps(fields.degreeTrackId);
  const trackErrorId = `${fields.degreeTrackId.id}-error`;
  const trackHelpId = `${fields.degreeTrackId.id}-description`;
  return (
    <section aria-labelledby="student-record-heading" className="max-w-xl space-y-4">
      <h2 id="student-record-heading" className="text-lg font-semibold">
        {t("studentRecord.title")}
      </h2>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <input type="hidden" name="intent" value="student-record" />
        <Field
          label={t("studentRecord.studentNumber")}
          description={t("studentRecord.studentNumberHelp")}
          inputProps={{
            ...getInputProps(fields.studentNumber, { type: "text" }),
            autoComplete: "off",
            spellCheck: false,
          }}
          errors={fields.studentNumber.errors}
        />
        <div className="space-y-1">
          <label htmlFor={fields.degreeTrackId.id} className="block text-sm font-medium">
            {t("studentRecord.degreeTrack")}
          </label>
          <select
            key={key}
            {...trackSelectProps}
            aria-invalid={fields.degreeTrackId.errors?.length ? true : undefined}
            aria-describedby={[trackHelpId, fields.degreeTrackId.errors?.length ? trackErrorId : null]
              .filter(Boolean)
              .join(" ")}
            className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 aria-[invalid]:border-red-600"
          >
            <option value="">{t("studentRecord.noDegreeTrack")}</option>
            {programs.map((program) => (
              <optgroup key={program.id} label={program.label}>
                {program.tracks.map((track) => (
                  <option key={track.id} value={track.id}>
                    {localized(track, "name", language)}
                    {track.archivedAt || track.program.archivedAt ? ` (${t("programs.archivedBadge")})` : ""}
                  </option>
                ))}
              </optgroup>
            ))}
          </select>
          <p id={trackHelpId} className="text-sm text-slate-600">
            {t("studentRecord.degreeTrackHelp")}
          </p>
          <ErrorList id={trackErrorId} errors={fields.degreeTrackId.errors} />
        </div>
        <FormErrors id={form.errorId} errors={form.errors} />
        <SubmitButton>{t("studentRecord.save")}</SubmitButton>
      </Form>
    </section>
  );
}
