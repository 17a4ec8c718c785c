// The demo accounts' passwords: generated on the first start, never published. They are printed once
// and kept in a file only its owner can read, so a first install on a campus server does not come
// with an admin password anyone could look up.
import { randomInt } from "node:crypto";
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { DEMO_ACCOUNTS } from "./seed";

export const DEMO_PASSWORDS_FILE = path.resolve(import.meta.dirname, "../.data/demo-accounts.txt");

/** Email → password for every demo account. */
export type DemoPasswords = ReadonlyMap<string, string>;

// No 0/o or 1/i/l, so a password read off the screen is typed right; 16 characters ≈ 79 bits.
const ALPHABET = "23456789abcdefghjkmnpqrstuvwxyz";

function generatePassword() {
  const characters = Array.from({ length: 16 }, () => ALPHABET[randomInt(ALPHABET.length)]);
  return characters.join("").replace(/(.{4})(?!$)/g, "$1-");
}

function format(passwords: DemoPasswords) {
  const lines = DEMO_ACCOUNTS.map(
    (account) => `${account.role.padEnd(10)} ${account.email.padEnd(32)} ${passwords.get(account.email)}`,
  );
  return [
    "# Bitgoeul demo accounts: role, email, password. Generated on the first start of this copy.",
    "# Only this file's owner can read it. Change the passwords in Settings, or delete the accounts.",
    ...lines,
    "",
  ].join("\n");
}

function parse(text: string): Map<string, string> {
  const passwords = new Map<string, string>();
  for (const line of text.split("\n")) {
    const [, email, password] = line.trim().split(/\s+/);
    if (line.startsWith("#") || !email || !password) continue;
    passwords.set(email, password);
  }
  return passwords;
}

/** A fresh password for each demo account (tests and the benchmark use these without keeping them). */
export function generateDemoPasswords(): DemoPasswords {
  return new Map(DEMO_ACCOUNTS.map((account) => [account.email, generatePassword()] as const));
}

/**
 * The demo passwords kept in `file`, or new ones written there (readable by its owner only) when
 * the file is missing or lacks an account. `isNew` says whether they were made just now.
 */
export function loadOrCreateDemoPasswords({ file = DEMO_PASSWORDS_FILE }: { file?: string } = {}): {
  passwords: DemoPasswords;
  isNew: boolean;
} {
  if (existsSync(file)) {
    const kept = parse(readFileSync(file, "utf8"));
    if (DEMO_ACCOUNTS.every((account) => kept.has(account.email))) return { passwords: kept, isNew: false };
  }
  const passwords = generateDemoPasswords();
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, format(passwords), { mode: 0o600 });
  // writeFileSync's mode applies only when it creates the file.
  chmodSync(file, 0o600);
  return { passwords, isNew: true };
}

/** Lines for a terminal: each demo account with its password. */
export function describeDemoAccounts(passwords: DemoPasswords): string[] {
  return DEMO_ACCOUNTS.map(
    (account) => `  ${account.role.padEnd(10)} ${account.email}  /  ${passwords.get(account.email) ?? "?"}`,
  );
}
