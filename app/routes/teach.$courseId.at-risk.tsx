import type { SubmissionResult } from "@conform-to/react";
import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { useActionData, useLoaderData, useSearchParams } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireCoursePermission } from "~/auth/guards.server";
import { can } from "~/auth/permissions";
import { AtRiskTable, AtRiskView, learnerIdsOf, NudgeForm, useSelectionHrefs } from "~/components/at-risk-table";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors, Notice } from "~/components/forms";
import { atRiskViewSchema, nudgeSchema } from "~/lib/at-risk-forms";
import { refusalReply, refusalResponse } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { AT_RISK_REFUSALS, listAtRiskInCourse } from "~/models/at-risk.server";
import { newSubmissionKey, submissionKeyFrom } from "~/models/form-submission.server";
import { pageTitle } from "~/lib/page-title";
import { builtInNudgeMessage, NUDGE_REFUSALS, sendNudges } from "~/models/nudge.server";

const NUDGE_FORM_ID = "nudge";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { user, course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:viewLearners",
  });
  const view = atRiskViewSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  const now = new Date();
  const list = await listAtRiskInCourse({
    actor: user,
    now,
    courseId: course.id,
    sort: view.sort,
    page: view.page,
    search: view.q,
  });
  if (!list.ok) throw refusalResponse(AT_RISK_REFUSALS, list);
  return {
    view,
    asOf: now,
    learners: list.learners,
    canNudge: can(user, "learner:nudge", course),
    // A course keeps no wording of its own: every nudge starts from the built-in one.
    nudgeMessage: await builtInNudgeMessage(),
    submissionKey: newSubmissionKey(),
  };
}

type ActionData = { result?: SubmissionResult<string[]>; message?: string };

export async function action({ request, params, context }: ActionFunctionArgs) {
  const { user, course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "learner:nudge",
  });
  const formData = await request.formData();
  if (formData.get("intent") !== "nudge") {
    return data<ActionData>({ message: "error.badRequest" }, { status: 400 });
  }
  const submission = parseWithZod(formData, { schema: nudgeSchema });
  if (submission.status !== "success") return data<ActionData>({ result: submission.reply() }, { status: 400 });
  const sent = await sendNudges({
    actor: { ...user, ipAddress: getClientIp(context) },
    courseId: course.id,
    ...submission.value,
    submissionKey: submissionKeyFrom(formData),
  });
  if (!sent.ok) {
    if (sent.reason === "notFound" || sent.reason === "notAllowed") throw refusalResponse(NUDGE_REFUSALS, sent);
    const { result, init } = refusalReply(submission, NUDGE_REFUSALS, sent);
    return data<ActionData>({ result }, init);
  }
  return redirect(`/teach/${course.id}/at-risk?done=nudged&count=${sent.count}`, 303);
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "atRisk", area: "studio" })];

export default function CourseAtRiskPage() {
  const { view, asOf, learners, canNudge, nudgeMessage, submissionKey } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const [searchParams] = useSearchParams();
  const { selectAllHref, clearHref } = useSelectionHrefs();
  const { t } = useTranslation();
  const done = actionData ? null : searchParams.get("done");
  const initiallySelected = actionData?.result
    ? learnerIdsOf(actionData.result)
    : view.select === "page"
      ? learners.items.map((learner) => learner.userId)
      : [];
  return (
    <section aria-labelledby="at-risk-heading" className="space-y-4">
      <h2 id="at-risk-heading" className="text-xl font-semibold">
        {t("atRisk.title")}
      </h2>
      <p className="text-sm text-slate-600">{t("atRisk.courseIntro")}</p>
      {done === "nudged" ? (
        <Notice tone="success">{t("atRisk.done.nudged", { count: Number(searchParams.get("count") ?? "0") })}</Notice>
      ) : null}
      {actionData?.message ? <FormErrors errors={[actionData.message]} /> : null}
      <p className="text-lg font-medium" role="status">
        {t("atRisk.count", { count: learners.totalCount })}
      </p>
      <AtRiskView q={view.q} sort={view.sort} />
      {learners.totalCount === 0 ? (
        <p className="text-sm text-slate-600">{view.q ? t("atRisk.noneMatching") : t("atRisk.none")}</p>
      ) : null}
      <AtRiskTable
        key={`${learners.page}-${initiallySelected.join(",")}`}
        learners={learners}
        asOf={asOf}
        formId={NUDGE_FORM_ID}
        initiallySelected={initiallySelected}
        selectAllHref={selectAllHref}
        clearHref={clearHref}
        isSelectable={canNudge}
      />
      {canNudge && learners.totalCount > 0 ? (
        <NudgeForm
          formId={NUDGE_FORM_ID}
          message={nudgeMessage}
          lastResult={actionData?.result}
          submissionKey={submissionKey}
          note={t("atRisk.nudge.builtInForCourse")}
        />
      ) : null}
    </section>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
