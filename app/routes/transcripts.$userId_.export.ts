import type { LoaderFunctionArgs } from "@remix-run/node";
import type { TFunction } from "i18next";
import { requirePermission } from "~/auth/guards.server";
import { contentDisposition } from "~/lib/content-disposition";
import { formatTerm, localized } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { answerInReadersWords, getPageT, resolveLanguage } from "~/lib/i18n.server";
import { refusalResponse } from "~/lib/refusal.server";
import { getClientIp } from "~/lib/request.server";
import { SPREADSHEET_FORMATS, spreadsheetFormat } from "~/lib/spreadsheet-stream.server";
import { toCsv, toXlsx, type Sheet, type SheetCell } from "~/lib/spreadsheet.server";
import { exportTranscript, TRANSCRIPT_REFUSALS, type Transcript } from "~/models/transcript.server";

export function loader(args: LoaderFunctionArgs) {
  return answerInReadersWords(args.request, () => answer(args));
}

/**
 * A learner's transcript as CSV or XLSX (`?format=`, XLSX by default), for the learner and admins:
 * a row per course with its term, then the learner and the averages. An admin's download of someone
 * else's is in the audit log. Small enough to write whole.
 */
async function answer({ request, params, context }: LoaderFunctionArgs): Promise<Response> {
  const viewer = await requirePermission(request, "transcript:view", { learnerId: params.userId });
  const format = spreadsheetFormat(new URL(request.url).searchParams.get("format"));
  if (!format) throw new Response("Unknown format", { status: 400 });
  const exported = await exportTranscript({
    actor: { ...viewer, ipAddress: getClientIp(context) },
    userId: params.userId ?? "",
    format,
  });
  if (!exported.ok) throw refusalResponse(TRANSCRIPT_REFUSALS, exported);
  const language = await resolveLanguage(request, viewer.locale);
  const t = await getPageT(language);
  const sheet = transcriptSheet(exported.transcript, t, language);
  const bytes = format === "csv" ? toCsv(sheet) : await toXlsx(sheet);
  const fileName = sheet.name.replace(/[\\/:*?"<>|\p{Cc}]+/gu, " ").trim();
  return new Response(bytes, {
    headers: {
      "Content-Type": SPREADSHEET_FORMATS[format].contentType,
      "Content-Length": String(bytes.byteLength),
      "Content-Disposition": contentDisposition(`${fileName || "transcript"}.${format}`),
      "Cache-Control": "no-store",
    },
  });
}

/** A row per course (term, code, title, credits, letter, grade point); then, below, who and the figures. */
function transcriptSheet(transcript: Transcript, t: TFunction, language: Language): Sheet {
  const termName = (term: Transcript["terms"][number]["term"]) =>
    term ? formatTerm(term, t) : t("transcripts.otherTerm");
  const courseRows: SheetCell[][] = transcript.terms.flatMap((group) =>
    group.courses.map((course) => [
      termName(group.term),
      course.code,
      course.title,
      course.credits,
      course.letter,
      course.gradePoint,
    ]),
  );
  const { learner, degreeTrack, creditProgress } = transcript;
  const facts: SheetCell[][] = [
    [t("auth.name"), learner.name],
    [t("reports.studentNumber"), learner.studentNumber],
    [t("auth.email"), learner.email],
    [
      t("transcripts.degreeTrack"),
      degreeTrack ? localized(degreeTrack, "name", language) : t("transcripts.noDegreeTrack"),
    ],
    [t("transcripts.scale"), t(`grades.scaleName.${transcript.scale}`)],
    [t("transcripts.cumulativeGpa"), transcript.gpa],
    [t("transcripts.creditsEarned"), transcript.creditsEarned],
    ...(creditProgress ? [[t("transcripts.requiredCredits"), creditProgress.required]] : []),
    ...transcript.terms.map((group) => [t("transcripts.termGpaOf", { term: termName(group.term) }), group.gpa]),
  ];
  return {
    name: `${learner.name} ${t("transcripts.fileName")}`,
    header: [
      t("transcripts.term"),
      t("transcripts.code"),
      t("transcripts.course"),
      t("transcripts.creditsHeading"),
      t("grades.letter"),
      t("grades.gradePoint"),
    ],
    rows: [...courseRows, [], ...facts],
  };
}
