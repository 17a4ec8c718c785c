import { createTransport } from "nodemailer";
import { parseEnv } from "~/lib/env.server";

export type OutgoingMail = { from: string; to: string; subject: string; text: string; html?: string };

/** What the outbox needs from a mail transport; nodemailer's transporters fit it as they are. */
export type MailTransport = {
  sendMail(mail: OutgoingMail): Promise<unknown>;
  close?(): void;
};

/** Prints mail to the server log, so a local user can follow a sign-up or reset link without SMTP. */
export const consoleMailTransport: MailTransport = {
  async sendMail(mail) {
    console.info(`[mail] To: ${mail.to}\n[mail] Subject: ${mail.subject}\n${mail.text}`);
  },
};

/** Nodemailer over SMTP when SMTP_URL is set (e.g. smtp://user:pass@host:587), else the console. */
export function createMailTransport({ smtpUrl = parseEnv().SMTP_URL }: { smtpUrl?: string } = {}): MailTransport {
  if (!smtpUrl) return consoleMailTransport;
  // Nodemailer's default socket timeout (10 min) outlasts the outbox claim lease, which could let a
  // second worker send the same mail; these keep a send well inside it. Query options in the URL win.
  return createTransport({ url: smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
}
