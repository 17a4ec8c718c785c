import { checkDatabase } from "~/lib/health.server";

/** For load balancers and uptime checks: 200 only when a database round-trip succeeds. */
export async function loader() {
  const isDatabaseUp = await checkDatabase();
  return Response.json(
    { status: isDatabaseUp ? "ok" : "unavailable", database: isDatabaseUp ? "up" : "down" },
    { status: isDatabaseUp ? 200 : 503, headers: { "Cache-Control": "no-store" } },
  );
}
