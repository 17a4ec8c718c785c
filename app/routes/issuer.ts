import { issuerProfile } from "~/models/open-badge.server";

/** The issuer's Open Badges profile, which every badge's `issuer.id` names. Public. */
export async function loader() {
  return Response.json(await issuerProfile(), {
    headers: { "Content-Type": "application/ld+json", "Cache-Control": "public, max-age=3600" },
  });
}
