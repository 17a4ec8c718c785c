// Horizontal bars, one per row, each out of the same whole (a funnel: how many of the cohort's
// learners completed each lesson, in course order). Drawn on the server as SVG; above each bar, its
// label on the left and its count and share on the right, so long names fit a phone (they are cut
// with "…"; the table has them whole) and nothing is read from length or colour alone.
import { scaleLinear } from "d3-scale";
import {
  CHART_FONT_SIZE,
  CHART_WIDTH,
  ChartFigure,
  fitLabel,
  textWidthEm,
  useChartNumbers,
  type ChartTable,
} from "./chart-figure";

export type HorizontalBarDatum = { key: string; label: string; value: number };

const MARGIN = { top: 4, right: 4, bottom: 4, left: 4 };
const ROW_HEIGHT = 38;
const BAR_HEIGHT = 12;

/**
 * One bar per row of `data`, each out of `total` (at least 1). `title` names the chart for screen
 * readers (the aria-label is the title followed by each row's count, unless `summary` is given);
 * `rowHeading`, `valueHeading` and `shareHeading` head the table's columns.
 */
export function HorizontalBarChart({
  data,
  total,
  title,
  summary,
  rowHeading,
  valueHeading,
  shareHeading,
  isTableOpen,
}: {
  data: HorizontalBarDatum[];
  total: number;
  title: string;
  summary?: string;
  rowHeading: string;
  valueHeading: string;
  shareHeading: string;
  isTableOpen?: boolean;
}) {
  const { formatNumber, formatPercent } = useChartNumbers();
  const whole = Math.max(1, total);
  const height = MARGIN.top + MARGIN.bottom + data.length * ROW_HEIGHT;
  const x = scaleLinear()
    .domain([0, whole])
    .range([MARGIN.left, CHART_WIDTH - MARGIN.right])
    .clamp(true);
  const shareOf = (value: number) => (total > 0 ? Math.round((1000 * value) / total) / 10 : null);
  const countText = (value: number) => `${formatNumber(value)} / ${formatNumber(total)}`;
  const ariaLabel =
    summary ?? `${title}. ${data.map((datum) => `${datum.label}: ${countText(datum.value)}`).join(", ")}`;
  const table: ChartTable = {
    caption: title,
    columns: [rowHeading, valueHeading, shareHeading],
    rows: data.map((datum) => ({
      key: datum.key,
      header: datum.label,
      cells: [countText(datum.value), formatPercent(shareOf(datum.value))],
    })),
  };
  const lineWidthEm = (CHART_WIDTH - MARGIN.left - MARGIN.right) / CHART_FONT_SIZE;
  return (
    <ChartFigure table={table} isTableOpen={isTableOpen}>
      <svg
        role="img"
        aria-label={ariaLabel}
        viewBox={`0 0 ${CHART_WIDTH} ${height}`}
        width="100%"
        className="h-auto w-full"
        fontSize={CHART_FONT_SIZE}
      >
        {data.map((datum, index) => {
          const top = MARGIN.top + index * ROW_HEIGHT;
          const barTop = top + 18;
          const valueText = `${countText(datum.value)} · ${formatPercent(shareOf(datum.value))}`;
          // The label gets the line's width less the value's and a gap of one em.
          const labelWidthEm = lineWidthEm - textWidthEm(valueText) - 1;
          return (
            <g key={datum.key}>
              <text x={MARGIN.left} y={top + 12} className="fill-slate-900">
                {fitLabel(datum.label, labelWidthEm)}
              </text>
              <text x={CHART_WIDTH - MARGIN.right} y={top + 12} textAnchor="end" className="fill-slate-900">
                {valueText}
              </text>
              <rect
                x={MARGIN.left}
                y={barTop}
                width={x(whole) - MARGIN.left}
                height={BAR_HEIGHT}
                className="fill-slate-100 stroke-slate-300"
                strokeWidth={0.5}
              />
              <rect
                x={MARGIN.left}
                y={barTop}
                width={Math.max(0, x(datum.value) - MARGIN.left)}
                height={BAR_HEIGHT}
                className="fill-emerald-700"
              />
            </g>
          );
        })}
      </svg>
    </ChartFigure>
  );
}
