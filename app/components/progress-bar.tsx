/** A course's progress as a bar; `label` names what it measures for screen readers. */
export function ProgressBar({
  percent,
  label,
  className = "",
}: {
  percent: number;
  label: string;
  className?: string;
}) {
  return (
    <div
      className={`h-2 rounded bg-slate-200 ${className}`}
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-label={label}
    >
      <div className="h-2 rounded bg-emerald-600" style={{ width: `${percent}%` }} />
    </div>
  );
}
