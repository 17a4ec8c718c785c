import { getInputProps, getSelectProps, getTextareaProps, type FieldMetadata } from "@conform-to/react";
import { useState } from "react";
import { useTranslation } from "react-i18next";
import { CheckboxGroup, Field, SelectField, TextareaField } from "~/components/forms";
import { formatTerm, localized, timeZoneLabel } from "~/lib/format";
import type { Language } from "~/lib/i18n";

export type CourseFormOptions = {
  programs: {
    id: string;
    kind: string;
    nameKo: string;
    nameEn: string;
    terms: { id: string; year: number; season: string }[];
    cohorts: { id: string; name: string }[];
  }[];
  prerequisiteOptions: { id: string; code: string; title: string }[];
};

// Conform types each field from the schema's output, which the parsing transforms (Seoul time,
// comma-separated tags) turn into dates, arrays and unknowns; on the page every field is a string.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type FormField = FieldMetadata<any, any, string[]>;

type DetailsFields = Record<
  | "title"
  | "code"
  | "summary"
  | "descriptionMarkdown"
  | "programId"
  | "termId"
  | "cohortIds"
  | "level"
  | "language"
  | "credits"
  | "enrollmentPolicy"
  | "capacity"
  | "enrollmentOpensAt"
  | "enrollmentClosesAt"
  | "startsOn"
  | "endsOn"
  | "prerequisiteIds"
  | "tags",
  FormField
>;

function asStrings(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === "string");
  return typeof value === "string" && value ? [value] : [];
}

/**
 * Every field of a course's details, for the "new course" and details pages. The term and cohort
 * lists follow the chosen program (with JavaScript at once; without it after saving, and the server
 * refuses a term of another program with a message beside the field).
 */
export function CourseDetailsFields({
  fields,
  options,
  language,
  isNew = false,
}: {
  fields: DetailsFields;
  options: CourseFormOptions;
  language: Language;
  isNew?: boolean;
}) {
  const { t } = useTranslation();
  const [programId, setProgramId] = useState<string>(
    (fields.programId.initialValue as string | undefined) ?? options.programs[0]?.id ?? "",
  );
  const program = options.programs.find((candidate) => candidate.id === programId);
  const enumOptions = (prefix: string, values: readonly string[]) =>
    values.map((value) => ({ value, label: t(`${prefix}.${value}`) }));

  return (
    <div className="space-y-4">
      <Field
        label={t("studio.fields.title")}
        inputProps={getInputProps(fields.title, { type: "text" })}
        errors={fields.title.errors}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label={t("studio.fields.code")}
          description={t("studio.fields.codeHelp")}
          inputProps={getInputProps(fields.code, { type: "text" })}
          errors={fields.code.errors}
        />
        <SelectField
          label={t("studio.fields.language")}
          selectProps={getSelectProps(fields.language)}
          options={enumOptions("courseLanguage", ["ko", "en"])}
          errors={fields.language.errors}
        />
      </div>
      <TextareaField
        label={t("studio.fields.summary")}
        textareaProps={{ ...getTextareaProps(fields.summary), rows: 2 }}
        errors={fields.summary.errors}
      />
      {isNew ? null : (
        <TextareaField
          label={t("studio.fields.description")}
          description={t("studio.fields.markdownHelp")}
          textareaProps={{ ...getTextareaProps(fields.descriptionMarkdown), rows: 10 }}
          errors={fields.descriptionMarkdown.errors}
        />
      )}
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={t("studio.fields.program")}
          selectProps={{
            ...getSelectProps(fields.programId),
            onChange: (event) => setProgramId(event.currentTarget.value),
          }}
          options={options.programs.map((candidate) => ({
            value: candidate.id,
            label: localized(candidate, "name", language),
          }))}
          errors={fields.programId.errors}
        />
        <SelectField
          label={t("studio.fields.term")}
          selectProps={getSelectProps(fields.termId)}
          options={[
            { value: "", label: t("studio.fields.noTerm") },
            ...(program?.terms ?? []).map((term) => ({ value: term.id, label: formatTerm(term, t) })),
          ]}
          errors={fields.termId.errors}
        />
      </div>
      {program && program.cohorts.length > 0 ? (
        <CheckboxGroup
          legend={t("studio.fields.cohorts")}
          description={t("studio.fields.cohortsHelp")}
          name={fields.cohortIds.name}
          options={program.cohorts.map((cohort) => ({ value: cohort.id, label: cohort.name }))}
          selected={asStrings(fields.cohortIds.initialValue)}
          errors={fields.cohortIds.errors}
        />
      ) : null}
      <div className="grid gap-4 sm:grid-cols-3">
        <SelectField
          label={t("studio.fields.level")}
          selectProps={getSelectProps(fields.level)}
          options={enumOptions("level", ["BEGINNER", "INTERMEDIATE", "ADVANCED"])}
          errors={fields.level.errors}
        />
        <Field
          label={t("studio.fields.credits")}
          description={t("studio.fields.creditsHelp")}
          inputProps={{ ...getInputProps(fields.credits, { type: "number" }), min: 0, max: 30 }}
          errors={fields.credits.errors}
        />
        <Field
          label={t("studio.fields.capacity")}
          description={t("studio.fields.capacityHelp")}
          inputProps={{ ...getInputProps(fields.capacity, { type: "number" }), min: 1 }}
          errors={fields.capacity.errors}
        />
      </div>
      {isNew ? null : (
        <>
          <SelectField
            label={t("studio.fields.enrollmentPolicy")}
            selectProps={getSelectProps(fields.enrollmentPolicy)}
            options={enumOptions("enrollmentPolicy", ["OPEN", "APPROVAL", "COHORT_ONLY"])}
            errors={fields.enrollmentPolicy.errors}
          />
          <div className="grid gap-4 sm:grid-cols-2">
            <Field
              label={t("studio.fields.enrollmentOpensAt")}
              description={t("studio.fields.academyTime", { timeZone: timeZoneLabel(t) })}
              inputProps={getInputProps(fields.enrollmentOpensAt, { type: "datetime-local" })}
              errors={fields.enrollmentOpensAt.errors}
            />
            <Field
              label={t("studio.fields.enrollmentClosesAt")}
              description={t("studio.fields.academyTime", { timeZone: timeZoneLabel(t) })}
              inputProps={getInputProps(fields.enrollmentClosesAt, { type: "datetime-local" })}
              errors={fields.enrollmentClosesAt.errors}
            />
            <Field
              label={t("studio.fields.startsOn")}
              inputProps={getInputProps(fields.startsOn, { type: "date" })}
              errors={fields.startsOn.errors}
            />
            <Field
              label={t("studio.fields.endsOn")}
              inputProps={getInputProps(fields.endsOn, { type: "date" })}
              errors={fields.endsOn.errors}
            />
          </div>
          <CheckboxGroup
            legend={t("studio.fields.prerequisites")}
            name={fields.prerequisiteIds.name}
            options={options.prerequisiteOptions.map((course) => ({
              value: course.id,
              label: `${course.code} ${course.title}`,
            }))}
            selected={asStrings(fields.prerequisiteIds.initialValue)}
            errors={fields.prerequisiteIds.errors}
          />
          <Field
            label={t("studio.fields.tags")}
            description={t("studio.fields.tagsHelp")}
            inputProps={getInputProps(fields.tags, { type: "text" })}
            errors={fields.tags.errors}
          />
        </>
      )}
    </div>
  );
}
