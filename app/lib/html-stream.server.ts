import { Transform } from "node:stream";

/**
 * Drops NUL bytes from a streamed page. React 18.3's stream writer sends a whole 2 KB buffer when a
 * multi-byte character does not fit in its last one or two bytes, so those unwritten bytes go out as
 * NULs (react/react#31134) and the browser shows them as "�" inside Korean text. A page never holds
 * a NUL of its own (PostgreSQL text cannot store one), so every NUL is padding and can go.
 */
export function createNulByteFilter() {
  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, chunk.includes(0) ? Buffer.from(chunk.filter((byte) => byte !== 0)) : chunk);
    },
  });
}
