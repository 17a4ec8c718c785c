// The form that revokes a certificate, shared by the browser (Conform) and the server. Messages are
// i18n keys.
import { z } from "zod";

export const REVOCATION_REASON_MAX_LENGTH = 500;

export const revokeCertificateSchema = z.object({
  reason: z
    .string({ required_error: "validation.required" })
    .trim()
    .min(1, "validation.required")
    .max(REVOCATION_REASON_MAX_LENGTH, "validation.tooLong"),
});
