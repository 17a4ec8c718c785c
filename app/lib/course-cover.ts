// Where a course's cover image is served. The URL carries a version taken from the stored file's key,
// which changes with every upload, so browsers may keep one for a year and still see a new cover at
// once (app/routes/courses.$slug_.cover.ts).

/** The version a cover URL carries for the file stored under `coverImageKey`. */
export function coverVersion(coverImageKey: string) {
  return coverImageKey.slice(0, 8);
}

/** The cover's URL, or null when the course has none. */
export function courseCoverUrl({ slug, coverImageKey }: { slug: string; coverImageKey: string | null }) {
  return coverImageKey ? `/courses/${encodeURIComponent(slug)}/cover?v=${coverVersion(coverImageKey)}` : null;
}
