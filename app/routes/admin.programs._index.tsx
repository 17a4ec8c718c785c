import { getFormProps, useForm } from "@conform-to/react";
import { getZodConstraint, parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requirePermission } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors, SubmissionKeyField, SubmitButton } from "~/components/forms";
import { ProgramDetailsFields } from "~/components/program-details-fields";
import { formatDateTime, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { programDetailsSchema } from "~/lib/program-forms";
import { refusalReply, refusalResponse } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { newSubmissionKey, submissionKeyFrom } from "~/models/form-submission.server";
import { pageTitle } from "~/lib/page-title";
import { createProgram, listProgramsForAdmin, PROGRAM_ADMIN_REFUSALS } from "~/models/program-admin.server";

export async function loader({ request }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "program:manage");
  const isArchived = new URL(request.url).searchParams.get("archived") === "1";
  const listed = await listProgramsForAdmin({ actor: admin, isArchived });
  if (!listed.ok) throw refusalResponse(PROGRAM_ADMIN_REFUSALS, listed);
  return {
    programs: listed.programs,
    otherListCount: listed.otherListCount,
    isArchived,
    submissionKey: newSubmissionKey(),
  };
}

export async function action({ request, context }: ActionFunctionArgs) {
  const admin = await requirePermission(request, "program:manage");
  const formData = await request.formData();
  const submission = parseWithZod(formData, { schema: programDetailsSchema });
  if (submission.status !== "success") return data({ result: submission.reply() }, { status: 400 });
  const created = await createProgram({
    actor: { ...admin, ipAddress: getClientIp(context) },
    details: submission.value,
    submissionKey: submissionKeyFrom(formData),
  });
  if (!created.ok) {
    const { result, init } = refusalReply(submission, PROGRAM_ADMIN_REFUSALS, created);
    return data({ result }, init);
  }
  return redirect(`/admin/programs/${created.programId}?done=created`, 303);
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "programs", area: "admin" })];

export default function AdminProgramsPage() {
  const { programs, otherListCount, isArchived } = useLoaderData<typeof loader>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const heading = isArchived ? t("programs.archivedTitle") : t("programs.title");
  return (
    <section aria-labelledby="programs-heading" className="space-y-8">
      <header className="space-y-2">
        <h1 id="programs-heading" className="text-2xl font-bold">
          {heading}
        </h1>
        <p className="max-w-3xl text-sm text-slate-600">
          {isArchived ? t("programs.archivedIntro") : t("programs.intro")}
        </p>
        <p className="text-sm">
          {isArchived ? (
            <Link to="/admin/programs" className="underline">
              {t("programs.showCurrent", { count: otherListCount })}
            </Link>
          ) : (
            <Link to="/admin/programs?archived=1" className="underline">
              {t("programs.showArchived", { count: otherListCount })}
            </Link>
          )}
        </p>
      </header>
      {programs.length === 0 ? (
        <p className="text-sm text-slate-600">{isArchived ? t("programs.noArchived") : t("programs.empty")}</p>
      ) : (
        <div className="relative overflow-x-auto">
          <table className="w-full border-collapse text-sm">
            <caption className="sr-only">{heading}</caption>
            <thead>
              <tr className="border-b border-slate-300 text-left">
                <th scope="col" className="py-2">
                  {t("programs.name")}
                </th>
                <th scope="col">{t("programs.kind")}</th>
                <th scope="col">{t("programs.gradeScale")}</th>
                <th scope="col" className="text-right">
                  {t("programs.courseCount")}
                </th>
                <th scope="col" className="text-right">
                  {t("programs.cohortCount")}
                </th>
                <th scope="col" className="text-right">
                  {t("programs.trackCount")}
                </th>
                <th scope="col" className="text-right">
                  {t("programs.termCount")}
                </th>
                {isArchived ? <th scope="col">{t("programs.archivedAt")}</th> : null}
              </tr>
            </thead>
            <tbody>
              {programs.map((program) => (
                <tr key={program.id} className="border-b border-slate-200">
                  <th scope="row" className="py-2 text-left font-normal">
                    <Link to={`/admin/programs/${program.id}`} className="font-medium underline">
                      {localized(program, "name", language)}
                    </Link>
                    <span className="block text-xs text-slate-500">{program.slug}</span>
                  </th>
                  <td>{t(`programKind.${program.kind}`)}</td>
                  <td>{t(`grades.scaleName.${program.gradeScale}`)}</td>
                  <td className="text-right tabular-nums">{program.courseCount}</td>
                  <td className="text-right tabular-nums">{program.cohortCount}</td>
                  <td className="text-right tabular-nums">{program.trackCount}</td>
                  <td className="text-right tabular-nums">{program.termCount}</td>
                  {isArchived ? (
                    <td>{program.archivedAt ? formatDateTime(program.archivedAt, language) : "—"}</td>
                  ) : null}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {isArchived ? null : <NewProgramForm />}
    </section>
  );
}

function NewProgramForm() {
  const { submissionKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const [form, fields] = useForm({
    id: "new-program",
    lastResult: actionData?.result,
    constraint: getZodConstraint(programDetailsSchema),
    shouldValidate: "onBlur",
    shouldRevalidate: "onInput",
    onValidate: ({ formData }) => parseWithZod(formData, { schema: programDetailsSchema }),
    defaultValue: { gradeScale: "KR_4_5", position: "0" },
  });
  return (
    <section
      aria-labelledby="new-program-heading"
      className="max-w-2xl space-y-4 rounded-lg border border-slate-200 p-4"
    >
      <h2 id="new-program-heading" className="text-lg font-semibold">
        {t("programs.newProgram")}
      </h2>
      <Form method="post" {...getFormProps(form)} className="space-y-4">
        <SubmissionKeyField value={submissionKey} />
        <ProgramDetailsFields fields={fields} isNew={true} />
        <FormErrors id={form.errorId} errors={form.errors} />
        <SubmitButton>{t("programs.create")}</SubmitButton>
      </Form>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
