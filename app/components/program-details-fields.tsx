// A program's details as the new-program form and a program's page both ask for them.
import { getInputProps, getSelectProps, getTextareaProps, type useForm } from "@conform-to/react";
import { useTranslation } from "react-i18next";
import type { z } from "zod";
import { Field, SelectField, TextareaField } from "~/components/forms";
import { GRADE_SCALES } from "~/lib/letter-grades";
import { PROGRAM_KINDS, type programDetailsSchema } from "~/lib/program-forms";

type ProgramDetailsFieldset = ReturnType<typeof useForm<z.input<typeof programDetailsSchema>>>[1];

export function ProgramDetailsFields({
  fields,
  isNew,
}: {
  fields: ProgramDetailsFieldset;
  /** A new program starts with no kind chosen, and explains the slug it will otherwise get. */
  isNew: boolean;
}) {
  const { t } = useTranslation();
  const kindOptions = PROGRAM_KINDS.map((kind) => ({ value: kind, label: t(`programKind.${kind}`) }));
  return (
    <>
      <SelectField
        label={t("programs.kind")}
        selectProps={getSelectProps(fields.kind)}
        options={isNew ? [{ value: "", label: t("programs.chooseKind") }, ...kindOptions] : kindOptions}
        errors={fields.kind.errors}
        description={isNew ? undefined : t("programs.kindHelp")}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <Field
          label={t("programs.nameKo")}
          inputProps={{ ...getInputProps(fields.nameKo, { type: "text" }), lang: "ko" }}
          errors={fields.nameKo.errors}
        />
        <Field
          label={t("programs.nameEn")}
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
        textareaProps={{ ...getTextareaProps(fields.descriptionKo), rows: 3, lang: "ko" }}
        errors={fields.descriptionKo.errors}
      />
      <TextareaField
        label={t("programs.descriptionEn")}
        textareaProps={{ ...getTextareaProps(fields.descriptionEn), rows: 3, lang: "en" }}
        errors={fields.descriptionEn.errors}
      />
      <div className="grid gap-4 sm:grid-cols-2">
        <SelectField
          label={t("programs.gradeScale")}
          selectProps={getSelectProps(fields.gradeScale)}
          options={GRADE_SCALES.map((scale) => ({ value: scale, label: t(`grades.scaleName.${scale}`) }))}
          errors={fields.gradeScale.errors}
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
