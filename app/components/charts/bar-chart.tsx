// A column chart of one series (how many in each category), drawn on the server as SVG, with each
// column's value written above it so no value is read from colour or height alone.
import { scaleBand, scaleLinear } from "d3-scale";
import { CHART_FONT_SIZE, CHART_WIDTH, ChartFigure, useChartNumbers, type ChartTable } from "./chart-figure";

export type BarDatum = {
  key: string;
  /** The category as the table and the summary say it ("10–19%"). */
  label: string;
  /** A shorter label under the column, when the full one would not fit ("10"). */
  tickLabel?: string;
  value: number;
};

const HEIGHT = 220;
const MARGIN = { top: 18, right: 8, bottom: 40, left: 34 };

/**
 * Columns for `data`, in order. `title` names the chart for screen readers (the aria-label is the
 * title followed by every category and value, unless `summary` is given); `categoryHeading` and
 * `valueHeading` head the table's columns, `axisLabel` sits under the categories.
 */
export function BarChart({
  data,
  title,
  summary,
  categoryHeading,
  valueHeading,
  axisLabel,
  isTableOpen,
}: {
  data: BarDatum[];
  title: string;
  summary?: string;
  categoryHeading: string;
  valueHeading: string;
  axisLabel?: string;
  isTableOpen?: boolean;
}) {
  const { formatNumber } = useChartNumbers();
  const x = scaleBand<string>()
    .domain(data.map((datum) => datum.key))
    .range([MARGIN.left, CHART_WIDTH - MARGIN.right])
    .padding(0.2);
  const maxValue = Math.max(1, ...data.map((datum) => datum.value));
  const y = scaleLinear()
    .domain([0, maxValue])
    .nice(4)
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  // Counts: only whole-number ticks.
  const ticks = y.ticks(4).filter((tick) => Number.isInteger(tick));
  const ariaLabel =
    summary ?? `${title}. ${data.map((datum) => `${datum.label}: ${formatNumber(datum.value)}`).join(", ")}`;
  const table: ChartTable = {
    caption: title,
    columns: [categoryHeading, valueHeading],
    rows: data.map((datum) => ({ key: datum.key, header: datum.label, cells: [formatNumber(datum.value)] })),
  };
  return (
    <ChartFigure table={table} isTableOpen={isTableOpen}>
      <svg
        role="img"
        aria-label={ariaLabel}
        viewBox={`0 0 ${CHART_WIDTH} ${HEIGHT}`}
        width="100%"
        className="h-auto w-full"
        fontSize={CHART_FONT_SIZE}
      >
        {ticks.map((tick) => (
          <g key={tick}>
            <line
              x1={MARGIN.left}
              x2={CHART_WIDTH - MARGIN.right}
              y1={y(tick)}
              y2={y(tick)}
              className="stroke-slate-200"
              strokeWidth={1}
            />
            <text x={MARGIN.left - 4} y={y(tick)} dy="0.32em" textAnchor="end" className="fill-slate-600">
              {formatNumber(tick)}
            </text>
          </g>
        ))}
        {data.map((datum) => {
          const left = x(datum.key) ?? 0;
          const top = y(datum.value);
          const centre = left + x.bandwidth() / 2;
          return (
            <g key={datum.key}>
              <rect
                x={left}
                y={top}
                width={x.bandwidth()}
                height={Math.max(0, HEIGHT - MARGIN.bottom - top)}
                className="fill-emerald-700"
              />
              <text x={centre} y={top - 4} textAnchor="middle" className="fill-slate-900">
                {formatNumber(datum.value)}
              </text>
              <text x={centre} y={HEIGHT - MARGIN.bottom + 14} textAnchor="middle" className="fill-slate-700">
                {datum.tickLabel ?? datum.label}
              </text>
            </g>
          );
        })}
        <line
          x1={MARGIN.left}
          x2={CHART_WIDTH - MARGIN.right}
          y1={HEIGHT - MARGIN.bottom}
          y2={HEIGHT - MARGIN.bottom}
          className="stroke-slate-500"
          strokeWidth={1}
        />
        {axisLabel ? (
          <text
            x={(MARGIN.left + CHART_WIDTH - MARGIN.right) / 2}
            y={HEIGHT - 6}
            textAnchor="middle"
            className="fill-slate-700"
          >
            {axisLabel}
          </text>
        ) : null}
      </svg>
    </ChartFigure>
  );
}
