import { Writable } from "node:stream";

/**
 * A destination React can pipe a page into, and the page as one buffer once React has written it
 * all. The page is sent in one piece: the app streams no deferred data, and one write to the socket
 * (and one chunk for the compressor) costs far less than the dozens React's stream makes
 * (docs/performance.md).
 *
 * NUL bytes are dropped. React 18.3's stream writer sends a whole 2 KB buffer when a multi-byte
 * character does not fit in its last one or two bytes, so those unwritten bytes go out as NULs
 * (react/react#31134) and the browser shows them as "�" inside Korean text. A page never holds a NUL
 * of its own (PostgreSQL text cannot store one), so every NUL is padding and can go.
 */
export function createPageCollector() {
  const chunks: Buffer[] = [];
  let settle: { resolve: (page: Uint8Array<ArrayBuffer>) => void; reject: (error: Error) => void } | undefined;
  const page = new Promise<Uint8Array<ArrayBuffer>>((resolve, reject) => (settle = { resolve, reject }));
  const destination = new Writable({
    write(chunk: Buffer, _encoding, callback) {
      chunks.push(chunk);
      callback();
    },
    final(callback) {
      const whole = Buffer.concat(chunks);
      // Buffer.concat allocates a fresh ArrayBuffer, never a shared one.
      settle?.resolve((whole.includes(0) ? whole.filter((byte) => byte !== 0) : whole) as Uint8Array<ArrayBuffer>);
      callback();
    },
    destroy(error, callback) {
      if (error) settle?.reject(error);
      callback(error);
    },
  });
  return { destination, page };
}
