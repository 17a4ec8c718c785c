import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireUser } from "~/auth/guards.server";
import { getLessonForViewer } from "~/models/lesson.server";
import { recordLessonTime } from "~/models/progress.server";

const timeSchema = z.object({ seconds: z.coerce.number().int().min(1).max(3600) });

/** The lesson player's reading-time beacon (navigator.sendBeacon); answers 204. */
export async function action({ request, params }: ActionFunctionArgs) {
  const viewer = await requireUser(request);
  const parsed = timeSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return new Response(null, { status: 400 });
  const access = await getLessonForViewer({
    viewer,
    courseSlug: params.slug ?? "",
    lessonSlug: params.lessonSlug ?? "",
  });
  if (access.kind === "notFound") return new Response(null, { status: 404 });
  if (access.kind === "notEnrolled") return new Response(null, { status: 403 });
  if (!access.isPreview)
    await recordLessonTime({ userId: viewer.id, lessonId: access.lesson.id, seconds: parsed.data.seconds });
  return new Response(null, { status: 204 });
}
