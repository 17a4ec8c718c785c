// The production HTTP server: Express serving the Remix build.
import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { createRequestHandler } from "@remix-run/express";
import type { ServerBuild } from "@remix-run/node";
import compression from "compression";
import express from "express";

export type HttpServer = { server: Server; close(): Promise<void> };

export async function startHttpServer(options: { buildDir: string; port: number; host: string }): Promise<HttpServer> {
  const build = (await import(pathToFileURL(path.join(options.buildDir, "server/index.js")).href)) as ServerBuild;
  const app = express();
  app.disable("x-powered-by");
  app.use(compression());
  app.use((_request, response, next) => {
    response.locals.requestId = randomUUID();
    response.set({
      "X-Request-Id": response.locals.requestId,
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "strict-origin-when-cross-origin",
      "X-Frame-Options": "DENY",
    });
    next();
  });
  // Vite fingerprints everything under /assets, so those files can be cached for good.
  app.use("/assets", express.static(path.join(options.buildDir, "client/assets"), { immutable: true, maxAge: "1y" }));
  app.use(express.static(path.join(options.buildDir, "client"), { maxAge: "1h" }));
  app.all(
    "*",
    createRequestHandler({
      build,
      mode: "production",
      getLoadContext: (_request, response) => ({ requestId: String(response.locals.requestId) }),
    }),
  );

  const server = await new Promise<Server>((resolve, reject) => {
    const listening = app.listen(options.port, options.host);
    listening.once("listening", () => resolve(listening));
    listening.once("error", reject);
  });

  return {
    server,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeIdleConnections();
        // Requests still running after 10 s are cut off so shutdown cannot hang.
        setTimeout(() => server.closeAllConnections(), 10_000).unref();
      }),
  };
}
