import { useTranslation } from "react-i18next";

const TONES: Record<string, string> = {
  DRAFT: "bg-amber-100 text-amber-900",
  PUBLISHED: "bg-emerald-100 text-emerald-900",
  ARCHIVED: "bg-slate-200 text-slate-700",
};

/** A course's or lesson's status as a small labelled badge. */
export function CourseStatusBadge({ status }: { status: string }) {
  const { t } = useTranslation();
  return (
    <span className={`inline-block rounded px-2 py-0.5 text-xs font-semibold ${TONES[status] ?? ""}`}>
      {t(`studio.statusName.${status}`)}
    </span>
  );
}
