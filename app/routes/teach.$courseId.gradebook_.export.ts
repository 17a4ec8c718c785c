import type { LoaderFunctionArgs } from "@remix-run/node";
import type { TFunction } from "i18next";
import { requireCoursePermission } from "~/auth/guards.server";
import { contentDisposition } from "~/lib/content-disposition";
import { answerInReadersWords, getPageT, resolveLanguage } from "~/lib/i18n.server";
import { getClientIp } from "~/lib/request.server";
import { refusalResponse } from "~/lib/refusal.server";
import { inBatches, SPREADSHEET_FORMATS, spreadsheetFormat, type StreamedSheet } from "~/lib/spreadsheet-stream.server";
import { exportGradebook, GRADEBOOK_REFUSALS } from "~/models/gradebook.server";

export function loader(args: LoaderFunctionArgs) {
  return answerInReadersWords(args.request, () => answer(args));
}

/**
 * The whole gradebook (every learner, every item, category and course scores, letters) as CSV or
 * XLSX, for the course's instructors and admins, with headers in the reader's language. The scores
 * are computed in one query; the file is written as it goes out.
 */
async function answer({ request, params, context }: LoaderFunctionArgs): Promise<Response> {
  const { user, course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  const format = spreadsheetFormat(new URL(request.url).searchParams.get("format"));
  if (!format) throw new Response("Unknown format", { status: 400 });
  const gradebook = await exportGradebook({ actor: { ...user, ipAddress: getClientIp(context) }, courseId: course.id });
  if (!gradebook.ok) throw refusalResponse(GRADEBOOK_REFUSALS, gradebook);
  const t = await getPageT(await resolveLanguage(request, user.locale));
  const sheet = gradebookSheet(gradebook, t);
  const fileName = `${gradebook.course.code} ${t("studio.gradebook.fileName")}`
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, " ")
    .trim();
  return new Response(SPREADSHEET_FORMATS[format].write(sheet), {
    headers: {
      "Content-Type": SPREADSHEET_FORMATS[format].contentType,
      "Content-Disposition": contentDisposition(`${fileName || "gradebook"}.${format}`),
      "Cache-Control": "no-store",
    },
  });
}

type ExportedGradebook = Extract<Awaited<ReturnType<typeof exportGradebook>>, { ok: true }>;

/** One row per learner: who, their status, each item's points, each category's and the course's scores, letters. */
function gradebookSheet(gradebook: ExportedGradebook, t: TFunction): StreamedSheet {
  const { course, categories, items, learners } = gradebook;
  const letterColumns = course.isCreditCourse
    ? [t("studio.finalGrades.suggested"), t("studio.finalGrades.confirmedLetter"), t("grades.gradePoint")]
    : [];
  const header = [
    t("auth.name"),
    t("auth.email"),
    t("studio.status"),
    ...items.map((item) => `${item.title} (${t("grades.outOf", { max: item.maxPoints })})`),
    ...categories.map((category) =>
      t("studio.gradebook.categoryPercentOf", { name: category.name, weight: category.weightPercent }),
    ),
    t("grades.currentScore"),
    t("grades.finalScore"),
    ...letterColumns,
  ];
  const firstScoreColumn = 3 + items.length;
  return {
    name: `${course.code} ${t("studio.gradebook.fileName")}`,
    header,
    batches: inBatches(
      learners.map((learner) => [
        learner.name,
        learner.email,
        t(`studio.enrollmentStatus.${learner.status}`),
        ...items.map((item) => learner.itemPoints[item.id] ?? null),
        ...categories.map((category) => learner.categoryPercents[category.id]?.current ?? null),
        learner.currentPercent,
        learner.finalPercent,
        ...(course.isCreditCourse
          ? [learner.suggestedLetter, learner.finalGrade?.letter ?? null, learner.finalGrade?.gradePoint ?? null]
          : []),
      ]),
    ),
    decimalColumns: Array.from({ length: categories.length + 2 }, (_, index) => firstScoreColumn + index),
  };
}
