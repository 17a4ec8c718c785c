import type { ActionFunctionArgs } from "@remix-run/node";
import { z } from "zod";
import { requireLessonAccess } from "~/auth/guards.server";
import { recordLessonTime } from "~/models/progress.server";

const timeSchema = z.object({ seconds: z.coerce.number().int().min(1).max(3600) });

/** The lesson player's reading-time beacon (navigator.sendBeacon); answers 204. */
export async function action({ request, params }: ActionFunctionArgs) {
  const { viewer, lesson, isPreview } = await requireLessonAccess(request, {
    courseSlug: params.slug ?? "",
    lessonSlug: params.lessonSlug ?? "",
  });
  const parsed = timeSchema.safeParse(Object.fromEntries(await request.formData()));
  if (!parsed.success) return new Response(null, { status: 400 });
  if (!isPreview) await recordLessonTime({ userId: viewer.id, lessonId: lesson.id, seconds: parsed.data.seconds });
  return new Response(null, { status: 204 });
}
