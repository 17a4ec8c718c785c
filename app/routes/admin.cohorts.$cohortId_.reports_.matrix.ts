import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/guards.server";
import { contentDisposition } from "~/lib/content-disposition";
import { answerInReadersWords, getPageT, resolveLanguage } from "~/lib/i18n.server";
import { refusalResponse } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { SPREADSHEET_FORMATS, spreadsheetFormat } from "~/lib/spreadsheet-stream.server";
import { cohortMatrixSheet, COHORT_REPORT_REFUSALS, exportCohortMatrix } from "~/models/cohort-report.server";

export function loader(args: LoaderFunctionArgs) {
  return answerInReadersWords(args.request, () => answer(args));
}

/**
 * The cohort's learner × course matrix as CSV or XLSX (`?format=`, XLSX by default), for admins,
 * headers in the reader's language. Streamed: the learners are read 500 at a time as the file goes
 * out, so a cohort of 2,000 costs a few pages of memory. No Content-Length, since the size is known
 * only at the end.
 */
async function answer({ request, params, context }: LoaderFunctionArgs): Promise<Response> {
  const admin = await requirePermission(request, "report:export");
  const format = spreadsheetFormat(new URL(request.url).searchParams.get("format"));
  if (!format) throw new Response("Unknown format", { status: 400 });
  const matrix = await exportCohortMatrix({
    actor: { ...admin, ipAddress: getClientIp(context) },
    cohortId: params.cohortId ?? "",
    format,
  });
  if (!matrix.ok) throw refusalResponse(COHORT_REPORT_REFUSALS, matrix);
  const t = await getPageT(await resolveLanguage(request, admin.locale));
  const sheet = cohortMatrixSheet(matrix, t);
  const fileName = sheet.name.replace(/[\\/:*?"<>|\p{Cc}]+/gu, " ").trim();
  return new Response(SPREADSHEET_FORMATS[format].write(sheet), {
    headers: {
      "Content-Type": SPREADSHEET_FORMATS[format].contentType,
      "Content-Disposition": contentDisposition(`${fileName || "cohort"}.${format}`),
      "Cache-Control": "no-store",
    },
  });
}
