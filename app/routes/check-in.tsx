import { getFormProps, getInputProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireUser } from "~/auth/guards.server";
import { formatTime } from "~/components/attendance/attendance-text";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { Field, FormErrors, Notice, SubmitButton } from "~/components/forms";
import { CHECK_IN_CODE_LENGTH, checkInSchema } from "~/lib/attendance-forms";
import type { Language } from "~/lib/i18n";
import { refusalReply } from "~/lib/refusal.server";
import { pageTitle } from "~/lib/page-title";
import { checkInWithCode, CHECK_IN_REFUSALS, listTodaysClassDaysForLearner } from "~/models/attendance.server";

/** A learner's check-in: today's class days with what is recorded, and the code form. */
export async function loader({ request }: LoaderFunctionArgs) {
  const user = await requireUser(request);
  return { classDays: await listTodaysClassDaysForLearner({ userId: user.id }) };
}

export async function action({ request }: ActionFunctionArgs) {
  const user = await requireUser(request);
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: checkInSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const checkedIn = await checkInWithCode({ actor: user, code: submission.value.code });
  if (!checkedIn.ok) {
    const { result, init } = refusalReply(submission, CHECK_IN_REFUSALS, checkedIn);
    return data({ result }, init);
  }
  // The page lists what is recorded, so the notice names no cohort or status from the URL.
  return redirect(`/check-in?done=${checkedIn.isAlreadyRecorded ? "already" : "checked-in"}`, 303);
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "checkIn" })];

export default function CheckInPage() {
  const { classDays } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const [form, fields] = useForm({
    id: "check-in",
    lastResult: actionData?.result,
    constraint: getZodConstraint(checkInSchema),
    shouldValidate: "onSubmit",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: checkInSchema }),
  });
  const done = searchParams.get("done");
  return (
    <section aria-labelledby="check-in-heading" className="mx-auto max-w-md space-y-6">
      <header className="space-y-1">
        <h1 id="check-in-heading" className="text-2xl font-bold">
          {t("attendance.checkIn.title")}
        </h1>
        <p className="text-slate-600">{t("attendance.checkIn.intro")}</p>
      </header>
      {done === "checked-in" && !actionData ? <Notice tone="success">{t("attendance.checkIn.done")}</Notice> : null}
      {done === "already" && !actionData ? <Notice>{t("attendance.checkIn.already")}</Notice> : null}
      <Form method="post" {...getFormProps(form)} className="space-y-4 rounded-lg border border-slate-200 bg-white p-4">
        <Field
          label={t("attendance.checkIn.code")}
          inputProps={{
            ...getInputProps(fields.code, { type: "text" }),
            inputMode: "numeric",
            autoComplete: "one-time-code",
            maxLength: CHECK_IN_CODE_LENGTH + 2,
            enterKeyHint: "done",
          }}
          errors={fields.code.errors}
        />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SubmitButton className="min-h-12 w-full text-lg">{t("attendance.checkIn.submit")}</SubmitButton>
      </Form>
      <section aria-labelledby="today-heading" className="space-y-2">
        <h2 id="today-heading" className="text-lg font-semibold">
          {t("attendance.checkIn.todayHeading")}
        </h2>
        {classDays.length === 0 ? (
          <p className="text-sm text-slate-600">{t("attendance.checkIn.noClassToday")}</p>
        ) : (
          <ul className="divide-y divide-slate-200 rounded-md border border-slate-200 bg-white">
            {classDays.map((day) => (
              <li key={day.id} className="p-3">
                <p className="font-medium break-words">{day.cohort.name}</p>
                <p className="text-sm text-slate-600">
                  {day.record
                    ? t("attendance.checkIn.recorded", { status: t(`attendance.status.${day.record.status}`) })
                    : t("attendance.checkIn.notYet")}
                  {day.record?.checkedInAt
                    ? ` · ${t("attendance.checkIn.checkedInAt", { time: formatTime(day.record.checkedInAt, language) })}`
                    : ""}
                </p>
              </li>
            ))}
          </ul>
        )}
      </section>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
