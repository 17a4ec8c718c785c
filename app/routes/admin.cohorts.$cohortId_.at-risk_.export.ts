import type { LoaderFunctionArgs } from "@remix-run/node";
import type { TFunction } from "i18next";
import { requirePermission } from "~/auth/guards.server";
import { describeReasons } from "~/components/at-risk-table";
import { contentDisposition } from "~/lib/content-disposition";
import { answerInReadersWords, getPageT, resolveLanguage } from "~/lib/i18n.server";
import { toAcademyInputValue } from "~/lib/time-zone";
import { refusalResponse } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { inBatches, SPREADSHEET_FORMATS, spreadsheetFormat, type StreamedSheet } from "~/lib/spreadsheet-stream.server";
import { AT_RISK_REFUSALS, exportAtRiskLearners, type AtRiskLearner } from "~/models/at-risk.server";

export function loader(args: LoaderFunctionArgs) {
  return answerInReadersWords(args.request, () => answer(args));
}

/**
 * Every learner of the cohort at risk (not one page) as CSV or XLSX, for admins: the reasons in
 * words in the reader's language, and each figure as a number in a column of its own. The list is
 * one query's rows; the file is written as it goes out.
 */
async function answer({ request, params, context }: LoaderFunctionArgs): Promise<Response> {
  const admin = await requirePermission(request, "report:export");
  const format = spreadsheetFormat(new URL(request.url).searchParams.get("format"));
  if (!format) throw new Response("Unknown format", { status: 400 });
  const exported = await exportAtRiskLearners({
    actor: { ...admin, ipAddress: getClientIp(context) },
    cohortId: params.cohortId ?? "",
    format,
  });
  if (!exported.ok) throw refusalResponse(AT_RISK_REFUSALS, exported);
  const t = await getPageT(await resolveLanguage(request, admin.locale));
  const sheet = atRiskSheet({ name: exported.cohort.name, learners: exported.learners, t });
  const fileName = `${exported.cohort.name} ${t("atRisk.export.fileName")}`
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, " ")
    .trim();
  return new Response(SPREADSHEET_FORMATS[format].write(sheet), {
    headers: {
      "Content-Type": SPREADSHEET_FORMATS[format].contentType,
      "Content-Disposition": contentDisposition(`${fileName || "at-risk"}.${format}`),
      "Cache-Control": "no-store",
    },
  });
}

/** "2026-03-14 09:30", in the academy's time zone, as a spreadsheet sorts it. */
function academyMoment(moment: Date | null) {
  return moment ? toAcademyInputValue(moment).replace("T", " ") : null;
}

function atRiskSheet({ name, learners, t }: { name: string; learners: AtRiskLearner[]; t: TFunction }): StreamedSheet {
  const header = [
    t("atRisk.export.name"),
    t("atRisk.export.email"),
    t("atRisk.export.reasons"),
    t("atRisk.export.reasonCount"),
    t("atRisk.export.inactiveDays"),
    t("atRisk.export.behindCourses"),
    t("atRisk.export.overdueAssignments"),
    t("atRisk.export.failedQuizzes"),
    t("atRisk.export.attendancePercent"),
    t("atRisk.export.progress"),
    t("atRisk.export.lastActivity"),
    t("atRisk.export.lastNudged"),
  ];
  return {
    name: `${name} ${t("atRisk.export.fileName")}`,
    header,
    batches: inBatches(
      learners.map((learner) => {
        const reasonOf = <Kind extends AtRiskLearner["reasons"][number]["kind"]>(kind: Kind) =>
          learner.reasons.find((reason) => reason.kind === kind) as
            Extract<AtRiskLearner["reasons"][number], { kind: Kind }> | undefined;
        return [
          learner.name,
          learner.email,
          describeReasons(learner.reasons, t).join("; "),
          learner.reasons.length,
          reasonOf("inactive")?.days ?? null,
          reasonOf("behind")?.courses.length ?? null,
          reasonOf("overdue")?.count ?? null,
          reasonOf("failingQuizzes")?.count ?? null,
          reasonOf("attendance")?.percent ?? null,
          learner.progressPercent,
          academyMoment(learner.lastActivityAt),
          academyMoment(learner.lastNudgedAt),
        ];
      }),
    ),
  };
}
