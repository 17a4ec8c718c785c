import { SMTPServer, type SMTPServerOptions } from "smtp-server";
import { afterEach, beforeEach, describe, expect, test, vi } from "vitest";
import { prisma } from "~/lib/db.server";
import { sendPendingEmails, startOutboxWorker } from "~/jobs/outbox-sender.server";
import { consoleMailTransport } from "~/lib/email.server";
import { enqueueEmail } from "~/models/email-outbox.server";

type ReceivedMail = { from: string; to: string[]; raw: string };

/** A real SMTP server on localhost standing in for the mail server outside our system. */
async function startSmtpServer(options: Partial<SMTPServerOptions> = {}) {
  const received: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    secure: false,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on("data", (chunk: Buffer) => chunks.push(chunk));
      stream.on("end", () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "",
          to: session.envelope.rcptTo.map((recipient) => recipient.address),
          raw: Buffer.concat(chunks).toString("utf8"),
        });
        callback();
      });
    },
    ...options,
  });
  // Port 0: the OS picks a free port, read back once listening.
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.server.address();
  const port = typeof address === "object" && address ? address.port : 0;
  return {
    url: `smtp://127.0.0.1:${port}`,
    received,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

beforeEach(async () => {
  await prisma.emailOutbox.deleteMany();
  vi.stubEnv("MAIL_FROM", "Bitgoeul <no-reply@test.bitgoeul.example>");
});

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
});

describe("sendPendingEmails over SMTP", () => {
  test("delivers every pending mail and marks it sent", async () => {
    const smtp = await startSmtpServer();
    try {
      vi.stubEnv("SMTP_URL", smtp.url);
      const first = await enqueueEmail({
        to: "kim@test.bitgoeul.example",
        subject: "Reset your password",
        text: "Open http://localhost/reset/abc",
      });
      const second = await enqueueEmail({
        to: "lee@test.bitgoeul.example",
        subject: "Welcome to Bitgoeul",
        text: "Your cohort starts on Monday.",
        html: "<p>Your cohort starts on Monday.</p>",
      });

      expect(await sendPendingEmails()).toEqual({ claimedCount: 2, sentCount: 2, failedCount: 0 });

      const byRecipient = new Map(smtp.received.map((mail) => [mail.to[0], mail]));
      expect(smtp.received).toHaveLength(2);
      expect(byRecipient.get("kim@test.bitgoeul.example")?.from).toBe("no-reply@test.bitgoeul.example");
      expect(byRecipient.get("kim@test.bitgoeul.example")?.raw).toContain("Subject: Reset your password");
      expect(byRecipient.get("kim@test.bitgoeul.example")?.raw).toContain("Open http://localhost/reset/abc");
      expect(byRecipient.get("lee@test.bitgoeul.example")?.raw).toContain("Subject: Welcome to Bitgoeul");
      expect(byRecipient.get("lee@test.bitgoeul.example")?.raw).toContain("<p>Your cohort starts on Monday.</p>");

      const rows = await prisma.emailOutbox.findMany({
        where: { id: { in: [first.id, second.id] } },
        select: { status: true, sentAt: true, attempts: true },
      });
      expect(rows).toHaveLength(2);
      for (const row of rows) {
        expect(row.status).toBe("SENT");
        expect(row.sentAt).toBeInstanceOf(Date);
        expect(row.attempts).toBe(0);
      }
    } finally {
      await smtp.close();
    }
  });

  test("a refusing server leaves the mail pending with one more attempt and a later retry", async () => {
    const smtp = await startSmtpServer({
      onRcptTo(_address, _session, callback) {
        callback(Object.assign(new Error("Mailbox unavailable"), { responseCode: 550 }));
      },
    });
    try {
      vi.stubEnv("SMTP_URL", smtp.url);
      vi.spyOn(console, "warn").mockImplementation(() => {});
      const { id } = await enqueueEmail({ to: "nobody@test.bitgoeul.example", subject: "Hello", text: "Body" });
      const before = Date.now();

      expect(await sendPendingEmails()).toEqual({ claimedCount: 1, sentCount: 0, failedCount: 1 });

      const row = await prisma.emailOutbox.findUniqueOrThrow({
        where: { id },
        select: { status: true, attempts: true, lastError: true, sendAfter: true },
      });
      expect(row.status).toBe("PENDING");
      expect(row.attempts).toBe(1);
      expect(row.lastError).toContain("Mailbox unavailable");
      // The first retry waits a minute.
      expect(row.sendAfter.getTime()).toBeGreaterThanOrEqual(before + 59_000);
      expect(smtp.received).toHaveLength(0);
      expect(await sendPendingEmails()).toEqual({ claimedCount: 0, sentCount: 0, failedCount: 0 });
    } finally {
      await smtp.close();
    }
  });
});

describe("console transport", () => {
  test("prints recipient, subject and body to the server log when no SMTP_URL is set", async () => {
    vi.stubEnv("SMTP_URL", "");
    const info = vi.spyOn(console, "info").mockImplementation(() => {});
    const { id } = await enqueueEmail({
      to: "park@test.bitgoeul.example",
      subject: "Reset your password",
      text: "Open http://localhost:3000/reset/xyz",
    });

    expect(await sendPendingEmails()).toMatchObject({ sentCount: 1 });

    const printed = info.mock.calls.map((call) => call.join(" ")).join("\n");
    expect(printed).toContain("park@test.bitgoeul.example");
    expect(printed).toContain("Reset your password");
    expect(printed).toContain("Open http://localhost:3000/reset/xyz");
    expect((await prisma.emailOutbox.findUniqueOrThrow({ where: { id }, select: { status: true } })).status).toBe(
      "SENT",
    );
  });
});

describe("startOutboxWorker", () => {
  test("sends queued mail in the background and stops cleanly", async () => {
    vi.spyOn(console, "info").mockImplementation(() => {});
    const sendMail = vi.spyOn(consoleMailTransport, "sendMail");
    const worker = startOutboxWorker({ intervalMs: 20, transport: consoleMailTransport });
    try {
      const { id } = await enqueueEmail({ to: "choi@test.bitgoeul.example", subject: "Queued", text: "Body" });
      await vi.waitFor(
        async () => {
          const row = await prisma.emailOutbox.findUniqueOrThrow({ where: { id }, select: { status: true } });
          expect(row.status).toBe("SENT");
        },
        { timeout: 5_000, interval: 20 },
      );
      expect(sendMail).toHaveBeenCalledTimes(1);
    } finally {
      await worker.stop();
    }
  });
});
