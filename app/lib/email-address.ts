/** How an email address is stored and compared: trimmed and lower-cased (the column is citext too). */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}
