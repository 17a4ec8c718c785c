import type { LoaderFunctionArgs } from "@remix-run/node";
import { signStatusListCredential } from "~/models/open-badge.server";

/**
 * A revocation list (W3C Bitstring Status List) as a signed credential (VC-JWT): the list every
 * badge's credentialStatus points to. Public, and never cached, so a revocation shows at once.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const list = Number(params.list);
  if (!Number.isSafeInteger(list) || list < 0 || list > 9_999 || String(list) !== params.list) {
    throw new Response("Status list not found", { status: 404 });
  }
  return new Response(await signStatusListCredential(list), {
    headers: { "Content-Type": "application/vc+jwt", "Cache-Control": "no-store" },
  });
}
