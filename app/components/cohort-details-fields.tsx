// A cohort's details as the new-cohort form and a cohort's page both ask for them.
import { getInputProps, getSelectProps, getTextareaProps, type useForm } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Field, SelectField, TextareaField } from "~/components/forms";
import type { ProgramKind } from "~/generated/prisma/enums";
import type { cohortDetailsSchema } from "~/lib/cohort-forms";
import { localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";

type CohortDetailsFieldset = ReturnType<typeof useForm<z.input<typeof cohortDetailsSchema>>>[1];
type Program = { id: string; kind: ProgramKind; nameKo: string; nameEn: string };

export function CohortDetailsFields({
  fields,
  programs,
  isNew,
}: {
  fields: CohortDetailsFieldset;
  programs: Program[];
  /** A new cohort starts with no program chosen, and explains the slug it will otherwise get. */
  isNew: boolean;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const programOptions = programs.map((program) => ({
    value: program.id,
    label: `${t(`programKind.${program.kind}`)} · ${localized(program, "name", language)}`,
  }));
  return (
    <>
      <SelectField
        label={t("cohorts.program")}
        selectProps={getSelectProps(fields.programId)}
        options={isNew ? [{ value: "", label: t("cohorts.chooseProgram") }, ...programOptions] : programOptions}
        errors={fields.programId.errors}
      />
      <Field
        label={t("cohorts.name")}
        inputProps={getInputProps(fields.name, { type: "text" })}
        errors={fields.name.errors}
      />
      <Field
        label={t("cohorts.slug")}
        description={isNew ? t("cohorts.slugHelp") : undefined}
        inputProps={{ ...getInputProps(fields.slug, { type: "text" }), autoCapitalize: "none", spellCheck: false }}
        errors={fields.slug.errors}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label={t("cohorts.startsOn")}
          inputProps={getInputProps(fields.startsOn, { type: "date" })}
          errors={fields.startsOn.errors}
        />
        <Field
          label={t("cohorts.endsOn")}
          inputProps={getInputProps(fields.endsOn, { type: "date" })}
          errors={fields.endsOn.errors}
        />
      </div>
      <TextareaField
        label={t("cohorts.description")}
        description={t("cohorts.descriptionHelp")}
        textareaProps={{ ...getTextareaProps(fields.description), rows: 4 }}
        errors={fields.description.errors}
      />
    </>
  );
}
