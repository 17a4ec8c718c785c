// The HTTP server: Express serving the Remix app, built (production) or through Vite (development).
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";
import { isCrossOriginMutation } from "../app/lib/csrf.server";

export type HttpServer = { server: Server; close(): Promise<void> };

type ServerOptions = { port: number; host: string; appOrigin?: string } & (
  { mode: "production"; buildDir: string } | { mode: "development"; projectRoot: string }
);

export async function startHttpServer(options: ServerOptions): Promise<HttpServer> {
  const app = express();
  app.disable("x-powered-by");
  app.use(compression());
  app.use((request, response, next) => {
    response.locals.requestId = randomUUID();
    response.set({
      "X-Request-Id": response.locals.requestId,
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
    });
    // CSRF: state-changing requests must carry our own Origin (see app/lib/csrf.server.ts).
    const appOrigin = options.appOrigin ?? `${request.protocol}://${request.get("host")}`;
    if (isCrossOriginMutation({ method: request.method, origin: request.get("origin"), appOrigin })) {
      response.status(403).type("text/plain").send("Cross-site request refused.");
      return;
    }
    next();
  });

  let build: ServerBuild | (() => Promise<ServerBuild>);
  let closeVite = async () => {};
  if (options.mode === "development") {
    const vite = await import("vite").then(({ createServer }) =>
      createServer({ root: options.projectRoot, server: { middlewareMode: true } }),
    );
    app.use(vite.middlewares);
    build = () => vite.ssrLoadModule("virtual:remix/server-build") as Promise<ServerBuild>;
    closeVite = () => vite.close();
  } else {
    build = (await import(pathToFileURL(path.join(options.buildDir, "server/index.js")).href)) as ServerBuild;
    // Vite fingerprints everything under /assets, so those files can be cached for good.
    app.use("/assets", express.static(path.join(options.buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
    app.use(express.static(path.join(options.buildDir, "client"), { maxAge: "1h" }));
  }
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: options.mode,
      getLoadContext: (request, response) => ({
        requestId: String(response.locals.requestId),
        clientIp: request.ip ?? request.socket.remoteAddress ?? "unknown",
      }),
    }),
  );

  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port, options.host);
    listening.once("listening", () => resolve(listening));
    listening.once("error", reject);
  });
  // Loaded only now: they open the app's database client, which reads DATABASE_URL, and the
  // embedded database's URL is known only once start-up has reached this point.
  const { startOutboxWorker } = await import("../app/lib/email.server");
  const { startHousekeeping } = await import("../app/lib/housekeeping.server");
  const outboxWorker = startOutboxWorker();
  const housekeeping = startHousekeeping();

  return {
    server,
    async close() {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests still running after 10 s are cut off so shutdown cannot hang.
        setTimeout(() => server.closeAllConnections(), 10_000).unref();
      });
      housekeeping.stop();
      await outboxWorker.stop();
      await closeVite();
    },
  };
}
