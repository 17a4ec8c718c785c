// One creation per form submission. A form that creates something carries a one-time key from its
// loader; the first post with that key creates, and a repeat (a double click, a resent form, a post
// racing the first) is answered with what the first created instead of creating it again.
import { randomUUID } from "node:crypto";
import { prisma, type Prisma } from "~/lib/db.server";
import { isUuid } from "~/lib/uuid";

/** How long a key is remembered: far longer than any double click or resend. */
const KEPT_MS = 24 * 60 * 60 * 1000;

/** A fresh key for a form's hidden `submissionKey` field. */
export function newSubmissionKey() {
  return randomUUID();
}

/** The key a posted form carries (its `submissionKey` field), if it is one. */
export function submissionKeyFrom(formData: FormData | Record<string, string>) {
  const value = formData instanceof FormData ? formData.get("submissionKey") : formData.submissionKey;
  return typeof value === "string" && isUuid(value) ? value : undefined;
}

/**
 * Runs `create` (which returns the id of what it created) unless this key already created something,
 * in which case that id is returned. Call it inside the transaction that creates, after every check
 * that may refuse, so a refused post leaves its key unused. A concurrent post with the same key waits
 * on the key's row until the first commits, then reads its result. Without a key (scripts, the seed)
 * it simply creates.
 */
export async function oncePerSubmission(
  tx: Prisma.TransactionClient,
  { key, userId }: { key: string | undefined; userId: string },
  create: () => Promise<string>,
): Promise<{ id: string; isRepeat: boolean }> {
  if (!key || !isUuid(key)) return { id: await create(), isRepeat: false };
  const claimed = await tx.$executeRaw`
    INSERT INTO "FormSubmission" ("key", "userId") VALUES (${key}::uuid, ${userId}::uuid)
    ON CONFLICT ("key") DO NOTHING`;
  if (claimed === 0) {
    const earlier = await tx.formSubmission.findUnique({ where: { key }, select: { userId: true, resultId: true } });
    // Another person's key is never honoured: it only ever reaches its own user's forms.
    if (earlier?.userId === userId && earlier.resultId) return { id: earlier.resultId, isRepeat: true };
    return { id: await create(), isRepeat: false };
  }
  const id = await create();
  await tx.formSubmission.update({ where: { key }, data: { resultId: id } });
  return { id, isRepeat: false };
}

/** What a submission with this key created, when it was this user's. */
export async function findSubmissionResult({ key, userId }: { key: string; userId: string }) {
  if (!isUuid(key)) return null;
  const earlier = await prisma.formSubmission.findUnique({ where: { key }, select: { userId: true, resultId: true } });
  return earlier?.userId === userId ? earlier.resultId : null;
}

/** Forgets keys older than a day (housekeeping). */
export async function deleteOldFormSubmissions(now = new Date()) {
  const { count } = await prisma.formSubmission.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - KEPT_MS) } },
  });
  return count;
}
