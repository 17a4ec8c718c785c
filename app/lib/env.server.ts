import { isIP } from "node:net";
import { defaultErrorMap, z } from "zod";
import { DEFAULT_TIME_ZONE, isTimeZone } from "~/lib/time-zone";

/** A URL for which `isWanted` holds, with `message` when it does not or is no URL at all. */
function url(isWanted: (url: URL) => boolean, message: string) {
  return z
    .string()
    .trim()
    .refine((value) => URL.canParse(value) && isWanted(new URL(value)), message);
}

const postgresUrl = url(
  ({ protocol, hostname }) => (protocol === "postgres:" || protocol === "postgresql:") && hostname !== "",
  "must look like postgresql://user:password@host:5432/database",
);

const port = z.coerce.number().int().min(1).max(65535);

/** Express's `trust proxy` value: false, a hop count, or addresses, subnets and the names Express knows. */
export type TrustProxy = false | number | string[];

const PROXY_ADDRESS_NAMES = new Set(["loopback", "linklocal", "uniquelocal"]);

function isProxyAddress(entry: string) {
  if (PROXY_ADDRESS_NAMES.has(entry)) return true;
  const [address = "", prefix, ...rest] = entry.split("/");
  const version = isIP(address);
  if (version === 0 || rest.length > 0) return false;
  return prefix === undefined || (/^\d+$/.test(prefix) && Number(prefix) <= (version === 4 ? 32 : 128));
}

// "true" (trust every hop) is refused: any client could then pick its own address with X-Forwarded-For
// and walk around the rate limits.
const trustProxy = z
  .string()
  .trim()
  .transform((value, context): TrustProxy => {
    if (value === "false" || value === "0") return false;
    if (/^\d+$/.test(value)) return Number(value);
    const entries = value.split(",").map((entry) => entry.trim());
    if (entries.every(isProxyAddress)) return entries;
    context.addIssue({
      code: z.ZodIssueCode.custom,
      message: "must be a hop count (such as 1) or the proxy's addresses (such as 10.0.0.5,loopback), or false",
    });
    return z.NEVER;
  });

/** An http(s) origin, given with or without a trailing slash; kept as the bare origin. */
const appOrigin = url(
  ({ protocol, pathname, search, hash }) =>
    (protocol === "http:" || protocol === "https:") && pathname === "/" && !search && !hash,
  "must be an origin such as https://learn.bitgoeul.example or http://lms.campus:3000, without a path",
).transform((value) => new URL(value).origin);

/** Every environment variable the app reads; README's table lists the same keys. */
export const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: postgresUrl.optional(),
  PORT: port.default(3000),
  HOST: z.string().trim().min(1).default("0.0.0.0"),
  EMBEDDED_PG_PORT: port.default(5433),
  /** The origin users reach the app at; links in mails are built from it. */
  APP_ORIGIN: appOrigin.optional(),
  /** Which proxies in front of the app may tell it the client's address and protocol (X-Forwarded-*). */
  TRUST_PROXY: trustProxy.default("false"),
  SMTP_URL: z.string().url().optional(),
  MAIL_FROM: z.string().trim().min(3).default("Bitgoeul <no-reply@bitgoeul.example>"),
  /** The IANA time zone days, deadlines and clocks are read in (the academy's, not the server's). */
  APP_TIME_ZONE: z
    .string()
    .trim()
    .refine(isTimeZone, "must be an IANA time zone such as Asia/Seoul or America/New_York")
    .default(DEFAULT_TIME_ZONE),
  /** Where uploaded files (lesson attachments, submissions) are kept. */
  UPLOAD_DIR: z.string().trim().min(1).default(".data/uploads"),
  /** Web server processes `npm start` runs; unset, one per CPU core. */
  WEB_CONCURRENCY: z.coerce.number().int().min(1).max(64).optional(),
  /** Response compression in the app; `off` when a proxy in front compresses. */
  COMPRESSION: z.enum(["on", "off"]).default("on"),
});

export type Env = z.infer<typeof envSchema>;

export class EnvError extends Error {}

/** Validates process.env; throws an EnvError whose message is one readable line. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const withoutEmpty = Object.fromEntries(Object.entries(source).filter(([, value]) => value !== ""));
  // Operators read these in English; the forms' translation-key messages (zod-error-map.ts) are not for them.
  const result = envSchema.safeParse(withoutEmpty, { errorMap: defaultErrorMap });
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const key = issue?.path.join(".") ?? "environment";
  throw new EnvError(`Invalid ${key}: ${issue?.message ?? "invalid value"}`);
}
