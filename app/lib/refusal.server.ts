// One shape for "no". A model function that can refuse returns `{ ok: false, reason }` (plus any
// facts the reason needs) and exports its reasons as a table: each reason's HTTP status and the i18n
// key of its message, and for forms the field the message belongs beside. These functions turn a
// refusal into what a route sends, so every route says "no" the same way. `throw` is for bugs.
import type { SubmissionResult } from "@conform-to/react";
import { data } from "@remix-run/node";

export type RefusalSpec = {
  status: number;
  /** An i18n key in the `common` namespace, shown in the reader's language. */
  messageKey: string;
  /** For forms: the field the message is shown beside; without it, above the form. */
  field?: string;
};

export type RefusalTable = Record<string, RefusalSpec>;

/** A function's refusal: one of its table's reasons, and Retry-After when waiting helps. */
export type Refusal<Table extends RefusalTable> = {
  ok: false;
  reason: keyof Table & string;
  retryAfterSeconds?: number;
};

/** Declares a function's reasons (checked, and kept literal so its result type can name them). */
export function defineRefusals<const Table extends RefusalTable>(table: Table): Table {
  return table;
}

function specFor(table: RefusalTable, reason: string): RefusalSpec {
  const spec = table[reason];
  if (!spec) throw new Error(`No refusal "${reason}" in its table`);
  return spec;
}

function responseInit(spec: RefusalSpec, refusal: { retryAfterSeconds?: number }): ResponseInit {
  const headers = refusal.retryAfterSeconds ? { "Retry-After": String(refusal.retryAfterSeconds) } : undefined;
  return { status: spec.status, headers };
}

type Replyable = {
  reply(options?: {
    formErrors?: string[];
    fieldErrors?: Record<string, string[]>;
    hideFields?: string[];
  }): SubmissionResult<string[]>;
};

/** A form's reply to a refusal (the message beside its field, or above the form) and its status. */
export function refusalReply<Table extends RefusalTable>(
  submission: Replyable,
  table: Table,
  refusal: Refusal<Table>,
  { hideFields }: { hideFields?: string[] } = {},
): { result: SubmissionResult<string[]>; init: ResponseInit } {
  const spec = specFor(table, refusal.reason);
  const result = spec.field
    ? submission.reply({ fieldErrors: { [spec.field]: [spec.messageKey] }, hideFields })
    : submission.reply({ formErrors: [spec.messageKey], hideFields });
  return { result, init: responseInit(spec, refusal) };
}

/** An action's answer to a refusal outside a form: `{ error: messageKey }` with its status. */
export function refusalData<Table extends RefusalTable>(table: Table, refusal: Refusal<Table>) {
  const spec = specFor(table, refusal.reason);
  return data({ error: spec.messageKey }, responseInit(spec, refusal));
}

/** A Response to throw from a loader for a refusal; the error boundary words it by status. */
export function refusalResponse<Table extends RefusalTable>(table: Table, refusal: Refusal<Table>) {
  const spec = specFor(table, refusal.reason);
  return new Response(spec.messageKey, responseInit(spec, refusal));
}
