import {
  getFormProps,
  getInputProps,
  getSelectProps,
  getTextareaProps,
  useForm,
  type SubmissionResult,
} from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import type { z, ZodTypeAny } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import {
  Field,
  FormErrors,
  Notice,
  SelectField,
  SubmissionKeyField,
  SubmitButton,
  TextareaField,
} from "~/components/forms";
import { ProgramDetailsFields } from "~/components/program-details-fields";
import { formatDate, formatDateTime, formatTerm, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import {
  degreeTrackChangeSchema,
  degreeTrackSchema,
  programDetailsSchema,
  programRefSchema,
  TERM_SEASONS,
  termChangeSchema,
  termRefSchema,
  termSchema,
  trackRefSchema,
} from "~/lib/program-forms";
import { refusalReply, refusalResponse } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { newSubmissionKey, submissionKeyFrom } from "~/models/form-submission.server";
import { languageOf, pageTitle } from "~/lib/page-title";
import {
  archiveDegreeTrack,
  archiveProgram,
  archiveTerm,
  createDegreeTrack,
  createTerm,
  getProgramForAdmin,
  PROGRAM_ADMIN_REFUSALS,
  restoreDegreeTrack,
  restoreProgram,
  restoreTerm,
  updateDegreeTrack,
  updateProgram,
  updateTerm,
} from "~/models/program-admin.server";

/** What a redirect after a change says on the page (`?done=`), by the form that made it. */
const DONE_NOTICES = {
  created: "programs.done.created",
  details: "programs.done.details",
  archive: "programs.done.archived",
  restore: "programs.done.restored",
  "create-track": "programs.done.trackCreated",
  "update-track": "programs.done.trackUpdated",
  "archive-track": "programs.done.trackArchived",
  "restore-track": "programs.done.trackRestored",
  "create-term": "programs.done.termCreated",
  "update-term": "programs.done.termUpdated",
  "archive-term": "programs.done.termArchived",
  "restore-term": "programs.done.termRestored",
} as const;

type Intent = Exclude<keyof typeof DONE_NOTICES, "created">;

export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "program:manage");
  const found = await getProgramForAdmin({ actor: admin, programId: params.programId ?? "" });
  if (!found.ok) throw refusalResponse(PROGRAM_ADMIN_REFUSALS, found);
  return { program: found.program, submissionKey: newSubmissionKey() };
}

type ActionData = { formId: string; result?: SubmissionResult<string[]>; message?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "program:manage");
  const actor = { ...admin, ipAddress: getClientIp(context) };
  const programId = params.programId ?? "";
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const formId = String(formData.get("formId") ?? intent);
  const submissionKey = submissionKeyFrom(formData);

  /** Parses with `schema`, runs `change`, and answers the form that posted or goes back to the page. */
  async function handle<Schema extends ZodTypeAny>(
    schema: Schema,
    change: (
      value: z.output<Schema>,
    ) => Promise<{ ok: true } | { ok: false; reason: keyof typeof PROGRAM_ADMIN_REFUSALS }>,
  ) {
    const submission = parseWithZod(formData, { schema });
    if (submission.status !== "success") {
      return data<ActionData>({ formId, result: submission.reply() }, { status: 400 });
    }
    const changed = await change(submission.value);
    if (!changed.ok) {
      if (changed.reason === "notFound" || changed.reason === "notAllowed") {
        throw refusalResponse(PROGRAM_ADMIN_REFUSALS, changed);
      }
      const { result, init } = refusalReply(submission, PROGRAM_ADMIN_REFUSALS, changed);
      return data<ActionData>({ formId, result }, init);
    }
    return redirect(`/admin/programs/${programId}?done=${intent}`, 303);
  }

  switch (intent as Intent) {
    case "details":
      return handle(programDetailsSchema, (details) => updateProgram({ actor, programId, details }));
    case "archive":
      return handle(programRefSchema, () => archiveProgram({ actor, programId }));
    case "restore":
      return handle(programRefSchema, () => restoreProgram({ actor, programId }));
    case "create-track":
      return handle(degreeTrackSchema, (track) => createDegreeTrack({ actor, programId, track, submissionKey }));
    case "update-track":
      return handle(degreeTrackChangeSchema, ({ trackId, ...track }) =>
        updateDegreeTrack({ actor, programId, trackId, track }),
      );
    case "archive-track":
      return handle(trackRefSchema, ({ trackId }) => archiveDegreeTrack({ actor, programId, trackId }));
    case "restore-track":
      return handle(trackRefSchema, ({ trackId }) => restoreDegreeTrack({ actor, programId, trackId }));
    case "create-term":
      return handle(termSchema, (term) => createTerm({ actor, programId, term, submissionKey }));
    case "update-term":
      return handle(termChangeSchema, ({ termId, ...term }) => updateTerm({ actor, programId, termId, term }));
    case "archive-term":
      return handle(termRefSchema, ({ termId }) => archiveTerm({ actor, programId, termId }));
    case "restore-term":
      return handle(termRefSchema, ({ termId }) => restoreTerm({ actor, programId, termId }));
    default:
      return data<ActionData>({ formId, message: "error.badRequest" }, { status: 400 });
  }
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, {
    page: "program",
    area: "admin",
    names: [data && localized(data.program, "name", languageOf(matches))],
  }),
];

type LoaderData = ReturnType<typeof useLoaderData<typeof loader>>;
type Program = LoaderData["program"];
type Track = Program["degreeTracks"][number];
type Term = Program["terms"][number];

/** The action's answer when it is for the form `formId`. */
function useAnswerFor(formId: string) {
  const actionData = useActionData<typeof action>();
  return actionData?.formId === formId ? actionData : undefined;
}

/** "2026-09-01" for a date input, from a calendar day stored as UTC midnight. */
function dayValue(day: Date | string) {
  return new Date(day).toISOString().slice(0, 10);
}

export default function AdminProgramPage() {
  const { program } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const done = searchParams.get("done");
  const doneNotice = done && done in DONE_NOTICES ? DONE_NOTICES[done as keyof typeof DONE_NOTICES] : null;
  return (
    <section aria-labelledby="program-heading" className="space-y-8">
      <p className="text-sm">
        <Link to={program.archivedAt ? "/admin/programs?archived=1" : "/admin/programs"} className="underline">
          {t("programs.backToPrograms")}
        </Link>
      </p>
      <header className="space-y-1">
        <h1 id="program-heading" className="text-2xl font-bold">
          {localized(program, "name", language)}
        </h1>
        <p className="text-slate-600">
          {t(`programKind.${program.kind}`)} · {t(`grades.scaleName.${program.gradeScale}`)} ·{" "}
          {t("programs.usage", { courses: program._count.courses, cohorts: program._count.cohorts })}
        </p>
        {program.archivedAt ? null : (
          <p className="text-sm">
            <Link to={`/programs/${program.slug}`} className="underline">
              {t("programs.viewPublicPage")}
            </Link>
          </p>
        )}
      </header>
      {program.archivedAt ? (
        <Notice tone="info">
          {t("programs.archivedNotice", { date: formatDateTime(program.archivedAt, language) })}
        </Notice>
      ) : null}
      {doneNotice && !actionData ? <Notice tone="success">{t(doneNotice)}</Notice> : null}
      {actionData?.message ? <FormErrors errors={[actionData.message]} /> : null}
      <DetailsSection program={program} />
      {program.kind === "GRADUATE" ? (
        <>
          <TracksSection program={program} />
          <TermsSection program={program} />
        </>
      ) : (
        <p className="text-sm text-slate-600">{t("programs.academyHasNoTerms")}</p>
      )}
      <ArchiveSection program={program} />
    </section>
  );
}

function DetailsSection({ program }: { program: Program }) {
  const { t } = useTranslation();
  const answer = useAnswerFor("details");
  const [form, fields] = useForm({
    id: "details",
    lastResult: answer?.result,
    constraint: getZodConstraint(programDetailsSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: programDetailsSchema }),
    defaultValue: {
      slug: program.slug,
      kind: program.kind,
      nameKo: program.nameKo,
      nameEn: program.nameEn,
      descriptionKo: program.descriptionKo,
      descriptionEn: program.descriptionEn,
      gradeScale: program.gradeScale,
      position: String(program.position),
    },
  });
  return (
    <section aria-labelledby="details-heading" className="max-w-2xl space-y-4">
      <h2 id="details-heading" className="text-lg font-semibold">
        {t("programs.details")}
      </h2>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <input type="hidden" name="intent" value="details" />
        <input type="hidden" name="formId" value="details" />
        <ProgramDetailsFields fields={fields} isNew={false} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SubmitButton>{t("programs.saveDetails")}</SubmitButton>
      </Form>
    </section>
  );
}

// ───────────────────────────── Degree tracks ─────────────────────────────

function TracksSection({ program }: { program: Program }) {
  const { submissionKey } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const answer = useAnswerFor("create-track");
  const [form, fields] = useForm({
    id: "create-track",
    lastResult: answer?.result,
    constraint: getZodConstraint(degreeTrackSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: degreeTrackSchema }),
    defaultValue: { position: "0" },
  });
  return (
    <section aria-labelledby="tracks-heading" className="space-y-4">
      <h2 id="tracks-heading" className="text-lg font-semibold">
        {t("programs.tracks")}
      </h2>
      <p className="max-w-3xl text-sm text-slate-600">{t("programs.trackArchiveHelp")}</p>
      {program.degreeTracks.length === 0 ? (
        <p className="text-sm text-slate-600">{t("programs.noTracks")}</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200">
          {program.degreeTracks.map((track) => (
            <TrackItem key={track.id} track={track} />
          ))}
        </ul>
      )}
      <details open={Boolean(answer)} className="max-w-2xl rounded-lg border border-slate-200 p-4">
        <summary className="cursor-pointer font-semibold">{t("programs.newTrack")}</summary>
        <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
          <input type="hidden" name="intent" value="create-track" />
          <input type="hidden" name="formId" value="create-track" />
          <SubmissionKeyField value={submissionKey} />
          <TrackFields fields={fields} isNew={true} />
          <FormErrors id={form.errorId} errors={form.errors} />
          <SubmitButton>{t("programs.createTrack")}</SubmitButton>
        </Form>
      </details>
    </section>
  );
}

function TrackItem({ track }: { track: Track }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const formId = `track-${track.id}`;
  const answer = useAnswerFor(formId);
  const [form, fields] = useForm({
    id: formId,
    lastResult: answer?.result,
    constraint: getZodConstraint(degreeTrackChangeSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: degreeTrackChangeSchema }),
    defaultValue: {
      trackId: track.id,
      slug: track.slug,
      nameKo: track.nameKo,
      nameEn: track.nameEn,
      descriptionKo: track.descriptionKo,
      descriptionEn: track.descriptionEn,
      requiredCredits: String(track.requiredCredits),
      position: String(track.position),
    },
  });
  const name = localized(track, "name", language);
  return (
    <li className={`space-y-2 p-3 ${track.archivedAt ? "bg-slate-50" : ""}`}>
      <div className="flex flex-wrap items-baseline gap-2">
        <h3 className="font-medium">{name}</h3>
        {track.archivedAt ? <ArchivedBadge /> : null}
      </div>
      <p className="text-sm text-slate-600">
        {track.slug} · {t("program.requiredCredits", { count: track.requiredCredits })} ·{" "}
        {t("programs.studentCount", { count: track._count.students })}
      </p>
      <details open={Boolean(answer)}>
        <summary className="cursor-pointer text-sm underline">
          {t("programs.edit")}
          <span className="sr-only"> {name}</span>
        </summary>
        <Form method="post" {...getFormProps(form)} className="mt-3 max-w-2xl space-y-4">
          <input type="hidden" name="intent" value="update-track" />
          <input type="hidden" name="formId" value={formId} />
          <input type="hidden" name="trackId" value={track.id} />
          <TrackFields fields={fields} isNew={false} />
          <FormErrors id={form.errorId} errors={form.errors} />
          <SubmitButton aria-label={t("programs.saveNamed", { name })}>{t("programs.save")}</SubmitButton>
        </Form>
      </details>
      <ArchiveButton
        intent={track.archivedAt ? "restore-track" : "archive-track"}
        field={{ name: "trackId", value: track.id }}
        name={name}
      />
    </li>
  );
}

type TrackFieldset = ReturnType<typeof useForm<z.input<typeof degreeTrackSchema>>>[1];

function TrackFields({ fields, isNew }: { fields: TrackFieldset; isNew: boolean }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label={t("programs.trackNameKo")}
          inputProps={{ ...getInputProps(fields.nameKo, { type: "text" }), lang: "ko" }}
          errors={fields.nameKo.errors}
        />
        <Field
          label={t("programs.trackNameEn")}
          inputProps={{ ...getInputProps(fields.nameEn, { type: "text" }), lang: "en" }}
          errors={fields.nameEn.errors}
        />
      </div>
      <Field
        label={t("programs.slug")}
        description={isNew ? t("programs.slugHelpNew") : t("programs.slugHelp")}
        inputProps={{ ...getInputProps(fields.slug, { type: "text" }), autoCapitalize: "none", spellCheck: false }}
        errors={fields.slug.errors}
      />
      <TextareaField
        label={t("programs.descriptionKo")}
        textareaProps={{ ...getTextareaProps(fields.descriptionKo), rows: 2, lang: "ko" }}
        errors={fields.descriptionKo.errors}
      />
      <TextareaField
        label={t("programs.descriptionEn")}
        textareaProps={{ ...getTextareaProps(fields.descriptionEn), rows: 2, lang: "en" }}
        errors={fields.descriptionEn.errors}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label={t("programs.requiredCredits")}
          inputProps={{ ...getInputProps(fields.requiredCredits, { type: "number" }), min: 1, step: 1 }}
          errors={fields.requiredCredits.errors}
        />
        <Field
          label={t("programs.position")}
          description={t("programs.positionHelp")}
          inputProps={{ ...getInputProps(fields.position, { type: "number" }), min: 0, step: 1 }}
          errors={fields.position.errors}
        />
      </div>
    </>
  );
}

// ───────────────────────────── Terms ─────────────────────────────

function TermsSection({ program }: { program: Program }) {
  const { submissionKey } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const answer = useAnswerFor("create-term");
  const [form, fields] = useForm({
    id: "create-term",
    lastResult: answer?.result,
    constraint: getZodConstraint(termSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: termSchema }),
  });
  return (
    <section aria-labelledby="terms-heading" className="space-y-4">
      <h2 id="terms-heading" className="text-lg font-semibold">
        {t("programs.terms")}
      </h2>
      <p className="max-w-3xl text-sm text-slate-600">{t("programs.termArchiveHelp")}</p>
      {program.terms.length === 0 ? (
        <p className="text-sm text-slate-600">{t("programs.noTerms")}</p>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200">
          {program.terms.map((term) => (
            <TermItem key={term.id} term={term} />
          ))}
        </ul>
      )}
      <details open={Boolean(answer)} className="max-w-2xl rounded-lg border border-slate-200 p-4">
        <summary className="cursor-pointer font-semibold">{t("programs.newTerm")}</summary>
        <Form method="post" {...getFormProps(form)} className="mt-4 space-y-4">
          <input type="hidden" name="intent" value="create-term" />
          <input type="hidden" name="formId" value="create-term" />
          <SubmissionKeyField value={submissionKey} />
          <TermFields fields={fields} />
          <FormErrors id={form.errorId} errors={form.errors} />
          <SubmitButton>{t("programs.createTerm")}</SubmitButton>
        </Form>
      </details>
    </section>
  );
}

function TermItem({ term }: { term: Term }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const formId = `term-${term.id}`;
  const answer = useAnswerFor(formId);
  const [form, fields] = useForm({
    id: formId,
    lastResult: answer?.result,
    constraint: getZodConstraint(termChangeSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: termChangeSchema }),
    defaultValue: {
      termId: term.id,
      year: String(term.year),
      season: term.season,
      startsOn: dayValue(term.startsOn),
      endsOn: dayValue(term.endsOn),
    },
  });
  const name = formatTerm(term, t);
  return (
    <li className={`space-y-2 p-3 ${term.archivedAt ? "bg-slate-50" : ""}`}>
      <div className="flex flex-wrap items-baseline gap-2">
        <h3 className="font-medium">{name}</h3>
        {term.archivedAt ? <ArchivedBadge /> : null}
      </div>
      <p className="text-sm text-slate-600">
        {formatDate(term.startsOn, language)} – {formatDate(term.endsOn, language)} ·{" "}
        {t("programs.termCourseCount", { count: term._count.courses })}
      </p>
      <details open={Boolean(answer)}>
        <summary className="cursor-pointer text-sm underline">
          {t("programs.edit")}
          <span className="sr-only"> {name}</span>
        </summary>
        <Form method="post" {...getFormProps(form)} className="mt-3 max-w-2xl space-y-4">
          <input type="hidden" name="intent" value="update-term" />
          <input type="hidden" name="formId" value={formId} />
          <input type="hidden" name="termId" value={term.id} />
          <TermFields fields={fields} />
          <FormErrors id={form.errorId} errors={form.errors} />
          <SubmitButton aria-label={t("programs.saveNamed", { name })}>{t("programs.save")}</SubmitButton>
        </Form>
      </details>
      <ArchiveButton
        intent={term.archivedAt ? "restore-term" : "archive-term"}
        field={{ name: "termId", value: term.id }}
        name={name}
      />
    </li>
  );
}

type TermFieldset = ReturnType<typeof useForm<z.input<typeof termSchema>>>[1];

function TermFields({ fields }: { fields: TermFieldset }) {
  const { t } = useTranslation();
  return (
    <>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label={t("programs.year")}
          inputProps={{ ...getInputProps(fields.year, { type: "number" }), min: 2000, max: 2100, step: 1 }}
          errors={fields.year.errors}
        />
        <SelectField
          label={t("programs.season")}
          selectProps={getSelectProps(fields.season)}
          options={[
            { value: "", label: t("programs.chooseSeason") },
            ...TERM_SEASONS.map((season) => ({ value: season, label: t(`season.${season}`) })),
          ]}
          errors={fields.season.errors}
        />
      </div>
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label={t("programs.termStartsOn")}
          inputProps={getInputProps(fields.startsOn, { type: "date" })}
          errors={fields.startsOn.errors}
        />
        <Field
          label={t("programs.termEndsOn")}
          inputProps={getInputProps(fields.endsOn, { type: "date" })}
          errors={fields.endsOn.errors}
        />
      </div>
    </>
  );
}

// ───────────────────────────── Archiving ─────────────────────────────

function ArchiveSection({ program }: { program: Program }) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const name = localized(program, "name", language);
  return (
    <section aria-labelledby="archive-heading" className="max-w-2xl space-y-3 rounded-lg border border-slate-200 p-4">
      <h2 id="archive-heading" className="text-lg font-semibold">
        {program.archivedAt ? t("programs.restoreHeading") : t("programs.archiveHeading")}
      </h2>
      <p className="text-sm text-slate-600">
        {program.archivedAt ? t("programs.restoreHelp") : t("programs.archiveHelp")}
      </p>
      <ArchiveButton intent={program.archivedAt ? "restore" : "archive"} name={name} />
    </section>
  );
}

/** A one-button form that archives or restores the named program, track or term. */
function ArchiveButton({
  intent,
  field,
  name,
}: {
  intent: "archive" | "restore" | "archive-track" | "restore-track" | "archive-term" | "restore-term";
  field?: { name: string; value: string };
  name: string;
}) {
  const { t } = useTranslation();
  const isRestore = intent.startsWith("restore");
  const answer = useAnswerFor(field ? `${intent}-${field.value}` : intent);
  return (
    <Form method="post">
      <input type="hidden" name="intent" value={intent} />
      <input type="hidden" name="formId" value={field ? `${intent}-${field.value}` : intent} />
      {field ? <input type="hidden" name={field.name} value={field.value} /> : null}
      <button
        type="submit"
        className={`text-sm underline ${isRestore ? "text-brand-700" : "text-red-700"}`}
        aria-label={t(isRestore ? "programs.restoreNamed" : "programs.archiveNamed", { name })}
      >
        {t(isRestore ? "programs.restore" : "programs.archive")}
      </button>
      <FormErrors errors={answer?.result?.error?.[""]} />
    </Form>
  );
}

function ArchivedBadge() {
  const { t } = useTranslation();
  return <span className="rounded bg-slate-200 px-1.5 text-xs text-slate-700">{t("programs.archivedBadge")}</span>;
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
