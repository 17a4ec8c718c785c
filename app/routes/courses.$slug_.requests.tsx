import { redirect, type LoaderFunctionArgs } from "@remix-run/node";
import { requireCoursePermission } from "~/auth/guards.server";

// Requests to join are decided in the studio now (Learners); old links and bookmarks land there.
export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course } = await requireCoursePermission(request, { slug: params.slug ?? "", action: "enrollment:decide" });
  return redirect(`/teach/${course.id}/learners`, 301);
}
