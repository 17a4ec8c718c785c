import { data, type LinksFunction, type LoaderFunctionArgs } from "@remix-run/node";
import { Links, Meta, Outlet, Scripts, ScrollRestoration, useRouteLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { useChangeLanguage } from "remix-i18next/react";
import { getOptionalUser } from "~/auth/guards.server";
import { sessionCookieHeaders } from "~/auth/session.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { useFocusAfterNavigation } from "~/components/navigation-focus";
import { SiteFooter, SiteHeader } from "~/components/site-layout";
import { defaultLanguage } from "~/lib/i18n";
import { resolveLanguage } from "~/lib/i18n.server";
import { commonTextsUrls } from "~/lib/i18n-texts";
import { useNonce } from "~/lib/nonce";
import { appTimeZone } from "~/lib/time-zone";
import "~/lib/load-context";
import "~/lib/zod-error-map";
import stylesheet from "~/tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "icon", href: "/favicon.svg", type: "image/svg+xml" },
  { rel: "stylesheet", href: stylesheet },
];

export async function loader({ request, context }: LoaderFunctionArgs) {
  const user = await getOptionalUser(request);
  const language = await resolveLanguage(request, user?.locale);
  // A renewed session sends its cookie again; a dead one is cleared.
  const headers = await sessionCookieHeaders(request);
  return data(
    {
      language,
      timeZone: appTimeZone(),
      requestId: context.requestId,
      user: user ? { id: user.id, name: user.name, role: user.role } : null,
    },
    { headers },
  );
}

export function useRootData() {
  return useRouteLoaderData<typeof loader>("root");
}

export function Layout({ children }: { children: React.ReactNode }) {
  const data = useRootData();
  const language = data?.language ?? defaultLanguage;
  const { t } = useTranslation();
  const nonce = useNonce();
  useChangeLanguage(language);
  useFocusAfterNavigation("main");
  return (
    <html lang={language} data-time-zone={data?.timeZone ?? appTimeZone()} className="h-full">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
        {/* The browser's i18next fetches this before hydrating; fetched now, it is there in time. */}
        <link rel="preload" href={commonTextsUrls[language]} as="fetch" crossOrigin="anonymous" />
      </head>
      <body className="flex min-h-full flex-col bg-slate-50 font-sans text-ink antialiased">
        <a
          href="#main"
          className="sr-only focus:not-sr-only focus:absolute focus:left-4 focus:top-4 focus:z-50 focus:rounded focus:bg-white focus:px-4 focus:py-2 focus:shadow"
        >
          {t("skipToContent")}
        </a>
        <SiteHeader language={language} user={data?.user ?? null} />
        <main id="main" tabIndex={-1} className="mx-auto w-full max-w-5xl flex-1 px-4 py-8">
          {children}
        </main>
        <SiteFooter />
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  return <Outlet />;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
