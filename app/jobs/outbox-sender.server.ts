// Sends the mail that changes wrote to the outbox (see app/models/email-outbox.server.ts), in the
// web server's process, for as long as it runs.
import { createMailTransport, type MailTransport } from "~/lib/email.server";
import { parseEnv } from "~/lib/env.server";
import { claimPendingEmails, markEmailFailed, markEmailSent } from "~/models/email-outbox.server";

/**
 * Sends one batch of due mail from the outbox. Each mail is marked sent or failed on its own, so
 * one bad address does not hold up the rest; a failed mail is retried later with backoff.
 */
export async function sendPendingEmails({
  transport = createMailTransport(),
  from = parseEnv().MAIL_FROM,
  limit = 20,
}: {
  transport?: MailTransport;
  from?: string;
  limit?: number;
} = {}) {
  const emails = await claimPendingEmails({ limit });
  let sentCount = 0;
  let failedCount = 0;
  for (const email of emails) {
    try {
      await transport.sendMail({
        from,
        to: email.toAddress,
        subject: email.subject,
        text: email.textBody,
        ...(email.htmlBody === null ? {} : { html: email.htmlBody }),
      });
    } catch (error) {
      console.warn(`[mail] sending ${email.id} failed:`, error instanceof Error ? error.message : error);
      await markEmailFailed({ id: email.id, error });
      failedCount++;
      continue;
    }
    await markEmailSent({ id: email.id });
    sentCount++;
  }
  return { claimedCount: emails.length, sentCount, failedCount };
}

/**
 * Polls the outbox every `intervalMs` until stopped. Runs never overlap (the next is scheduled when
 * one ends), a full batch is followed at once by the next, and the timer is unref'd so it never
 * keeps the process alive. `stop()` waits for the batch in flight.
 */
export function startOutboxWorker({
  intervalMs = 2000,
  transport = createMailTransport(),
  batchSize = 20,
}: {
  intervalMs?: number;
  transport?: MailTransport;
  batchSize?: number;
} = {}) {
  const from = parseEnv().MAIL_FROM;
  let isStopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let currentRun: Promise<void> = Promise.resolve();

  async function runBatch() {
    let hasMore = false;
    try {
      const { claimedCount } = await sendPendingEmails({ transport, from, limit: batchSize });
      hasMore = claimedCount === batchSize;
    } catch (error) {
      // Usually the database being briefly unreachable; the next tick tries again.
      console.error("[mail] outbox worker run failed:", error);
    }
    schedule(hasMore ? 0 : intervalMs);
  }

  function schedule(delayMs: number) {
    if (isStopped) return;
    timer = setTimeout(() => {
      currentRun = runBatch();
    }, delayMs);
    timer.unref();
  }

  schedule(0);
  return {
    async stop() {
      isStopped = true;
      clearTimeout(timer);
      await currentRun;
      transport.close?.();
    },
  };
}
