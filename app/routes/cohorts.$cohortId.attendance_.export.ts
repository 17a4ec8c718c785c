import type { LoaderFunctionArgs } from "@remix-run/node";
import type { TFunction } from "i18next";
import { requirePermission } from "~/auth/guards.server";
import { attendanceExportSchema } from "~/lib/attendance-forms";
import { contentDisposition } from "~/lib/content-disposition";
import { answerInReadersWords, getPageT, resolveLanguage } from "~/lib/i18n.server";
import { getClientIp } from "~/lib/request.server";
import { refusalResponse } from "~/lib/refusal.server";
import { toCsv, toXlsx, type Sheet } from "~/lib/spreadsheet.server";
import { ATTENDANCE_REFUSALS, exportAttendanceMonth } from "~/models/attendance.server";

const FORMATS = {
  csv: { contentType: "text/csv; charset=utf-8", write: (sheet: Sheet) => Promise.resolve(toCsv(sheet)) },
  xlsx: { contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", write: toXlsx },
} as const;

export function loader(args: LoaderFunctionArgs) {
  return answerInReadersWords(args.request, () => answer(args));
}

/**
 * A cohort's month of attendance for the living allowance, as CSV or XLSX: one row per learner of
 * the month, a column per class day, the month's totals and rate. Admins only (`report:export`).
 */
async function answer({ request, params, context }: LoaderFunctionArgs): Promise<Response> {
  const user = await requirePermission(request, "report:export");
  const query = new URL(request.url).searchParams;
  const parsed = attendanceExportSchema.safeParse({
    month: query.get("month") ?? undefined,
    format: query.get("format") ?? undefined,
  });
  if (!parsed.success) throw new Response("Give ?month=YYYY-MM and format=csv or xlsx", { status: 400 });
  const { month, format } = parsed.data;
  const exported = await exportAttendanceMonth({
    actor: { ...user, ipAddress: getClientIp(context) },
    cohortId: params.cohortId ?? "",
    month,
    format,
  });
  if (!exported.ok) throw refusalResponse(ATTENDANCE_REFUSALS, exported);
  const t = await getPageT(await resolveLanguage(request, user.locale));
  const sheet = attendanceSheet(exported, t);
  const bytes = await FORMATS[format].write(sheet);
  const fileName = `${exported.cohort.name} ${t("attendance.export.fileName")} ${month}`
    .replace(/[\\/:*?"<>|\p{Cc}]+/gu, " ")
    .trim();
  return new Response(bytes, {
    headers: {
      "Content-Type": FORMATS[format].contentType,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": contentDisposition(`${fileName || "attendance"}.${format}`),
      "Cache-Control": "no-store",
    },
  });
}

type ExportedMonth = Extract<Awaited<ReturnType<typeof exportAttendanceMonth>>, { ok: true }>;

/** One row per learner: who, each class day's status abbreviation, the month's totals and rate in percent. */
function attendanceSheet(exported: ExportedMonth, t: TFunction): Sheet {
  const { classDays, learners, month } = exported;
  const dayColumns = classDays.map((day) => {
    const date = new Date(day.date);
    const weekday = date.getUTCDay() === 0 ? 7 : date.getUTCDay();
    return t("attendance.export.dayColumn", {
      month: date.getUTCMonth() + 1,
      day: date.getUTCDate(),
      weekday: t(`attendance.weekdayShort.${weekday}`),
    });
  });
  const header = [
    t("attendance.export.name"),
    t("attendance.export.email"),
    t("attendance.export.studentNumber"),
    ...dayColumns,
    t("attendance.export.present"),
    t("attendance.export.late"),
    t("attendance.export.leftEarly"),
    t("attendance.export.absent"),
    t("attendance.export.excused"),
    t("attendance.export.countedDays"),
    t("attendance.export.rate"),
  ];
  const rateColumn = header.length - 1;
  return {
    name: t("attendance.export.sheetName", { month }),
    header,
    rows: learners.map((learner) => [
      learner.name,
      learner.email,
      learner.studentNumber,
      ...learner.days.map((cell) => (cell ? t(`attendance.abbreviation.${cell}`) : null)),
      learner.presentDays,
      learner.lateDays,
      learner.leftEarlyDays,
      learner.absentDays,
      learner.excusedDays,
      learner.countedDays,
      learner.rate === null ? null : Math.round(learner.rate * 1000) / 10,
    ]),
    decimalColumns: [rateColumn],
  };
}
