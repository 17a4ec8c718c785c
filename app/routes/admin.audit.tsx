import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { Pagination } from "~/components/pagination";
import { formatDateTime, timeZoneLabel } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { pageParam } from "~/lib/pagination";
import { pageTitle } from "~/lib/page-title";
import { startOfAcademyDay } from "~/lib/time-zone";
import { AUDIT_ACTIONS, isAuditAction, listAuditEvents } from "~/models/audit-log.server";

const DAY_MS = 24 * 60 * 60 * 1000;

/** "2026-05-01" as <input type="date"> sends it; anything else (blank, malformed, 2026-02-30) is no filter. */
const dayParam = z
  .string()
  .trim()
  .refine((value) => {
    const day = new Date(`${value}T00:00:00.000Z`);
    return /^\d{4}-\d{2}-\d{2}$/.test(value) && !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value);
  })
  .catch("");

const filterSchema = z.object({
  actor: z.string().trim().max(200).catch(""),
  // An action the viewer does not know is no filter, not an error.
  action: z
    .string()
    .catch("")
    .transform((value) => (isAuditAction(value) ? value : "")),
  from: dayParam,
  to: dayParam,
  page: pageParam,
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:access");
  const filter = filterSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const events = await listAuditEvents({
    actorQuery: filter.actor,
    action: filter.action || undefined,
    from: filter.from ? startOfAcademyDay(filter.from) : null,
    // "To" names the last day shown, so the range ends when the next day starts.
    to: filter.to ? new Date(startOfAcademyDay(filter.to).getTime() + DAY_MS) : null,
    page: filter.page,
  });
  return { filter, events, actions: AUDIT_ACTIONS };
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "auditLog", area: "admin" })];

export default function AdminAuditPage() {
  const { filter, events, actions } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  return (
    <section aria-labelledby="audit-heading" className="space-y-4">
      <div>
        <h1 id="audit-heading" className="text-2xl font-bold">
          {t("admin.auditLog.title")}
        </h1>
        <p className="mt-1 text-sm text-slate-600">{t("admin.auditLog.intro")}</p>
      </div>

      {/* A GET form: the filter lives in the URL, so it can be bookmarked and works without JavaScript. */}
      <Form
        method="get"
        role="search"
        aria-label={t("admin.auditLog.filter")}
        className="flex flex-wrap items-end gap-4 rounded-lg border border-slate-200 bg-white p-4"
      >
        <div className="space-y-1">
          <label htmlFor="audit-actor" className="block text-sm font-medium">
            {t("admin.auditLog.actor")}
          </label>
          <input
            id="audit-actor"
            type="search"
            name="actor"
            defaultValue={filter.actor}
            placeholder={t("admin.searchUsers")}
            className="w-64 max-w-full rounded-md border border-slate-300 px-3 py-2"
          />
        </div>
        <div className="min-w-0 max-w-full space-y-1">
          <label htmlFor="audit-action" className="block text-sm font-medium">
            {t("admin.auditLog.action")}
          </label>
          <select
            id="audit-action"
            name="action"
            defaultValue={filter.action}
            className="max-w-full rounded-md border border-slate-300 bg-white px-3 py-2"
          >
            <option value="">{t("admin.auditLog.anyAction")}</option>
            {actions.map((action) => (
              <option key={action} value={action}>
                {t(`audit.${action}`, { defaultValue: action })}
              </option>
            ))}
          </select>
        </div>
        <div className="space-y-1">
          <label htmlFor="audit-from" className="block text-sm font-medium">
            {t("admin.auditLog.from")}
          </label>
          <input
            id="audit-from"
            type="date"
            name="from"
            defaultValue={filter.from}
            className="rounded-md border border-slate-300 px-3 py-2"
          />
        </div>
        <div className="space-y-1">
          <label htmlFor="audit-to" className="block text-sm font-medium">
            {t("admin.auditLog.to")}
          </label>
          <input
            id="audit-to"
            type="date"
            name="to"
            defaultValue={filter.to}
            className="rounded-md border border-slate-300 px-3 py-2"
          />
        </div>
        <button type="submit" className="rounded-md bg-ink px-4 py-2 font-medium text-white">
          {t("admin.auditLog.apply")}
        </button>
        <Link to="/admin/audit" className="self-center text-sm underline">
          {t("admin.auditLog.clear")}
        </Link>
      </Form>
      <p className="text-xs text-slate-600">{t("admin.auditLog.timeZoneNote", { timeZone: timeZoneLabel(t) })}</p>

      <p className="text-sm text-slate-600">{t("admin.auditLog.eventCount", { count: events.totalCount })}</p>
      {events.items.length === 0 ? (
        <p className="text-slate-600">{t("admin.auditLog.empty")}</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full min-w-[56rem] border-collapse text-left text-sm">
            <thead>
              <tr className="border-b border-slate-300">
                <th scope="col" className="py-2 pr-4">
                  {t("admin.auditLog.time")}
                </th>
                <th scope="col" className="py-2 pr-4">
                  {t("admin.auditLog.actor")}
                </th>
                <th scope="col" className="py-2 pr-4">
                  {t("admin.auditLog.action")}
                </th>
                <th scope="col" className="py-2 pr-4">
                  {t("admin.auditLog.entity")}
                </th>
                <th scope="col" className="py-2 pr-4">
                  {t("admin.auditLog.ipAddress")}
                </th>
                <th scope="col" className="py-2">
                  {t("admin.auditLog.details")}
                </th>
              </tr>
            </thead>
            <tbody>
              {events.items.map((event) => (
                <AuditRow key={event.id} event={event} language={language} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={events.page} pageCount={events.pageCount} />
    </section>
  );
}

type AuditEventRow = ReturnType<typeof useLoaderData<typeof loader>>["events"]["items"][number];

function AuditRow({ event, language }: { event: AuditEventRow; language: Language }) {
  const { t } = useTranslation();
  const details = detailLines(event.data);
  const href = entityHref(event);
  const entityLabel = t(`admin.auditLog.entityType.${event.entityType}`, { defaultValue: event.entityType });
  return (
    <tr className="border-b border-slate-100 align-top">
      <td className="whitespace-nowrap py-2 pr-4">
        <time dateTime={new Date(event.createdAt).toISOString()}>{formatDateTime(event.createdAt, language)}</time>
      </td>
      <td className="py-2 pr-4">
        {event.actor ? (
          <>
            <Link to={`/admin/users/${event.actor.id}`} className="underline">
              {event.actor.name}
            </Link>
            <span className="block text-xs text-slate-600">{event.actor.email}</span>
          </>
        ) : (
          <span className="text-slate-600">{t("admin.auditLog.system")}</span>
        )}
      </td>
      <td className="py-2 pr-4">
        {t(`audit.${event.action}`, { defaultValue: event.action })}
        <code className="block text-xs text-slate-500">{event.action}</code>
      </td>
      <td className="py-2 pr-4">
        {entityLabel}
        <span className="block break-all font-mono text-xs">
          {href ? (
            <Link
              to={href}
              className="underline"
              aria-label={t("admin.auditLog.openEntity", { type: entityLabel, id: event.entityId })}
            >
              {event.entityId}
            </Link>
          ) : (
            event.entityId
          )}
        </span>
      </td>
      <td className="whitespace-nowrap py-2 pr-4 font-mono text-xs">{event.ipAddress ?? "—"}</td>
      <td className="py-2">
        {details.length === 0 ? (
          "—"
        ) : (
          <details>
            <summary className="cursor-pointer">{t("admin.auditLog.showDetails", { count: details.length })}</summary>
            <dl className="mt-1 space-y-0.5 font-mono text-xs">
              {details.map(([key, value]) => (
                <div key={key} className="flex gap-1">
                  <dt className="font-semibold">
                    <code>{`${key}:`}</code>
                  </dt>
                  <dd className="break-all">
                    <code>{value}</code>
                  </dd>
                </div>
              ))}
            </dl>
          </details>
        )}
      </td>
    </tr>
  );
}

/** The details object as key and value lines; a nested value is shown as compact JSON. */
function detailLines(data: unknown): [string, string][] {
  if (typeof data !== "object" || data === null || Array.isArray(data)) {
    return data === null || data === undefined ? [] : [["value", JSON.stringify(data)]];
  }
  return Object.entries(data).map(([key, value]) => [
    key,
    typeof value === "string" ? value : value === null ? "null" : JSON.stringify(value),
  ]);
}

/** The page where the audited record can be seen, when there is one. */
function entityHref({ entityType, entityId, data }: { entityType: string; entityId: string; data: unknown }) {
  const idIn = (key: string) =>
    typeof data === "object" &&
    data !== null &&
    key in data &&
    typeof (data as Record<string, unknown>)[key] === "string"
      ? ((data as Record<string, unknown>)[key] as string)
      : null;
  const courseId = idIn("courseId");
  switch (entityType) {
    case "Program":
      return `/admin/programs/${entityId}`;
    case "DegreeTrack":
    case "Term": {
      const programId = idIn("programId");
      return programId ? `/admin/programs/${programId}` : null;
    }
    case "Cohort":
      return `/admin/cohorts/${entityId}`;
    case "AttendanceRecord": {
      const cohortId = idIn("cohortId");
      const classDayId = idIn("classDayId");
      return cohortId && classDayId ? `/cohorts/${cohortId}/attendance/${classDayId}` : null;
    }
    case "User":
      return `/admin/users/${entityId}`;
    case "Course":
      return `/teach/${entityId}`;
    case "Submission":
      return courseId ? `/teach/${courseId}/grading/${entityId}` : null;
    case "FinalGrade":
      return courseId ? `/teach/${courseId}/final-grades` : null;
    case "ManualGrade":
      return courseId ? `/teach/${courseId}/gradebook` : null;
    case "GradeCategory":
    case "GradeItem":
      return courseId ? `/teach/${courseId}/gradebook/settings` : null;
    default:
      return null;
  }
}
