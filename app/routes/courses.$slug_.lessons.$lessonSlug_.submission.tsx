import { parseWithZod } from "@conform-to/zod";
import { data, redirect, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Link, useActionData, useLoaderData } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { requireLessonAccess } from "~/auth/guards.server";
import { AssignmentPanel, type SubmissionActionData } from "~/components/assignment/assignment-panel";
import { loadAssignmentPanel } from "~/components/assignment/assignment-panel.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { submissionSchema } from "~/lib/assignment-forms";
import { refusalReply } from "~/lib/refusal.server";
import { UPLOAD_REFUSALS, uploadRefusalData } from "~/lib/upload.server";
import { pageTitle } from "~/lib/page-title";
import { handleSubmissionUpload, SUBMISSION_REFUSALS, type SubmissionRefusal } from "~/models/assignment.server";

// A learner hands in an assignment here (multipart, streamed by scripts/server.ts under the
// assignment's limits): taken, it goes back to the lesson page (303). The lesson page's panel posts
// with a fetcher and shows a refusal in place; without JavaScript this page shows the panel again
// with the refusal beside its field.

function lessonRef(params: LoaderFunctionArgs["params"]) {
  return { courseSlug: params.slug ?? "", lessonSlug: params.lessonSlug ?? "" };
}

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { viewer, lesson, isPreview } = await requireLessonAccess(request, lessonRef(params));
  const panel = await loadAssignmentPanel({ viewer, lesson, isPreview });
  if (!panel) throw new Response("Not an assignment", { status: 404 });
  return {
    panel,
    lesson: { slug: lesson.slug, title: lesson.title },
    course: {
      slug: lesson.course.slug,
      code: lesson.course.code,
      title: lesson.course.title,
      language: lesson.course.language,
    },
  };
}

export async function action({ request, params }: ActionFunctionArgs) {
  // The due time is judged by when the post arrived, however long its upload then takes.
  const now = new Date();
  const { viewer, lesson } = await requireLessonAccess(request, lessonRef(params));
  const submitted = await handleSubmissionUpload({ request, userId: viewer.id, lessonId: lesson.id, now });
  if (submitted.ok) return redirect(`/courses/${lesson.course.slug}/lessons/${lesson.slug}?submitted=1`, 303);
  return submissionRefusal(submitted);
}

function submissionRefusal(refusal: SubmissionRefusal & { fields?: Record<string, string> }) {
  if (refusal.reason in UPLOAD_REFUSALS) {
    const { data: body, init } = uploadRefusalData(SUBMISSION_REFUSALS, refusal);
    return data<SubmissionActionData>({ uploadError: body.uploadError }, init ?? undefined);
  }
  // What was typed comes back in the reply, so the form shows it again beside the message.
  const formData = new FormData();
  for (const [name, value] of Object.entries(refusal.fields ?? {})) formData.append(name, value);
  const submission = parseWithZod(formData, { schema: submissionSchema });
  const { result, init } = refusalReply(submission, SUBMISSION_REFUSALS, refusal);
  return data<SubmissionActionData>({ result }, init);
}

export const meta: MetaFunction<typeof loader> = ({ data, matches }) => [
  pageTitle(matches, { page: "submission", names: [data?.lesson.title, data?.course.code] }),
];

export default function SubmissionPage() {
  const { panel, lesson, course } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const lessonPath = `/courses/${course.slug}/lessons/${lesson.slug}`;
  return (
    <div className="mx-auto max-w-3xl">
      <p className="text-sm text-slate-600">
        <Link to={`/courses/${course.slug}`} className="underline">
          {course.code} {course.title}
        </Link>
      </p>
      <h1 className="mt-1 text-3xl font-bold" lang={course.language}>
        {lesson.title}
      </h1>
      <p className="mt-2 text-sm">
        <Link to={lessonPath} className="underline">
          {t("assignment.backToLesson")}
        </Link>
      </p>
      <AssignmentPanel panel={panel} action={`${lessonPath}/submission`} actionData={actionData} />
    </div>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
