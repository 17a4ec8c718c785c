import type { LoaderFunctionArgs } from "@remix-run/node";
import { contentDisposition } from "~/lib/content-disposition";
import { findCertificateByCode } from "~/models/certificate.server";
import { certificatePdf } from "~/models/certificate-pdf.server";
import { certificateFileName } from "~/models/open-badge.server";

/** A certificate as PDF, for anyone with its code (like its page). A revoked one says so on the page. */
export async function loader({ params }: LoaderFunctionArgs) {
  const certificate = await findCertificateByCode({ code: params.code ?? "" });
  if (!certificate) throw new Response("Certificate not found", { status: 404 });
  const pdf = await certificatePdf(certificate);
  return new Response(new Uint8Array(pdf), {
    headers: {
      "Content-Type": "application/pdf",
      "Content-Length": String(pdf.byteLength),
      "Content-Disposition": contentDisposition(certificateFileName(certificate, "pdf"), { type: "inline" }),
      // Revocation must show at once: no cache keeps an old copy.
      "Cache-Control": "no-store",
      "X-Robots-Tag": "noindex",
    },
  });
}
