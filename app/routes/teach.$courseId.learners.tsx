import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireCoursePermission } from "~/auth/guards.server";
import { Age } from "~/components/age";
import { ConfirmDisclosure } from "~/components/confirm-disclosure";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors, Notice } from "~/components/forms";
import { Pagination } from "~/components/pagination";
import { formatDateTime } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { pageParam } from "~/lib/pagination";
import { refusalData } from "~/lib/refusal.server";
import { pageTitle } from "~/lib/page-title";
import {
  DECIDE_REQUEST_REFUSALS,
  decideEnrollmentRequest,
  listCourseLearners,
  listPendingRequests,
  REMOVE_LEARNER_REFUSALS,
  removeLearner,
} from "~/models/enrollment.server";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  const page = pageParam.parse(new URL(request.url).searchParams.get("page"));
  const [learners, requests] = await Promise.all([
    listCourseLearners({ courseId: course.id, page }),
    listPendingRequests({ courseId: course.id }),
  ]);
  return { asOf: new Date(), learners, requests };
}

const learnersActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("remove"), enrollmentId: z.string().uuid() }),
  z.object({ intent: z.literal("decide"), enrollmentId: z.string().uuid(), decision: z.enum(["approve", "reject"]) }),
]);

export async function action({ request, params }: ActionFunctionArgs) {
  const { user, course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  const parsed = learnersActionSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return data({ error: "error.badRequest", done: null }, { status: 400 });
  if (parsed.data.intent === "remove") {
    const removed = await removeLearner({ actor: user, courseId: course.id, enrollmentId: parsed.data.enrollmentId });
    if (!removed.ok) return refusalData(REMOVE_LEARNER_REFUSALS, removed);
    return { error: null, done: "studio.learnerRemoved" };
  }
  const decided = await decideEnrollmentRequest({
    decider: user,
    courseId: course.id,
    enrollmentId: parsed.data.enrollmentId,
    decision: parsed.data.decision,
  });
  if (!decided.ok) return refusalData(DECIDE_REQUEST_REFUSALS, decided);
  return {
    error: null,
    done: parsed.data.decision === "approve" ? "studio.requestApproved" : "studio.requestDeclined",
  };
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "learners", area: "studio" })];

export default function LearnersPage() {
  const { asOf, learners, requests } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  return (
    <div className="space-y-8">
      {actionData?.error ? <FormErrors errors={[actionData.error]} /> : null}
      {actionData && "done" in actionData && actionData.done ? (
        <Notice tone="success">{t(actionData.done)}</Notice>
      ) : null}
      <section aria-labelledby="requests-heading" className="space-y-3">
        <h2 id="requests-heading" className="text-xl font-semibold">
          {t("requests.title")} ({requests.length})
        </h2>
        {requests.length === 0 ? <p className="text-sm text-slate-600">{t("requests.none")}</p> : null}
        <ul className="space-y-2">
          {requests.map((request) => (
            <li
              key={request.id}
              className="flex flex-wrap items-center justify-between gap-2 rounded-md border border-slate-200 bg-white p-3 text-sm"
            >
              <span>
                <strong>{request.user.name}</strong> <span className="text-slate-600">{request.user.email}</span>
                <span className="ml-2 text-slate-500">{formatDateTime(request.requestedAt, language)}</span>
              </span>
              <Form method="post" className="flex gap-2">
                <input type="hidden" name="intent" value="decide" />
                <input type="hidden" name="enrollmentId" value={request.id} />
                <button
                  type="submit"
                  name="decision"
                  value="approve"
                  className="rounded-md bg-ink px-3 py-1 text-white"
                  aria-label={t("requests.approveFor", { name: request.user.name })}
                >
                  {t("requests.approve")}
                </button>
                <button
                  type="submit"
                  name="decision"
                  value="reject"
                  className="rounded-md border border-slate-300 px-3 py-1"
                  aria-label={t("requests.rejectFor", { name: request.user.name })}
                >
                  {t("requests.reject")}
                </button>
              </Form>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="learners-heading" className="space-y-3">
        <h2 id="learners-heading" className="text-xl font-semibold">
          {t("studio.learners")} ({learners.totalCount})
        </h2>
        {learners.items.length === 0 ? <p className="text-sm text-slate-600">{t("studio.noLearners")}</p> : null}
        {learners.items.length > 0 ? (
          <div className="relative overflow-x-auto">
            <table className="w-full min-w-[36rem] text-left text-sm">
              <thead className="border-b border-slate-300 text-slate-600">
                <tr>
                  <th scope="col" className="py-2 pr-4">
                    {t("auth.name")}
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    {t("studio.status")}
                  </th>
                  <th scope="col" className="py-2 pr-4 text-right">
                    {t("studio.progress")}
                  </th>
                  <th scope="col" className="py-2 pr-4">
                    {t("studio.lastActive")}
                  </th>
                  <th scope="col" className="py-2">
                    <span className="sr-only">{t("studio.remove")}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {learners.items.map((enrollment) => (
                  <tr key={enrollment.id} className="border-b border-slate-200">
                    <td className="py-2 pr-4">
                      {enrollment.user.name}
                      <span className="block text-xs text-slate-500">{enrollment.user.email}</span>
                    </td>
                    <td className="py-2 pr-4">{t(`studio.enrollmentStatus.${enrollment.status}`)}</td>
                    <td className="py-2 pr-4 text-right tabular-nums">{enrollment.progressPercent}%</td>
                    <td className="py-2 pr-4">
                      {enrollment.lastActivityAt ? <Age moment={enrollment.lastActivityAt} asOf={asOf} /> : "—"}
                    </td>
                    <td className="py-2 text-right">
                      {enrollment.status === "ACTIVE" || enrollment.status === "WAITLISTED" ? (
                        <ConfirmDisclosure
                          className="relative inline-block text-left"
                          summaryClassName="cursor-pointer list-none text-red-700 underline"
                          summary={
                            <>
                              {t("studio.remove")}
                              <span className="sr-only"> {enrollment.user.name}</span>
                            </>
                          }
                        >
                          <Form
                            method="post"
                            className="absolute right-0 z-10 mt-1 w-64 rounded-md border border-slate-200 bg-white p-3 shadow-lg"
                          >
                            <input type="hidden" name="intent" value="remove" />
                            <input type="hidden" name="enrollmentId" value={enrollment.id} />
                            <p>{t("studio.removeLearnerConfirm", { name: enrollment.user.name })}</p>
                            <button type="submit" className="mt-2 rounded-md bg-red-700 px-3 py-1 text-white">
                              {t("studio.removeLearner", { name: enrollment.user.name })}
                            </button>
                          </Form>
                        </ConfirmDisclosure>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : null}
        <Pagination page={learners.page} pageCount={learners.pageCount} />
      </section>
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
