// The HTTP layer in front of the app, over real HTTP: which proxy it believes, the origin and scheme
// the app is told, what it refuses before any route runs, and the headers every answer carries.
// The app behind it is a stand-in that records what it was handed; the app itself is covered by
// the route and end-to-end tests.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { AppLoadContext } from "@remix-run/node";
import { afterEach, describe, expect, test } from "vitest";
import { parseEnv } from "../app/lib/env.server";
import { FORM_BODY_LIMIT_BYTES } from "../app/lib/request-guards.server";
import { uploadBodyLimitBytes } from "../app/lib/upload-limits";
import { createHttpApp } from "./server";

type Seen = { url: string; body: string; context: AppLoadContext };

const servers: http.Server[] = [];

afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

async function startApp({
  env = {},
  answer = () => new Response("ok", { headers: { "Content-Type": "text/plain" } }),
  isBodyRead = true,
}: { env?: Record<string, string>; answer?: () => Response; isBodyRead?: boolean } = {}) {
  const { APP_ORIGIN, TRUST_PROXY } = parseEnv(env);
  const seen: Seen[] = [];
  const app = createHttpApp({
    appOrigin: APP_ORIGIN,
    trustProxy: TRUST_PROXY,
    isDevelopment: false,
    handleRequest: async (request, context) => {
      seen.push({ url: request.url, body: isBodyRead ? await request.text() : "", context });
      return answer();
    },
  });
  const server = await new Promise<http.Server>((resolve) => {
    const listening = app.listen(0, "127.0.0.1", () => resolve(listening));
  });
  servers.push(server);
  return { port: (server.address() as AddressInfo).port, seen };
}

type RawResponse = { status: number; headers: http.IncomingHttpHeaders; body: string };

/** One request exactly as given: any Host, any path bytes, any body, chunked when no length is given. */
function send(
  port: number,
  {
    method = "GET",
    path = "/",
    headers = {},
    body,
  }: { method?: string; path?: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: "127.0.0.1", port, method, path, headers: { Host: `localhost:${port}`, ...headers } },
      (response) => {
        let text = "";
        response.on("data", (chunk: Buffer) => (text += chunk.toString()));
        response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }));
      },
    );
    request.on("error", reject);
    if (body !== undefined) request.write(body);
    request.end();
  });
}

function formPost(port: number, body: string | Buffer, contentType = "application/x-www-form-urlencoded") {
  return send(port, {
    method: "POST",
    path: "/login",
    headers: { Origin: `http://localhost:${port}`, "Content-Type": contentType },
    body,
  });
}

describe("who the client is: TRUST_PROXY", () => {
  test("off by default: X-Forwarded-For and X-Forwarded-Proto are ignored", async () => {
    const { port, seen } = await startApp();
    const response = await send(port, {
      headers: { "X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "evil.example" },
    });
    expect(response.status).toBe(200);
    expect(seen[0]?.context.clientIp).toMatch(/127\.0\.0\.1$/);
    expect(seen[0]?.url).toBe(`http://localhost:${port}/`);
    expect(response.headers["strict-transport-security"]).toBeUndefined();
  });

  test.each(["loopback", "1", "127.0.0.1"])(
    "TRUST_PROXY=%s believes the proxy's client address, scheme and host",
    async (trustProxy) => {
      const { port, seen } = await startApp({ env: { TRUST_PROXY: trustProxy } });
      const response = await send(port, {
        headers: {
          "X-Forwarded-For": "198.51.100.7",
          "X-Forwarded-Proto": "https",
          "X-Forwarded-Host": "learn.bitgoeul.example",
        },
      });
      expect(response.status).toBe(200);
      expect(seen[0]?.context.clientIp).toBe("198.51.100.7");
      expect(seen[0]?.url).toBe("https://learn.bitgoeul.example/");
      expect(response.headers["strict-transport-security"]).toBe("max-age=31536000");
    },
  );

  test("a trusted proxy's client address is the one it appended, not one the client wrote before it", async () => {
    const { port, seen } = await startApp({ env: { TRUST_PROXY: "1" } });
    await send(port, { headers: { "X-Forwarded-For": "203.0.113.99, 198.51.100.7" } });
    expect(seen[0]?.context.clientIp).toBe("198.51.100.7");
  });

  test("a proxy that is not listed is not believed", async () => {
    const { port, seen } = await startApp({ env: { TRUST_PROXY: "10.0.0.5" } });
    await send(port, { headers: { "X-Forwarded-For": "198.51.100.7", "X-Forwarded-Proto": "https" } });
    expect(seen[0]?.context.clientIp).toMatch(/127\.0\.0\.1$/);
    expect(seen[0]?.url).toMatch(/^http:/);
  });
});

describe("the origin the app answers as", () => {
  test("APP_ORIGIN fixes it, whatever Host the client sent", async () => {
    const { port, seen } = await startApp({ env: { APP_ORIGIN: "https://learn.bitgoeul.example" } });
    const response = await send(port, { path: "/courses?q=ai", headers: { Host: "evil.example" } });
    expect(seen[0]?.url).toBe("https://learn.bitgoeul.example/courses?q=ai");
    expect(response.headers["strict-transport-security"]).toBe("max-age=31536000");
    expect(response.headers["cross-origin-opener-policy"]).toBe("same-origin");
    expect(response.headers["content-security-policy"]).toContain("upgrade-insecure-requests");
  });

  test("a cross-site POST is refused against the forwarded host when the proxy is trusted", async () => {
    const { port, seen } = await startApp({ env: { TRUST_PROXY: "loopback" } });
    const forwarded = { "X-Forwarded-Proto": "https", "X-Forwarded-Host": "learn.bitgoeul.example" };
    const own = await send(port, {
      method: "POST",
      headers: { ...forwarded, Origin: "https://learn.bitgoeul.example", "Content-Type": "text/plain" },
      body: "x",
    });
    const foreign = await send(port, {
      method: "POST",
      headers: { ...forwarded, Origin: `http://localhost:${port}`, "Content-Type": "text/plain" },
      body: "x",
    });
    expect(own.status).toBe(200);
    expect(foreign.status).toBe(403);
    expect(seen).toHaveLength(1);
  });

  test.each(["bad host", "[::1", "évil.example"])("a malformed Host (%j) is a 400", async (host) => {
    const { port, seen } = await startApp();
    const response = await send(port, { headers: { Host: host } });
    expect(response.status).toBe(400);
    expect(seen).toHaveLength(0);
  });
});

describe("malformed URLs and bodies never reach a route", () => {
  test.each([
    ["a NUL in the path", "/courses/%00"],
    ["a NUL in a query value", "/courses?q=a%00b"],
    ["a NUL in a query key", "/courses?a%00=1"],
    ["broken UTF-8 in the path", "/courses/%C0%AF"],
    ["broken UTF-8 in the query", "/courses?q=%E2%82"],
    ["a malformed escape", "/courses/%zz"],
    ["a raw non-ASCII byte", "/courses/\u00e9"],
  ])("%s is a 400", async (_label, path) => {
    const { port, seen } = await startApp();
    const response = await send(port, { path });
    expect(response.status).toBe(400);
    expect(seen).toHaveLength(0);
  });

  test("a well-formed Korean path and query pass through", async () => {
    const { port, seen } = await startApp();
    const query = new URLSearchParams({ q: "강화학습 입문" }).toString();
    const response = await send(port, { path: `/courses/${encodeURIComponent("강화학습")}?${query}` });
    expect(response.status).toBe(200);
    expect(new URL(seen[0]?.url ?? "").searchParams.get("q")).toBe("강화학습 입문");
  });

  test.each([
    ["a NUL in a form value", "email=a%00b%40example.com&password=x"],
    ["a NUL in a form name", "em%00ail=a&password=x"],
    ["broken UTF-8 in a form value", "name=%ED%A0%80"],
    ["a raw invalid UTF-8 byte", Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3d, 0xff])],
  ])("%s is a 400", async (_label, body) => {
    const { port, seen } = await startApp();
    const response = await formPost(port, body);
    expect(response.status).toBe(400);
    expect(response.body).toMatch(/malformed form data/);
    expect(seen).toHaveLength(0);
  });

  test("a multipart form with a NUL in a field is a 400; a clean one reaches the app intact", async () => {
    const { port, seen } = await startApp();
    const multipart = (value: string) =>
      `--b\r\nContent-Disposition: form-data; name="name"\r\n\r\n${value}\r\n--b--\r\n`;
    const type = "multipart/form-data; boundary=b";
    expect((await formPost(port, multipart("a\0b"), type)).status).toBe(400);
    expect(seen).toHaveLength(0);
    expect((await formPost(port, multipart("김빛나"), type)).status).toBe(200);
    expect(seen[0]?.body).toContain("김빛나");
  });

  test("JSON with an escaped NUL is a 400", async () => {
    const { port, seen } = await startApp();
    const response = await formPost(port, '{"name":"a\\u0000b"}', "application/json");
    expect(response.status).toBe(400);
    expect(seen).toHaveLength(0);
  });

  test("a well-formed Korean form reaches the app byte for byte", async () => {
    const { port, seen } = await startApp();
    const body = new URLSearchParams({ name: "박지훈", email: "jihoon@example.com" }).toString();
    expect((await formPost(port, body)).status).toBe(200);
    expect(seen[0]?.body).toBe(body);
  });

  test("a body declared larger than the limit is refused with 413 before it is read", async () => {
    const { port, seen } = await startApp();
    const response = await send(port, {
      method: "POST",
      headers: {
        Origin: `http://localhost:${port}`,
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Length": String(FORM_BODY_LIMIT_BYTES + 1),
      },
      // Only a little is sent: the answer must come from the declared length alone.
      body: "a=1",
    });
    expect(response.status).toBe(413);
    expect(seen).toHaveLength(0);
  });

  test("a chunked body that grows past the limit is refused with 413", async () => {
    const { port, seen } = await startApp();
    const response = await send(port, {
      method: "POST",
      headers: { Origin: `http://localhost:${port}`, "Content-Type": "application/x-www-form-urlencoded" },
      body: `a=${"x".repeat(FORM_BODY_LIMIT_BYTES)}`,
    });
    expect(response.status).toBe(413);
    expect(seen).toHaveLength(0);
  });

  test("a compressed body is refused with 415, so the limit cannot be dodged by inflation", async () => {
    const { port, seen } = await startApp();
    const response = await send(port, {
      method: "POST",
      headers: {
        Origin: `http://localhost:${port}`,
        "Content-Type": "application/x-www-form-urlencoded",
        "Content-Encoding": "gzip",
      },
      body: "a=1",
    });
    expect(response.status).toBe(415);
    expect(seen).toHaveLength(0);
  });
});

describe("headers on every answer", () => {
  test("a CSP whose script nonce is the one handed to the app, changing per request", async () => {
    const { port, seen } = await startApp();
    const first = await send(port, {});
    const second = await send(port, {});
    const policy = String(first.headers["content-security-policy"]);
    const nonce = /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy)?.[1];
    expect(nonce).toBe(seen[0]?.context.cspNonce);
    expect(second.headers["content-security-policy"]).not.toContain(nonce);
    expect(policy).toMatch(/script-src 'self' 'nonce-[^']+'(;|$)/);
    expect(policy).not.toMatch(/script-src[^;]*unsafe-inline/);
    expect(policy).toContain("frame-ancestors 'none'");
    expect(policy).toContain("object-src 'none'");
    expect(policy).not.toContain("upgrade-insecure-requests");
    expect(first.headers["permissions-policy"]).toContain("camera=()");
    expect(first.headers["x-content-type-options"]).toBe("nosniff");
    expect(first.headers["strict-transport-security"]).toBeUndefined();
    expect(first.headers["cross-origin-opener-policy"]).toBeUndefined();
  });

  test("a signed-in browser's pages are not stored by any cache; a visitor's are left alone", async () => {
    const { port } = await startApp();
    const signedIn = await send(port, { headers: { Cookie: "lng=ko; bitgoeul_session=abc" } });
    const visitor = await send(port, { headers: { Cookie: "lng=ko" } });
    expect(signedIn.headers["cache-control"]).toBe("no-store");
    expect(visitor.headers["cache-control"]).toBeUndefined();
  });

  test("an answer that sets a cookie is not stored either, and a route's own Cache-Control stands", async () => {
    const setsCookie = await startApp({
      answer: () => new Response(null, { status: 302, headers: { Location: "/", "Set-Cookie": "bitgoeul_session=x" } }),
    });
    expect((await send(setsCookie.port, {})).headers["cache-control"]).toBe("no-store");

    const ownPolicy = await startApp({ answer: () => new Response("x", { headers: { "Cache-Control": "private" } }) });
    const response = await send(ownPolicy.port, { headers: { Cookie: "bitgoeul_session=abc" } });
    expect(response.headers["cache-control"]).toBe("private");
  });
});

describe("uploads stream past the form limit, up to their own", () => {
  const COURSE = "0194f0b2-8c3a-7d10-9a2b-3c4d5e6f7a8b";
  const LESSON = "0194f0b2-8c3a-7d10-9a2b-3c4d5e6f7a8c";
  const MULTIPART = "multipart/form-data; boundary=b";
  const coverLimit = uploadBodyLimitBytes("coverImage");

  function multipartBody(fileBytes: number) {
    return Buffer.concat([
      Buffer.from('--b\r\nContent-Disposition: form-data; name="cover"; filename="big.png"\r\n\r\n'),
      Buffer.alloc(fileBytes, "a"),
      Buffer.from("\r\n--b--\r\n"),
    ]);
  }

  /**
   * POSTs `body` chunked (no Content-Length), as fast as the server reads it, and stops sending once an
   * answer arrives: a server that refuses halfway stops reading, and closes the connection after.
   */
  function sendChunked(port: number, path: string, body: Buffer, contentType = MULTIPART) {
    return new Promise<RawResponse>((resolve, reject) => {
      let bytesSent = 0;
      let answered = false;
      const request = http.request(
        {
          host: "127.0.0.1",
          port,
          method: "POST",
          path,
          headers: { Host: `localhost:${port}`, Origin: `http://localhost:${port}`, "Content-Type": contentType },
        },
        (response) => {
          answered = true;
          let text = "";
          response.on("data", (chunk: Buffer) => (text += chunk.toString()));
          response.on("end", () =>
            resolve({ status: response.statusCode ?? 0, headers: response.headers, body: text }),
          );
        },
      );
      request.on("error", (error) => answered || reject(error));
      const writeMore = () => {
        while (!answered && bytesSent < body.length) {
          const chunk = body.subarray(bytesSent, bytesSent + 64 * 1024);
          bytesSent += chunk.length;
          if (!request.write(chunk)) return void request.once("drain", writeMore);
        }
        if (!answered) request.end();
      };
      writeMore();
    });
  }

  test("a multipart upload to an upload endpoint reaches the app whole, well past 1 MiB", async () => {
    const { port, seen } = await startApp();
    const body = multipartBody(3 * 1024 * 1024);
    expect(body.length).toBeGreaterThan(FORM_BODY_LIMIT_BYTES);

    const response = await sendChunked(port, `/teach/${COURSE}?index`, body);

    expect(response.status).toBe(200);
    expect(seen[0]?.body.length).toBe(body.length);
    expect(seen[0]?.url).toBe(`http://localhost:${port}/teach/${COURSE}?index`);
  });

  test("so does one with a declared length, posted with JavaScript to the route's .data path", async () => {
    const { port, seen } = await startApp();
    const body = multipartBody(2 * 1024 * 1024);
    const response = await send(port, {
      method: "POST",
      path: `/teach/${COURSE}/lessons/${LESSON}.data`,
      headers: { Origin: `http://localhost:${port}`, "Content-Type": MULTIPART, "Content-Length": String(body.length) },
      body,
    });
    expect(response.status).toBe(200);
    expect(seen[0]?.body.length).toBe(body.length);
  });

  test("a declared length over the endpoint's own limit is refused with 413 before it is read", async () => {
    const { port, seen } = await startApp();
    const response = await send(port, {
      method: "POST",
      path: "/teach/import",
      headers: {
        Origin: `http://localhost:${port}`,
        "Content-Type": MULTIPART,
        "Content-Length": String(uploadBodyLimitBytes("coursePackage") + 1),
      },
      body: "--b",
    });
    expect(response.status).toBe(413);
    expect(seen).toHaveLength(0);
  });

  test("a chunked upload that grows past the endpoint's limit is refused with 413, whatever the app said", async () => {
    const { port, seen } = await startApp();
    const response = await sendChunked(port, `/teach/${COURSE}`, multipartBody(coverLimit + 1024 * 1024));
    expect(response.status).toBe(413);
    expect(response.headers.connection).toBe("close");
    // The app's stream failed when the limit was passed, so its read never completed.
    expect(seen).toHaveLength(0);
  });

  test.each([
    ["an ordinary page", "/login"],
    ["a studio page that takes no uploads", `/teach/${COURSE}/outline`],
    ["a path that only looks like one", "/teach/new"],
  ])("a multipart body to %s is still refused at 1 MiB", async (_label, path) => {
    const { port, seen } = await startApp();
    const response = await sendChunked(port, path, multipartBody(2 * 1024 * 1024));
    expect(response.status).toBe(413);
    expect(seen).toHaveLength(0);
  });

  test("a form that is not multipart, to an upload endpoint, is buffered and checked as ever", async () => {
    const { port, seen } = await startApp();
    const path = `/teach/${COURSE}`;
    const tooLarge = await sendChunked(
      port,
      path,
      Buffer.from(`a=${"x".repeat(FORM_BODY_LIMIT_BYTES)}`),
      "application/x-www-form-urlencoded",
    );
    expect(tooLarge.status).toBe(413);
    const withNul = await sendChunked(
      port,
      path,
      Buffer.from("intent=cover-remove%00"),
      "application/x-www-form-urlencoded",
    );
    expect(withNul.status).toBe(400);
    expect(seen).toHaveLength(0);
  });

  test("what the app leaves unread after answering is read and dropped, and the connection serves on", async () => {
    const { port, seen } = await startApp({
      isBodyRead: false,
      answer: () => new Response(null, { status: 303, headers: { Location: "/login" } }),
    });
    // Larger than the sockets' buffers: unless the server reads it all, the client cannot finish
    // sending it, and a server that closed the connection instead would reset it.
    const body = multipartBody(24 * 1024 * 1024);
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    const upload = () =>
      new Promise<number>((resolve, reject) => {
        let status = 0;
        let pending = 2;
        const done = () => --pending === 0 && resolve(status);
        const request = http.request(
          {
            agent,
            host: "127.0.0.1",
            port,
            method: "POST",
            path: `/teach/${COURSE}/lessons/${LESSON}`,
            headers: { Host: `localhost:${port}`, Origin: `http://localhost:${port}`, "Content-Type": MULTIPART },
          },
          (response) => {
            status = response.statusCode ?? 0;
            response.resume();
            response.on("end", done);
          },
        );
        request.on("socket", (socket) => sockets.add(socket));
        request.on("finish", done);
        request.on("error", reject);
        request.end(body);
      });
    try {
      expect(await upload()).toBe(303);
      expect(await upload()).toBe(303);
    } finally {
      agent.destroy();
    }
    expect(sockets.size).toBe(1);
    expect(seen).toHaveLength(2);
  });
});
