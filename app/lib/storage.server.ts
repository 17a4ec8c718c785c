// Uploaded files (lesson attachments, cover images, submissions), behind one small interface that an
// S3-compatible store could implement as well: put a stream (with a byte limit) under a new key, open
// a key as a stream and its size, delete, copy. Today's store is the local disk under UPLOAD_DIR.
//
// Keys are generated here, never taken from a client, so a key cannot climb out of the directory.
// (@remix-run/file-storage was considered: it keeps files under hashes of caller-chosen keys with a
// JSON file beside each, so every file already stored here would need moving, and it takes whole
// Files rather than a stream with a limit.)
import { randomUUID } from "node:crypto";
import { createReadStream, createWriteStream } from "node:fs";
import { constants, copyFile, mkdir, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { Readable, Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createReadableStreamFromReadable } from "@remix-run/node";
import { parseEnv } from "~/lib/env.server";

export type StoredFile = { stream: ReadableStream<Uint8Array>; size: number };

/** Where files are kept. Every method takes or returns keys this store generated. */
export interface FileStore {
  /**
   * Writes `source` under a new key. Past `maxBytes` it stops reading, deletes what it wrote and
   * throws StoredFileTooLargeError; any other failure also leaves nothing behind.
   */
  put(source: ReadableStream<Uint8Array>, options: { maxBytes: number }): Promise<{ key: string; byteSize: number }>;
  /** The file's bytes and size, or null when there is no such file. */
  open(key: string): Promise<StoredFile | null>;
  /** Removes the file; a key with no file is fine (the delete may be a retry). */
  delete(key: string): Promise<void>;
  /** A copy under a new key, or null when there is no such file. */
  copy(key: string): Promise<string | null>;
}

export class StoredFileTooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`Stored file exceeds ${maxBytes} bytes`);
    this.name = "StoredFileTooLargeError";
  }
}

const KEY_PATTERN = /^[0-9a-f-]{36}$/;

/** The local disk: each file at `<dir>/<first two characters of its key>/<key>`. */
export function createDiskFileStore(directory: () => string): FileStore {
  function pathForKey(key: string) {
    if (!KEY_PATTERN.test(key)) throw new Error(`Invalid storage key: ${key}`);
    return path.join(directory(), key.slice(0, 2), key);
  }

  async function newPath() {
    const key = randomUUID();
    const filePath = pathForKey(key);
    await mkdir(path.dirname(filePath), { recursive: true });
    return { key, filePath };
  }

  return {
    async put(source, { maxBytes }) {
      const { key, filePath } = await newPath();
      let byteSize = 0;
      const limit = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          byteSize += chunk.length;
          callback(byteSize > maxBytes ? new StoredFileTooLargeError(maxBytes) : null, chunk);
        },
      });
      try {
        await pipeline(
          Readable.fromWeb(source as import("node:stream/web").ReadableStream<Uint8Array>),
          limit,
          createWriteStream(filePath, { flags: "wx" }),
        );
      } catch (error) {
        await unlink(filePath).catch(() => {});
        throw error;
      }
      return { key, byteSize };
    },

    async open(key) {
      const filePath = pathForKey(key);
      const info = await stat(filePath).catch(() => null);
      if (!info?.isFile()) return null;
      return { stream: createReadableStreamFromReadable(createReadStream(filePath)), size: info.size };
    },

    async delete(key) {
      await unlink(pathForKey(key)).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== "ENOENT") throw error;
      });
    },

    async copy(key) {
      const source = pathForKey(key);
      const { key: copyKey, filePath } = await newPath();
      try {
        await copyFile(source, filePath, constants.COPYFILE_EXCL);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return null;
        throw error;
      }
      return copyKey;
    },
  };
}

// UPLOAD_DIR is read at each call, so a test (or start-up) that sets it before the first upload is heard.
const store: FileStore = createDiskFileStore(() => path.resolve(parseEnv().UPLOAD_DIR));

/** Stores a stream under a new key; see FileStore.put. */
export function storeStream(source: ReadableStream<Uint8Array>, options: { maxBytes: number }) {
  return store.put(source, options);
}

/** Stores bytes already in memory under a new key and returns it. */
export async function storeFile(bytes: Uint8Array): Promise<string> {
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
  return (await store.put(source, { maxBytes: bytes.byteLength })).key;
}

/** A web stream of a stored file and its size, or null when it is missing. */
export function openStoredFile(key: string): Promise<StoredFile | null> {
  return store.open(key);
}

/**
 * Deletes stored files that nothing references any more (a refused upload, a replaced cover, a deleted
 * attachment); one already gone is fine. Called after the database no longer points at them, so a file
 * that cannot be deleted is only wasted space: this logs it rather than failing the request.
 */
export async function deleteStoredFiles(keys: readonly string[]): Promise<void> {
  await Promise.all(
    keys.map((key) =>
      store.delete(key).catch((error: unknown) => console.error(`Could not delete stored file ${key}`, error)),
    ),
  );
}

/** A copy of a stored file under a new key, or null when it is missing. */
export function copyStoredFile(key: string): Promise<string | null> {
  return store.copy(key);
}
