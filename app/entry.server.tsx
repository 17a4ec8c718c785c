import { type AppLoadContext, type EntryContext, type HandleErrorFunction } from "@remix-run/node";
import { isRouteErrorResponse, RemixServer } from "@remix-run/react";
import { createInstance, type i18n as I18n } from "i18next";
import { renderToPipeableStream } from "react-dom/server";
import { I18nextProvider, initReactI18next } from "react-i18next";
import { createPageCollector } from "~/lib/html-stream.server";
import { defaultLanguage, isLanguage, type Language } from "~/lib/i18n";
import { serverI18nOptions } from "~/lib/i18n-resources.server";
import { parseEnv } from "~/lib/env.server";
import { NonceProvider } from "~/lib/nonce";
import { setAppTimeZone } from "~/lib/time-zone";

const ABORT_DELAY = 5_000;

// Before any request: loaders, actions, jobs and the render read days and clocks in APP_TIME_ZONE.
setAppTimeZone(parseEnv().APP_TIME_ZONE);

// One i18next instance per language, made once: a render only reads it (nothing on the server changes
// its language), and making one per request showed in the bench's CPU profile.
const renderInstances = new Map<Language, Promise<I18n>>();

function i18nFor(language: Language) {
  let instance = renderInstances.get(language);
  if (!instance) {
    const i18n = createInstance();
    instance = i18n
      .use(initReactI18next)
      .init({ ...serverI18nOptions, lng: language })
      .then(() => i18n);
    renderInstances.set(language, instance);
  }
  return instance;
}

export default async function handleRequest(
  request: Request,
  responseStatusCode: number,
  responseHeaders: Headers,
  remixContext: EntryContext,
  loadContext: AppLoadContext,
) {
  const nonce = loadContext.cspNonce ?? "";
  // The root loader decided the language (user setting, cookie, Accept-Language); render in it.
  const rootData = remixContext.staticHandlerContext.loaderData.root as { language?: unknown } | undefined;
  const language = isLanguage(rootData?.language) ? rootData.language : defaultLanguage;
  const i18n = await i18nFor(language);

  // Rendered whole, then sent in one piece (see createPageCollector): nothing on a page is deferred,
  // so streaming would only split it into dozens of small writes.
  return new Promise((resolve, reject) => {
    let hasRenderErrored = false;
    const { pipe, abort } = renderToPipeableStream(
      <NonceProvider value={nonce}>
        <I18nextProvider i18n={i18n}>
          <RemixServer context={remixContext} url={request.url} abortDelay={ABORT_DELAY} nonce={nonce} />
        </I18nextProvider>
      </NonceProvider>,
      {
        nonce,
        onAllReady() {
          const { destination, page } = createPageCollector();
          page.then((html) => {
            clearTimeout(abortTimer);
            responseHeaders.set("Content-Type", "text/html; charset=utf-8");
            resolve(
              new Response(html, { headers: responseHeaders, status: hasRenderErrored ? 500 : responseStatusCode }),
            );
          }, reject);
          pipe(destination);
        },
        onShellError(error: unknown) {
          reject(error);
        },
        onError(error: unknown) {
          hasRenderErrored = true;
          console.error(error);
        },
      },
    );
    const abortTimer = setTimeout(abort, ABORT_DELAY + 1_000);
  });
}

export const handleError: HandleErrorFunction = (error, { request, context }) => {
  // Aborted requests and expected responses (404s, 403s) are not errors worth logging.
  if (request.signal.aborted || isRouteErrorResponse(error)) return;
  const requestId = context.requestId ?? "-";
  console.error(`[request ${requestId}] ${request.method} ${new URL(request.url).pathname}`, error);
};
