import { NavLink } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The pages of one cohort, in the order an admin works through them. */
const COHORT_PAGES = [
  { key: "dashboard", path: "/dashboard" },
  { key: "atRisk", path: "/at-risk" },
  { key: "members", path: "" },
  { key: "attendance", path: "/attendance" },
  { key: "outcomes", path: "/outcomes" },
  { key: "reports", path: "/reports" },
] as const;

export type CohortPage = (typeof COHORT_PAGES)[number]["key"];

/** Where a cohort page lives; attendance is shared with the instructors who take it. */
export function cohortPagePath(cohortId: string, page: CohortPage) {
  if (page === "attendance") return `/cohorts/${cohortId}/attendance`;
  const found = COHORT_PAGES.find((entry) => entry.key === page);
  return `/admin/cohorts/${cohortId}${found?.path ?? ""}`;
}

/**
 * The tabs across the top of a cohort's admin pages. `pages` limits them (an instructor taking
 * attendance sees only that page); by default every page is listed.
 */
export function CohortNav({
  cohortId,
  cohortName,
  pages,
}: {
  cohortId: string;
  cohortName: string;
  pages?: readonly CohortPage[];
}) {
  const { t } = useTranslation();
  const shown = COHORT_PAGES.filter((page) => !pages || pages.includes(page.key));
  return (
    <nav
      aria-label={t("cohortNav.label", { name: cohortName })}
      className="flex flex-wrap gap-2 border-b border-slate-200 pb-2 text-sm"
    >
      {shown.map((page) => (
        <NavLink
          key={page.key}
          to={cohortPagePath(cohortId, page.key)}
          end
          className="rounded px-3 py-1 aria-[current=page]:bg-brand-100"
        >
          {t(`cohortNav.${page.key}`)}
        </NavLink>
      ))}
    </nav>
  );
}
