// Renders a route's page on the server as Remix would, with the data its loader gave (and its
// action's answer, when given), in one language, with the app's own dictionaries; lists every
// translation key the page asked for that has none. For tests of what a page shows without a browser.
import { createInstance } from "i18next";
import { createElement, type ComponentType } from "react";
import { renderToString } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { createStaticHandler, createStaticRouter, StaticRouterProvider } from "react-router-dom/server";
import type { Language } from "../../app/lib/i18n";
import { serverI18nOptions } from "../../app/lib/i18n-resources.server";

/** Text as a browser shows it: tags gone, the entities React writes decoded, spaces collapsed. */
export function visibleText(html: string) {
  return html
    .replace(/<[^>]+>/g, " ")
    .replace(/&#x27;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

/** `text` as React writes it into HTML, for comparing with rendered markup. */
export function escapeHtml(text: string) {
  return text
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#x27;");
}

export async function renderPage({
  Page,
  loaderData,
  actionData,
  language,
  url = "/page",
}: {
  Page: ComponentType;
  loaderData: unknown;
  actionData?: unknown;
  language: Language;
  url?: string;
}) {
  const handler = createStaticHandler([
    { id: "page", path: "/page", loader: () => loaderData ?? null, action: () => actionData ?? null, Component: Page },
  ]);
  const address = new URL(url, "http://bitgoeul.test");
  const request =
    actionData === undefined
      ? new Request(address)
      : new Request(address, { method: "POST", body: new URLSearchParams() });
  const context = await handler.query(request);
  if (context instanceof Response) throw new Error(`Rendering ${url} answered ${context.status}`);
  if (context.errors) throw new Error(`Rendering ${url} failed: ${JSON.stringify(context.errors)}`);
  const missingKeys: string[] = [];
  const i18n = createInstance();
  await i18n.use(initReactI18next).init({
    ...serverI18nOptions,
    lng: language,
    fallbackLng: false,
    saveMissing: true,
    missingKeyHandler: (_languages, _namespace, key) => missingKeys.push(key),
  });
  const markup = renderToString(
    createElement(
      I18nextProvider,
      { i18n },
      createElement(StaticRouterProvider, {
        router: createStaticRouter(handler.dataRoutes, context),
        context,
        hydrate: false,
      }),
    ),
  );
  // React marks where adjacent text pieces meet; the reader sees them as one.
  const html = markup.replaceAll("<!-- -->", "");
  return { html, text: visibleText(html), t: i18n.getFixedT(language), missingKeys };
}
