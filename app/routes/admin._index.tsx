import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requirePermission } from "~/auth/guards.server";

export async function loader({ request }: LoaderFunctionArgs) {
  await requirePermission(request, "admin:access");
  return redirect("/admin/users");
}
