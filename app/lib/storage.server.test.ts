import { readdir } from "node:fs/promises";
import path from "node:path";
import { expect, test } from "vitest";
import {
  copyStoredFile,
  deleteStoredFiles,
  openStoredFile,
  storeFile,
  StoredFileTooLargeError,
  storeStream,
} from "~/lib/storage.server";

async function storedFiles(): Promise<string[]> {
  const entries = await readdir(path.resolve(process.env.UPLOAD_DIR ?? ""), { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile()).map((entry) => entry.name);
}

function chunks(...parts: string[]) {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      for (const part of parts) controller.enqueue(new TextEncoder().encode(part));
      controller.close();
    },
  });
}

async function textOf(key: string) {
  const file = await openStoredFile(key);
  return file ? { text: await new Response(file.stream).text(), size: file.size } : null;
}

test("a stream is stored under a new key, opened, copied and deleted", async () => {
  const { key, byteSize } = await storeStream(chunks("강의 ", "자료"), { maxBytes: 100 });
  expect(byteSize).toBe(13);
  expect(await textOf(key)).toEqual({ text: "강의 자료", size: 13 });

  const copy = await copyStoredFile(key);
  expect(copy).not.toBe(key);
  await deleteStoredFiles([key]);
  expect(await openStoredFile(key)).toBeNull();
  expect(await textOf(copy ?? "")).toEqual({ text: "강의 자료", size: 13 });
  // Deleting what is already gone, or copying it, is not an error.
  await deleteStoredFiles([key]);
  expect(await copyStoredFile(key)).toBeNull();
});

test("a stream past its limit is refused and nothing of it is left on disk", async () => {
  const before = await storedFiles();
  await expect(storeStream(chunks("12345", "67890", "x"), { maxBytes: 10 })).rejects.toBeInstanceOf(
    StoredFileTooLargeError,
  );
  expect(await storedFiles()).toEqual(before);
});

test("storeFile keeps bytes already in memory", async () => {
  const key = await storeFile(new TextEncoder().encode("%PDF-1.4"));
  expect(await textOf(key)).toEqual({ text: "%PDF-1.4", size: 8 });
});

test("a key that is not ours is refused before the file system is touched", async () => {
  await expect(openStoredFile("../../etc/passwd")).rejects.toThrow(/Invalid storage key/);
});
