import { issuerKeySet } from "~/models/open-badge.server";

/** The public key badges and status lists are signed with, as a JWK set, for verifiers. Public. */
export async function loader() {
  return Response.json(await issuerKeySet(), {
    headers: { "Content-Type": "application/jwk-set+json", "Cache-Control": "public, max-age=3600" },
  });
}
