import type { LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/guards.server";
import { contentDisposition } from "~/lib/content-disposition";
import { getPageT, resolveLanguage } from "~/lib/i18n.server";
import { memberListExample } from "~/lib/member-import";
import { refusalResponse } from "~/lib/refusal.server";
import { toCsv } from "~/lib/spreadsheet.server";
import { findCohortHeading } from "~/models/cohort.server";
import { COHORT_IMPORT_REFUSALS } from "~/models/cohort-import.server";

/**
 * An example member list for the import page: the header in the reader's language and two rows, as
 * UTF-8 with a byte order mark, which Excel opens with Korean intact and saves back in a form the
 * import reads. A file of its own, since the page's Content-Security-Policy allows no data: links.
 */
export async function loader({ request, params }: LoaderFunctionArgs) {
  const admin = await requirePermission(request, "cohort:manage");
  const cohort = await findCohortHeading({ cohortId: params.cohortId ?? "" });
  if (!cohort) throw refusalResponse(COHORT_IMPORT_REFUSALS, { ok: false, reason: "notFound" });
  const language = await resolveLanguage(request, admin.locale);
  const t = await getPageT(language);
  const example = memberListExample(language);
  const bytes = toCsv({ name: "members", header: example.header, rows: example.rows });
  return new Response(bytes, {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": contentDisposition(t("cohorts.import.exampleFileName")),
      "Cache-Control": "no-store",
    },
  });
}
