import type { ActionFunctionArgs, LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { data, redirect } from "@remix-run/node";
import { Form, Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireCoursePermission } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors } from "~/components/forms";
import { formatDateTime } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { refusalData } from "~/lib/refusal.server";
import { DECIDE_REQUEST_REFUSALS, decideEnrollmentRequest, listPendingRequests } from "~/models/enrollment.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course } = await requireCoursePermission(request, { slug: params.slug ?? "", action: "enrollment:decide" });
  return { course, requests: await listPendingRequests({ courseId: course.id }) };
}

const decisionSchema = z.object({
  enrollmentId: z.string().min(1).max(64),
  decision: z.enum(["approve", "reject"]),
});

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, course } = await requireCoursePermission(request, {
    slug: params.slug ?? "",
    action: "enrollment:decide",
  });
  const parsed = decisionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "requests.invalid" }, { status: 400 });
  const result = await decideEnrollmentRequest({ decider: user, courseId: course.id, ...parsed.data });
  if (!result.ok) return refusalData(DECIDE_REQUEST_REFUSALS, result);
  return redirect(`/courses/${course.slug}/requests`, 303);
}

export const meta: MetaFunction = () => [{ title: "Enrollment requests · Bitgoeul" }];

export default function EnrollmentRequestsPage() {
  const { course, requests } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  return (
    <section aria-labelledby="requests-heading" className="space-y-4">
      <p className="text-sm">
        <Link to={`/courses/${course.slug}`} className="underline">
          {t("requests.backToCourse")}
        </Link>
      </p>
      <h1 id="requests-heading" className="text-2xl font-bold">
        {t("requests.title")}
      </h1>
      <FormErrors errors={actionData?.error ? [actionData.error] : null} />
      {requests.length === 0 ? <p className="text-slate-600">{t("requests.none")}</p> : null}
      <ul className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
        {requests.map((enrollmentRequest) => (
          <li key={enrollmentRequest.id} className="flex flex-wrap items-center justify-between gap-4 p-4">
            <div>
              <p className="font-medium">{enrollmentRequest.user.name}</p>
              <p className="text-sm text-slate-600">
                {enrollmentRequest.user.email} · {formatDateTime(enrollmentRequest.requestedAt, language)}
              </p>
            </div>
            <Form method="post" className="flex gap-2">
              <input type="hidden" name="enrollmentId" value={enrollmentRequest.id} />
              <button
                type="submit"
                name="decision"
                value="approve"
                className="rounded-md bg-emerald-700 px-3 py-1.5 text-sm text-white"
                aria-label={t("requests.approveFor", { name: enrollmentRequest.user.name })}
              >
                {t("requests.approve")}
              </button>
              <button
                type="submit"
                name="decision"
                value="reject"
                className="rounded-md border border-slate-300 px-3 py-1.5 text-sm"
                aria-label={t("requests.rejectFor", { name: enrollmentRequest.user.name })}
              >
                {t("requests.reject")}
              </button>
            </Form>
          </li>
        ))}
      </ul>
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
