import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors, SubmissionKeyField, SubmitButton } from "~/components/forms";
import { cohortDetailsSchema } from "~/lib/cohort-forms";
import { formatDate, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { refusalReply, refusalResponse } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { COHORT_REFUSALS, createCohort, listCohortPrograms, listCohorts } from "~/models/cohort.server";
import { newSubmissionKey, submissionKeyFrom } from "~/models/form-submission.server";
import { pageTitle } from "~/lib/page-title";
import { CohortDetailsFields } from "~/components/cohort-details-fields";

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "cohort:manage");
  const isArchived = new URL(request.url).searchParams.get("archived") === "1";
  const [listed, programs] = await Promise.all([listCohorts({ actor: admin, isArchived }), listCohortPrograms()]);
  if (!listed.ok) throw refusalResponse(COHORT_REFUSALS, listed);
  return {
    cohorts: listed.cohorts,
    otherListCount: listed.otherListCount,
    isArchived,
    programs,
    submissionKey: newSubmissionKey(),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "cohort:manage");
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: cohortDetailsSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const created = await createCohort({
    actor: { ...admin, ipAddress: getClientIp(context) },
    details: submission.value,
    submissionKey: submissionKeyFrom(formData),
  });
  if (!created.ok) {
    const { result, init } = refusalReply(submission, COHORT_REFUSALS, created);
    return data({ result }, init);
  }
  return redirect(`/admin/cohorts/${created.cohortId}`, 303);
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "cohorts", area: "admin" })];

export default function AdminCohortsPage() {
  const { cohorts, otherListCount, isArchived } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const heading = isArchived ? t("cohorts.archivedTitle") : t("cohorts.title");
  return (
    <section aria-labelledby="cohorts-heading" className="space-y-8">
      <header className="space-y-2">
        <h1 id="cohorts-heading" className="text-2xl font-bold">
          {heading}
        </h1>
        {isArchived ? <p className="max-w-3xl text-sm text-slate-600">{t("cohorts.archivedIntro")}</p> : null}
        <p className="text-sm">
          {isArchived ? (
            <Link to="/admin/cohorts" className="underline">
              {t("cohorts.showCurrent", { count: otherListCount })}
            </Link>
          ) : (
            <Link to="/admin/cohorts?archived=1" className="underline">
              {t("cohorts.showArchived", { count: otherListCount })}
            </Link>
          )}
        </p>
      </header>
      {cohorts.length === 0 ? (
        <p className="text-sm text-slate-600">{isArchived ? t("cohorts.noArchived") : t("cohorts.empty")}</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full border-collapse text-sm">
            <caption className="sr-only">{heading}</caption>
            <thead>
              <tr className="border-b border-slate-300 text-left">
                <th scope="col" className="py-2">
                  {t("cohorts.name")}
                </th>
                <th scope="col">{t("cohorts.program")}</th>
                <th scope="col">{t("cohorts.period")}</th>
                <th scope="col" className="text-right">
                  {t("cohorts.memberCountHeading")}
                </th>
                <th scope="col" className="text-right">
                  {t("cohorts.courseCountHeading")}
                </th>
              </tr>
            </thead>
            <tbody>
              {cohorts.map((cohort) => (
                <tr key={cohort.id} className="border-b border-slate-200">
                  <td className="py-2">
                    <Link to={`/admin/cohorts/${cohort.id}`} className="font-medium underline">
                      {cohort.name}
                    </Link>
                    <span className="block text-xs text-slate-500">{cohort.slug}</span>
                  </td>
                  <td>
                    {t(`programKind.${cohort.program.kind}`)} · {localized(cohort.program, "name", language)}
                  </td>
                  <td>
                    {t("cohorts.dateRange", {
                      start: formatDate(cohort.startsOn, language),
                      end: formatDate(cohort.endsOn, language),
                    })}
                  </td>
                  <td className="text-right tabular-nums">{cohort.memberCount}</td>
                  <td className="text-right tabular-nums">{cohort.courseCount}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {isArchived ? null : <NewCohortForm />}
    </section>
  );
}

function NewCohortForm() {
  const { programs, submissionKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "new-cohort",
    lastResult: actionData?.result,
    constraint: getZodConstraint(cohortDetailsSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: cohortDetailsSchema }),
  });
  return (
    <section aria-labelledby="new-cohort-heading" className="max-w-xl space-y-4 rounded-lg border border-slate-200 p-4">
      <h2 id="new-cohort-heading" className="text-lg font-semibold">
        {t("cohorts.newCohort")}
      </h2>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <SubmissionKeyField value={submissionKey} />
        <CohortDetailsFields fields={fields} programs={programs} isNew={true} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SubmitButton>{t("cohorts.create")}</SubmitButton>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
