import type { LoaderFunctionArgs } from "@remix-run/node";
import { contentDisposition } from "~/lib/content-disposition";
import { findCertificateByCode } from "~/models/certificate.server";
import { bakedBadgeSvg, certificateFileName } from "~/models/open-badge.server";

/** The badge image with the signed credential baked in (Open Badges 3.0 SVG baking), to download. */
export async function loader({ params }: LoaderFunctionArgs) {
  const certificate = await findCertificateByCode({ code: params.code ?? "" });
  if (!certificate) throw new Response("Certificate not found", { status: 404 });
  const svg = await bakedBadgeSvg(certificate);
  return new Response(svg, {
    headers: {
      "Content-Type": "image/svg+xml; charset=utf-8",
      "Content-Disposition": contentDisposition(certificateFileName(certificate, "svg")),
      // Served as a download, never rendered in the app's origin as a page: no script runs from it.
      "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; sandbox",
      "Cache-Control": "no-store",
      "X-Robots-Tag": "noindex",
    },
  });
}
