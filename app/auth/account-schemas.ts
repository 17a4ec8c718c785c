// The account forms' zod schemas, shared by the browser (Conform) and the server. Messages are
// i18n keys under `validation.`, so each error shows in the reader's language.
import { z } from "zod";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "~/auth/password-rules";
import { normalizeEmail } from "~/lib/email-address";
import { supportedLanguages } from "~/lib/i18n";

export const emailField = z
  .string({ required_error: "validation.required" })
  .trim()
  .max(254, "validation.emailInvalid")
  .email("validation.emailInvalid")
  .transform(normalizeEmail);

export const newPasswordField = z
  .string({ required_error: "validation.required" })
  .min(PASSWORD_MIN_LENGTH, "validation.passwordTooShort")
  .max(PASSWORD_MAX_LENGTH, "validation.passwordTooLong");

const nameField = z
  .string({ required_error: "validation.required" })
  .trim()
  .min(1, "validation.required")
  .max(100, "validation.nameTooLong");

export const signupSchema = z.object({
  name: nameField,
  email: emailField,
  password: newPasswordField,
  redirectTo: z.string().optional(),
});

export const loginSchema = z.object({
  email: emailField,
  // Any length is accepted here: the log-in form must not reveal the password rules' history.
  password: z.string({ required_error: "validation.required" }).max(1024, "validation.passwordTooLong"),
  redirectTo: z.string().optional(),
});

export const twoFactorSchema = z.object({
  code: z
    .string({ required_error: "validation.required" })
    .trim()
    .regex(/^(\d{6}|[a-z0-9][a-z0-9 -]{8,14}[a-z0-9])$/i, "validation.codeInvalid"),
  redirectTo: z.string().optional(),
});

export const forgotPasswordSchema = z.object({ email: emailField });

export const resetPasswordSchema = z
  .object({ password: newPasswordField, confirmPassword: z.string({ required_error: "validation.required" }) })
  .refine((value) => value.password === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "validation.passwordMismatch",
  });

export const profileSchema = z.object({
  name: nameField,
  locale: z.enum(supportedLanguages, { errorMap: () => ({ message: "validation.required" }) }),
});

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ required_error: "validation.required" }).max(1024),
    password: newPasswordField,
    confirmPassword: z.string({ required_error: "validation.required" }),
  })
  .refine((value) => value.password === value.confirmPassword, {
    path: ["confirmPassword"],
    message: "validation.passwordMismatch",
  });
