// A lesson's attachments in the lesson editor: each file with its size, a rename field, up and down,
// and delete, then an upload form for more. Plain forms posting to the current page (the lesson
// editor), so all of it works without JavaScript.
//
// What it posts, for the page's action to dispatch (app/models/attachment.server.ts):
// - multipart/form-data: `intent=attachment-upload` and the files in `files` (one or more).
//   Check `isUploadRequest(request)` (app/lib/upload.server.ts) before reading the body, and pass the
//   request unread to `handleAttachmentUpload({ request, actor, courseId, lessonId })`.
// - application/x-www-form-urlencoded, for `handleAttachmentChange({ formData, actor, courseId, lessonId })`:
//   `intent=attachment-rename` with `attachmentId` and `fileName`;
//   `intent=attachment-move` with `attachmentId` and `direction` (`up` or `down`);
//   `intent=attachment-delete` with `attachmentId`.
// A refusal from either handler, as `uploadRefusalData(ATTACHMENT_REFUSALS, refusal)` answers it
// (`{ uploadError }`), goes in `error`: an upload's beside the file field, a change's beside the file it
// concerns.
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubmitButton } from "~/components/forms";
import { MoveButtons } from "~/components/studio/move-buttons";
import { formatFileSize } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { acceptAttribute, UPLOAD_FIELD, UPLOAD_KINDS, type UploadFormError } from "~/lib/upload-limits";

export type EditorAttachment = { id: string; fileName: string; byteSize: number; contentType: string };

const buttonClass =
  "rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm hover:bg-slate-50 disabled:opacity-50";

export function AttachmentsEditor({
  attachments,
  error,
}: {
  /** In download order (ATTACHMENT_ORDER), as ATTACHMENT_EDITOR_SELECT reads them. */
  attachments: EditorAttachment[];
  error?: UploadFormError | null;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language as Language;
  const navigation = useNavigation();
  const isUploading = navigation.state !== "idle" && navigation.formData?.get("intent") === "attachment-upload";
  const limits = UPLOAD_KINDS.attachment;
  const messageValues = { maxSize: formatFileSize(limits.maxFileBytes, language), maxFiles: limits.maxFiles };
  const messageOf = (formError: UploadFormError) =>
    t(formError.messageKey, { ...messageValues, fileName: formError.fileName ?? "" });
  const rowError = error?.attachmentId ? error : null;
  const uploadError = error && !error.attachmentId ? messageOf(error) : null;

  return (
    <section aria-labelledby="attachments-editor-heading" className="space-y-4">
      <h2 id="attachments-editor-heading" className="text-lg font-semibold">
        {t("studio.uploads.attachmentsHeading")}
      </h2>
      {attachments.length === 0 ? (
        <p className="text-sm text-slate-600">{t("studio.uploads.noAttachments")}</p>
      ) : (
        <ol className="divide-y divide-slate-200 rounded-lg border border-slate-200 bg-white">
          {attachments.map((attachment, index) => (
            <AttachmentRow
              key={attachment.id}
              attachment={attachment}
              isFirst={index === 0}
              isLast={index === attachments.length - 1}
              error={rowError?.attachmentId === attachment.id ? messageOf(rowError) : null}
            />
          ))}
        </ol>
      )}

      <Form method="post" encType="multipart/form-data" className="space-y-2">
        <input type="hidden" name="intent" value="attachment-upload" />
        <label htmlFor="attachment-files" className="block text-sm font-medium">
          {t("studio.uploads.chooseFiles")}
        </label>
        <input
          id="attachment-files"
          type="file"
          name={UPLOAD_FIELD.attachment}
          multiple
          required
          accept={acceptAttribute("attachment")}
          aria-invalid={uploadError ? true : undefined}
          aria-describedby={uploadError ? "attachment-files-help attachment-files-error" : "attachment-files-help"}
          className="block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5"
        />
        <p id="attachment-files-help" className="text-sm text-slate-600">
          {t("studio.uploads.attachmentLimits", messageValues)}
        </p>
        {uploadError ? (
          <p id="attachment-files-error" role="alert" className="text-sm text-red-700">
            {uploadError}
          </p>
        ) : null}
        <SubmitButton disabled={isUploading}>
          {isUploading ? t("studio.uploads.uploading") : t("studio.uploads.upload")}
        </SubmitButton>
      </Form>
    </section>
  );
}

function AttachmentRow({
  attachment,
  isFirst,
  isLast,
  error,
}: {
  attachment: EditorAttachment;
  isFirst: boolean;
  isLast: boolean;
  error: string | null;
}) {
  const { t, i18n } = useTranslation();
  const { id, fileName } = attachment;
  const nameId = `attachment-name-${id}`;
  const errorId = `attachment-error-${id}`;
  return (
    <li className="space-y-2 p-3">
      <p className="flex flex-wrap items-baseline justify-between gap-2">
        <span className="font-medium break-all">{fileName}</span>
        <span className="text-sm text-slate-600">{formatFileSize(attachment.byteSize, i18n.language as Language)}</span>
      </p>
      <div className="flex flex-wrap items-end gap-2">
        <Form method="post" className="flex flex-wrap items-end gap-2">
          <input type="hidden" name="intent" value="attachment-rename" />
          <input type="hidden" name="attachmentId" value={id} />
          <label htmlFor={nameId} className="sr-only">
            {t("studio.uploads.fileNameOf", { fileName })}
          </label>
          <input
            // A new name from the server replaces what was typed.
            key={fileName}
            id={nameId}
            name="fileName"
            defaultValue={fileName}
            required
            maxLength={200}
            aria-invalid={error ? true : undefined}
            aria-describedby={error ? errorId : undefined}
            className="rounded-md border border-slate-300 bg-white px-2 py-1 text-sm aria-[invalid]:border-red-600"
          />
          <button type="submit" className={buttonClass} aria-label={t("studio.uploads.renameFor", { fileName })}>
            {t("studio.uploads.rename")}
          </button>
        </Form>
        <MoveButtons
          intent="attachment-move"
          idName="attachmentId"
          id={id}
          label={fileName}
          canMoveUp={!isFirst}
          canMoveDown={!isLast}
          buttonText={{ up: t("studio.uploads.moveUp"), down: t("studio.uploads.moveDown") }}
          buttonClassName={buttonClass}
        />
        <Form method="post">
          <input type="hidden" name="intent" value="attachment-delete" />
          <input type="hidden" name="attachmentId" value={id} />
          <button
            type="submit"
            className="rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm text-red-800 hover:bg-red-50"
            aria-label={t("studio.uploads.deleteFor", { fileName })}
          >
            {t("studio.uploads.delete")}
          </button>
        </Form>
      </div>
      {error ? (
        <p id={errorId} role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </li>
  );
}
