// Reads a course package from a folder on disk; what the files must say is course-package.ts's job.
import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import {
  coursePackageIssue,
  parseCoursePackage,
  type CoursePackageIssue,
  type CoursePackageResult,
} from "~/lib/course-package";

/**
 * Reads and checks the package in `dir`. Issues name files as a path from the working directory
 * (e.g. prisma/seed-data/courses/ai501/course.json), which is where people run the seed from.
 */
export async function readCoursePackage({ dir }: { dir: string }): Promise<CoursePackageResult> {
  const source = describeFolder(dir);
  const files = new Map<string, Uint8Array>();
  const issues: CoursePackageIssue[] = [];

  async function walk(relativeDir: string): Promise<void> {
    const entries = await readdir(path.join(dir, relativeDir), { withFileTypes: true });
    for (const entry of entries) {
      // Editors and operating systems leave hidden files (.DS_Store, .swp); they are never content.
      if (entry.name.startsWith(".")) continue;
      // macOS stores Korean file names decomposed (NFD); course.json is written composed (NFC).
      const relativePath = path.posix.join(relativeDir, entry.name.normalize("NFC"));
      if (entry.isDirectory()) await walk(relativePath);
      else if (entry.isFile()) files.set(relativePath, await readFile(path.join(dir, relativeDir, entry.name)));
      // A link could point anywhere on the server, so a package holds plain files only.
      else issues.push(coursePackageIssue({ file: `${source}/${relativePath}`, code: "notPlainFile" }));
    }
  }

  try {
    await walk("");
  } catch (error) {
    const issue =
      (error as NodeJS.ErrnoException).code === "ENOENT"
        ? coursePackageIssue({ file: source, code: "noSuchFolder" })
        : coursePackageIssue({ file: source, code: "unreadable", values: { detail: String(error) } });
    return { ok: false, issues: [issue] };
  }
  const result = parseCoursePackage({ files, source });
  if (issues.length === 0) return result;
  return { ok: false, issues: [...issues, ...(result.ok ? [] : result.issues)] };
}

function describeFolder(dir: string): string {
  const relative = path.relative(process.cwd(), dir);
  return relative && !relative.startsWith("..") && !path.isAbsolute(relative)
    ? relative.split(path.sep).join("/")
    : dir;
}
