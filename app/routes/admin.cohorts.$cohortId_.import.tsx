import { getFormProps, useForm, type SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { CohortNav } from "~/components/cohort-nav";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors, Notice, SubmitButton, useOneSubmissionAtATime } from "~/components/forms";
import { formatCount, formatDate, formatFileSize, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import {
  MEMBER_COLUMN_HEADERS,
  MEMBER_COLUMNS,
  MEMBER_IMPORT_MAX_ROWS,
  MEMBER_IMPORT_UPLOAD_LIMITS,
  type MemberColumn,
} from "~/lib/member-import";
import { refusalReply, refusalResponse } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { isUploadRequest } from "~/lib/upload.server";
import { acceptAttribute, UPLOAD_FIELD } from "~/lib/upload-limits";
import { findCohortHeading } from "~/models/cohort.server";
import { pageTitle } from "~/lib/page-title";
import {
  COHORT_IMPORT_REFUSALS,
  confirmCohortImport,
  getCohortImportPreview,
  previewCohortImportUpload,
  type CohortImportPreview,
  type CohortImportRefusal,
  type CohortImportRow,
} from "~/models/cohort-import.server";

// Step 1 posts the CSV (multipart, read by the upload parser under the import's 2 MB limit). A file
// whose rows can be imported is kept as a CohortImport and the page moves to step 2, this page with
// ?import=<id>: the preview and the Confirm button. A file with wrong rows is answered at once with
// its preview, each row's errors beside it, and nothing kept. Confirming goes back to the cohort's
// members with ?done=imported.

const confirmSchema = z.object({
  importId: z
    .string({ required_error: "cohorts.import.refusals.importNotFound" })
    .uuid("cohorts.import.refusals.importNotFound"),
});

/** Rows a preview sends the page at most: every wrong row first, then the rest in file order. */
const SHOWN_ROWS_MAX = 1000;

/** The file field, which the upload parser reads for the kind the import is narrowed from. */
const FILE_FIELD = UPLOAD_FIELD.attachment;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "cohort:manage");
  const heading = await findCohortHeading({ cohortId: params.cohortId ?? "" });
  if (!heading) throw refusalResponse(COHORT_IMPORT_REFUSALS, { ok: false, reason: "notFound" });
  const cohort = {
    id: heading.id,
    name: heading.name,
    startsOn: heading.startsOn,
    endsOn: heading.endsOn,
    program: heading.program,
  };
  const importId = new URL(request.url).searchParams.get("import");
  if (!importId) return data({ cohort, step: "upload" as const, error: null, preview: null });
  const found = await getCohortImportPreview({ actor: admin, cohortId: cohort.id, importId });
  if (!found.ok) {
    if (found.reason === "notAllowed" || found.reason === "notFound") {
      throw refusalResponse(COHORT_IMPORT_REFUSALS, found);
    }
    const spec = COHORT_IMPORT_REFUSALS[found.reason];
    return data({ cohort, step: "upload" as const, error: spec.messageKey, preview: null }, { status: spec.status });
  }
  return data({ cohort, step: "preview" as const, error: null, preview: shownPreview(found.preview) });
}

type UploadError = {
  messageKey: string;
  values: {
    line?: number;
    column?: string;
    missingColumn?: MemberColumn;
    position?: number;
    max?: number;
    fileName?: string;
  };
};

type ActionData = {
  /** Step 1's refusal of the file, or its preview when rows are wrong (or nothing is left to add). */
  uploadError?: UploadError;
  preview?: ShownPreview;
  /** Step 2's Conform reply, and the rows that went wrong since the preview. */
  result?: SubmissionResult<string[]>;
  changedRows?: CohortImportRow[];
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "cohort:manage");
  const actor = { ...admin, ipAddress: getClientIp(context) };
  const cohortId = params.cohortId ?? "";
  if (isUploadRequest(request)) {
    const previewed = await previewCohortImportUpload({ actor, cohortId, request });
    if (!previewed.ok) {
      if (previewed.reason === "notAllowed" || previewed.reason === "notFound") {
        throw refusalResponse(COHORT_IMPORT_REFUSALS, previewed);
      }
      const spec = COHORT_IMPORT_REFUSALS[previewed.reason];
      return data<ActionData>({ uploadError: uploadError(spec.messageKey, previewed) }, { status: spec.status });
    }
    const { preview } = previewed;
    if (preview.importId) return redirect(`/admin/cohorts/${cohortId}/import?import=${preview.importId}`, 303);
    // Wrong rows are the sender's to fix (400); a file of people who are all members already is not wrong.
    return data<ActionData>({ preview: shownPreview(preview) }, { status: preview.counts.error > 0 ? 400 : 200 });
  }

  const submission = parseWithZod(await request.formData(), { schema: confirmSchema });
  if (submission.status !== "success") return data<ActionData>({ result: submission.reply() }, { status: 400 });
  const confirmed = await confirmCohortImport({ actor, cohortId, importId: submission.value.importId });
  if (!confirmed.ok) {
    if (confirmed.reason === "notAllowed" || confirmed.reason === "notFound") {
      throw refusalResponse(COHORT_IMPORT_REFUSALS, confirmed);
    }
    const { result, init } = refusalReply(submission, COHORT_IMPORT_REFUSALS, confirmed);
    return data<ActionData>({ result, changedRows: confirmed.rows?.slice(0, SHOWN_ROWS_MAX) }, init);
  }
  return redirect(`/admin/cohorts/${cohortId}?done=imported`, 303);
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { page: "importMembers", area: "admin", names: [data?.cohort.name] }),
];

type ShownPreview = CohortImportPreview & { omittedCount: number };

/** The preview as the page gets it: at most SHOWN_ROWS_MAX rows, wrong ones chosen first, in line order. */
function shownPreview(preview: CohortImportPreview): ShownPreview {
  if (preview.rows.length <= SHOWN_ROWS_MAX) return { ...preview, omittedCount: 0 };
  const wrong = preview.rows.filter((row) => row.status === "error").slice(0, SHOWN_ROWS_MAX);
  const rest = preview.rows.filter((row) => row.status !== "error").slice(0, SHOWN_ROWS_MAX - wrong.length);
  const rows = [...wrong, ...rest].sort((a, b) => a.line - b.line);
  return { ...preview, rows, omittedCount: preview.rows.length - rows.length };
}

/** A refusal of the file, with the facts its message names. */
function uploadError(messageKey: string, refusal: CohortImportRefusal): UploadError {
  const { line, column, position, max, fileName } = refusal;
  const values: UploadError["values"] = { line, position, max, fileName };
  if (refusal.reason === "missingColumn") values.missingColumn = column as MemberColumn;
  else values.column = column;
  return { messageKey, values };
}

export default function ImportCohortMembersPage() {
  const loaderData = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const { cohort } = loaderData;
  return (
    <section aria-labelledby="import-heading" className="space-y-6">
      <p className="text-sm">
        <Link to={`/admin/cohorts/${cohort.id}`} className="underline">
          {t("cohorts.import.backToMembers")}
        </Link>
      </p>
      <header>
        <h1 id="import-heading" className="text-2xl font-bold">
          {t("cohorts.import.title")}
        </h1>
        <p className="text-slate-600">
          {cohort.name} · {localized(cohort.program, "name", language)} ·{" "}
          {t("cohorts.dateRange", {
            start: formatDate(cohort.startsOn, language),
            end: formatDate(cohort.endsOn, language),
          })}
        </p>
      </header>
      <CohortNav cohortId={cohort.id} cohortName={cohort.name} />
      {loaderData.step === "preview" && loaderData.preview ? (
        <ConfirmStep cohortId={cohort.id} preview={loaderData.preview} />
      ) : (
        <>
          {loaderData.error ? <Notice tone="error">{t(loaderData.error)}</Notice> : null}
          {actionData?.preview ? <PreviewSection preview={actionData.preview} /> : null}
          <UploadStep cohortId={cohort.id} uploadError={actionData?.uploadError} />
        </>
      )}
    </section>
  );
}

function UploadStep({ cohortId, uploadError }: { cohortId: string; uploadError?: UploadError }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const navigation = useNavigation();
  const isUploading = navigation.state === "submitting" && navigation.formEncType === "multipart/form-data";
  const maxSize = formatFileSize(MEMBER_IMPORT_UPLOAD_LIMITS.maxFileBytes, language);
  const error = uploadError
    ? t(uploadError.messageKey, {
        ...uploadError.values,
        line: uploadError.values.line ?? "?",
        column: uploadError.values.missingColumn
          ? t(`cohorts.import.columnNames.${uploadError.values.missingColumn}`)
          : (uploadError.values.column ?? ""),
        fileName: uploadError.values.fileName ?? "",
        maxSize,
      })
    : null;
  return (
    <section aria-labelledby="upload-heading" className="max-w-3xl space-y-4">
      <p className="text-slate-700">{t("cohorts.import.intro")}</p>
      <div className="space-y-2 rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <h2 id="upload-heading" className="font-semibold">
          {t("cohorts.import.formatHeading")}
        </h2>
        <p>{t("cohorts.import.formatIntro")}</p>
        {/* Column titles as they are written in the file, in either language: code, not interface text. */}
        <ul className="list-disc space-y-1 pl-5">
          {MEMBER_COLUMNS.map((column) => (
            <li key={column}>
              <span className="font-medium">{t(`cohorts.import.columns.${column}`)}</span>:{" "}
              {t("cohorts.import.acceptedTitles")}{" "}
              {MEMBER_COLUMN_HEADERS[column].map((title, index) => (
                <span key={title}>
                  {index > 0 ? ", " : null}
                  <code>{title}</code>
                </span>
              ))}
            </li>
          ))}
        </ul>
        <p>{t("cohorts.import.fileRules", { maxSize, maxRows: formatCount(MEMBER_IMPORT_MAX_ROWS, language) })}</p>
        <p>{t("cohorts.import.accountsHelp")}</p>
        <p>
          <a href={`/admin/cohorts/${cohortId}/import/example`} download className="font-semibold underline">
            {t("cohorts.import.downloadExample")}
          </a>
        </p>
      </div>
      <Form method="post" encType="multipart/form-data" className="space-y-4">
        <div className="space-y-1">
          <label htmlFor="member-list-file" className="block text-sm font-medium">
            {t("cohorts.import.file")}
          </label>
          <input
            id="member-list-file"
            type="file"
            name={FILE_FIELD}
            accept={acceptAttribute(MEMBER_IMPORT_UPLOAD_LIMITS)}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "member-list-file-error" : undefined}
            className="block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5"
          />
          {error ? (
            <p id="member-list-file-error" role="alert" className="text-sm text-red-700">
              {error}
            </p>
          ) : null}
        </div>
        <SubmitButton disabled={isUploading}>
          {isUploading ? t("cohorts.import.checking") : t("cohorts.import.check")}
        </SubmitButton>
      </Form>
    </section>
  );
}

/** A checked file: its counts and each row with what it will do, or what is wrong with it. */
function PreviewSection({ preview }: { preview: ShownPreview }) {
  const { t } = useTranslation();
  const { counts } = preview;
  return (
    <section aria-labelledby="preview-heading" className="space-y-3">
      <h2 id="preview-heading" className="text-lg font-semibold">
        {t("cohorts.import.previewHeading", { fileName: preview.fileName })}
      </h2>
      <p className="text-sm text-slate-700">{t("cohorts.import.counts", counts)}</p>
      {counts.error > 0 ? (
        <Notice tone="error">{t("cohorts.import.fixAndUpload")}</Notice>
      ) : preview.importId === null ? (
        <Notice tone="info">{t("cohorts.import.nothingToImport")}</Notice>
      ) : null}
      <PreviewTable rows={preview.rows} caption={t("cohorts.import.tableCaption", { fileName: preview.fileName })} />
      {preview.omittedCount > 0 ? (
        <p className="text-sm text-slate-600">{t("cohorts.import.rowsOmitted", { count: preview.omittedCount })}</p>
      ) : null}
    </section>
  );
}

function PreviewTable({ rows, caption }: { rows: CohortImportRow[]; caption: string }) {
  const { t } = useTranslation();
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full border-collapse text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead>
          <tr className="border-b border-slate-300 text-left">
            <th scope="col" className="py-2 pr-3">
              {t("cohorts.import.line")}
            </th>
            <th scope="col" className="pr-3">
              {t("cohorts.import.name")}
            </th>
            <th scope="col" className="pr-3">
              {t("cohorts.import.email")}
            </th>
            <th scope="col" className="pr-3">
              {t("cohorts.import.studentNumber")}
            </th>
            <th scope="col">{t("cohorts.import.result")}</th>
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr
              key={row.line}
              className={`border-b border-slate-200 align-top ${row.status === "error" ? "bg-red-50" : ""}`}
            >
              <th scope="row" className="py-2 pr-3 text-left font-normal tabular-nums">
                {row.line}
              </th>
              <td className="py-2 pr-3">{row.name}</td>
              <td className="py-2 pr-3 break-all">{row.email}</td>
              <td className="py-2 pr-3">{row.studentNumber ?? "—"}</td>
              <td className="py-2">
                <RowResult row={row} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function RowResult({ row }: { row: CohortImportRow }) {
  const { t } = useTranslation();
  if (row.status === "error") {
    return (
      <ul className="space-y-0.5 text-red-800">
        {row.issues.map((issue) => (
          <li key={issue.messageKey}>{t(issue.messageKey, issue.values)}</li>
        ))}
      </ul>
    );
  }
  return (
    <>
      <span className={row.status === "member" ? "text-slate-500" : ""}>
        {t(`cohorts.import.status.${row.status}`)}
      </span>
      {row.accountName && row.accountName !== row.name ? (
        <span className="block text-xs text-slate-600">
          {t("cohorts.import.accountName", { name: row.accountName })}
        </span>
      ) : null}
    </>
  );
}

function ConfirmStep({ cohortId, preview }: { cohortId: string; preview: ShownPreview }) {
  const { t } = useTranslation();
  const fetcher = useFetcher<typeof action>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  // With JavaScript the fetcher carries the answer; without it, the page the form posted to does.
  const answer = (fetcher.data as ActionData | undefined) ?? actionData;
  const letThrough = useOneSubmissionAtATime(fetcher.state);
  const isSubmitting = fetcher.state !== "idle";
  const [form] = useForm({ id: "confirm-import", lastResult: answer?.result });
  const formProps = getFormProps(form);
  const joining = preview.counts.new + preview.counts.existing;
  return (
    <div className="space-y-6">
      {/* First, and outside the form: a refusal may leave no rows to confirm, and so no form. */}
      <FormErrors id={form.errorId} errors={form.errors} />
      {answer?.changedRows?.length ? (
        <section aria-labelledby="changed-heading" className="space-y-2">
          <h2 id="changed-heading" className="font-semibold text-red-900">
            {t("cohorts.import.changedRowsHeading")}
          </h2>
          <PreviewTable rows={answer.changedRows} caption={t("cohorts.import.changedRowsHeading")} />
        </section>
      ) : null}
      <PreviewSection preview={preview} />
      {preview.importId ? (
        <fetcher.Form
          method="post"
          {...formProps}
          onSubmit={(event) => {
            formProps.onSubmit(event);
            if (!event.defaultPrevented) letThrough(event);
          }}
          className="max-w-2xl space-y-3 rounded-lg border border-slate-200 p-4"
        >
          <input type="hidden" name="importId" value={preview.importId} />
          <p className="text-sm text-slate-700">{t("cohorts.import.confirmHelp", { count: joining })}</p>
          <div className="flex flex-wrap items-center gap-4">
            <SubmitButton disabled={isSubmitting}>
              {isSubmitting ? t("cohorts.import.confirming") : t("cohorts.import.confirm")}
            </SubmitButton>
            <Link to={`/admin/cohorts/${cohortId}/import`} className="text-sm underline">
              {t("cohorts.import.chooseAnother")}
            </Link>
          </div>
        </fetcher.Form>
      ) : (
        <Link to={`/admin/cohorts/${cohortId}/import`} className="inline-block text-sm font-semibold underline">
          {t("cohorts.import.chooseAnother")}
        </Link>
      )}
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
