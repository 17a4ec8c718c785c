import type { LoaderFunctionArgs } from "@remix-run/node";
import { contentDisposition } from "~/lib/content-disposition";
import { findCertificateByCode } from "~/models/certificate.server";
import { certificateFileName, signOpenBadge } from "~/models/open-badge.server";

/**
 * A certificate's Open Badge: the signed OpenBadgeCredential as a compact JWS, served as text/plain
 * as Open Badges 3.0 §5.3 asks of a web resource, and downloaded as a .jwt file.
 */
export async function loader({ params }: LoaderFunctionArgs) {
  const certificate = await findCertificateByCode({ code: params.code ?? "" });
  if (!certificate) throw new Response("Certificate not found", { status: 404 });
  const jwt = await signOpenBadge(certificate);
  return new Response(jwt, {
    headers: {
      "Content-Type": "text/plain; charset=utf-8",
      "Content-Disposition": contentDisposition(certificateFileName(certificate, "jwt")),
      "Cache-Control": "no-store",
      "X-Robots-Tag": "noindex",
    },
  });
}
