import type { LoaderFunctionArgs, MetaFunction } from "@remix-run/node";
import { Form, Link, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requirePermission } from "~/auth/guards.server";
import { Pagination } from "~/components/pagination";
import { pageParam } from "~/lib/pagination";
import { pageTitle } from "~/lib/page-title";
import { searchUsers } from "~/models/user.server";

const searchSchema = z.object({
  q: z.string().trim().max(200).catch(""),
  page: pageParam,
});

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "user:manage");
  const { q, page } = searchSchema.parse(Object.fromEntries(new URL(request.url).searchParams));
  return { query: q, ...(await searchUsers({ query: q, page })) };
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "users", area: "admin" })];

export default function AdminUsersPage() {
  const { items: users, query, page, pageCount, totalCount: total } = useLoaderData<typeof loader>();
  const { t } = useTranslation();
  return (
    <section aria-labelledby="users-heading">
      <h1 id="users-heading" className="text-2xl font-bold">
        {t("admin.usersTab")}
      </h1>
      <Form method="get" role="search" className="mt-4 flex gap-2">
        <label htmlFor="user-search" className="sr-only">
          {t("admin.searchUsers")}
        </label>
        <input
          id="user-search"
          type="search"
          name="q"
          defaultValue={query}
          placeholder={t("admin.searchUsers")}
          className="w-full max-w-sm rounded-md border border-slate-300 px-3 py-2"
        />
        <button type="submit" className="rounded-md bg-ink px-4 py-2 text-white">
          {t("admin.search")}
        </button>
      </Form>
      <p className="mt-2 text-sm text-slate-600">{t("admin.userCount", { count: total })}</p>
      <div className="relative mt-4 overflow-x-auto">
        <table className="w-full border-collapse text-sm">
          <thead>
            <tr className="border-b border-slate-300 text-left">
              <th scope="col" className="py-2">
                {t("auth.name")}
              </th>
              <th scope="col">{t("auth.email")}</th>
              <th scope="col">{t("admin.role")}</th>
              <th scope="col">{t("admin.status")}</th>
            </tr>
          </thead>
          <tbody>
            {users.map((user) => (
              <tr key={user.id} className="border-b border-slate-100">
                <td className="py-2">
                  <Link to={`/admin/users/${user.id}`} className="underline">
                    {user.name}
                  </Link>
                </td>
                <td>{user.email}</td>
                <td>{t(`role.${user.role}`)}</td>
                <td>{user.deactivatedAt ? t("admin.deactivated") : t("admin.active")}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Pagination page={page} pageCount={pageCount} />
    </section>
  );
}
