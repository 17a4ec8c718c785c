// Lines over an ordered axis (weeks, days), drawn on the server as SVG. Series differ in colour AND
// in dash pattern and point shape, and the legend shows each, so no line is told apart by colour
// alone; the numbers are in the table below.
import { scaleLinear, scalePoint } from "d3-scale";
import { line } from "d3-shape";
import { CHART_FONT_SIZE, CHART_WIDTH, ChartFigure, useChartNumbers, type ChartTable } from "./chart-figure";

export type LineSeries = { key: string; name: string; values: number[] };

export type LinePoint = {
  key: string;
  /** The point as the table and the summary say it ("Week of 9 March 2026"). */
  label: string;
  /** A short label under the axis ("3/9"); some are skipped when they would crowd. */
  tickLabel: string;
};

/** Up to three series' looks: dark colours on white (contrast over 4.5:1), each its own dash and mark. */
const SERIES_STYLES = [
  { stroke: "stroke-emerald-700", fill: "fill-emerald-700", dash: undefined, mark: "circle" },
  { stroke: "stroke-blue-700", fill: "fill-blue-700", dash: "6 3", mark: "square" },
  { stroke: "stroke-amber-800", fill: "fill-amber-800", dash: "2 3", mark: "triangle" },
] as const;

type SeriesStyle = (typeof SERIES_STYLES)[number];

const HEIGHT = 220;
const MARGIN = { top: 14, right: 12, bottom: 28, left: 34 };
/** At most this many axis labels; the rest are skipped, counting back from the last point. */
const MAX_TICK_LABELS = 6;

function Mark({ style, x, y }: { style: SeriesStyle; x: number; y: number }) {
  if (style.mark === "circle") return <circle cx={x} cy={y} r={3.5} className={style.fill} />;
  if (style.mark === "square") return <rect x={x - 3.5} y={y - 3.5} width={7} height={7} className={style.fill} />;
  return <path d={`M${x},${y - 4.5}L${x + 4.5},${y + 3.5}L${x - 4.5},${y + 3.5}Z`} className={style.fill} />;
}

/**
 * One line per series (at most three) over `points`, in order. `title` names the chart for screen
 * readers (the aria-label is the title followed by each point's values, unless `summary` is given);
 * `pointHeading` heads the table's first column, each series' name the others (and `tableOnlySeries`
 * add columns to the table without lines).
 */
export function LineChart({
  points,
  series,
  title,
  summary,
  pointHeading,
  tableOnlySeries = [],
  isTableOpen,
}: {
  points: LinePoint[];
  series: LineSeries[];
  title: string;
  summary?: string;
  pointHeading: string;
  /** More numbers per point for the table only (a breakdown of a drawn series, say). */
  tableOnlySeries?: LineSeries[];
  isTableOpen?: boolean;
}) {
  const { formatNumber } = useChartNumbers();
  const shown = series.slice(0, SERIES_STYLES.length);
  const x = scalePoint<string>()
    .domain(points.map((point) => point.key))
    .range([MARGIN.left, CHART_WIDTH - MARGIN.right])
    .padding(0.3);
  const maxValue = Math.max(1, ...shown.flatMap((one) => one.values));
  const y = scaleLinear()
    .domain([0, maxValue])
    .nice(4)
    .range([HEIGHT - MARGIN.bottom, MARGIN.top]);
  const ticks = y.ticks(4).filter((tick) => Number.isInteger(tick));
  const labelEvery = Math.ceil(points.length / MAX_TICK_LABELS);
  const pathOf = line<number>()
    .x((_, index) => x(points[index]?.key ?? "") ?? 0)
    .y((value) => y(value));
  const ariaLabel =
    summary ??
    `${title}. ${points
      .map(
        (point, index) =>
          `${point.label}: ${shown.map((one) => `${one.name} ${formatNumber(one.values[index] ?? 0)}`).join(", ")}`,
      )
      .join("; ")}`;
  const tabled = [...shown, ...tableOnlySeries];
  const table: ChartTable = {
    caption: title,
    columns: [pointHeading, ...tabled.map((one) => one.name)],
    rows: points.map((point, index) => ({
      key: point.key,
      header: point.label,
      cells: tabled.map((one) => formatNumber(one.values[index] ?? 0)),
    })),
  };
  const legend = (
    <ul className="flex flex-wrap gap-x-4 gap-y-1 text-sm">
      {shown.map((one, index) => {
        const style = SERIES_STYLES[index]!;
        return (
          <li key={one.key} className="flex items-center gap-1.5">
            <svg width="28" height="12" viewBox="0 0 28 12" aria-hidden="true">
              <line
                x1="0"
                x2="28"
                y1="6"
                y2="6"
                strokeWidth={2}
                strokeDasharray={style.dash}
                className={style.stroke}
              />
              <Mark style={style} x={14} y={6} />
            </svg>
            {one.name}
          </li>
        );
      })}
    </ul>
  );
  return (
    <ChartFigure table={table} isTableOpen={isTableOpen} legend={legend}>
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
        <line
          x1={MARGIN.left}
          x2={CHART_WIDTH - MARGIN.right}
          y1={HEIGHT - MARGIN.bottom}
          y2={HEIGHT - MARGIN.bottom}
          className="stroke-slate-500"
          strokeWidth={1}
        />
        {points.map((point, index) =>
          (points.length - 1 - index) % labelEvery === 0 ? (
            <text
              key={point.key}
              x={x(point.key)}
              y={HEIGHT - MARGIN.bottom + 16}
              textAnchor="middle"
              className="fill-slate-700"
            >
              {point.tickLabel}
            </text>
          ) : null,
        )}
        {shown.map((one, seriesIndex) => {
          const style = SERIES_STYLES[seriesIndex]!;
          return (
            <g key={one.key}>
              <path
                d={pathOf(one.values) ?? ""}
                fill="none"
                strokeWidth={2}
                strokeDasharray={style.dash}
                className={style.stroke}
              />
              {one.values.map((value, index) => (
                <Mark
                  key={points[index]?.key ?? index}
                  style={style}
                  x={x(points[index]?.key ?? "") ?? 0}
                  y={y(value)}
                />
              ))}
            </g>
          );
        })}
      </svg>
    </ChartFigure>
  );
}
