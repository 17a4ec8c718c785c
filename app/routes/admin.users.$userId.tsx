import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { FormErrors, Notice, SubmitButton } from "~/components/forms";
import { formatDateTime } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { getClientIp } from "~/lib/request.server";
import { listAuditEvents } from "~/models/audit-log.server";
import { refusalData } from "~/lib/refusal.server";
import { changeUserRole, getUserForAdmin, MANAGE_USER_REFUSALS, setUserDeactivated } from "~/models/user.server";
import { isUuid } from "~/lib/uuid";

const ROLES = ["LEARNER", "INSTRUCTOR", "ADMIN"] as const;

async function findUserOr404(userId: string | undefined) {
  const user = userId && isUuid(userId) ? await getUserForAdmin({ userId }) : null;
  if (!user) throw new Response("User not found", { status: 404 });
  return user;
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "user:manage");
  const user = await findUserOr404(params.userId);
  const { items: events } = await listAuditEvents({ entityType: "User", entityId: user.id, page: 1 });
  return { user, events, isSelf: admin.id === user.id };
}

const userActionSchema = z.discriminatedUnion("intent", [
  z.object({
    intent: z.literal("change-role"),
    role: z.enum(ROLES, { errorMap: () => ({ message: "validation.required" }) }),
  }),
  z.object({ intent: z.literal("deactivate") }),
  z.object({ intent: z.literal("reactivate") }),
]);

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "user:manage");
  const user = await findUserOr404(params.userId);
  const parsed = userActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "validation.required" }, { status: 400 });
  const change = { actor: admin, userId: user.id, ipAddress: getClientIp(context) };
  const result =
    parsed.data.intent === "change-role"
      ? await changeUserRole({ ...change, role: parsed.data.role })
      : await setUserDeactivated({ ...change, isDeactivated: parsed.data.intent === "deactivate" });
  if (!result.ok) return refusalData(MANAGE_USER_REFUSALS, result);
  return redirect(`/admin/users/${user.id}`, 303);
}

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: `${data?.user.name ?? "User"} · Bitgoeul admin` },
];

export default function AdminUserPage() {
  const { user, events, isSelf } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
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
      <FormErrors errors={actionData?.error ? [actionData.error] : null} />
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
