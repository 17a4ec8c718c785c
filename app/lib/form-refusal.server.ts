// Turns a model function's refusal ({ ok: false, reason }) into a form reply: an HTTP status, and a
// message key shown beside the field it concerns (or above the form) in the reader's language.
import type { SubmissionResult } from "@conform-to/react";

type RefusalReply = { status: number; messageKey: string; field?: string };

export const FORM_REFUSALS = {
  tooManyAttempts: { status: 429, messageKey: "auth.tooManyAttempts" },
  invalidCredentials: { status: 400, messageKey: "auth.invalidCredentials" },
  emailTaken: { status: 409, messageKey: "validation.emailTaken", field: "email" },
  passwordCommon: { status: 400, messageKey: "validation.passwordCommon", field: "password" },
  currentPasswordWrong: { status: 400, messageKey: "validation.currentPasswordWrong", field: "currentPassword" },
  codeInvalid: { status: 400, messageKey: "validation.codeInvalid", field: "code" },
  linkInvalid: { status: 410, messageKey: "auth.resetLinkInvalid" },
  alreadyEnabled: { status: 409, messageKey: "settings.twoFactorAlreadyOn" },
  notEnabled: { status: 409, messageKey: "settings.twoFactorAlreadyOff" },
  noPendingEnrollment: { status: 409, messageKey: "settings.twoFactorNoPending" },
} satisfies Record<string, RefusalReply>;

export type FormRefusal = { ok: false; reason: keyof typeof FORM_REFUSALS; retryAfterSeconds?: number };

type Replyable = {
  reply(options?: {
    formErrors?: string[];
    fieldErrors?: Record<string, string[]>;
    hideFields?: string[];
  }): SubmissionResult<string[]>;
};

/** The form's reply for a refusal, and the status (with Retry-After when waiting helps) to send it with. */
export function refusalReply(
  submission: Replyable,
  refusal: FormRefusal,
  { hideFields }: { hideFields?: string[] } = {},
): { result: SubmissionResult<string[]>; init: ResponseInit } {
  const { status, messageKey, field }: RefusalReply = FORM_REFUSALS[refusal.reason];
  const result = field
    ? submission.reply({ fieldErrors: { [field]: [messageKey] }, hideFields })
    : submission.reply({ formErrors: [messageKey], hideFields });
  const headers = refusal.retryAfterSeconds ? { "Retry-After": String(refusal.retryAfterSeconds) } : undefined;
  return { result, init: { status, headers } };
}
