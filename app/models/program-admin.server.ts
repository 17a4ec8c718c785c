// Programs, their degree tracks and their terms as admins run them. Nothing here deletes: courses,
// cohorts, students and grades refer to these rows, so a program, track or term that is no longer
// offered is archived (archivedAt), which takes it off the public pages and the pickers and keeps
// every record that refers to it. Every function checks `program:manage` itself, and every change is
// written in one transaction with its audit entry, which holds the values that changed.
//
// Tracks and terms belong to graduate programs (a term is a semester, a track a degree), so an
// academy program has neither, and a graduate program that has them cannot become an academy one.
import { can } from "~/auth/permissions";
import type { Role } from "~/generated/prisma/client";
import { Prisma, prisma } from "~/lib/db.server";
import type { DegreeTrackDetails, ProgramDetails, TermDetails } from "~/lib/program-forms";
import { defineRefusals } from "~/lib/refusal.server";
import { slugify } from "~/lib/slug";
import { isUuid } from "~/lib/uuid";
import { recordAuditEvent } from "~/models/audit-log.server";
import { findSubmissionResult, oncePerSubmission } from "~/models/form-submission.server";

type Transaction = Prisma.TransactionClient;
type Actor = { id: string; role: Role; ipAddress?: string | null };

export const PROGRAM_ADMIN_REFUSALS = defineRefusals({
  notAllowed: { status: 403, messageKey: "error.forbidden" },
  notFound: { status: 404, messageKey: "error.notFound" },
  slugTaken: { status: 400, messageKey: "programs.slugTaken", field: "slug" },
  kindLocked: { status: 400, messageKey: "programs.kindLocked", field: "kind" },
  notGraduate: { status: 400, messageKey: "programs.notGraduate" },
  trackSlugTaken: { status: 400, messageKey: "programs.trackSlugTaken", field: "slug" },
  termTaken: { status: 400, messageKey: "programs.termTaken", field: "season" },
});

type ProgramAdminRefusal<Reason extends keyof typeof PROGRAM_ADMIN_REFUSALS> = { ok: false; reason: Reason };

// ───────────────────────────── Reading ─────────────────────────────

/**
 * The programs in display order, the current ones or (`isArchived`) the archived ones, each with how
 * many courses, cohorts, degree tracks and terms refer to it (archived ones included: they are kept),
 * and how many programs the other list holds. Two statements however many programs there are.
 */
export async function listProgramsForAdmin({ actor, isArchived = false }: { actor: Actor; isArchived?: boolean }) {
  if (!can(actor, "program:manage")) return { ok: false, reason: "notAllowed" } as const;
  const [programs, otherListCount] = await Promise.all([
    prisma.program.findMany({
      where: { archivedAt: isArchived ? { not: null } : null },
      orderBy: [{ position: "asc" }, { nameEn: "asc" }, { id: "asc" }],
      select: {
        id: true,
        slug: true,
        kind: true,
        nameKo: true,
        nameEn: true,
        gradeScale: true,
        position: true,
        archivedAt: true,
        _count: { select: { courses: true, cohorts: true, degreeTracks: true, terms: true } },
      },
    }),
    prisma.program.count({ where: { archivedAt: isArchived ? null : { not: null } } }),
  ]);
  return {
    ok: true,
    programs: programs.map(({ _count, ...program }) => ({
      ...program,
      courseCount: _count.courses,
      cohortCount: _count.cohorts,
      trackCount: _count.degreeTracks,
      termCount: _count.terms,
    })),
    otherListCount,
  } as const;
}

/**
 * A program with every degree track and term (current first, then archived), how many students each
 * track has and how many courses each term, and how many courses and cohorts the program has. One
 * statement.
 */
export async function getProgramForAdmin({ actor, programId }: { actor: Actor; programId: string }) {
  if (!can(actor, "program:manage")) return { ok: false, reason: "notAllowed" } as const;
  if (!isUuid(programId)) return { ok: false, reason: "notFound" } as const;
  const program = await prisma.program.findUnique({
    where: { id: programId },
    select: {
      id: true,
      slug: true,
      kind: true,
      nameKo: true,
      nameEn: true,
      descriptionKo: true,
      descriptionEn: true,
      gradeScale: true,
      position: true,
      archivedAt: true,
      _count: { select: { courses: true, cohorts: true } },
      degreeTracks: {
        orderBy: [
          { archivedAt: { sort: "desc", nulls: "first" } },
          { position: "asc" },
          { nameEn: "asc" },
          { id: "asc" },
        ],
        select: {
          id: true,
          slug: true,
          nameKo: true,
          nameEn: true,
          descriptionKo: true,
          descriptionEn: true,
          requiredCredits: true,
          position: true,
          archivedAt: true,
          _count: { select: { students: true } },
        },
      },
      terms: {
        orderBy: [
          { archivedAt: { sort: "desc", nulls: "first" } },
          { year: "desc" },
          { startsOn: "desc" },
          { id: "asc" },
        ],
        select: {
          id: true,
          year: true,
          season: true,
          startsOn: true,
          endsOn: true,
          archivedAt: true,
          _count: { select: { courses: true } },
        },
      },
    },
  });
  if (!program) return { ok: false, reason: "notFound" } as const;
  return { ok: true, program } as const;
}

/**
 * The degree tracks a student may be admitted to, for a picker: those not archived, of programs not
 * archived, in the programs' display order; plus `includeTrackId` (the student's current track)
 * whatever its state, so saving the form does not silently drop it.
 */
export async function listDegreeTrackChoices({ includeTrackId }: { includeTrackId?: string | null } = {}) {
  const current = includeTrackId && isUuid(includeTrackId) ? [{ id: includeTrackId }] : [];
  return prisma.degreeTrack.findMany({
    where: { OR: [{ archivedAt: null, program: { archivedAt: null } }, ...current] },
    orderBy: [
      { program: { position: "asc" } },
      { program: { nameEn: "asc" } },
      { programId: "asc" },
      { position: "asc" },
      { nameEn: "asc" },
    ],
    select: {
      id: true,
      nameKo: true,
      nameEn: true,
      requiredCredits: true,
      archivedAt: true,
      program: { select: { id: true, nameKo: true, nameEn: true, archivedAt: true } },
    },
  });
}

// ───────────────────────────── Programs ─────────────────────────────

/**
 * Creates a program. An empty slug is made from the English name, with the first free `-2`, `-3`…
 * suffix; a typed slug that is taken is refused. A repeat of the same form creates nothing more.
 */
export async function createProgram({
  actor,
  details,
  submissionKey,
}: {
  actor: Actor;
  details: ProgramDetails;
  submissionKey?: string;
}): Promise<{ ok: true; programId: string } | ProgramAdminRefusal<"notAllowed" | "slugTaken">> {
  if (!can(actor, "program:manage")) return { ok: false, reason: "notAllowed" };
  return withUniqueConflictAs("slugTaken", () =>
    prisma.$transaction(async (tx) => {
      if (details.slug && (await tx.program.findUnique({ where: { slug: details.slug }, select: { id: true } }))) {
        // Taken by the program this very form made, when this is a repeat of a post that committed.
        const earlier = await findEarlierResult({ actor, submissionKey });
        if (earlier) return { ok: true, programId: earlier } as const;
        return { ok: false, reason: "slugTaken" } as const;
      }
      const slug =
        details.slug ??
        (await findFreeSlug({
          stem: slugify(details.nameEn) || "program",
          findTaken: (stem) => tx.program.findMany({ where: { slug: { startsWith: stem } }, select: { slug: true } }),
        }));
      const values = { ...details, slug };
      const { id } = await oncePerSubmission(tx, { key: submissionKey, userId: actor.id }, async () => {
        const program = await tx.program.create({ data: values, select: { id: true } });
        await audit({
          tx,
          actor,
          action: "program.created",
          entityType: "Program",
          entityId: program.id,
          data: { after: values },
        });
        return program.id;
      });
      return { ok: true, programId: id } as const;
    }),
  );
}

/**
 * Saves a program's details; an empty slug keeps the current one. Its kind may become ACADEMY only
 * while it has no degree tracks or terms (archived ones included: they still belong to it).
 */
export async function updateProgram({
  actor,
  programId,
  details,
}: {
  actor: Actor;
  programId: string;
  details: ProgramDetails;
}): Promise<{ ok: true } | ProgramAdminRefusal<"notAllowed" | "notFound" | "slugTaken" | "kindLocked">> {
  if (!can(actor, "program:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(programId)) return { ok: false, reason: "notFound" };
  return withUniqueConflictAs("slugTaken", () =>
    prisma.$transaction(async (tx) => {
      const before = await tx.program.findUnique({
        where: { id: programId },
        select: {
          slug: true,
          kind: true,
          nameKo: true,
          nameEn: true,
          descriptionKo: true,
          descriptionEn: true,
          gradeScale: true,
          position: true,
          _count: { select: { degreeTracks: true, terms: true } },
        },
      });
      if (!before) return { ok: false, reason: "notFound" } as const;
      const { _count, ...current } = before;
      const after = { ...details, slug: details.slug ?? current.slug };
      if (after.kind === "ACADEMY" && current.kind !== "ACADEMY" && _count.degreeTracks + _count.terms > 0) {
        return { ok: false, reason: "kindLocked" } as const;
      }
      if (
        after.slug !== current.slug &&
        (await tx.program.findUnique({ where: { slug: after.slug }, select: { id: true } }))
      ) {
        return { ok: false, reason: "slugTaken" } as const;
      }
      const changed = changedValues(current, after);
      if (!changed) return { ok: true } as const;
      await tx.program.update({ where: { id: programId }, data: changed.after, select: { id: true } });
      await audit({ tx, actor, action: "program.updated", entityType: "Program", entityId: programId, data: changed });
      return { ok: true } as const;
    }),
  );
}

/** Takes a program off the public pages and the pickers; its courses, cohorts, tracks and terms stay. */
export async function archiveProgram({
  actor,
  programId,
  now = new Date(),
}: {
  actor: Actor;
  programId: string;
  now?: Date;
}) {
  return setProgramArchived({ actor, programId, archivedAt: now });
}

/** Brings an archived program back to the public pages and the pickers. */
export async function restoreProgram({ actor, programId }: { actor: Actor; programId: string }) {
  return setProgramArchived({ actor, programId, archivedAt: null });
}

async function setProgramArchived({
  actor,
  programId,
  archivedAt,
}: {
  actor: Actor;
  programId: string;
  archivedAt: Date | null;
}): Promise<{ ok: true } | ProgramAdminRefusal<"notAllowed" | "notFound">> {
  if (!can(actor, "program:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(programId)) return { ok: false, reason: "notFound" };
  return setArchivedAt({
    actor,
    archivedAt,
    entityType: "Program",
    entityId: programId,
    action: archivedAt ? "program.archived" : "program.restored",
    find: (tx) => tx.program.findUnique({ where: { id: programId }, select: { archivedAt: true } }),
    save: (tx) => tx.program.update({ where: { id: programId }, data: { archivedAt }, select: { id: true } }),
  });
}

// ───────────────────────────── Degree tracks ─────────────────────────────

/**
 * Adds a degree track to a graduate program. An empty slug is made from the English name (track
 * slugs are unique across programs); a typed one that is taken is refused.
 */
export async function createDegreeTrack({
  actor,
  programId,
  track,
  submissionKey,
}: {
  actor: Actor;
  programId: string;
  track: DegreeTrackDetails;
  submissionKey?: string;
}): Promise<
  { ok: true; trackId: string } | ProgramAdminRefusal<"notAllowed" | "notFound" | "notGraduate" | "trackSlugTaken">
> {
  if (!can(actor, "program:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(programId)) return { ok: false, reason: "notFound" };
  return withUniqueConflictAs("trackSlugTaken", () =>
    prisma.$transaction(async (tx) => {
      const program = await tx.program.findUnique({ where: { id: programId }, select: { kind: true } });
      if (!program) return { ok: false, reason: "notFound" } as const;
      if (program.kind !== "GRADUATE") return { ok: false, reason: "notGraduate" } as const;
      if (track.slug && (await tx.degreeTrack.findUnique({ where: { slug: track.slug }, select: { id: true } }))) {
        const earlier = await findEarlierResult({ actor, submissionKey });
        if (earlier) return { ok: true, trackId: earlier } as const;
        return { ok: false, reason: "trackSlugTaken" } as const;
      }
      const slug =
        track.slug ??
        (await findFreeSlug({
          stem: slugify(track.nameEn) || "track",
          findTaken: (stem) =>
            tx.degreeTrack.findMany({ where: { slug: { startsWith: stem } }, select: { slug: true } }),
        }));
      const values = { ...track, slug };
      const { id } = await oncePerSubmission(tx, { key: submissionKey, userId: actor.id }, async () => {
        const created = await tx.degreeTrack.create({ data: { programId, ...values }, select: { id: true } });
        await audit({
          tx,
          actor,
          action: "degree-track.created",
          entityType: "DegreeTrack",
          entityId: created.id,
          data: { programId, after: values },
        });
        return created.id;
      });
      return { ok: true, trackId: id } as const;
    }),
  );
}

/** Saves a degree track of this program; an empty slug keeps the current one. */
export async function updateDegreeTrack({
  actor,
  programId,
  trackId,
  track,
}: {
  actor: Actor;
  programId: string;
  trackId: string;
  track: DegreeTrackDetails;
}): Promise<{ ok: true } | ProgramAdminRefusal<"notAllowed" | "notFound" | "trackSlugTaken">> {
  if (!can(actor, "program:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(programId) || !isUuid(trackId)) return { ok: false, reason: "notFound" };
  return withUniqueConflictAs("trackSlugTaken", () =>
    prisma.$transaction(async (tx) => {
      const current = await tx.degreeTrack.findFirst({
        where: { id: trackId, programId },
        select: {
          slug: true,
          nameKo: true,
          nameEn: true,
          descriptionKo: true,
          descriptionEn: true,
          requiredCredits: true,
          position: true,
        },
      });
      if (!current) return { ok: false, reason: "notFound" } as const;
      const after = { ...track, slug: track.slug ?? current.slug };
      if (
        after.slug !== current.slug &&
        (await tx.degreeTrack.findUnique({ where: { slug: after.slug }, select: { id: true } }))
      ) {
        return { ok: false, reason: "trackSlugTaken" } as const;
      }
      const changed = changedValues(current, after);
      if (!changed) return { ok: true } as const;
      await tx.degreeTrack.update({ where: { id: trackId }, data: changed.after, select: { id: true } });
      await audit({
        tx,
        actor,
        action: "degree-track.updated",
        entityType: "DegreeTrack",
        entityId: trackId,
        data: { programId, ...changed },
      });
      return { ok: true } as const;
    }),
  );
}

/** Takes a track off the program page and the student-record picker; its students keep it. */
export async function archiveDegreeTrack({
  actor,
  programId,
  trackId,
  now = new Date(),
}: {
  actor: Actor;
  programId: string;
  trackId: string;
  now?: Date;
}) {
  return setDegreeTrackArchived({ actor, programId, trackId, archivedAt: now });
}

export async function restoreDegreeTrack({
  actor,
  programId,
  trackId,
}: {
  actor: Actor;
  programId: string;
  trackId: string;
}) {
  return setDegreeTrackArchived({ actor, programId, trackId, archivedAt: null });
}

async function setDegreeTrackArchived({
  actor,
  programId,
  trackId,
  archivedAt,
}: {
  actor: Actor;
  programId: string;
  trackId: string;
  archivedAt: Date | null;
}): Promise<{ ok: true } | ProgramAdminRefusal<"notAllowed" | "notFound">> {
  if (!can(actor, "program:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(programId) || !isUuid(trackId)) return { ok: false, reason: "notFound" };
  return setArchivedAt({
    actor,
    archivedAt,
    entityType: "DegreeTrack",
    entityId: trackId,
    action: archivedAt ? "degree-track.archived" : "degree-track.restored",
    find: (tx) => tx.degreeTrack.findFirst({ where: { id: trackId, programId }, select: { archivedAt: true } }),
    save: (tx) => tx.degreeTrack.update({ where: { id: trackId }, data: { archivedAt }, select: { id: true } }),
  });
}

// ───────────────────────────── Terms ─────────────────────────────

/** Adds a term to a graduate program; a program has one term per year and season. */
export async function createTerm({
  actor,
  programId,
  term,
  submissionKey,
}: {
  actor: Actor;
  programId: string;
  term: TermDetails;
  submissionKey?: string;
}): Promise<
  { ok: true; termId: string } | ProgramAdminRefusal<"notAllowed" | "notFound" | "notGraduate" | "termTaken">
> {
  if (!can(actor, "program:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(programId)) return { ok: false, reason: "notFound" };
  return withUniqueConflictAs("termTaken", () =>
    prisma.$transaction(async (tx) => {
      const program = await tx.program.findUnique({ where: { id: programId }, select: { kind: true } });
      if (!program) return { ok: false, reason: "notFound" } as const;
      if (program.kind !== "GRADUATE") return { ok: false, reason: "notGraduate" } as const;
      const taken = await tx.term.findUnique({
        where: { programId_year_season: { programId, year: term.year, season: term.season } },
        select: { id: true },
      });
      if (taken) {
        const earlier = await findEarlierResult({ actor, submissionKey });
        if (earlier) return { ok: true, termId: earlier } as const;
        return { ok: false, reason: "termTaken" } as const;
      }
      const { id } = await oncePerSubmission(tx, { key: submissionKey, userId: actor.id }, async () => {
        const created = await tx.term.create({ data: { programId, ...term }, select: { id: true } });
        await audit({
          tx,
          actor,
          action: "term.created",
          entityType: "Term",
          entityId: created.id,
          data: { programId, after: termAuditValues(term) },
        });
        return created.id;
      });
      return { ok: true, termId: id } as const;
    }),
  );
}

/** Saves a term of this program; its year and season may not become another term's. */
export async function updateTerm({
  actor,
  programId,
  termId,
  term,
}: {
  actor: Actor;
  programId: string;
  termId: string;
  term: TermDetails;
}): Promise<{ ok: true } | ProgramAdminRefusal<"notAllowed" | "notFound" | "termTaken">> {
  if (!can(actor, "program:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(programId) || !isUuid(termId)) return { ok: false, reason: "notFound" };
  return withUniqueConflictAs("termTaken", () =>
    prisma.$transaction(async (tx) => {
      const current = await tx.term.findFirst({
        where: { id: termId, programId },
        select: { year: true, season: true, startsOn: true, endsOn: true },
      });
      if (!current) return { ok: false, reason: "notFound" } as const;
      if (current.year !== term.year || current.season !== term.season) {
        const taken = await tx.term.findUnique({
          where: { programId_year_season: { programId, year: term.year, season: term.season } },
          select: { id: true },
        });
        if (taken) return { ok: false, reason: "termTaken" } as const;
      }
      const changed = changedValues(termAuditValues(current), termAuditValues(term));
      if (!changed) return { ok: true } as const;
      await tx.term.update({ where: { id: termId }, data: term, select: { id: true } });
      await audit({
        tx,
        actor,
        action: "term.updated",
        entityType: "Term",
        entityId: termId,
        data: { programId, ...changed },
      });
      return { ok: true } as const;
    }),
  );
}

/** Takes a term off the program page and the studio's pickers; its courses keep it. */
export async function archiveTerm({
  actor,
  programId,
  termId,
  now = new Date(),
}: {
  actor: Actor;
  programId: string;
  termId: string;
  now?: Date;
}) {
  return setTermArchived({ actor, programId, termId, archivedAt: now });
}

export async function restoreTerm({ actor, programId, termId }: { actor: Actor; programId: string; termId: string }) {
  return setTermArchived({ actor, programId, termId, archivedAt: null });
}

async function setTermArchived({
  actor,
  programId,
  termId,
  archivedAt,
}: {
  actor: Actor;
  programId: string;
  termId: string;
  archivedAt: Date | null;
}): Promise<{ ok: true } | ProgramAdminRefusal<"notAllowed" | "notFound">> {
  if (!can(actor, "program:manage")) return { ok: false, reason: "notAllowed" };
  if (!isUuid(programId) || !isUuid(termId)) return { ok: false, reason: "notFound" };
  return setArchivedAt({
    actor,
    archivedAt,
    entityType: "Term",
    entityId: termId,
    action: archivedAt ? "term.archived" : "term.restored",
    find: (tx) => tx.term.findFirst({ where: { id: termId, programId }, select: { archivedAt: true } }),
    save: (tx) => tx.term.update({ where: { id: termId }, data: { archivedAt }, select: { id: true } }),
  });
}

// ───────────────────────────── Private helpers ─────────────────────────────

/**
 * Archives (`archivedAt` a moment) or restores (null) one row, with its audit entry. A row already
 * in that state is left as it is and nothing is audited, so a repeated click changes nothing.
 */
async function setArchivedAt({
  actor,
  archivedAt,
  entityType,
  entityId,
  action,
  find,
  save,
}: {
  actor: Actor;
  archivedAt: Date | null;
  entityType: "Program" | "DegreeTrack" | "Term";
  entityId: string;
  action: string;
  find: (tx: Transaction) => Promise<{ archivedAt: Date | null } | null>;
  save: (tx: Transaction) => Promise<unknown>;
}): Promise<{ ok: true } | ProgramAdminRefusal<"notFound">> {
  return prisma.$transaction(async (tx) => {
    const current = await find(tx);
    if (!current) return { ok: false, reason: "notFound" } as const;
    if ((current.archivedAt === null) === (archivedAt === null)) return { ok: true } as const;
    await save(tx);
    await audit({
      tx,
      actor,
      action,
      entityType,
      entityId,
      data: {
        before: { archivedAt: current.archivedAt?.toISOString() ?? null },
        after: { archivedAt: archivedAt?.toISOString() ?? null },
      },
    });
    return { ok: true } as const;
  });
}

/** What a repeat of a committed creating form made, so it answers with that instead of a conflict. */
async function findEarlierResult({ actor, submissionKey }: { actor: Actor; submissionKey?: string }) {
  return submissionKey ? findSubmissionResult({ key: submissionKey, userId: actor.id }) : null;
}

/** `stem`, or the first of `stem-2`, `stem-3`… that no row has. */
async function findFreeSlug({
  stem,
  findTaken,
}: {
  stem: string;
  findTaken: (stem: string) => Promise<{ slug: string }[]>;
}) {
  const taken = new Set((await findTaken(stem)).map((row) => row.slug));
  if (!taken.has(stem)) return stem;
  for (let suffix = 2; ; suffix++) {
    const candidate = `${stem}-${suffix}`;
    if (!taken.has(candidate)) return candidate;
  }
}

type AuditValue = string | number | boolean | null;

/** The fields whose values differ, before and after; null when nothing changed. */
function changedValues<T extends Record<string, AuditValue>>(before: T, after: T) {
  const keys = (Object.keys(after) as (keyof T & string)[]).filter((key) => before[key] !== after[key]);
  if (keys.length === 0) return null;
  return {
    before: Object.fromEntries(keys.map((key) => [key, before[key]])) as Partial<T>,
    after: Object.fromEntries(keys.map((key) => [key, after[key]])) as Partial<T>,
  };
}

function termAuditValues(term: { year: number; season: string; startsOn: Date; endsOn: Date }) {
  return {
    year: term.year,
    season: term.season,
    startsOn: term.startsOn.toISOString().slice(0, 10),
    endsOn: term.endsOn.toISOString().slice(0, 10),
  };
}

/** Two saves of one slug (or one term) at the same moment: the unique index refuses the second. */
async function withUniqueConflictAs<T, Reason extends keyof typeof PROGRAM_ADMIN_REFUSALS>(
  reason: Reason,
  run: () => Promise<T>,
): Promise<T | ProgramAdminRefusal<Reason>> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof Prisma.PrismaClientKnownRequestError && error.code === "P2002") {
      return { ok: false, reason };
    }
    throw error;
  }
}

async function audit({
  tx,
  actor,
  action,
  entityType,
  entityId,
  data,
}: {
  tx: Transaction;
  actor: Actor;
  action: string;
  entityType: "Program" | "DegreeTrack" | "Term";
  entityId: string;
  data: Prisma.InputJsonObject;
}) {
  await recordAuditEvent({
    db: tx,
    actorId: actor.id,
    action,
    entityType,
    entityId,
    data,
    ipAddress: actor.ipAddress,
  });
}
