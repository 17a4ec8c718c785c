// A course's cover image on the course details page: the current cover, a file field to upload a new
// one, and a button to remove it. Plain forms posting to the current page (the details page), so it
// works without JavaScript. Render it outside the details form: forms cannot nest.
//
// What it posts, for the page's action to dispatch (app/models/course-cover.server.ts):
// - multipart/form-data: `intent=cover-upload` and the image in `cover`. Check
//   `isUploadRequest(request)` (app/lib/upload.server.ts) before reading the body, and pass the request
//   unread to `handleCoverUpload({ request, actor, courseId })`.
// - application/x-www-form-urlencoded: `intent=cover-remove`, for `handleCoverRemoval({ actor, courseId })`.
// A refusal from either, as `uploadRefusalData(COVER_REFUSALS, refusal)` answers it (`{ uploadError }`),
// goes in `error` and is shown beside the file field.
import { Form, useNavigation } from "@remix-run/react";
import { useTranslation } from "react-i18next";
import { SubmitButton } from "~/components/forms";
import { formatFileSize } from "~/lib/format";
import type { Language } from "~/lib/i18n";
import { acceptAttribute, UPLOAD_FIELD, UPLOAD_KINDS, type UploadFormError } from "~/lib/upload-limits";

export function CoverImageField({
  coverUrl,
  courseTitle,
  error,
}: {
  /** courseCoverUrl(course) from app/lib/course-cover.ts; null when the course has no cover. */
  coverUrl: string | null;
  courseTitle: string;
  error?: UploadFormError | null;
}) {
  const { t, i18n } = useTranslation();
  const navigation = useNavigation();
  const isUploading = navigation.state !== "idle" && navigation.formData?.get("intent") === "cover-upload";
  const maxSize = formatFileSize(UPLOAD_KINDS.coverImage.maxFileBytes, i18n.language as Language);
  const errorMessage = error ? t(error.messageKey, { maxSize, fileName: error.fileName ?? "" }) : null;

  return (
    <section aria-labelledby="cover-image-heading" className="space-y-3">
      <h2 id="cover-image-heading" className="text-lg font-semibold">
        {t("studio.uploads.coverHeading")}
      </h2>
      {coverUrl ? (
        <img
          src={coverUrl}
          alt={t("studio.uploads.coverAlt", { title: courseTitle })}
          width={640}
          height={360}
          className="aspect-video w-full max-w-md rounded-md border border-slate-200 object-cover"
        />
      ) : (
        <p className="text-sm text-slate-600">{t("studio.uploads.noCover")}</p>
      )}

      <Form method="post" encType="multipart/form-data" className="space-y-2">
        <input type="hidden" name="intent" value="cover-upload" />
        <label htmlFor="cover-image-file" className="block text-sm font-medium">
          {t("studio.uploads.chooseCover")}
        </label>
        <input
          id="cover-image-file"
          type="file"
          name={UPLOAD_FIELD.coverImage}
          required
          accept={acceptAttribute("coverImage")}
          aria-invalid={errorMessage ? true : undefined}
          aria-describedby={errorMessage ? "cover-image-help cover-image-error" : "cover-image-help"}
          className="block w-full text-sm file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5"
        />
        <p id="cover-image-help" className="text-sm text-slate-600">
          {t("studio.uploads.coverLimits", { maxSize })}
        </p>
        {errorMessage ? (
          <p id="cover-image-error" role="alert" className="text-sm text-red-700">
            {errorMessage}
          </p>
        ) : null}
        <SubmitButton disabled={isUploading}>
          {isUploading
            ? t("studio.uploads.uploading")
            : coverUrl
              ? t("studio.uploads.replaceCover")
              : t("studio.uploads.uploadCover")}
        </SubmitButton>
      </Form>

      {coverUrl ? (
        <Form method="post">
          <input type="hidden" name="intent" value="cover-remove" />
          <button
            type="submit"
            className="rounded-md border border-red-300 bg-white px-3 py-1.5 text-sm text-red-800 hover:bg-red-50"
          >
            {t("studio.uploads.removeCover")}
          </button>
        </Form>
      ) : null}
    </section>
  );
}
