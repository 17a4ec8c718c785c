// Who may do what, as data plus one pure function. Universal on purpose: components call `can` to
// hide a button, guards call it to answer 403, so the two can never disagree.
import type { Role } from "~/generated/prisma/client";

export const actions = [
  "course:create",
  "course:manage",
  "course:publish",
  "course:viewLearners",
  "enrollment:decide",
  "learnerRecord:view",
  "user:manage",
  "outbox:view",
  "cohort:manage",
  "program:manage",
  "attendance:take",
  "learner:nudge",
  "transcript:view",
  "certificate:revoke",
  "certificate:issue",
  "report:export",
  "admin:access",
] as const;

export type Action = (typeof actions)[number];

/** The signed-in user as far as permissions care; null is an anonymous visitor. */
export type Actor = { id: string; role: Role } | null;

/** Facts about the thing acted on that scoped grants need. */
export type PermissionResource = {
  /** Everyone who teaches the course in question, co-instructors included. */
  instructorIds?: readonly string[];
  /** Those of them who lead it (the LEAD role): they alone publish, archive and choose co-instructors. */
  leadInstructorIds?: readonly string[];
  /** The learner whose record (progress, submissions, certificates) is being looked at. */
  learnerId?: string;
};

/**
 * How far a grant reaches: `any` regardless of resource; `teaching` only for a course the actor
 * teaches; `leading` only for a course the actor leads; `own` only for the actor's own learner record.
 */
export type Scope = "any" | "teaching" | "leading" | "own";

type Grants = Partial<Record<Action, readonly Scope[]>>;

// Admins may do everything, so their grants are derived rather than listed and cannot fall behind.
const adminGrants = Object.fromEntries(actions.map((action) => [action, ["any"]])) as Record<Action, Scope[]>;

export const rolePermissions = {
  LEARNER: {
    "learnerRecord:view": ["own"],
    "transcript:view": ["own"],
  },
  INSTRUCTOR: {
    "course:create": ["any"],
    "course:manage": ["teaching"],
    "course:publish": ["leading"],
    "course:viewLearners": ["teaching"],
    "enrollment:decide": ["teaching"],
    "learnerRecord:view": ["own", "teaching"],
    // The roster of a cohort whose assigned course they teach (instructorIds: the cohort's).
    "attendance:take": ["teaching"],
    "learner:nudge": ["teaching"],
    "transcript:view": ["own"],
    "certificate:revoke": ["teaching"],
  },
  ADMIN: adminGrants,
} as const satisfies Record<Role, Grants>;

function isInScope(scope: Scope, actorId: string, resource: PermissionResource | undefined) {
  switch (scope) {
    case "any":
      return true;
    case "teaching":
      return resource?.instructorIds?.includes(actorId) ?? false;
    case "leading":
      return resource?.leadInstructorIds?.includes(actorId) ?? false;
    case "own":
      return resource?.learnerId !== undefined && resource.learnerId === actorId;
  }
}

/**
 * Whether `actor` may perform `action` on `resource`. Scoped grants deny when the resource facts
 * they need are missing, so forgetting to pass `instructorIds` fails closed.
 */
export function can(actor: Actor, action: Action, resource?: PermissionResource): boolean {
  if (!actor) return false;
  const grants: Grants = rolePermissions[actor.role];
  const scopes = grants[action];
  return scopes?.some((scope) => isInScope(scope, actor.id, resource)) ?? false;
}
