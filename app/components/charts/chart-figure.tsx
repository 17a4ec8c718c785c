// What every chart shares: numbers in the reader's language, the figure that holds the drawing, and
// the table of its numbers under "Show the numbers", for screen readers and for copying.
//
// Charts are drawn on the server as plain SVG (d3-scale for scales and ticks, d3-shape for paths):
// no chart code runs in the browser. Each drawing has role="img" and an aria-label that says what it
// shows, and its viewBox is laid out for a phone (360 units wide, text 12 units), so it is readable
// at 360 px and scales up, to a limit, on wider screens.
import type { ReactNode } from "react";
import { useTranslation } from "react-i18next";
import type { Language } from "~/lib/i18n";

const localeTags: Record<Language, string> = { ko: "ko-KR", en: "en-US" };
const numberFormats = new Map<string, Intl.NumberFormat>();

/** A number as people read it in `language`: "1,234", "52.5". */
export function formatChartNumber(value: number, language: Language, maximumFractionDigits = 1) {
  const key = `${language}:${maximumFractionDigits}`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(localeTags[language], { maximumFractionDigits });
    numberFormats.set(key, format);
  }
  return format.format(value);
}

/** A percent (0–100) as people read it in `language`: "52%", "33.3%"; "—" for none. */
export function formatChartPercent(value: number | null | undefined, language: Language) {
  if (value === null || value === undefined) return "—";
  const key = `${language}:percent`;
  let format = numberFormats.get(key);
  if (!format) {
    format = new Intl.NumberFormat(localeTags[language], { style: "percent", maximumFractionDigits: 1 });
    numberFormats.set(key, format);
  }
  return format.format(value / 100);
}

/** The reader's language and a number formatter for it. */
export function useChartNumbers() {
  const { i18n } = useTranslation();
  const language = (i18n.language === "en" ? "en" : "ko") satisfies Language;
  return {
    language,
    formatNumber: (value: number) => formatChartNumber(value, language),
    formatPercent: (value: number | null | undefined) => formatChartPercent(value, language),
  };
}

/** The width of the drawing in viewBox units: a phone's width, so text keeps its size there. */
export const CHART_WIDTH = 360;
/** Text size in viewBox units. */
export const CHART_FONT_SIZE = 12;

export type ChartTable = {
  caption: string;
  /** Column headings; the first is the row headers' column. */
  columns: string[];
  rows: { key: string; header: string; cells: string[] }[];
};

/** A chart's numbers as a table (row headers in the first column), inside a sideways-scrolling box. */
export function ChartNumbersTable({ table }: { table: ChartTable }) {
  const [firstColumn, ...otherColumns] = table.columns;
  return (
    <div className="relative overflow-x-auto">
      <table className="w-full max-w-2xl border-collapse text-left text-sm">
        <caption className="py-1 text-left text-slate-600">{table.caption}</caption>
        <thead>
          <tr className="border-b border-slate-300">
            <th scope="col" className="py-1 pr-4 break-keep">
              {firstColumn}
            </th>
            {otherColumns.map((column) => (
              <th key={column} scope="col" className="py-1 pr-4 text-right break-keep">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((row) => (
            <tr key={row.key} className="border-b border-slate-100">
              <th scope="row" className="min-w-32 py-1 pr-4 font-normal break-keep">
                {row.header}
              </th>
              {row.cells.map((cell, index) => (
                <td key={otherColumns[index] ?? index} className="py-1 pr-4 text-right whitespace-nowrap tabular-nums">
                  {cell}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/**
 * A chart: its SVG drawing (given as `children`, which must be an <svg role="img" aria-label>) and,
 * below it, its numbers under "Show the numbers" (or always shown, with `isTableOpen`).
 */
export function ChartFigure({
  children,
  table,
  isTableOpen = false,
  legend,
}: {
  children: ReactNode;
  table: ChartTable;
  isTableOpen?: boolean;
  /** Shown between the drawing and the numbers: a legend that says which line is which. */
  legend?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <figure className="space-y-2">
      <div className="max-w-lg">{children}</div>
      {legend}
      <details open={isTableOpen} className="text-sm">
        <summary className="cursor-pointer text-brand-700 underline">{t("charts.showNumbers")}</summary>
        <ChartNumbersTable table={table} />
      </details>
    </figure>
  );
}

const WIDE_CHARACTER = /[\u1100-\u11ff\u3000-\u9fff\uac00-\ud7af\uff00-\uffef]/;

/** About how wide `text` is, in ems: a Hangul syllable is about 1, a Latin letter or digit about 0.56. */
export function textWidthEm(text: string) {
  let width = 0;
  for (const character of text) width += WIDE_CHARACTER.test(character) ? 1 : 0.56;
  return width;
}

/** Shortens `text` to about `maxEm` ems, ending it with "…" when cut. */
export function fitLabel(text: string, maxEm: number) {
  if (textWidthEm(text) <= maxEm) return text;
  let width = 0;
  let end = 0;
  for (const character of text) {
    const characterWidth = WIDE_CHARACTER.test(character) ? 1 : 0.56;
    // Room is kept for the "…".
    if (width + characterWidth > maxEm - 1) break;
    width += characterWidth;
    end += character.length;
  }
  return `${text.slice(0, end).trimEnd()}…`;
}
