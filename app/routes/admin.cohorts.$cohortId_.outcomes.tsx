import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import {
  Form,
  Link,
  useActionData,
  useLoaderData,
  useLocation,
  useNavigation,
  useSearchParams,
} from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server";
import { CohortNav } from "~/components/cohort-nav";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, Notice, SelectField, SubmitButton } from "~/components/forms";
import { formatPercent } from "~/components/grades";
import { Pagination } from "~/components/pagination";
import { formatCount, formatDate, formatFileSize, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import {
  OUTCOME_COLUMN_HEADERS,
  OUTCOME_IMPORT_MAX_ROWS,
  OUTCOME_IMPORT_UPLOAD_LIMITS,
  OUTCOME_KINDS,
  OUTCOME_WORDS,
  parseOutcomeFileRows,
  recordOutcomeSchema,
} from "~/lib/outcome-forms";
import { pageParam } from "~/lib/pagination";
import { refusalReply, refusalResponse } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { isUploadRequest } from "~/lib/upload.server";
import { acceptAttribute, UPLOAD_FIELD } from "~/lib/upload-limits";
import { pageTitle } from "~/lib/page-title";
import {
  COHORT_OUTCOME_REFUSALS,
  confirmOutcomeImport,
  getCohortOutcomes,
  previewOutcomeImportUpload,
  recordCohortOutcome,
  type OutcomeImportPreview,
  type OutcomeRefusal,
} from "~/models/cohort-outcome.server";

// The cohort's outcomes tab: its figures (the employment and start-up rate in large type, with its
// definition), its graduates with their outcomes, a page at a time, and, once the cohort has ended,
// a form for one graduate (?edit=<userId>, so a phone shows one form, not one per row) and the CSV
// import: the file is checked and previewed, and the preview's checked rows go back with the confirm
// form as hidden JSON, which the server checks again in full before writing anything.

/** The file field the upload parser reads, for the kind the import is narrowed from. */
const FILE_FIELD = UPLOAD_FIELD.outcomeList;

/** Rows a preview sends the page at most: the wrong ones first chosen, then the rest, in line order. */
const SHOWN_ROWS_MAX = 1000;

const DONE_NOTICES = { recorded: "outcomes.done.recorded", imported: "outcomes.done.imported" } as const;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "cohort:manage");
  const query = new URL(request.url).searchParams;
  const found = await getCohortOutcomes({
    actor: admin,
    cohortId: params.cohortId ?? "",
    page: pageParam.parse(query.get("page")),
    filter: query.get("show") === "unrecorded" ? "unrecorded" : "all",
    editUserId: query.get("edit"),
  });
  if (!found.ok) throw refusalResponse(COHORT_OUTCOME_REFUSALS, found);
  return {
    cohort: found.cohort,
    summary: found.summary,
    isOpen: found.isOpen,
    opensOn: found.opensOn,
    dateBounds: { earliest: dayOf(found.bounds.earliest), latest: dayOf(found.bounds.latest) },
    graduates: found.graduates,
    editing: found.editing,
    filter: query.get("show") === "unrecorded" ? ("unrecorded" as const) : ("all" as const),
  };
}

type ImportError = { messageKey: string; values: { line?: number; max?: number; fileName?: string } };

type ActionData = {
  formId: "record" | "import";
  result?: SubmissionResult<string[]>;
  preview?: ShownPreview;
  importError?: ImportError;
};

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "cohort:manage");
  const actor = { ...admin, ipAddress: getClientIp(context) };
  const cohortId = params.cohortId ?? "";
  if (isUploadRequest(request)) {
    const previewed = await previewOutcomeImportUpload({ actor, cohortId, request });
    if (!previewed.ok) return importRefusal(previewed);
    return data<ActionData>({ formId: "import", preview: shownPreview(previewed.preview) });
  }

  const formData = await request.formData();
  const intent = formData.get("intent");
  if (intent === "record") {
    const submission = parseWithZod(formData, { schema: recordOutcomeSchema });
    if (submission.status !== "success") {
      return data<ActionData>({ formId: "record", result: submission.reply() }, { status: 400 });
    }
    const recorded = await recordCohortOutcome({ actor, cohortId, outcome: submission.value });
    if (!recorded.ok) {
      if (recorded.reason === "notAllowed" || recorded.reason === "notFound") {
        throw refusalResponse(COHORT_OUTCOME_REFUSALS, recorded);
      }
      const { result, init } = refusalReply(submission, COHORT_OUTCOME_REFUSALS, recorded);
      return data<ActionData>({ formId: "record", result }, init);
    }
    // Back to the list where the form was opened (its page and filter), the form closed.
    const back = new URL(request.url);
    back.searchParams.delete("edit");
    back.searchParams.set("done", "recorded");
    return redirect(`${back.pathname}?${back.searchParams}`, 303);
  }
  if (intent === "import-confirm") {
    const confirmed = await confirmOutcomeImport({
      actor,
      cohortId,
      fileName: String(formData.get("fileName") ?? "").slice(0, 200),
      rows: parseOutcomeFileRows(formData.get("rows")),
    });
    if (!confirmed.ok) return importRefusal(confirmed);
    return redirect(`/admin/cohorts/${cohortId}/outcomes?done=imported`, 303);
  }
  return data<ActionData>(
    { formId: "record", result: { status: "error", error: { "": ["error.badRequest"] } } },
    { status: 400 },
  );
}

/** An import refused: not found or not allowed as a page; otherwise its message, and the preview again when rows changed. */
function importRefusal(refusal: OutcomeRefusal) {
  if (refusal.reason === "notAllowed" || refusal.reason === "notFound") {
    throw refusalResponse(COHORT_OUTCOME_REFUSALS, refusal);
  }
  const spec = COHORT_OUTCOME_REFUSALS[refusal.reason];
  const { line, max, fileName } = refusal;
  return data<ActionData>(
    {
      formId: "import",
      importError: { messageKey: spec.messageKey, values: { line, max, fileName } },
      preview: refusal.preview ? shownPreview(refusal.preview) : undefined,
    },
    { status: spec.status },
  );
}

type ShownPreview = OutcomeImportPreview & { omittedCount: number };

/** The preview as the page gets it: at most SHOWN_ROWS_MAX rows (the checked rows all go back whole). */
function shownPreview(preview: OutcomeImportPreview): ShownPreview {
  if (preview.rows.length <= SHOWN_ROWS_MAX) return { ...preview, omittedCount: 0 };
  const wrong = preview.rows.filter((row) => row.status === "error").slice(0, SHOWN_ROWS_MAX);
  const rest = preview.rows.filter((row) => row.status !== "error").slice(0, SHOWN_ROWS_MAX - wrong.length);
  const rows = [...wrong, ...rest].sort((a, b) => a.line - b.line);
  return { ...preview, rows, omittedCount: preview.rows.length - rows.length };
}

function dayOf(day: Date) {
  return day.toISOString().slice(0, 10);
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { page: "outcomes", area: "admin", names: [data?.cohort.name] }),
];

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;

function useAnswerFor(formId: ActionData["formId"]) {
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  return actionData?.formId === formId ? actionData : undefined;
}

export default function CohortOutcomesPage() {
  const { cohort, isOpen, opensOn, editing } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>() as ActionData | undefined;
  const [searchParams] = useSearchParams();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const done = searchParams.get("done");
  const doneNotice = done === "recorded" || done === "imported" ? DONE_NOTICES[done] : null;
  const recordAnswer = useAnswerFor("record");
  return (
    <section aria-labelledby="outcomes-heading" className="space-y-8">
      <p className="text-sm">
        <Link to="/admin/cohorts" className="underline">
          {t("cohorts.backToCohorts")}
        </Link>
      </p>
      <header>
        <h1 id="outcomes-heading" className="text-2xl font-bold">
          {cohort.name}
          <span className="sr-only"> · {t("cohortNav.outcomes")}</span>
        </h1>
        <p className="text-slate-600">
          {t(`programKind.${cohort.program.kind}`)} · {localized(cohort.program, "name", language)} ·{" "}
          {t("cohorts.dateRange", {
            start: formatDate(cohort.startsOn, language),
            end: formatDate(cohort.endsOn, language),
          })}
        </p>
      </header>
      <CohortNav cohortId={cohort.id} cohortName={cohort.name} />
      {doneNotice && !actionData ? <Notice tone="success">{t(doneNotice)}</Notice> : null}
      {isOpen ? null : <Notice tone="info">{t("outcomes.notYetOpen", { date: formatDate(opensOn, language) })}</Notice>}
      {/* A refusal for a form that is not on the page (a graduate no longer listed): shown here. */}
      {recordAnswer && !editing ? (
        <FormErrors errors={Object.values(recordAnswer.result?.error ?? {}).flatMap((errors) => errors ?? [])} />
      ) : null}
      <SummarySection />
      {isOpen && editing ? <OutcomeFormSection key={editing.userId} /> : null}
      <GraduatesSection />
      {isOpen ? <ImportSection /> : null}
    </section>
  );
}

function SummarySection() {
  const { summary } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const count = (value: number) => formatCount(value, language);
  const figures = [
    { key: "graduates", value: summary.graduates },
    { key: "recorded", value: summary.recorded },
    { key: "unrecorded", value: summary.unrecorded },
    ...OUTCOME_KINDS.map((kind) => ({ key: `kinds.${kind}`, value: summary.byKind[kind] })),
  ];
  return (
    <section aria-labelledby="summary-heading" className="space-y-4">
      <h2 id="summary-heading" className="text-lg font-semibold">
        {t("outcomes.summaryHeading")}
      </h2>
      <div className="rounded-lg border border-slate-200 bg-white p-4">
        <p className="text-sm font-medium text-slate-600">{t("outcomes.rate")}</p>
        <p className="text-5xl font-bold tracking-tight">{formatPercent(summary.employmentRate, language)}</p>
        <p className="mt-1 text-sm text-slate-700">
          {t("outcomes.rateFraction", {
            employedOrStarted: count(summary.employedOrStarted),
            graduates: count(summary.graduates),
          })}
        </p>
        <p className="mt-3 text-sm text-slate-600">{t("outcomes.rateDefinition")}</p>
        {summary.recorded > 0 ? (
          <p className="mt-1 text-sm text-slate-600">
            {t("outcomes.rateOfRecorded", {
              rate: formatPercent(summary.employmentRateOfRecorded, language),
              employedOrStarted: count(summary.employedOrStarted),
              recorded: count(summary.recorded),
            })}
          </p>
        ) : null}
      </div>
      <dl className="grid grid-cols-2 gap-3 sm:grid-cols-4">
        {figures.map((figure) => (
          <div key={figure.key} className="rounded-md border border-slate-200 bg-white p-3">
            <dt className="text-sm text-slate-600">{t(`outcomes.${figure.key}`)}</dt>
            <dd className="text-2xl font-semibold">{count(figure.value)}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

/** ?edit=<userId>&… for a graduate's form, keeping the page and filter. */
function useEditHref() {
  const location = useLocation();
  return (userId: string | null) => {
    const query = new URLSearchParams(location.search);
    query.delete("done");
    if (userId) query.set("edit", userId);
    else query.delete("edit");
    const search = query.toString();
    return `${location.pathname}${search ? `?${search}` : ""}${userId ? "#outcome-form" : ""}`;
  };
}

function GraduatesSection() {
  const { graduates, isOpen, summary, filter } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const editHref = useEditHref();
  const location = useLocation();
  const filterHref = (show: "all" | "unrecorded") =>
    `${location.pathname}${show === "unrecorded" ? "?show=unrecorded" : ""}`;
  return (
    <section aria-labelledby="graduates-heading" className="space-y-4">
      <h2 id="graduates-heading" className="text-lg font-semibold">
        {t("outcomes.graduatesHeading")}
      </h2>
      <p className="text-sm text-slate-600">{t("outcomes.graduateDefinition")}</p>
      <nav aria-label={t("outcomes.filterLabel")} className="flex flex-wrap gap-2 text-sm">
        {(["all", "unrecorded"] as const).map((show) => (
          <Link
            key={show}
            to={filterHref(show)}
            aria-current={filter === show ? "page" : undefined}
            className="rounded px-3 py-1 aria-[current=page]:bg-brand-100"
          >
            {t(`outcomes.filter.${show}`, { count: show === "all" ? summary.graduates : summary.unrecorded })}
          </Link>
        ))}
      </nav>
      {graduates.items.length === 0 ? (
        <p className="text-sm text-slate-600">
          {filter === "unrecorded" ? t("outcomes.noneUnrecorded") : t("outcomes.noGraduates")}
        </p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full border-collapse text-sm">
            <caption className="sr-only">{t("outcomes.graduatesHeading")}</caption>
            <thead>
              <tr className="border-b border-slate-300 text-left">
                <th scope="col" className="py-2 pr-3">
                  {t("auth.name")}
                </th>
                <th scope="col" className="pr-3">
                  {t("auth.email")}
                </th>
                <th scope="col" className="pr-3">
                  {t("reports.studentNumber")}
                </th>
                <th scope="col" className="pr-3">
                  {t("outcomes.kind")}
                </th>
                <th scope="col" className="pr-3">
                  {t("outcomes.organisation")}
                </th>
                <th scope="col" className="pr-3">
                  {t("outcomes.outcomeOn")}
                </th>
                {isOpen ? (
                  <th scope="col">
                    <span className="sr-only">{t("cohorts.actions")}</span>
                  </th>
                ) : null}
              </tr>
            </thead>
            <tbody>
              {graduates.items.map((graduate) => (
                <tr key={graduate.userId} className="border-b border-slate-200">
                  <th scope="row" className="py-2 pr-3 text-left font-normal">
                    <Link to={`/admin/users/${graduate.userId}`} className="underline">
                      {graduate.name}
                    </Link>
                  </th>
                  <td className="pr-3">{graduate.email}</td>
                  <td className="pr-3">{graduate.studentNumber ?? "—"}</td>
                  <td className="pr-3">
                    {graduate.kind ? (
                      t(`outcomes.kinds.${graduate.kind}`)
                    ) : (
                      <span className="text-slate-500">{t("outcomes.notRecorded")}</span>
                    )}
                  </td>
                  <td className="pr-3">{graduate.organisation ?? "—"}</td>
                  <td className="pr-3">{graduate.outcomeOn ? formatDate(graduate.outcomeOn, language) : "—"}</td>
                  {isOpen ? (
                    <td className="text-right">
                      <Link
                        to={editHref(graduate.userId)}
                        className="underline"
                        aria-label={t(graduate.kind ? "outcomes.editNamed" : "outcomes.recordNamed", {
                          name: graduate.name,
                        })}
                      >
                        {graduate.kind ? t("outcomes.edit") : t("outcomes.record")}
                      </Link>
                    </td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <Pagination page={graduates.page} pageCount={graduates.pageCount} />
    </section>
  );
}

function OutcomeFormSection() {
  const { editing, dateBounds } = useLoaderData<typeof loader>() as LoaderData & {
    editing: NonNullable<LoaderData["editing"]>;
  };
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const answer = useAnswerFor("record");
  const editHref = useEditHref();
  const [form, fields] = useForm({
    id: `record-${editing.userId}`,
    lastResult: answer?.result,
    constraint: getZodConstraint(recordOutcomeSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: recordOutcomeSchema }),
    defaultValue: {
      userId: editing.userId,
      kind: editing.kind ?? "",
      organisation: editing.organisation ?? "",
      outcomeOn: editing.outcomeOn ?? "",
    },
  });
  return (
    <section id="outcome-form" aria-labelledby="outcome-form-heading" className="max-w-xl space-y-4">
      <h2 id="outcome-form-heading" className="text-lg font-semibold">
        {t("outcomes.formHeading", { name: editing.name })}
      </h2>
      <p className="text-sm text-slate-600">{editing.email}</p>
      <Form method="post" {...getFormProps(form)} className="space-y-4 rounded-lg border border-slate-200 p-4">
        <input type="hidden" name="intent" value="record" />
        <input type="hidden" name="userId" value={editing.userId} />
        <SelectField
          label={t("outcomes.kind")}
          selectProps={getSelectProps(fields.kind)}
          options={[
            { value: "", label: t("outcomes.chooseKind") },
            ...OUTCOME_KINDS.map((kind) => ({ value: kind, label: t(`outcomes.kinds.${kind}`) })),
          ]}
          errors={fields.kind.errors}
        />
        <Field
          label={t("outcomes.organisation")}
          description={t("outcomes.organisationHelp")}
          inputProps={{ ...getInputProps(fields.organisation, { type: "text" }), autoComplete: "off" }}
          errors={fields.organisation.errors}
        />
        <Field
          label={t("outcomes.outcomeOnOptional")}
          description={t("outcomes.outcomeOnHelp", {
            from: formatDate(dateBounds.earliest, language),
            to: formatDate(dateBounds.latest, language),
          })}
          inputProps={{
            ...getInputProps(fields.outcomeOn, { type: "date" }),
            min: dateBounds.earliest,
            max: dateBounds.latest,
          }}
          errors={fields.outcomeOn.errors}
        />
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="flex flex-wrap items-center gap-4">
          <SubmitButton>{t("outcomes.save")}</SubmitButton>
          <Link to={editHref(null)} className="text-sm underline">
            {t("outcomes.cancel")}
          </Link>
        </div>
      </Form>
    </section>
  );
}

function ImportSection() {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const answer = useAnswerFor("import");
  const navigation = useNavigation();
  const isUploading = navigation.state === "submitting" && navigation.formEncType === "multipart/form-data";
  const error = answer?.importError
    ? t(answer.importError.messageKey, {
        ...answer.importError.values,
        maxSize: formatFileSize(OUTCOME_IMPORT_UPLOAD_LIMITS.maxFileBytes, language),
      })
    : null;
  return (
    <section aria-labelledby="import-heading" className="space-y-4">
      <h2 id="import-heading" className="text-lg font-semibold">
        {t("outcomes.import.heading")}
      </h2>
      <div className="space-y-2 text-sm text-slate-700">
        <p>{t("outcomes.import.intro")}</p>
        <ul className="list-disc space-y-1 pl-5">
          <li>
            {t("outcomes.import.personColumn", {
              titles: [...OUTCOME_COLUMN_HEADERS.email, ...OUTCOME_COLUMN_HEADERS.studentNumber].join(", "),
            })}
          </li>
          <li>
            {t("outcomes.import.outcomeColumn", { titles: OUTCOME_COLUMN_HEADERS.outcome.join(", ") })}{" "}
            {OUTCOME_KINDS.map((kind) => `${t(`outcomes.kinds.${kind}`)}: ${OUTCOME_WORDS[kind].join(", ")}`).join(
              " · ",
            )}
          </li>
          <li>{t("outcomes.import.organisationColumn", { titles: OUTCOME_COLUMN_HEADERS.organisation.join(", ") })}</li>
          <li>{t("outcomes.import.dateColumn", { titles: OUTCOME_COLUMN_HEADERS.date.join(", ") })}</li>
        </ul>
        <p>
          {t("outcomes.import.fileRules", {
            maxSize: formatFileSize(OUTCOME_IMPORT_UPLOAD_LIMITS.maxFileBytes, language),
            maxRows: formatCount(OUTCOME_IMPORT_MAX_ROWS, language),
          })}
        </p>
      </div>
      <Form method="post" encType="multipart/form-data" className="space-y-4">
        <input type="hidden" name="intent" value="import-preview" />
        <div className="space-y-1">
          <label htmlFor="outcome-file" className="block text-sm font-medium">
            {t("outcomes.import.file")}
          </label>
          <input
            id="outcome-file"
            type="file"
            name={FILE_FIELD}
            accept={acceptAttribute(OUTCOME_IMPORT_UPLOAD_LIMITS)}
            required
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? "outcome-file-error" : undefined}
            className="block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5"
          />
          {error ? (
            <p id="outcome-file-error" role="alert" className="text-sm text-red-700">
              {error}
            </p>
          ) : null}
        </div>
        <SubmitButton disabled={isUploading}>
          {isUploading ? t("outcomes.import.checking") : t("outcomes.import.check")}
        </SubmitButton>
      </Form>
      {answer?.preview ? <PreviewSection preview={answer.preview} /> : null}
    </section>
  );
}

function PreviewSection({ preview }: { preview: ShownPreview }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const { counts } = preview;
  const toRecord = counts.new + counts.changed;
  return (
    <section aria-labelledby="preview-heading" className="space-y-3">
      <h3 id="preview-heading" className="font-semibold">
        {t("outcomes.import.previewHeading", { fileName: preview.fileName })}
      </h3>
      <p className="text-sm">
        {t("outcomes.import.counts", {
          new: counts.new,
          changed: counts.changed,
          same: counts.same,
          error: counts.error,
        })}
      </p>
      {preview.omittedCount > 0 ? (
        <p className="text-sm text-slate-600">{t("outcomes.import.omitted", { count: preview.omittedCount })}</p>
      ) : null}
      <div className="relative overflow-x-auto">
        <table className="w-full border-collapse text-sm">
          <caption className="sr-only">{t("outcomes.import.previewHeading", { fileName: preview.fileName })}</caption>
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th scope="col" className="py-2 pr-3">
                {t("outcomes.import.line")}
              </th>
              <th scope="col" className="pr-3">
                {t("outcomes.import.person")}
              </th>
              <th scope="col" className="pr-3">
                {t("outcomes.kind")}
              </th>
              <th scope="col" className="pr-3">
                {t("outcomes.organisation")}
              </th>
              <th scope="col" className="pr-3">
                {t("outcomes.outcomeOn")}
              </th>
              <th scope="col">{t("outcomes.import.result")}</th>
            </tr>
          </thead>
          <tbody>
            {preview.rows.map((row) => (
              <tr
                key={row.line}
                className={`border-b border-slate-200 align-top ${row.status === "error" ? "bg-red-50" : ""}`}
              >
                <th scope="row" className="py-2 pr-3 text-left font-normal">
                  {row.line}
                </th>
                <td className="pr-3">
                  {row.email || row.studentNumber || "—"}
                  {row.name ? <span className="block text-slate-600">{row.name}</span> : null}
                </td>
                <td className="pr-3">{row.kind ? t(`outcomes.kinds.${row.kind}`) : row.outcome || "—"}</td>
                <td className="pr-3">{row.organisation || "—"}</td>
                <td className="pr-3">{row.date || "—"}</td>
                <td>
                  {row.status === "error" ? (
                    <ul className="space-y-0.5 text-red-700">
                      {row.issues.map((issue) => (
                        <li key={issue.messageKey}>{t(issue.messageKey, issue.values)}</li>
                      ))}
                    </ul>
                  ) : (
                    t(`outcomes.import.status.${row.status}`)
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {toRecord > 0 ? (
        <Form method="post" className="space-y-2 rounded-lg border border-slate-200 p-4">
          <input type="hidden" name="intent" value="import-confirm" />
          <input type="hidden" name="fileName" value={preview.fileName} />
          <input type="hidden" name="rows" value={JSON.stringify(preview.checkedRows)} />
          {counts.error > 0 ? (
            <p className="text-sm text-amber-900">{t("outcomes.import.errorsSkipped", { count: counts.error })}</p>
          ) : null}
          <SubmitButton>{t("outcomes.import.confirm", { count: toRecord })}</SubmitButton>
        </Form>
      ) : (
        <p className="text-sm text-slate-600">
          {counts.error > 0 ? t("outcomes.import.nothingValid") : t("outcomes.import.nothingNew")}
        </p>
      )}
      <p className="text-xs text-slate-500">
        {t("outcomes.import.recheckNote", {
          lines: formatCount(preview.rows.length, language),
        })}
      </p>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
