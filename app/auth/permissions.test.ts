import { describe, expect, test } from "vitest";
import { actions, can, type Action, type Actor, type PermissionResource } from "~/auth/permissions";

const actors = {
  anonymous: null,
  learner: { id: "learner", role: "LEARNER" },
  otherLearner: { id: "other-learner", role: "LEARNER" },
  leadInstructor: { id: "lead", role: "INSTRUCTOR" },
  coInstructor: { id: "co", role: "INSTRUCTOR" },
  otherCourseInstructor: { id: "elsewhere", role: "INSTRUCTOR" },
  admin: { id: "admin", role: "ADMIN" },
} satisfies Record<string, Actor>;

type ActorName = keyof typeof actors;

// Course A is taught by the lead and the co-instructor; the other instructor teaches another course.
const courseA: PermissionResource = { instructorIds: ["lead", "co"], leadInstructorIds: ["lead"] };
const learnerRecordInA: PermissionResource = { learnerId: "learner", instructorIds: ["lead", "co"] };
// An instructor may also be a learner, here in a course none of these actors teaches.
const otherInstructorsRecord: PermissionResource = { learnerId: "elsewhere", instructorIds: ["someone-else"] };

// Each row lists who may; every other actor must be refused.
const table: [Action, string, PermissionResource | undefined, ActorName[]][] = [
  ["course:create", "no resource", undefined, ["leadInstructor", "coInstructor", "otherCourseInstructor", "admin"]],
  ["course:manage", "course A", courseA, ["leadInstructor", "coInstructor", "admin"]],
  ["course:manage", "no resource", undefined, ["admin"]],
  ["course:publish", "course A", courseA, ["leadInstructor", "admin"]],
  ["course:publish", "course A without its leads named", { instructorIds: ["lead", "co"] }, ["admin"]],
  ["course:viewLearners", "course A", courseA, ["leadInstructor", "coInstructor", "admin"]],
  ["enrollment:decide", "course A", courseA, ["leadInstructor", "coInstructor", "admin"]],
  ["enrollment:decide", "no resource", undefined, ["admin"]],
  [
    "learnerRecord:view",
    "the learner's record in course A",
    learnerRecordInA,
    ["learner", "leadInstructor", "coInstructor", "admin"],
  ],
  [
    "learnerRecord:view",
    "the other instructor's own record",
    otherInstructorsRecord,
    ["otherCourseInstructor", "admin"],
  ],
  ["learnerRecord:view", "no resource", undefined, ["admin"]],
  ["user:manage", "no resource", undefined, ["admin"]],
  ["outbox:view", "no resource", undefined, ["admin"]],
  ["cohort:manage", "no resource", undefined, ["admin"]],
  ["program:manage", "no resource", undefined, ["admin"]],
  // A cohort whose assigned courses the lead and the co-instructor teach.
  ["attendance:take", "a cohort taking course A", courseA, ["leadInstructor", "coInstructor", "admin"]],
  ["attendance:take", "no resource", undefined, ["admin"]],
  ["learner:nudge", "course A's learners", courseA, ["leadInstructor", "coInstructor", "admin"]],
  ["learner:nudge", "no resource", undefined, ["admin"]],
  ["transcript:view", "the learner's transcript", { learnerId: "learner" }, ["learner", "admin"]],
  ["transcript:view", "an instructor's own transcript", { learnerId: "elsewhere" }, ["otherCourseInstructor", "admin"]],
  ["certificate:revoke", "a certificate of course A", courseA, ["leadInstructor", "coInstructor", "admin"]],
  ["certificate:revoke", "no resource", undefined, ["admin"]],
  ["certificate:issue", "a degree track certificate", { learnerId: "learner" }, ["admin"]],
  ["report:export", "no resource", undefined, ["admin"]],
  ["admin:access", "no resource", undefined, ["admin"]],
];

const actorNames = Object.keys(actors) as ActorName[];
const cases = table.flatMap(([action, resourceName, resource, allowed]) =>
  actorNames.map((actorName) => ({ action, resourceName, resource, actorName, expected: allowed.includes(actorName) })),
);

describe("can", () => {
  test.each(cases)("$actorName · $action · $resourceName → $expected", ({ action, resource, actorName, expected }) => {
    expect(can(actors[actorName], action, resource)).toBe(expected);
  });

  test("the table covers every action", () => {
    expect(new Set(table.map(([action]) => action))).toEqual(new Set(actions));
  });

  test("admins may do everything, with or without a resource", () => {
    for (const action of actions) {
      expect(can(actors.admin, action)).toBe(true);
      expect(can(actors.admin, action, { instructorIds: [] })).toBe(true);
    }
  });

  test("a learner may not view another learner's record even when taught the same course", () => {
    expect(can(actors.otherLearner, "learnerRecord:view", learnerRecordInA)).toBe(false);
  });

  test("an empty instructor list grants no instructor anything", () => {
    expect(can(actors.leadInstructor, "course:manage", { instructorIds: [] })).toBe(false);
  });
});
