// The bench's floor: a bare node:http server answering every request with the lesson page's exact
// bytes and headers, as the app sent them. Run in its own process (`tsx bare-server.ts <body file>
// <headers JSON>`) so it shares no event loop with the bench; it prints its port, then serves until
// killed.
import { readFileSync } from "node:fs";
import http from "node:http";

const [bodyFile, headersJson] = process.argv.slice(2);
if (!bodyFile || !headersJson) throw new Error("usage: bare-server.ts <body file> <headers JSON>");
const body = readFileSync(bodyFile);
const headers = { ...(JSON.parse(headersJson) as Record<string, string>), "content-length": String(body.length) };

const server = http.createServer((_request, response) => {
  response.writeHead(200, headers);
  response.end(body);
});
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(JSON.stringify({ port: typeof address === "object" && address ? address.port : 0 }));
});
process.on("SIGTERM", () => server.close(() => process.exit(0)));
