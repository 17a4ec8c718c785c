import { isRouteErrorResponse, Link, useRouteError, useRouteLoaderData, type ErrorResponse } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** Words for one status, given the error response (its `data` is the thrown Response's body). */
export type StatusHandler = (props: { error: ErrorResponse }) => React.ReactNode;

/**
 * The one error page. Known statuses get their own words; a route can word its own (its 403 says
 * what to do, say) through `statusHandlers`; anything unexpected gets a calm message and the
 * request id to quote, never internals.
 */
export function GeneralErrorBoundary({ statusHandlers = {} }: { statusHandlers?: Record<number, StatusHandler> }) {
  const error = useRouteError();
  const { t } = useTranslation();
  const rootData = useRouteLoaderData<{ requestId?: string }>("root");
  const status = isRouteErrorResponse(error) ? error.status : 500;

  const messages: Record<number, [string, string]> = {
    400: [t("error.badRequestTitle"), t("error.badRequest")],
    403: [t("error.forbiddenTitle"), t("error.forbidden")],
    404: [t("error.notFoundTitle"), t("error.notFound")],
    503: [t("error.busyTitle"), t("error.busy")],
  };
  const [title, message] = messages[status] ?? [t("error.title"), t("error.unexpected")];
  const ownWords = isRouteErrorResponse(error) ? statusHandlers[status]?.({ error }) : undefined;

  return (
    <section className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-brand-700">{status}</p>
      <h1 className="mt-2 text-2xl font-bold">{title}</h1>
      {ownWords ?? <p className="mt-4 text-slate-700">{message}</p>}
      {status >= 500 && rootData?.requestId ? (
        <p className="mt-2 text-xs text-slate-500">{t("error.reference", { requestId: rootData.requestId })}</p>
      ) : null}
      <Link to="/" className="mt-8 inline-block rounded bg-ink px-4 py-2 text-white">
        {t("error.goHome")}
      </Link>
    </section>
  );
}
