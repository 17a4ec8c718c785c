import { getFormProps, getInputProps, getSelectProps, useForm, type SubmissionResult } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z, type ZodTypeAny } from "zod";
import { requireCoursePermission } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, Notice, SelectField, SubmissionKeyField, SubmitButton } from "~/components/forms";
import { GradebookProblems } from "~/components/grades";
import {
  gradeCategorySchema,
  gradeItemUpdateSchema,
  lessonItemSchema,
  manualItemSchema,
  QUIZ_SCORE_RULES,
} from "~/lib/gradebook-forms";
import { cutoffLetters, gradeCutoffsSchema, isGradeScale, type LetterSystem } from "~/lib/letter-grades";
import { refusalReply, refusalResponse } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { newSubmissionKey, submissionKeyFrom } from "~/models/form-submission.server";
import { pageTitle } from "~/lib/page-title";
import {
  createGradeCategory,
  createGradeItem,
  deleteGradeCategory,
  deleteGradeItem,
  getGradebookSettings,
  GRADEBOOK_REFUSALS,
  setCoursePassFail,
  setGradeCutoffs,
  updateGradeCategory,
  updateGradeItem,
} from "~/models/gradebook.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  const settings = await getGradebookSettings({ actor: user, courseId: course.id });
  if (!settings.ok) throw refusalResponse(GRADEBOOK_REFUSALS, settings);
  return { settings, submissionKey: newSubmissionKey() };
}

const idSchema = z.string().uuid("validation.required");
const categoryUpdateSchema = gradeCategorySchema.extend({ categoryId: idSchema });
const categoryDeleteSchema = z.object({ categoryId: idSchema });
const itemDeleteSchema = z.object({ itemId: idSchema });
const passFailSchema = z.object({ isPassFail: z.boolean().default(false) });

/**
 * The cut-offs form for the letter system it was shown for (its hidden `scale` and `isPassFail`), so
 * the letters it checks are the letters it shows; the model checks them again against the course.
 */
function cutoffsFormSchema(system: LetterSystem) {
  return z.object({ cutoffs: gradeCutoffsSchema(system) });
}

function systemFrom(formData: FormData): LetterSystem | null {
  const scale = formData.get("scale");
  return isGradeScale(scale) ? { scale, isPassFail: formData.get("isPassFail") === "true" } : null;
}

type ActionData = { formId: string; result?: SubmissionResult<string[]>; message?: string; isSaved?: boolean };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  const actor = { ...user, ipAddress: getClientIp(context) };
  const courseId = course.id;
  const formData = await request.formData();
  const intent = String(formData.get("intent") ?? "");
  const formId = String(formData.get("formId") ?? intent);

  /** Parses with `schema`, runs `change` and answers the form that posted, Conform's way. */
  async function handle<Schema extends ZodTypeAny>(
    schema: Schema,
    change: (value: z.output<Schema>) => Promise<{ ok: true } | { ok: false; reason: keyof typeof GRADEBOOK_REFUSALS }>,
    { resetForm = false }: { resetForm?: boolean } = {},
  ) {
    const submission = parseWithZod(formData, { schema });
    if (submission.status !== "success")
      return data<ActionData>({ formId, result: submission.reply() }, { status: 400 });
    const changed = await change(submission.value);
    if (!changed.ok) {
      const { result, init } = refusalReply(submission, GRADEBOOK_REFUSALS, changed);
      return data<ActionData>({ formId, result }, init);
    }
    return data<ActionData>({ formId, result: submission.reply({ resetForm }), isSaved: true });
  }

  const submissionKey = submissionKeyFrom(formData);
  switch (intent) {
    case "category-create":
      return handle(gradeCategorySchema, (value) => createGradeCategory({ actor, courseId, ...value, submissionKey }), {
        resetForm: true,
      });
    case "category-update":
      return handle(categoryUpdateSchema, (value) => updateGradeCategory({ actor, courseId, ...value }));
    case "category-delete":
      return handle(categoryDeleteSchema, (value) => deleteGradeCategory({ actor, courseId, ...value }));
    case "item-create-lesson":
      return handle(lessonItemSchema, ({ categoryId, lessonId, quizScoreRule }) =>
        createGradeItem({
          actor,
          courseId,
          categoryId,
          item: { kind: "LESSON", lessonId, quizScoreRule },
          submissionKey,
        }),
      );
    case "item-create-manual":
      return handle(
        manualItemSchema,
        ({ categoryId, title, maxPoints }) =>
          createGradeItem({ actor, courseId, categoryId, item: { kind: "MANUAL", title, maxPoints }, submissionKey }),
        { resetForm: true },
      );
    case "item-update":
      return handle(gradeItemUpdateSchema, (value) => updateGradeItem({ actor, courseId, ...value }));
    case "item-delete":
      return handle(itemDeleteSchema, (value) => deleteGradeItem({ actor, courseId, ...value }));
    case "pass-fail":
      return handle(passFailSchema, (value) => setCoursePassFail({ actor, courseId, ...value }));
    case "cutoffs-reset":
      return handle(z.object({}), () => setGradeCutoffs({ actor, courseId, cutoffs: null }));
    case "cutoffs": {
      const system = systemFrom(formData);
      if (!system) return data<ActionData>({ formId, message: "error.badRequest" }, { status: 400 });
      return handle(cutoffsFormSchema(system), (value) => setGradeCutoffs({ actor, courseId, cutoffs: value.cutoffs }));
    }
    default:
      return data<ActionData>({ formId, message: "error.badRequest" }, { status: 400 });
  }
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "gradebookSettings", area: "studio" })];

type Settings = ReturnType<typeof useLoaderData<typeof loader>>["settings"];
type Category = Settings["categories"][number];
type Item = Category["items"][number];

/** The action's answer when it is for the form `formId`. */
function useAnswerFor(formId: string) {
  const actionData = useActionData<typeof action>();
  return actionData?.formId === formId ? actionData : undefined;
}

export default function GradebookSettingsPage() {
  const { settings, submissionKey } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  const actionData = useActionData<typeof action>();
  const base = `/teach/${settings.course.id}`;
  return (
    <div className="space-y-8">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 className="text-xl font-semibold">{t("studio.gradebook.settingsTitle")}</h2>
        <Link to={`${base}/gradebook`} className="text-sm underline">
          {t("studio.gradebook.backToGradebook")}
        </Link>
      </div>
      {actionData?.message ? <FormErrors errors={[actionData.message]} /> : null}
      {actionData?.isSaved ? <Notice tone="success">{t("studio.saved")}</Notice> : null}
      <section aria-labelledby="categories-heading" className="space-y-4">
        <h3 id="categories-heading" className="text-lg font-semibold">
          {t("studio.gradebook.categories")}
        </h3>
        <p className="text-sm text-slate-600">{t("studio.gradebook.categoriesHelp")}</p>
        <p className="text-sm font-medium">{t("studio.gradebook.weightTotal", { total: settings.weightTotal })}</p>
        <GradebookProblems
          problems={settings.problems}
          weightTotal={settings.weightTotal}
          settingsHref={`${base}/gradebook/settings`}
        />
        {settings.categories.map((category) => (
          <CategoryCard key={category.id} category={category} settings={settings} submissionKey={submissionKey} />
        ))}
        <NewCategoryForm submissionKey={submissionKey} />
      </section>
      <GradingSection settings={settings} />
    </div>
  );
}

function CategoryCard({
  category,
  settings,
  submissionKey,
}: {
  category: Category;
  settings: Settings;
  submissionKey: string;
}) {
  const { t } = useTranslation();
  const formId = `category-${category.id}`;
  const answer = useAnswerFor(formId);
  const [form, fields] = useForm({
    id: formId,
    lastResult: answer?.result,
    constraint: getZodConstraint(categoryUpdateSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: categoryUpdateSchema }),
    defaultValue: { name: category.name, weightPercent: String(category.weightPercent) },
  });
  const deleteAnswer = useAnswerFor(`delete-${formId}`);
  const headingId = `${formId}-heading`;
  return (
    <article aria-labelledby={headingId} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
      <h4 id={headingId} className="font-semibold">
        {t("studio.gradebook.categoryHeading", { name: category.name, weight: category.weightPercent })}
      </h4>
      <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="intent" value="category-update" />
        <input type="hidden" name="formId" value={formId} />
        <input type="hidden" name="categoryId" value={category.id} />
        <Field
          label={t("studio.gradebook.categoryName")}
          inputProps={getInputProps(fields.name, { type: "text" })}
          errors={fields.name.errors}
        />
        <Field
          label={t("studio.gradebook.weightPercent")}
          inputProps={{ ...getInputProps(fields.weightPercent, { type: "number" }), min: 0, max: 100, step: 1 }}
          errors={fields.weightPercent.errors}
        />
        <SubmitButton>
          {t("studio.gradebook.save")}
          <span className="sr-only"> {category.name}</span>
        </SubmitButton>
        <FormErrors id={form.errorId} errors={form.errors} />
      </Form>
      {category.items.length === 0 ? (
        <Form method="post">
          <input type="hidden" name="intent" value="category-delete" />
          <input type="hidden" name="formId" value={`delete-${formId}`} />
          <input type="hidden" name="categoryId" value={category.id} />
          <button type="submit" className="text-sm text-red-700 underline">
            {t("studio.gradebook.deleteCategory", { name: category.name })}
          </button>
          <FormErrors errors={deleteAnswer?.result?.error?.[""]} />
        </Form>
      ) : (
        <ul className="divide-y divide-slate-200 rounded-md border border-slate-200">
          {category.items.map((item) => (
            <ItemRow key={item.id} item={item} categories={settings.categories} />
          ))}
        </ul>
      )}
      <details className="rounded-md bg-slate-50 p-3">
        <summary className="cursor-pointer text-sm font-medium">
          {t("studio.gradebook.addItemTo", { name: category.name })}
        </summary>
        <div className="mt-3 grid gap-4 md:grid-cols-2">
          <AddLessonItemForm category={category} settings={settings} submissionKey={submissionKey} />
          <AddManualItemForm category={category} submissionKey={submissionKey} />
        </div>
      </details>
    </article>
  );
}

function ItemRow({ item, categories }: { item: Item; categories: Category[] }) {
  const { t } = useTranslation();
  const formId = `item-${item.id}`;
  const answer = useAnswerFor(formId);
  const deleteAnswer = useAnswerFor(`delete-${formId}`);
  const [form, fields] = useForm({
    id: formId,
    lastResult: answer?.result,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: gradeItemUpdateSchema }),
    defaultValue: {
      categoryId: item.categoryId,
      quizScoreRule: item.quizScoreRule,
      title: item.title,
      maxPoints: String(item.maxPoints),
    },
  });
  return (
    <li className="space-y-2 p-3">
      <p className="text-sm">
        <span className="font-medium">{item.title}</span>{" "}
        <span className="text-slate-500">
          · {t(`grades.kind.${item.kind}`)} · {t("grades.outOf", { max: item.maxPoints })}
        </span>
        {item.lessonStatus && item.lessonStatus !== "PUBLISHED" ? (
          <span className="ml-2 rounded bg-amber-100 px-1.5 text-xs text-amber-900">
            {t("studio.gradebook.lessonNotPublished")}
          </span>
        ) : null}
      </p>
      <Form method="post" {...getFormProps(form)} className="flex flex-wrap items-end gap-3">
        <input type="hidden" name="intent" value="item-update" />
        <input type="hidden" name="formId" value={formId} />
        <input type="hidden" name="itemId" value={item.id} />
        <SelectField
          label={t("studio.gradebook.category")}
          selectProps={getSelectProps(fields.categoryId)}
          options={categories.map((category) => ({ value: category.id, label: category.name }))}
          errors={fields.categoryId.errors}
        />
        {item.kind === "QUIZ" ? (
          <SelectField
            label={t("studio.gradebook.quizRule")}
            selectProps={getSelectProps(fields.quizScoreRule)}
            options={QUIZ_SCORE_RULES.map((rule) => ({ value: rule, label: t(`studio.gradebook.rule.${rule}`) }))}
            errors={fields.quizScoreRule.errors}
          />
        ) : null}
        {item.kind === "MANUAL" ? (
          <>
            <Field
              label={t("studio.gradebook.itemTitle")}
              inputProps={getInputProps(fields.title, { type: "text" })}
              errors={fields.title.errors}
            />
            <Field
              label={t("studio.gradebook.maxPoints")}
              inputProps={{ ...getInputProps(fields.maxPoints, { type: "number" }), min: 1, step: 1 }}
              errors={fields.maxPoints.errors}
            />
          </>
        ) : null}
        <SubmitButton>
          {t("studio.gradebook.save")}
          <span className="sr-only"> {item.title}</span>
        </SubmitButton>
        <FormErrors id={form.errorId} errors={form.errors} />
      </Form>
      <details className="text-sm">
        <summary className="cursor-pointer text-red-700 underline">
          {t("studio.gradebook.deleteItem")}
          <span className="sr-only"> {item.title}</span>
        </summary>
        <Form method="post" className="mt-2 space-y-2">
          <input type="hidden" name="intent" value="item-delete" />
          <input type="hidden" name="formId" value={`delete-${formId}`} />
          <input type="hidden" name="itemId" value={item.id} />
          <p>
            {t(
              item.kind === "MANUAL" ? "studio.gradebook.deleteManualConfirm" : "studio.gradebook.deleteLessonConfirm",
              {
                title: item.title,
              },
            )}
          </p>
          <button type="submit" className="rounded-md bg-red-700 px-3 py-1 text-white">
            {t("studio.gradebook.deleteItemNamed", { title: item.title })}
          </button>
          <FormErrors errors={deleteAnswer?.result?.error?.[""]} />
        </Form>
      </details>
    </li>
  );
}

function AddLessonItemForm({
  category,
  settings,
  submissionKey,
}: {
  category: Category;
  settings: Settings;
  submissionKey: string;
}) {
  const { t } = useTranslation();
  const formId = `add-lesson-${category.id}`;
  const answer = useAnswerFor(formId);
  const [form, fields] = useForm({
    id: formId,
    lastResult: answer?.result,
    shouldValidate: "onSubmit",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: lessonItemSchema }),
    defaultValue: { quizScoreRule: "BEST" },
  });
  const lessons = settings.lessons.filter((lesson) => !lesson.isGraded);
  if (lessons.length === 0) return <p className="text-sm text-slate-600">{t("studio.gradebook.allLessonsGraded")}</p>;
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <SubmissionKeyField value={submissionKey} />
      <input type="hidden" name="intent" value="item-create-lesson" />
      <input type="hidden" name="formId" value={formId} />
      <input type="hidden" name="categoryId" value={category.id} />
      <SelectField
        label={t("studio.gradebook.lesson")}
        selectProps={getSelectProps(fields.lessonId)}
        options={[
          { value: "", label: t("studio.gradebook.chooseLesson") },
          ...lessons.map((lesson) => ({
            value: lesson.id,
            label: `${lesson.title} (${t(`grades.kind.${lesson.kind}`)}${lesson.status === "DRAFT" ? `, ${t("studio.statusName.DRAFT")}` : ""})`,
          })),
        ]}
        errors={fields.lessonId.errors}
      />
      <SelectField
        label={t("studio.gradebook.quizRule")}
        description={t("studio.gradebook.quizRuleHelp")}
        selectProps={getSelectProps(fields.quizScoreRule)}
        options={QUIZ_SCORE_RULES.map((rule) => ({ value: rule, label: t(`studio.gradebook.rule.${rule}`) }))}
        errors={fields.quizScoreRule.errors}
      />
      <FormErrors id={form.errorId} errors={form.errors} />
      <SubmitButton>{t("studio.gradebook.addLessonItem")}</SubmitButton>
    </Form>
  );
}

function AddManualItemForm({ category, submissionKey }: { category: Category; submissionKey: string }) {
  const { t } = useTranslation();
  const formId = `add-manual-${category.id}`;
  const answer = useAnswerFor(formId);
  const [form, fields] = useForm({
    id: formId,
    lastResult: answer?.result,
    constraint: getZodConstraint(manualItemSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: manualItemSchema }),
    defaultValue: { maxPoints: "100" },
  });
  return (
    <Form method="post" {...getFormProps(form)} className="space-y-3">
      <SubmissionKeyField value={submissionKey} />
      <input type="hidden" name="intent" value="item-create-manual" />
      <input type="hidden" name="formId" value={formId} />
      <input type="hidden" name="categoryId" value={category.id} />
      <Field
        label={t("studio.gradebook.manualTitle")}
        description={t("studio.gradebook.manualHelp")}
        inputProps={getInputProps(fields.title, { type: "text" })}
        errors={fields.title.errors}
      />
      <Field
        label={t("studio.gradebook.maxPoints")}
        inputProps={{ ...getInputProps(fields.maxPoints, { type: "number" }), step: 1 }}
        errors={fields.maxPoints.errors}
      />
      <FormErrors id={form.errorId} errors={form.errors} />
      <SubmitButton>{t("studio.gradebook.addManualItem")}</SubmitButton>
    </Form>
  );
}

function NewCategoryForm({ submissionKey }: { submissionKey: string }) {
  const { t } = useTranslation();
  const formId = "category-create";
  const answer = useAnswerFor(formId);
  const [form, fields] = useForm({
    id: formId,
    lastResult: answer?.result,
    constraint: getZodConstraint(gradeCategorySchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: gradeCategorySchema }),
  });
  return (
    <Form
      method="post"
      {...getFormProps(form)}
      className="flex flex-wrap items-end gap-3 rounded-lg border border-dashed border-slate-300 p-4"
    >
      <SubmissionKeyField value={submissionKey} />
      <input type="hidden" name="intent" value="category-create" />
      <input type="hidden" name="formId" value={formId} />
      <Field
        label={t("studio.gradebook.newCategoryName")}
        inputProps={getInputProps(fields.name, { type: "text" })}
        errors={fields.name.errors}
      />
      <Field
        label={t("studio.gradebook.weightPercent")}
        inputProps={{ ...getInputProps(fields.weightPercent, { type: "number" }), step: 1 }}
        errors={fields.weightPercent.errors}
      />
      <SubmitButton>{t("studio.gradebook.addCategory")}</SubmitButton>
      <FormErrors id={form.errorId} errors={form.errors} />
    </Form>
  );
}

/** Pass/fail or letters, and the lowest score of each letter. */
function GradingSection({ settings }: { settings: Settings }) {
  const { t } = useTranslation();
  const { course } = settings;
  const passFailAnswer = useAnswerFor("pass-fail");
  const schema = cutoffsFormSchema(course.system);
  const cutoffsAnswer = useAnswerFor("cutoffs");
  const [form, fields] = useForm({
    id: `cutoffs-${course.system.scale}-${String(course.system.isPassFail)}`,
    lastResult: cutoffsAnswer?.result,
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema }),
    defaultValue: {
      cutoffs: Object.fromEntries(Object.entries(course.cutoffs).map(([letter, value]) => [letter, String(value)])),
    },
  });
  const cutoffFields = fields.cutoffs.getFieldset();
  return (
    <section aria-labelledby="grading-heading" className="space-y-4">
      <h3 id="grading-heading" className="text-lg font-semibold">
        {t("studio.gradebook.letterGrades")}
      </h3>
      <p className="text-sm text-slate-600">
        {course.isCreditCourse ? t(`grades.scaleName.${course.system.scale}`) : t("studio.gradebook.notCreditCourse")}
      </p>
      <Form method="post" className="flex flex-wrap items-center gap-3">
        <input type="hidden" name="intent" value="pass-fail" />
        <label className="flex items-center gap-2 text-sm">
          <input type="checkbox" name="isPassFail" defaultChecked={course.system.isPassFail} />
          {t("studio.gradebook.isPassFail")}
        </label>
        <button type="submit" className="rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm">
          {t("studio.gradebook.savePassFail")}
        </button>
        <FormErrors errors={passFailAnswer?.result?.error?.isPassFail ?? passFailAnswer?.result?.error?.[""]} />
      </Form>
      {settings.hasConfirmedLetters ? (
        <p className="text-sm text-slate-600">{t("studio.gradebook.passFailLocked")}</p>
      ) : null}
      <Form method="post" {...getFormProps(form)} className="space-y-3 rounded-lg border border-slate-200 bg-white p-4">
        <input type="hidden" name="formId" value="cutoffs" />
        <input type="hidden" name="scale" value={course.system.scale} />
        <input type="hidden" name="isPassFail" value={String(course.system.isPassFail)} />
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium">{t("studio.gradebook.cutoffs")}</legend>
          <p className="text-sm text-slate-600">
            {course.isDefaultCutoffs ? t("studio.gradebook.cutoffsDefault") : t("studio.gradebook.cutoffsOwn")}{" "}
            {t("studio.gradebook.cutoffsHelp")}
          </p>
          <div className="grid grid-cols-2 gap-3 sm:grid-cols-4">
            {cutoffLetters(course.system).map((letter) => {
              const field = cutoffFields[letter]!;
              return (
                <Field
                  key={letter}
                  label={t("studio.gradebook.cutoffFor", { letter })}
                  inputProps={{ ...getInputProps(field, { type: "number" }), min: 0, max: 100, step: "any" }}
                  errors={field.errors}
                />
              );
            })}
          </div>
        </fieldset>
        <FormErrors id={form.errorId} errors={form.errors} />
        <div className="flex flex-wrap gap-3">
          <SubmitButton name="intent" value="cutoffs">
            {t("studio.gradebook.saveCutoffs")}
          </SubmitButton>
          {course.isDefaultCutoffs ? null : (
            <button
              type="submit"
              name="intent"
              value="cutoffs-reset"
              formNoValidate
              className="rounded-md border border-slate-300 px-3 py-2 text-sm"
            >
              {t("studio.gradebook.useDefaultCutoffs")}
            </button>
          )}
        </div>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
