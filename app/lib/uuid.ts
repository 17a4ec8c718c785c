// Ids in the database are uuid columns: a malformed id from a URL or form must be "not found", not
// a database error.
const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === "string" && UUID_PATTERN.test(value);
}

/**
 * A time-ordered UUID (v7, RFC 9562) like the ones Prisma's @default(uuid(7)) makes, for rows
 * inserted with raw SQL: 48 bits of milliseconds, then random bits.
 */
export function newUuidV7(now: Date = new Date()) {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  let milliseconds = now.getTime();
  for (let index = 5; index >= 0; index--) {
    bytes[index] = milliseconds % 256;
    milliseconds = Math.floor(milliseconds / 256);
  }
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = Array.from(bytes, (byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
