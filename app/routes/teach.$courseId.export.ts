import type { LoaderFunctionArgs } from "@remix-run/node";
import { requireCoursePermission } from "~/auth/guards.server";
import { contentDisposition } from "~/lib/content-disposition";
import { zipCoursePackage } from "~/lib/course-package-zip";
import { exportCoursePackage } from "~/models/course-package-export.server";
import { answerInReadersWords } from "~/lib/i18n.server";

export function loader(args: LoaderFunctionArgs) {
  return answerInReadersWords(args.request, () => answer(args));
}

/** The course as a course package (docs/course-package.md), zipped, for its instructors and admins. */
async function answer({ request, params }: LoaderFunctionArgs): Promise<Response> {
  const { course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  const exported = await exportCoursePackage({ courseId: course.id });
  if (!exported) throw new Response("Course not found", { status: 404 });
  const zip = zipCoursePackage({ files: exported.files, folder: exported.course.slug });
  const fileName = `${exported.course.code} ${exported.course.title}`.replace(/[\\/:*?"<>|\p{Cc}]+/gu, " ").trim();
  return new Response(zip, {
    headers: {
      "Content-Type": "application/zip",
      "Content-Length": String(zip.byteLength),
      "Content-Disposition": contentDisposition(`${fileName || exported.course.slug}.zip`),
      "Cache-Control": "no-store",
    },
  });
}
