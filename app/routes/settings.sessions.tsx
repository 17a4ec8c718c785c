import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireUserSession } from "~/auth/guards.server";
import { logOut } from "~/auth/login.server";
import {
  invalidateUserSessions,
  listUserSessions,
  REVOKE_SESSION_REFUSALS,
  revokeUserSession,
} from "~/auth/session.server";
import { SubmitButton } from "~/components/forms";
import { formatDateTime } from "~/lib/format";
import { refusalResponse } from "~/lib/refusal.server";
import type { Language } from "~/lib/i18n";
import { pageTitle } from "~/lib/page-title";
import { describeUserAgent } from "~/lib/user-agent";

export async function loader({ request }: LoaderFunctionArgs) {
  const { user, session } = await requireUserSession(request);
  const sessions = await listUserSessions({ userId: user.id });
  return {
    sessions: sessions.map(({ id, createdAt, lastSeenAt, userAgent, ipAddress }) => ({
      id,
      createdAt,
      lastSeenAt,
      ipAddress,
      ...describeUserAgent(userAgent),
      isCurrent: id === session.id,
    })),
  };
}

const sessionsActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("revoke"), sessionId: z.string().min(1).max(128) }),
  z.object({ intent: z.literal("revoke-others") }),
  z.object({ intent: z.literal("log-out-everywhere") }),
]);

export async function action({ request }: ActionFunctionArgs) {
  const { user, session } = await requireUserSession(request);
  const parsed = sessionsActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) throw new Response("Unknown request", { status: 400 });
  switch (parsed.data.intent) {
    case "revoke": {
      if (parsed.data.sessionId === session.id) return logOut({ request, redirectTo: "/login" });
      const revoked = await revokeUserSession({ userId: user.id, sessionId: parsed.data.sessionId });
      if (!revoked.ok) throw refusalResponse(REVOKE_SESSION_REFUSALS, revoked);
      return redirect("/settings/sessions", 303);
    }
    case "revoke-others":
      await invalidateUserSessions({ userId: user.id, exceptSessionId: session.id });
      return redirect("/settings/sessions", 303);
    case "log-out-everywhere":
      await invalidateUserSessions({ userId: user.id });
      return logOut({ request, redirectTo: "/login" });
  }
  return data(null, { status: 400 });
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "devices" })];

export default function SessionsSettingsPage() {
  const { sessions } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  return (
    <section aria-labelledby="sessions-heading">
      <h2 id="sessions-heading" className="mb-2 text-xl font-semibold">
        {t("settings.sessionsTab")}
      </h2>
      <p className="mb-4 text-sm text-slate-600">{t("settings.sessionsIntro")}</p>
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
        {sessions.map((session) => (
          <li key={session.id} className="flex items-center justify-between gap-4 p-4">
            <div className="text-sm">
              <p className="font-medium">
                {t("settings.sessionDevice", {
                  browser: session.browser ?? t("settings.unknownBrowser"),
                  system: session.system ?? t("settings.unknownSystem"),
                })}
                {session.isCurrent ? (
                  <span className="ml-2 rounded bg-emerald-100 px-2 py-0.5 text-xs text-emerald-900">
                    {t("settings.thisDevice")}
                  </span>
                ) : null}
              </p>
              <p className="text-slate-600">
                {t("settings.lastSeen", { time: formatDateTime(session.lastSeenAt, language) })}
                {session.ipAddress ? ` · ${session.ipAddress}` : null}
              </p>
            </div>
            <Form method="post">
              <input type="hidden" name="sessionId" value={session.id} />
              <button
                type="submit"
                name="intent"
                value="revoke"
                className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100"
              >
                {session.isCurrent ? t("nav.logOut") : t("settings.revoke")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
      <div className="mt-6 flex flex-wrap gap-3">
        <Form method="post">
          <SubmitButton name="intent" value="revoke-others">
            {t("settings.revokeOthers")}
          </SubmitButton>
        </Form>
        <Form method="post">
          <SubmitButton name="intent" value="log-out-everywhere" className="bg-red-700 hover:bg-red-800">
            {t("settings.logOutEverywhere")}
          </SubmitButton>
        </Form>
      </div>
    </section>
  );
}
