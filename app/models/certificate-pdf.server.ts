// A certificate as a PDF, drawn on the server with pdf-lib: in Korean and English on one page, in
// Noto Sans KR (from npm, embedded as a subset of the characters used, so the file stays small and
// its text selectable and searchable), with the verification URL and a QR code of it. Nothing is fetched to make it.
import { readFile } from "node:fs/promises";
import { createRequire } from "node:module";
import fontkit from "@pdf-lib/fontkit";
import type { TFunction } from "i18next";
import { PDFDocument, rgb, type PDFFont, type PDFPage, type RGB } from "pdf-lib";
import QRCode from "qrcode";
import subsetFont from "subset-font";
import { formatIssuedDay } from "~/lib/format";
import { getPageT } from "~/lib/i18n.server";
import { getLinkOrigin } from "~/lib/request.server";
import type { CertificateView } from "~/models/certificate.server";
import { issuerUrls } from "~/models/open-badge.server";

const require = createRequire(import.meta.url);
const FONT_FILES = {
  regular: "@expo-google-fonts/noto-sans-kr/400Regular/NotoSansKR_400Regular.ttf",
  bold: "@expo-google-fonts/noto-sans-kr/700Bold/NotoSansKR_700Bold.ttf",
} as const;

// The two 6 MB font files are read once per process.
let fontBytes: Promise<{ regular: Buffer; bold: Buffer }> | undefined;
function loadFonts() {
  fontBytes ??= Promise.all([readFile(require.resolve(FONT_FILES.regular)), readFile(require.resolve(FONT_FILES.bold))])
    .then(([regular, bold]) => ({ regular, bold }))
    .catch((error: unknown) => {
      fontBytes = undefined;
      throw error;
    });
  return fontBytes;
}

const INK = rgb(0.06, 0.09, 0.16);
const MUTED = rgb(0.28, 0.33, 0.41);
const BRAND = rgb(0.06, 0.24, 0.37);
const ACCENT = rgb(0.85, 0.47, 0.02);
const REVOKED = rgb(0.73, 0.11, 0.11);

type Weight = "regular" | "bold";
/** A line of text to draw: centred on the page (shrunk to fit), or from x. */
type Line = { text: string; weight: Weight; size: number; y: number; x?: number; color?: RGB };

/**
 * Embeds each weight cut down to the characters its lines use. HarfBuzz does the subsetting
 * (pdf-lib's own subsetter drops glyphs of this font), and pdf-lib embeds the small result whole.
 */
async function embedSubsetFonts(document: PDFDocument, lines: Line[]) {
  const fonts = await loadFonts();
  const embed = async (weight: Weight) => {
    const characters = new Set(lines.filter((line) => line.weight === weight).flatMap((line) => [...line.text]));
    const subset = await subsetFont(fonts[weight], [...characters].join(""), { targetFormat: "truetype" });
    // Without shaping features: pdf-lib drops the positioning they imply, which left gaps in lines.
    return document.embedFont(subset, {
      subset: false,
      features: { liga: false, kern: false, calt: false, locl: false },
    });
  };
  const [regular, bold] = await Promise.all([embed("regular"), embed("bold")]);
  return { regular, bold } satisfies Record<Weight, PDFFont>;
}

function drawLine(page: PDFPage, line: Line, font: PDFFont) {
  if (line.x !== undefined) {
    page.drawText(line.text, { x: line.x, y: line.y, size: line.size, font, color: line.color ?? INK });
    return;
  }
  const maxWidth = page.getWidth() - 160;
  let size = line.size;
  while (size > 8 && font.widthOfTextAtSize(line.text, size) > maxWidth) size -= 1;
  const width = font.widthOfTextAtSize(line.text, size);
  page.drawText(line.text, { x: (page.getWidth() - width) / 2, y: line.y, size, font, color: line.color ?? INK });
}

/** The QR code of `url`, drawn as vector squares (crisp at any zoom) with its lower-left at x, y. */
function drawQrCode(page: PDFPage, url: string, x: number, y: number, size: number) {
  const { modules } = QRCode.create(url, { errorCorrectionLevel: "M" });
  const quiet = 2;
  const cell = size / (modules.size + quiet * 2);
  page.drawRectangle({ x, y, width: size, height: size, color: rgb(1, 1, 1) });
  for (let row = 0; row < modules.size; row++) {
    for (let column = 0; column < modules.size; column++) {
      if (!modules.get(row, column)) continue;
      page.drawRectangle({
        x: x + (column + quiet) * cell,
        y: y + size - (row + quiet + 1) * cell,
        width: cell,
        height: cell,
        color: INK,
      });
    }
  }
}

const PAGE = { width: 841.89, height: 595.28 };

/** What the page says, line by line, in Korean and English. */
function certificateLines(certificate: CertificateView, url: string, ko: TFunction, en: TFunction): Line[] {
  const { kind, achievement, program, learner } = certificate;
  const top = PAGE.height;
  const achievementKo = `${achievement.code ? `${achievement.code} ` : ""}${achievement.nameKo}`;
  const achievementEn = `${achievement.code ? `${achievement.code} ` : ""}${achievement.nameEn}`;
  const issued = `${ko("certificates.issuedOn")} ${formatIssuedDay(certificate.issuedAt, "ko")} · ${en("certificates.issuedOn")} ${formatIssuedDay(certificate.issuedAt, "en")}`;
  const lines: Line[] = [
    { text: ko("certificates.institutionName"), weight: "bold", size: 15, y: top - 80, color: BRAND },
    { text: en("certificates.institutionName"), weight: "regular", size: 11, y: top - 100, color: MUTED },
    { text: ko(`certificates.pdf.title.${kind}`), weight: "bold", size: 40, y: top - 160 },
    { text: en(`certificates.pdf.title.${kind}`), weight: "regular", size: 16, y: top - 188, color: MUTED },
    { text: learner.name, weight: "bold", size: 32, y: top - 255 },
    {
      text: ko(`certificates.pdf.statement.${kind}`, { achievement: achievementKo }),
      weight: "regular",
      size: 15,
      y: top - 300,
    },
    {
      text: en(`certificates.pdf.statement.${kind}`, { achievement: achievementEn }),
      weight: "regular",
      size: 13,
      y: top - 322,
      color: MUTED,
    },
    { text: `${program.nameKo} · ${program.nameEn}`, weight: "regular", size: 12, y: top - 352, color: MUTED },
    { text: issued, weight: "regular", size: 12, y: top - 380, color: MUTED },
    // Verification: the address and code at the lower left; the QR code of the address at the right.
    {
      text: `${ko("certificates.pdf.verify")} · ${en("certificates.pdf.verify")}`,
      weight: "bold",
      size: 10,
      x: 70,
      y: 120,
    },
    { text: url, weight: "regular", size: 10, x: 70, y: 102, color: BRAND },
    {
      text: `${ko("certificates.code")} · ${en("certificates.code")}: ${certificate.verificationCode}`,
      weight: "regular",
      size: 10,
      x: 70,
      y: 84,
    },
    { text: ko("certificates.pdf.verifyHelp"), weight: "regular", size: 8, x: 70, y: 66, color: MUTED },
    { text: en("certificates.pdf.verifyHelp"), weight: "regular", size: 8, x: 70, y: 54, color: MUTED },
  ];
  if (certificate.revokedAt) {
    lines.push({
      text: `${ko("certificates.revoked")} · ${en("certificates.revoked")}`,
      weight: "bold",
      size: 36,
      y: top / 2 + 40,
      color: REVOKED,
    });
  }
  return lines;
}

// Drawing one takes about half a second of CPU (subsetting the font), and a certificate's PDF only
// changes when it is revoked: the latest few are kept.
const RENDERED_LIMIT = 200;
const rendered = new Map<string, Promise<Uint8Array>>();

/** The certificate's PDF, A4 landscape, one page; the same bytes again until it is revoked. */
export function certificatePdf(certificate: CertificateView, origin = getLinkOrigin()) {
  const key = `${origin} ${certificate.verificationCode} ${certificate.revokedAt?.toISOString() ?? ""}`;
  let pdf = rendered.get(key);
  if (!pdf) {
    pdf = renderCertificatePdf(certificate, origin);
    pdf.catch(() => rendered.delete(key));
    if (rendered.size >= RENDERED_LIMIT) rendered.delete(rendered.keys().next().value!);
    rendered.set(key, pdf);
  }
  return pdf;
}

/** Draws the certificate's PDF, A4 landscape, one page. */
export async function renderCertificatePdf(certificate: CertificateView, origin = getLinkOrigin()) {
  const [ko, en] = await Promise.all([getPageT("ko"), getPageT("en")]);
  const url = issuerUrls(origin).certificate(certificate.verificationCode);
  const lines = certificateLines(certificate, url, ko, en);

  const document = await PDFDocument.create();
  document.registerFontkit(fontkit);
  const fonts = await embedSubsetFonts(document, lines);
  const { achievement, learner, kind } = certificate;
  document.setTitle(`${ko(`certificates.pdf.title.${kind}`)} · ${learner.name}`, { showInWindowTitleBar: true });
  document.setSubject(`${achievement.code ? `${achievement.code} ` : ""}${achievement.nameKo}`);
  document.setAuthor(ko("certificates.institutionName"));
  document.setCreator("Bitgoeul");
  document.setLanguage("ko-KR");
  document.setCreationDate(certificate.issuedAt);

  const page = document.addPage([PAGE.width, PAGE.height]);
  const { width, height } = PAGE;
  page.drawRectangle({ x: 24, y: 24, width: width - 48, height: height - 48, borderColor: BRAND, borderWidth: 3 });
  page.drawRectangle({ x: 34, y: 34, width: width - 68, height: height - 68, borderColor: ACCENT, borderWidth: 1 });
  for (const line of lines) drawLine(page, line, fonts[line.weight]);
  drawQrCode(page, url, width - 70 - 104, 50, 104);
  return document.save({ useObjectStreams: true });
}
