// The HTTP server: Express in front of the Remix app, built (production) or through Vite (development).
// Everything about the connection is settled here, once, before any route runs: which proxy to
// believe, the public origin, CSRF, malformed URLs and bodies, body size, and the security headers.
import { randomUUID } from "node:crypto";
import { readdirSync } from "node:fs";
import type { Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import {
  createRequestHandler,
  writeReadableStreamToWritable,
  type AppLoadContext,
  type ServerBuild,
} from "@remix-run/node";
import compression from "compression";
import getRawBody from "raw-body";
import express, { type ErrorRequestHandler, type Request as ExpressRequest, type RequestHandler } from "express";
import type { TrustProxy } from "../app/lib/env.server";
import { isCrossOriginMutation } from "../app/lib/csrf.server";
import {
  FORM_BODY_LIMIT_BYTES,
  isMultipart,
  isWellFormedBody,
  isWellFormedRequestTarget,
} from "../app/lib/request-guards.server";
import { generateCspNonce, securityHeaders } from "../app/lib/security-headers.server";
import { uploadEndpointFor } from "../app/lib/upload-limits";

export type HttpServer = { server: Server; close(): Promise<void> };

type EdgeOptions = {
  /** APP_ORIGIN: when set, the only origin the app answers as. */
  appOrigin?: string;
  trustProxy: TrustProxy;
  isDevelopment: boolean;
  /** Whether the app compresses its answers (COMPRESSION); off when a proxy in front does. */
  isCompressing?: boolean;
};

type ServerOptions = EdgeOptions & {
  port: number;
  host: string;
  /** Whether this process also sends the outbox and keeps house: exactly one process should. */
  runsJobs: boolean;
} & ({ mode: "production"; buildDir: string } | { mode: "development"; projectRoot: string });

/** Handles a Fetch API request for the app: Remix's request handler, or a test's stand-in. */
export type AppRequestHandler = (request: Request, context: AppLoadContext) => Promise<Response>;

const SESSION_COOKIE_PATTERN = /(?:^|;\s*)(?:__Host-)?bitgoeul_session=/;

function refuse(response: express.Response, status: number, message: string) {
  response.status(status).type("text/plain").send(message);
}

/**
 * The origin the client reached: APP_ORIGIN when set; otherwise the protocol and host the request
 * arrived with (or that a trusted proxy reported in X-Forwarded-Proto and X-Forwarded-Host). Null when
 * the host is missing or malformed.
 */
function publicOrigin(request: ExpressRequest, appOrigin: string | undefined): string | null {
  if (appOrigin) return appOrigin;
  const isProxyTrusted = (request.app.get("trust proxy fn") as (address: string, hop: number) => boolean)(
    request.socket.remoteAddress ?? "",
    0,
  );
  const forwardedHost = isProxyTrusted ? request.get("X-Forwarded-Host")?.split(",")[0]?.trim() : undefined;
  const host = forwardedHost || request.get("Host");
  if (!host) return null;
  try {
    const url = new URL(`${request.protocol}://${host}`);
    return url.host === host.toLowerCase() ? url.origin : null;
  } catch {
    return null;
  }
}

/** Refuses what no route should see, and sets the headers every response carries. */
function edgeGuards({ appOrigin, isDevelopment }: EdgeOptions): RequestHandler {
  return (request, response, next) => {
    const requestId = randomUUID();
    const cspNonce = generateCspNonce();
    const origin = publicOrigin(request, appOrigin);
    const isHttps = origin?.startsWith("https:") ?? false;
    response.locals = { ...response.locals, requestId, cspNonce, origin };
    response.set({ "X-Request-Id": requestId, ...securityHeaders({ nonce: cspNonce, isHttps, isDevelopment }) });

    if (!origin) return refuse(response, 400, "Bad request: missing or malformed Host header.");
    if (!isWellFormedRequestTarget(request.originalUrl)) return refuse(response, 400, "Bad request: malformed URL.");
    // CSRF: state-changing requests must carry our own Origin (see app/lib/csrf.server.ts).
    if (isCrossOriginMutation({ method: request.method, origin: request.get("Origin"), appOrigin: origin })) {
      return refuse(response, 403, "Cross-site request refused.");
    }
    next();
  };
}

function hasBody(request: ExpressRequest) {
  return request.get("Transfer-Encoding") !== undefined || request.get("Content-Length") !== undefined;
}

function refuseTooLarge(response: express.Response) {
  // The rest of the body is never read: close the connection once the refusal is sent.
  response.set("Connection", "close");
  refuse(response, 413, "Request body too large.");
}

/**
 * Reads a request body into memory, up to FORM_BODY_LIMIT_BYTES: a larger declared Content-Length is
 * refused with 413 before a byte is read, and a body that grows past the limit as soon as it does.
 * Compressed bodies are refused (415), so the limit cannot be dodged by inflation. A malformed body
 * is a 400. The one exception is a multipart POST to an upload endpoint (app/lib/upload-limits.ts),
 * which streams to the app under that endpoint's own limit (streamUploadBody).
 */
const readFormBody: RequestHandler = (request, response, next) => {
  if (!hasBody(request)) return next();
  if ((request.get("Content-Encoding") ?? "identity").toLowerCase() !== "identity") {
    return refuse(response, 415, "Compressed request bodies are not accepted.");
  }
  const upload =
    request.method === "POST" && isMultipart(request.get("Content-Type")) ? uploadEndpointFor(request.path) : null;
  if (upload) return streamUploadBody(request, response, next, upload.maxBodyBytes);
  getRawBody(request, { limit: FORM_BODY_LIMIT_BYTES, length: request.get("Content-Length") })
    .then(async (body) => {
      if (!(await isWellFormedBody({ contentType: request.get("Content-Type"), body }))) {
        return refuse(response, 400, "Bad request: malformed form data.");
      }
      response.locals.body = body;
      next();
    })
    .catch((error: { type?: string }) => {
      if (error.type === "request.aborted") return;
      if (error.type === "entity.too.large") refuseTooLarge(response);
      else {
        response.set("Connection", "close");
        refuse(response, 400, "Bad request: unreadable body.");
      }
    });
};

/** A body streaming to the app: the stream it reads, and what became of the rest. */
type UploadBody = {
  stream: ReadableStream<Uint8Array>;
  /** Whether the body grew past its limit; the answer is then a 413, whatever the app made of it. */
  isTooLarge(): boolean;
  /** Reads and drops what the app left unread (still counted), so the client gets to read the answer. */
  discardRest(): void;
};

/**
 * Hands an upload's body to the app as a stream, read only as fast as the app takes it, up to
 * `maxBodyBytes`: a larger declared Content-Length is a 413 before a byte is read, and a body that
 * grows past the limit fails the app's stream and is answered 413. The app's upload parser
 * (app/lib/upload.server.ts) enforces the per-file limits and types, and checks the text fields for
 * NUL, which isWellFormedBody cannot do without holding the body.
 */
function streamUploadBody(
  request: ExpressRequest,
  response: express.Response,
  next: express.NextFunction,
  maxBodyBytes: number,
) {
  const declaredLength = request.get("Content-Length");
  if (declaredLength !== undefined && !(Number(declaredLength) <= maxBodyBytes)) return refuseTooLarge(response);
  let received = 0;
  let isTooLarge = false;
  // Null once the stream is closed, failed or given up, after which chunks are only counted.
  let controller: ReadableStreamDefaultController<Uint8Array> | null = null;
  const stream = new ReadableStream<Uint8Array>({
    start(streamController) {
      controller = streamController;
    },
    pull() {
      request.resume();
    },
    cancel() {
      controller = null;
      request.resume();
    },
  });
  request.on("data", (chunk: Buffer) => {
    received += chunk.length;
    if (received > maxBodyBytes) {
      if (!isTooLarge) {
        isTooLarge = true;
        controller?.error(new Error("Request body too large"));
        controller = null;
      }
      // Not a byte more: the 413 closes the connection, or it has closed already.
      request.pause();
      if (response.headersSent) request.socket.destroy();
      return;
    }
    if (!controller) return;
    controller.enqueue(chunk);
    if ((controller.desiredSize ?? 0) <= 0) request.pause();
  });
  request.on("end", () => {
    controller?.close();
    controller = null;
  });
  request.on("error", (error) => {
    controller?.error(error);
    controller = null;
  });
  const body: UploadBody = {
    stream,
    isTooLarge: () => isTooLarge,
    discardRest() {
      controller = null;
      if (!request.complete && !isTooLarge) request.resume();
    },
  };
  response.locals.uploadBody = body;
  next();
}

function toFetchRequest(request: ExpressRequest, response: express.Response): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(request.headers)) {
    for (const item of Array.isArray(value) ? value : value === undefined ? [] : [value]) headers.append(name, item);
  }
  const controller = new AbortController();
  // The client went away before the answer was written: let loaders and actions stop early.
  response.on("close", () => response.writableFinished || controller.abort());
  const body = response.locals.body as unknown;
  const uploadBody = response.locals.uploadBody as UploadBody | undefined;
  return new Request(`${String(response.locals.origin)}${request.originalUrl}`, {
    method: request.method,
    headers,
    signal: controller.signal,
    ...(Buffer.isBuffer(body) ? { body: new Uint8Array(body) } : {}),
    // A stream body needs `duplex: "half"` in Node's fetch (the request is sent before the answer).
    ...(uploadBody ? ({ body: uploadBody.stream, duplex: "half" } as RequestInit) : {}),
  });
}

async function sendFetchResponse(request: ExpressRequest, response: express.Response, answer: Response) {
  response.statusMessage = answer.statusText;
  response.status(answer.status);
  for (const [name, value] of answer.headers) response.append(name, value);
  // Pages for a signed-in browser, or that sign one in or out, must not be kept by any cache.
  const isPersonal = SESSION_COOKIE_PATTERN.test(request.get("Cookie") ?? "") || answer.headers.has("Set-Cookie");
  if (isPersonal && !answer.headers.has("Cache-Control")) response.set("Cache-Control", "no-store");
  if (answer.body) await writeReadableStreamToWritable(answer.body, response);
  else response.end();
}

function appHandler(handleRequest: AppRequestHandler): RequestHandler {
  return (request, response, next) => {
    const context: AppLoadContext = {
      requestId: String(response.locals.requestId),
      clientIp: request.ip ?? request.socket.remoteAddress ?? "unknown",
      cspNonce: String(response.locals.cspNonce),
    };
    const uploadBody = response.locals.uploadBody as UploadBody | undefined;
    handleRequest(toFetchRequest(request, response), context)
      .then((answer) => {
        if (uploadBody?.isTooLarge()) return refuseTooLarge(response);
        uploadBody?.discardRest();
        return sendFetchResponse(request, response, answer);
      })
      .catch((error: unknown) => {
        if (uploadBody?.isTooLarge()) return refuseTooLarge(response);
        // The client gave up halfway through its upload: nobody is left to answer.
        if (uploadBody && request.destroyed && !request.complete) return;
        next(error);
      });
  };
}

const errorHandler: ErrorRequestHandler = (error, request, response, next) => {
  if (response.headersSent) return next(error);
  console.error(`[request ${String(response.locals.requestId)}] ${request.method} ${request.path}`, error);
  refuse(response, 500, "Internal server error.");
};

/**
 * The Express app: edge guards, then `staticHandlers` (built assets, or Vite's dev middleware), then
 * form bodies, then the app.
 */
export function createHttpApp(
  options: EdgeOptions & { handleRequest: AppRequestHandler; staticHandlers?: RequestHandler[] },
) {
  const app = express();
  app.disable("x-powered-by");
  app.set("trust proxy", options.trustProxy);
  // Brotli at quality 4 and gzip at 6 (the package's defaults) cost little CPU for what they save.
  if (options.isCompressing ?? true) app.use(compression());
  app.use(edgeGuards(options));
  for (const handler of options.staticHandlers ?? []) app.use(handler);
  app.use(readFormBody);
  app.all("*", appHandler(options.handleRequest));
  app.use(errorHandler);
  return app;
}

/**
 * The client build's other files (public/: the favicon…), served only at their own paths: a static
 * handler in front of every page looked each page's path up on disk first, which cost a few percent
 * of a page's CPU (docs/performance.md).
 */
function publicFilesHandler(clientDir: string): RequestHandler {
  const files = express.static(clientDir, { maxAge: "1h" });
  const router = express.Router();
  for (const entry of readdirSync(clientDir, { withFileTypes: true })) {
    if (entry.name === "assets") continue;
    if (entry.isDirectory())
      router.use(`/${entry.name}`, express.static(path.join(clientDir, entry.name), { maxAge: "1h" }));
    else router.get(`/${entry.name}`, files);
  }
  return router;
}

export async function startHttpServer(options: ServerOptions): Promise<HttpServer> {
  let build: ServerBuild | (() => Promise<ServerBuild>);
  let staticHandlers: RequestHandler[];
  let closeVite = async () => {};
  if (options.mode === "development") {
    const vite = await import("vite").then(({ createServer }) =>
      createServer({ root: options.projectRoot, server: { middlewareMode: true } }),
    );
    staticHandlers = [vite.middlewares];
    build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
    closeVite = () => vite.close();
  } else {
    build = (await import(pathToFileURL(path.join(options.buildDir, "server/index.js")).href)) as ServerBuild;
    staticHandlers = [
      // Vite fingerprints everything under /assets, so those files can be cached for good.
      express
        .Router()
        .use(
          "/assets",
          express.static(path.join(options.buildDir, "client/assets"), { immutable: true, maxAge: "1y" }),
        ),
      publicFilesHandler(path.join(options.buildDir, "client")),
    ];
  }
  const app = createHttpApp({ ...options, handleRequest: createRequestHandler(build, options.mode), staticHandlers });

  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port, options.host);
    listening.once("listening", () => resolve(listening));
    listening.once("error", reject);
  });
  // Loaded only now: they open the app's database client, which reads DATABASE_URL, and the
  // embedded database's URL is known only once start-up has reached this point.
  const jobs = options.runsJobs ? await startJobs() : { stop: async () => {} };

  return {
    server,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests still running after 10 s are cut off so shutdown cannot hang.
        setTimeout(() => server.closeAllConnections(), 10_000).unref();
      });
      await jobs.stop();
      await closeVite();
    },
  };
}

async function startJobs() {
  const { startOutboxWorker } = await import("../app/jobs/outbox-sender.server");
  const { startHousekeeping } = await import("../app/jobs/housekeeping.server");
  const outboxWorker = startOutboxWorker();
  const housekeeping = startHousekeeping();
  return {
    async stop() {
      housekeeping.stop();
      await outboxWorker.stop();
    },
  };
}
