import { z } from "zod";

const postgresUrl = z
  .string()
  .trim()
  .refine((value) => {
    try {
      const url = new URL(value);
      return (url.protocol === "postgres:" || url.protocol === "postgresql:") && url.hostname !== "";
    } catch {
      return false;
    }
  }, "must look like postgresql://user:password@host:5432/database");

const port = z.coerce.number().int().min(1).max(65535);

/** Every environment variable the app reads; README's table lists the same keys. */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: postgresUrl.optional(),
  PORT: port.default(3000),
  HOST: z.string().trim().min(1).default("0.0.0.0"),
  EMBEDDED_PG_PORT: port.default(5433),
  /** The origin users reach the app at, when it differs from the request's own (behind a proxy). */
  APP_ORIGIN: z.string().url().optional(),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().trim().min(3).default("Bitgoeul <no-reply@bitgoeul.example>"),
  /** Where uploaded files (lesson attachments, submissions) are kept. */
  UPLOAD_DIR: z.string().trim().min(1).default(".data/uploads"),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

/** Validates process.env; throws an EnvError whose message is one readable line. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const withoutEmpty = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  const result = envSchema.safeParse(withoutEmpty);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue?.path.join(".") ?? "environment";
  throw new EnvError(`Invalid ${key}: ${issue?.message ?? "invalid value"}`);
}
