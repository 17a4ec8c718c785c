import { getInputProps, type FieldMetadata } from "@conform-to/react";
import { useCallback, useEffect, useRef, type FormEvent } from "react";
import { useTranslation } from "react-i18next";

/** Field errors are i18n keys (from the shared zod schemas or the server), shown in the reader's language. */
export function ErrorList({ id, errors }: { id?: string; errors?: string[] | null }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <ul id={id} className="mt-1 space-y-0.5 text-sm text-red-700">
      {errors.map((error) => (
        <li key={error}>{t(error)}</li>
      ))}
    </ul>
  );
}

/** Errors about the whole form (wrong password, too many attempts), announced when they appear. */
export function FormErrors({ id, errors }: { id?: string; errors?: string[] | null }) {
  const { t } = useTranslation();
  if (!errors?.length) return null;
  return (
    <div id={id} role="alert" className="rounded-md border border-red-200 bg-red-50 px-4 py-3 text-sm text-red-900">
      {errors.map((error) => (
        <p key={error}>{t(error)}</p>
      ))}
    </div>
  );
}

type FieldProps = {
  label: string;
  inputProps: React.InputHTMLAttributes<HTMLInputElement> & { id: string; key?: string | undefined };
  errors?: string[] | null;
  description?: string;
};

/** A labelled input with its description and errors wired up for screen readers. */
export function Field({ label, inputProps, errors, description }: FieldProps) {
  const errorId = `${inputProps.id}-error`;
  const descriptionId = `${inputProps.id}-description`;
  const { key, ...props } = inputProps;
  const describedBy = [description ? descriptionId : null, errors?.length ? errorId : null].filter(Boolean).join(" ");
  return (
    <div className="space-y-1">
      <label htmlFor={inputProps.id} className="block text-sm font-medium">
        {label}
      </label>
      <input
        key={key}
        {...props}
        aria-invalid={errors?.length ? true : undefined}
        aria-describedby={describedBy || undefined}
        className="block w-full rounded-md border border-slate-300 bg-white px-3 py-2 aria-[invalid]:border-red-600"
      />
      {description ? (
        <p id={descriptionId} className="text-sm text-slate-600">
          {description}
        </p>
      ) : null}
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}

export function SubmitButton({ children, ...props }: React.ButtonHTMLAttributes<HTMLButtonElement>) {
  return (
    <button
      type="submit"
      {...props}
      className={`rounded-md bg-ink px-4 py-2 font-medium text-white hover:bg-slate-700 disabled:opacity-60 ${props.className ?? ""}`}
    >
      {children}
    </button>
  );
}

/**
 * The one-time key of a form that creates something, from its loader (newSubmissionKey), so a
 * double click or a resent form creates it once (app/models/form-submission.server.ts).
 */
export function SubmissionKeyField({ value }: { value: string }) {
  return <input type="hidden" name="submissionKey" value={value} />;
}

/** A page-level message after a redirect or a form-wide error. */
export function Notice({
  tone = "info",
  children,
}: {
  tone?: "info" | "error" | "success";
  children: React.ReactNode;
}) {
  const tones = {
    info: "border-sky-200 bg-sky-50 text-sky-900",
    error: "border-red-200 bg-red-50 text-red-900",
    success: "border-emerald-200 bg-emerald-50 text-emerald-900",
  };
  return (
    <div role={tone === "error" ? "alert" : "status"} className={`rounded-md border px-4 py-3 text-sm ${tones[tone]}`}>
      {children}
    </div>
  );
}

/** "New password" and "Confirm the new password", as the reset and change-password forms ask them. */
export function NewPasswordFields({
  password,
  confirmPassword,
}: {
  password: FieldMetadata<string>;
  confirmPassword: FieldMetadata<string>;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field
        label={t("auth.newPassword")}
        description={t("auth.passwordRules")}
        inputProps={{ ...getInputProps(password, { type: "password" }), autoComplete: "new-password" }}
        errors={password.errors}
      />
      <Field
        label={t("auth.confirmPassword")}
        inputProps={{ ...getInputProps(confirmPassword, { type: "password" }), autoComplete: "new-password" }}
        errors={confirmPassword.errors}
      />
    </>
  );
}

type ControlProps = {
  label: string;
  errors?: string[] | null;
  description?: string;
  id: string;
  children: (describedBy: string | undefined) => React.ReactNode;
};

/** A label, a control of any kind, its description and its errors, wired up for screen readers. */
function Control({ label, errors, description, id, children }: ControlProps) {
  const errorId = `${id}-error`;
  const descriptionId = `${id}-description`;
  const describedBy = [description ? descriptionId : null, errors?.length ? errorId : null].filter(Boolean).join(" ");
  return (
    <div className="space-y-1">
      <label htmlFor={id} className="block text-sm font-medium">
        {label}
      </label>
      {children(describedBy || undefined)}
      {description ? (
        <p id={descriptionId} className="text-sm text-slate-600">
          {description}
        </p>
      ) : null}
      <ErrorList id={errorId} errors={errors} />
    </div>
  );
}

const controlClass = "block w-full rounded-md border border-slate-300 bg-white px-3 py-2 aria-[invalid]:border-red-600";

/** A labelled <select>; `options` are value and label pairs. */
export function SelectField({
  label,
  selectProps,
  options,
  errors,
  description,
}: {
  label: string;
  selectProps: React.SelectHTMLAttributes<HTMLSelectElement> & { id: string; key?: string | undefined };
  options: { value: string; label: string }[];
  errors?: string[] | null;
  description?: string;
}) {
  const { key, ...props } = selectProps;
  return (
    <Control label={label} errors={errors} description={description} id={selectProps.id}>
      {(describedBy) => (
        <select
          key={key}
          {...props}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy}
          className={controlClass}
        >
          {options.map((option) => (
            <option key={option.value} value={option.value}>
              {option.label}
            </option>
          ))}
        </select>
      )}
    </Control>
  );
}

/** A labelled <textarea>. */
export function TextareaField({
  label,
  textareaProps,
  errors,
  description,
}: {
  label: string;
  textareaProps: React.TextareaHTMLAttributes<HTMLTextAreaElement> & { id: string; key?: string | undefined };
  errors?: string[] | null;
  description?: string;
}) {
  const { key, ...props } = textareaProps;
  return (
    <Control label={label} errors={errors} description={description} id={textareaProps.id}>
      {(describedBy) => (
        <textarea
          key={key}
          {...props}
          aria-invalid={errors?.length ? true : undefined}
          aria-describedby={describedBy}
          className={`${controlClass} font-mono text-sm`}
        />
      )}
    </Control>
  );
}

/** A fieldset of checkboxes sharing one name, for choosing several of a list. */
export function CheckboxGroup({
  legend,
  name,
  options,
  selected,
  errors,
  description,
}: {
  legend: string;
  name: string;
  options: { value: string; label: string }[];
  selected: readonly string[];
  errors?: string[] | null;
  description?: string;
}) {
  const errorId = `${name}-error`;
  return (
    <fieldset className="space-y-1" aria-describedby={errors?.length ? errorId : undefined}>
      <legend className="text-sm font-medium">{legend}</legend>
      {description ? <p className="text-sm text-slate-600">{description}</p> : null}
      {options.length === 0 ? <p className="text-sm text-slate-500">—</p> : null}
      <ul className="max-h-48 space-y-1 overflow-y-auto rounded-md border border-slate-200 bg-white p-2">
        {options.map((option) => (
          <li key={option.value}>
            <label className="flex items-center gap-2 text-sm">
              <input
                type="checkbox"
                name={name}
                value={option.value}
                defaultChecked={selected.includes(option.value)}
              />
              {option.label}
            </label>
          </li>
        ))}
      </ul>
      <ErrorList id={errorId} errors={errors} />
    </fieldset>
  );
}

/**
 * An onSubmit for a fetcher's form that lets one submission through until the fetcher is idle again.
 * The server already makes a double click harmless; this keeps the browser from aborting the first
 * post for the second, which React Router does not survive when the action redirects (the fetcher
 * is gone when the redirect lands: "Expected fetcher").
 */
export function useOneSubmissionAtATime(fetcherState: "idle" | "submitting" | "loading") {
  const isSubmitting = useRef(false);
  useEffect(() => {
    if (fetcherState === "idle") isSubmitting.current = false;
  }, [fetcherState]);
  return useCallback((event?: FormEvent) => {
    if (isSubmitting.current) {
      event?.preventDefault();
      return false;
    }
    isSubmitting.current = true;
    return true;
  }, []);
}
