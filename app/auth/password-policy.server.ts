import { dictionary } from "@zxcvbn-ts/language-common";

// zxcvbn's ranked list of ~49k leaked passwords, all lower-case; built once on first use so
// modules that never check a password do not pay for it.
let commonPasswords: Set<string> | undefined;

/** True when the password (ignoring case) is on the list of commonly used passwords. */
export function isCommonPassword(password: string): boolean {
  commonPasswords ??= new Set(dictionary["passwords-common"]);
  return commonPasswords.has(password.toLowerCase());
}
