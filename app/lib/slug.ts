/** Lower-case ASCII letters, digits and dashes: what a course, lesson or cohort slug may hold. */
export function slugify(text: string) {
  return text
    .normalize("NFKD")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
}
