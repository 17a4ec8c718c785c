import {
  closestCorners,
  DndContext,
  KeyboardSensor,
  PointerSensor,
  useDroppable,
  useSensor,
  useSensors,
  type Announcements,
  type DragEndEvent,
  type DragOverEvent,
} from "@dnd-kit/core";
import {
  arrayMove,
  SortableContext,
  sortableKeyboardCoordinates,
  useSortable,
  verticalListSortingStrategy,
} from "@dnd-kit/sortable";
import { CSS } from "@dnd-kit/utilities";
import { data, type ActionFunctionArgs, type LoaderFunctionArgs, type MetaFunction } from "@remix-run/node";
import { Form, Link, useActionData, useFetcher, useLoaderData } from "@remix-run/react";
import { useMemo, useState } from "react";
import { useTranslation } from "react-i18next";
import { z } from "zod";
import { requireCoursePermission } from "~/auth/guards.server";
import { GeneralErrorBoundary } from "~/components/error-boundary";
import { FormErrors, Notice, SubmissionKeyField } from "~/components/forms";
import { CourseStatusBadge } from "~/components/studio/course-status-badge";
import { MoveButtons } from "~/components/studio/move-buttons";
import { RemoveButton } from "~/components/studio/remove-button";
import { refusalData } from "~/lib/refusal.server";
import {
  addLesson,
  addModule,
  getStudioOutline,
  moveLesson,
  moveLessonToModule,
  moveModule,
  OUTLINE_REFUSALS,
  removeLesson,
  removeModule,
  renameModule,
  reorderOutline,
  type OutlineOrder,
  type StudioOutline,
} from "~/models/outline.server";
import { newSubmissionKey, submissionKeyFrom } from "~/models/form-submission.server";
import { pageTitle } from "~/lib/page-title";

export async function loader({ request, params }: LoaderFunctionArgs) {
  const { course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  return {
    courseId: course.id,
    courseSlug: course.slug,
    outline: await getStudioOutline({ courseId: course.id }),
    submissionKey: newSubmissionKey(),
  };
}

const title = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .max(200, "validation.tooLong");
const id = z.string().uuid();
const direction = z.enum(["up", "down"]);

const outlineActionSchema = z.discriminatedUnion("intent", [
  z.object({ intent: z.literal("add-module"), title }),
  z.object({ intent: z.literal("rename-module"), moduleId: id, title }),
  z.object({ intent: z.literal("remove-module"), moduleId: id }),
  z.object({ intent: z.literal("move-module"), moduleId: id, direction }),
  z.object({
    intent: z.literal("add-lesson"),
    moduleId: id,
    title,
    kind: z.enum(["ARTICLE", "VIDEO", "QUIZ", "ASSIGNMENT"]),
  }),
  z.object({ intent: z.literal("remove-lesson"), lessonId: id }),
  z.object({ intent: z.literal("move-lesson"), lessonId: id, direction }),
  z.object({ intent: z.literal("move-lesson-to"), lessonId: id, moduleId: id }),
  z.object({
    intent: z.literal("reorder"),
    order: z
      .string()
      .transform((value, context) => {
        try {
          return JSON.parse(value) as unknown;
        } catch {
          context.addIssue({ code: z.ZodIssueCode.custom, message: "error.badRequest" });
          return z.NEVER;
        }
      })
      .pipe(z.array(z.object({ id, lessonIds: z.array(id).max(500) })).max(200)),
  }),
]);

type OutlineActionData = { intent: string; targetId?: string; error?: string; fieldErrors?: Record<string, string[]> };

export async function action({ request, params }: ActionFunctionArgs) {
  const { user: actor, course } = await requireCoursePermission(request, {
    courseId: params.courseId ?? "",
    action: "course:manage",
  });
  const formData = await request.formData();
  const parsed = outlineActionSchema.safeParse(Object.fromEntries(formData));
  const intent = String(formData.get("intent") ?? "");
  const targetId = String(formData.get("moduleId") ?? formData.get("lessonId") ?? "") || undefined;
  if (!parsed.success) {
    const fieldErrors = parsed.error.flatten().fieldErrors as Record<string, string[]>;
    return data<OutlineActionData>({ intent, targetId, fieldErrors }, { status: 400 });
  }
  const input = parsed.data;
  const courseId = course.id;
  const result = await (() => {
    switch (input.intent) {
      case "add-module":
        return addModule({ actor, courseId, title: input.title, submissionKey: submissionKeyFrom(formData) });
      case "rename-module":
        return renameModule({ actor, courseId, moduleId: input.moduleId, title: input.title });
      case "remove-module":
        return removeModule({ actor, courseId, moduleId: input.moduleId });
      case "move-module":
        return moveModule({ actor, courseId, moduleId: input.moduleId, direction: input.direction });
      case "add-lesson":
        return addLesson({
          actor,
          courseId,
          moduleId: input.moduleId,
          title: input.title,
          kind: input.kind,
          submissionKey: submissionKeyFrom(formData),
        });
      case "remove-lesson":
        return removeLesson({ actor, courseId, lessonId: input.lessonId });
      case "move-lesson":
        return moveLesson({ actor, courseId, lessonId: input.lessonId, direction: input.direction });
      case "move-lesson-to":
        return moveLessonToModule({ actor, courseId, lessonId: input.lessonId, moduleId: input.moduleId });
      case "reorder":
        return reorderOutline({ actor, courseId, order: input.order });
    }
  })();
  if (!result.ok) {
    const refused = refusalData(OUTLINE_REFUSALS, result);
    return data<OutlineActionData>({ intent, targetId, error: refused.data.error }, refused.init ?? undefined);
  }
  return data<OutlineActionData>({ intent, targetId });
}

export const meta: MetaFunction = ({ matches }) => [pageTitle(matches, { page: "outline", area: "studio" })];

type OutlineModule = StudioOutline["modules"][number];

const LESSON_KINDS = ["ARTICLE", "VIDEO", "QUIZ", "ASSIGNMENT"] as const;

export default function OutlinePage() {
  const { courseId, outline } = useLoaderData<typeof loader>();
  const actionData = useActionData<typeof action>();
  const { t } = useTranslation();
  const reorder = useFetcher<typeof action>();
  // A drag shows at once; the server's outline wins whenever it changes (after any save, ours or
  // another tab's), because a draft is kept only against the outline it started from.
  const [draft, setDraft] = useState<{ base: OutlineModule[]; order: OutlineOrder } | null>(null);
  const order = draft && draft.base === outline.modules ? draft.order : toOrder(outline.modules);
  const setOrder = (next: OutlineOrder | ((current: OutlineOrder) => OutlineOrder)) =>
    setDraft({ base: outline.modules, order: typeof next === "function" ? next(order) : next });
  const lessonsById = useMemo(
    () => new Map(outline.modules.flatMap((module) => module.lessons.map((lesson) => [lesson.id, lesson] as const))),
    [outline.modules],
  );
  const modulesById = useMemo(
    () => new Map(outline.modules.map((module) => [module.id, module] as const)),
    [outline.modules],
  );
  const reorderError = reorder.data?.error ?? (actionData?.intent === "reorder" ? actionData.error : undefined);

  const sensors = useSensors(
    useSensor(PointerSensor, { activationConstraint: { distance: 6 } }),
    useSensor(KeyboardSensor, { coordinateGetter: sortableKeyboardCoordinates }),
  );

  function containerOf(itemId: string) {
    if (itemId.startsWith("module-body:")) return itemId.slice("module-body:".length);
    return order.find((module) => module.lessonIds.includes(itemId))?.id;
  }

  function handleDragOver({ active, over }: DragOverEvent) {
    if (!over || modulesById.has(String(active.id))) return;
    const from = containerOf(String(active.id));
    const to = modulesById.has(String(over.id)) ? String(over.id) : containerOf(String(over.id));
    if (!from || !to || from === to) return;
    setOrder((current) =>
      current.map((module) => {
        if (module.id === from)
          return { ...module, lessonIds: module.lessonIds.filter((lesson) => lesson !== active.id) };
        if (module.id !== to) return module;
        const overIndex = module.lessonIds.indexOf(String(over.id));
        const lessonIds = [...module.lessonIds];
        lessonIds.splice(overIndex === -1 ? lessonIds.length : overIndex, 0, String(active.id));
        return { ...module, lessonIds };
      }),
    );
  }

  function handleDragEnd({ active, over }: DragEndEvent) {
    let next = order;
    if (over && active.id !== over.id) {
      if (modulesById.has(String(active.id))) {
        const from = order.findIndex((module) => module.id === active.id);
        const to = order.findIndex((module) => module.id === (containerOf(String(over.id)) ?? over.id));
        if (from !== -1 && to !== -1) next = arrayMove(order, from, to);
      } else {
        const container = containerOf(String(active.id));
        next = order.map((module) => {
          if (module.id !== container) return module;
          const from = module.lessonIds.indexOf(String(active.id));
          const to = module.lessonIds.indexOf(String(over.id));
          return to === -1 ? module : { ...module, lessonIds: arrayMove(module.lessonIds, from, to) };
        });
      }
    }
    setOrder(next);
    if (JSON.stringify(next) !== JSON.stringify(toOrder(outline.modules))) {
      reorder.submit({ intent: "reorder", order: JSON.stringify(next) }, { method: "post" });
    }
  }

  const announcements: Announcements = {
    onDragStart: ({ active }) => t("studio.dnd.picked", { item: nameOf(String(active.id)) }),
    onDragOver: ({ active, over }) =>
      over ? t("studio.dnd.over", { item: nameOf(String(active.id)), target: nameOf(String(over.id)) }) : "",
    onDragEnd: ({ active, over }) =>
      over ? t("studio.dnd.dropped", { item: nameOf(String(active.id)), target: nameOf(String(over.id)) }) : "",
    onDragCancel: ({ active }) => t("studio.dnd.cancelled", { item: nameOf(String(active.id)) }),
  };
  function nameOf(itemId: string) {
    const plain = itemId.replace(/^module-body:/, "");
    return modulesById.get(plain)?.title ?? lessonsById.get(plain)?.title ?? "";
  }

  return (
    <section aria-labelledby="outline-heading" className="space-y-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h2 id="outline-heading" className="text-xl font-semibold">
          {t("studio.tabs.outline")}
        </h2>
        <p className="text-sm text-slate-600">{t("studio.outlineHelp")}</p>
      </div>
      {reorderError ? <FormErrors errors={[reorderError]} /> : null}
      {outline.archivedLessonCount > 0 ? (
        <Notice>{t("studio.archivedLessons", { count: outline.archivedLessonCount })}</Notice>
      ) : null}
      <DndContext
        sensors={sensors}
        collisionDetection={closestCorners}
        onDragOver={handleDragOver}
        onDragEnd={handleDragEnd}
        accessibility={{
          announcements,
          screenReaderInstructions: { draggable: t("studio.dnd.instructions") },
        }}
      >
        <SortableContext items={order.map((module) => module.id)} strategy={verticalListSortingStrategy}>
          <ol aria-labelledby="outline-heading" className="space-y-4">
            {order.map((entry, index) => {
              const module = modulesById.get(entry.id);
              if (!module) return null;
              return (
                <SortableModule
                  key={module.id}
                  module={module}
                  lessonIds={entry.lessonIds}
                  lessonsById={lessonsById}
                  modules={outline.modules}
                  courseId={courseId}
                  isFirst={index === 0}
                  isLast={index === order.length - 1}
                />
              );
            })}
          </ol>
        </SortableContext>
      </DndContext>
      <AddModuleForm />
    </section>
  );
}

function toOrder(modules: OutlineModule[]): OutlineOrder {
  return modules.map((module) => ({ id: module.id, lessonIds: module.lessons.map((lesson) => lesson.id) }));
}

/** The last action's answer when it was one of `intents` on `targetId` (or on nothing in particular). */
function useErrorFor(intents: string[], targetId?: string) {
  const actionData = useActionData<typeof action>();
  if (!actionData || !intents.includes(actionData.intent) || (targetId && actionData.targetId !== targetId)) {
    return undefined;
  }
  return actionData;
}

function SortableModule({
  module,
  lessonIds,
  lessonsById,
  modules,
  courseId,
  isFirst,
  isLast,
}: {
  module: OutlineModule;
  lessonIds: string[];
  lessonsById: Map<string, OutlineModule["lessons"][number]>;
  modules: OutlineModule[];
  courseId: string;
  isFirst: boolean;
  isLast: boolean;
}) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: module.id });
  const { setNodeRef: setBodyRef } = useDroppable({ id: `module-body:${module.id}` });
  const rename = useErrorFor(["rename-module"], module.id);
  const moduleError = useErrorFor(["move-module", "remove-module"], module.id);
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`rounded-lg border border-slate-200 bg-white p-4 ${isDragging ? "opacity-70 shadow-lg" : ""}`}
    >
      <div className="flex flex-wrap items-start gap-2">
        <button
          type="button"
          className="cursor-grab rounded px-2 py-1 text-slate-500 hover:bg-slate-100"
          aria-label={t("studio.dragModule", { module: module.title })}
          {...attributes}
          {...listeners}
        >
          ⠿
        </button>
        <Form method="post" className="flex flex-1 flex-wrap items-end gap-2">
          <input type="hidden" name="intent" value="rename-module" />
          <input type="hidden" name="moduleId" value={module.id} />
          <label className="min-w-[12rem] flex-1 text-sm">
            <span className="sr-only">{t("studio.moduleTitle")}</span>
            <input
              name="title"
              defaultValue={module.title}
              required
              maxLength={200}
              className="w-full rounded-md border border-slate-300 px-2 py-1 font-semibold"
              aria-invalid={rename?.fieldErrors?.title ? true : undefined}
              aria-describedby={rename?.fieldErrors?.title ? `rename-${module.id}-error` : undefined}
            />
          </label>
          <button type="submit" className="rounded-md border border-slate-300 px-2 py-1 text-sm">
            {t("studio.rename")}
          </button>
        </Form>
        <MoveButtons
          intent="move-module"
          idName="moduleId"
          id={module.id}
          label={module.title}
          canMoveUp={!isFirst}
          canMoveDown={!isLast}
        />
        <RemoveButton intent="remove-module" idName="moduleId" id={module.id} label={module.title} />
      </div>
      {rename?.fieldErrors?.title ? (
        <FormErrors id={`rename-${module.id}-error`} errors={rename.fieldErrors.title} />
      ) : null}
      {moduleError?.error ? <FormErrors errors={[moduleError.error]} /> : null}
      <SortableContext items={lessonIds} strategy={verticalListSortingStrategy}>
        <ol
          ref={setBodyRef}
          className="mt-3 min-h-[2.5rem] space-y-2 rounded-md border border-dashed border-slate-200 p-2"
        >
          {lessonIds.length === 0 ? <li className="text-sm text-slate-500">{t("studio.emptyModule")}</li> : null}
          {lessonIds.map((lessonId, index) => {
            const lesson = lessonsById.get(lessonId);
            if (!lesson) return null;
            return (
              <SortableLesson
                key={lesson.id}
                lesson={lesson}
                courseId={courseId}
                modules={modules}
                currentModuleId={module.id}
                canMoveUp={!(isFirst && index === 0)}
                canMoveDown={!(isLast && index === lessonIds.length - 1)}
              />
            );
          })}
        </ol>
      </SortableContext>
      <AddLessonForm moduleId={module.id} moduleTitle={module.title} />
    </li>
  );
}

function SortableLesson({
  lesson,
  courseId,
  modules,
  currentModuleId,
  canMoveUp,
  canMoveDown,
}: {
  lesson: OutlineModule["lessons"][number];
  courseId: string;
  modules: OutlineModule[];
  currentModuleId: string;
  canMoveUp: boolean;
  canMoveDown: boolean;
}) {
  const { t } = useTranslation();
  const { attributes, listeners, setNodeRef, transform, transition, isDragging } = useSortable({ id: lesson.id });
  const error = useErrorFor(["move-lesson", "remove-lesson", "move-lesson-to"], lesson.id);
  const otherModules = modules.filter((module) => module.id !== currentModuleId);
  return (
    <li
      ref={setNodeRef}
      style={{ transform: CSS.Transform.toString(transform), transition }}
      className={`flex flex-wrap items-center gap-2 rounded-md bg-slate-50 px-2 py-1.5 text-sm ${isDragging ? "opacity-70 shadow" : ""}`}
    >
      <button
        type="button"
        className="cursor-grab rounded px-1 text-slate-500 hover:bg-slate-200"
        aria-label={t("studio.dragLesson", { lesson: lesson.title })}
        {...attributes}
        {...listeners}
      >
        ⠿
      </button>
      <Link to={`/teach/${courseId}/lessons/${lesson.id}`} className="flex-1 font-medium hover:underline">
        {lesson.title}
      </Link>
      <span className="text-xs text-slate-600">{t(`lessonKind.${lesson.kind}`)}</span>
      <CourseStatusBadge status={lesson.status} />
      {lesson.isRequired ? null : <span className="text-xs text-slate-500">{t("studio.optional")}</span>}
      <MoveButtons
        intent="move-lesson"
        idName="lessonId"
        id={lesson.id}
        label={lesson.title}
        canMoveUp={canMoveUp}
        canMoveDown={canMoveDown}
      />
      {otherModules.length > 0 ? (
        <Form method="post" className="flex items-center gap-1">
          <input type="hidden" name="intent" value="move-lesson-to" />
          <input type="hidden" name="lessonId" value={lesson.id} />
          <label className="sr-only" htmlFor={`move-to-${lesson.id}`}>
            {t("studio.moveToModuleOf", { lesson: lesson.title })}
          </label>
          <select
            id={`move-to-${lesson.id}`}
            name="moduleId"
            className="max-w-[10rem] rounded border border-slate-300 px-1 py-0.5 text-xs"
          >
            {otherModules.map((module) => (
              <option key={module.id} value={module.id}>
                {module.title}
              </option>
            ))}
          </select>
          <button type="submit" className="rounded border border-slate-300 px-1.5 py-0.5 text-xs">
            {t("studio.moveToModule")}
          </button>
        </Form>
      ) : null}
      <RemoveButton intent="remove-lesson" idName="lessonId" id={lesson.id} label={lesson.title} />
      {error?.error ? (
        <div className="w-full">
          <FormErrors errors={[error.error]} />
        </div>
      ) : null}
    </li>
  );
}

function AddLessonForm({ moduleId, moduleTitle }: { moduleId: string; moduleTitle: string }) {
  const { t } = useTranslation();
  const added = useErrorFor(["add-lesson"], moduleId);
  const { submissionKey } = useLoaderData<typeof loader>();
  return (
    <Form method="post" className="mt-3 flex flex-wrap items-end gap-2 text-sm">
      <input type="hidden" name="intent" value="add-lesson" />
      <SubmissionKeyField value={submissionKey} />
      <input type="hidden" name="moduleId" value={moduleId} />
      <label className="min-w-[12rem] flex-1">
        <span className="block font-medium">{t("studio.newLessonIn", { module: moduleTitle })}</span>
        <input
          name="title"
          required
          maxLength={200}
          className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1"
          aria-invalid={added?.fieldErrors?.title ? true : undefined}
          aria-describedby={added?.fieldErrors?.title ? `add-lesson-${moduleId}-error` : undefined}
        />
      </label>
      <label>
        <span className="block font-medium">{t("studio.lessonKind")}</span>
        <select name="kind" className="mt-1 rounded-md border border-slate-300 px-2 py-1">
          {LESSON_KINDS.map((kind) => (
            <option key={kind} value={kind}>
              {t(`lessonKind.${kind}`)}
            </option>
          ))}
        </select>
      </label>
      <button type="submit" className="rounded-md bg-ink px-3 py-1.5 text-white">
        {t("studio.addLesson")}
      </button>
      {added?.fieldErrors?.title ? (
        <div className="w-full">
          <FormErrors id={`add-lesson-${moduleId}-error`} errors={added.fieldErrors.title} />
        </div>
      ) : null}
      {added?.error ? (
        <div className="w-full">
          <FormErrors errors={[added.error]} />
        </div>
      ) : null}
    </Form>
  );
}

function AddModuleForm() {
  const { t } = useTranslation();
  const added = useErrorFor(["add-module"]);
  const { submissionKey } = useLoaderData<typeof loader>();
  return (
    <Form method="post" className="flex flex-wrap items-end gap-2 rounded-lg border border-dashed border-slate-300 p-4">
      <input type="hidden" name="intent" value="add-module" />
      <SubmissionKeyField value={submissionKey} />
      <label className="min-w-[12rem] flex-1 text-sm">
        <span className="block font-medium">{t("studio.newModule")}</span>
        <input
          name="title"
          required
          maxLength={200}
          className="mt-1 w-full rounded-md border border-slate-300 px-2 py-1"
          aria-invalid={added?.fieldErrors?.title ? true : undefined}
          aria-describedby={added?.fieldErrors?.title ? "add-module-error" : undefined}
        />
      </label>
      <button type="submit" className="rounded-md bg-ink px-3 py-1.5 text-sm text-white">
        {t("studio.addModule")}
      </button>
      {added?.fieldErrors?.title ? (
        <div className="w-full">
          <FormErrors id="add-module-error" errors={added.fieldErrors.title} />
        </div>
      ) : null}
    </Form>
  );
}

export function ErrorBoundary() {
  return <GeneralErrorBoundary />;
}
