// What demo learners have done so far, written only on the first seed (see prisma/seed.ts): who is
// enrolled where, and which lessons they viewed or completed how many days before the seed ran.
import type { ProgressStatus } from "../../app/generated/prisma/enums";
import { LEARNER_EMAIL } from "./people";

export type DemoProgress = {
  lessonSlug: string;
  status: ProgressStatus;
  /** When the lesson was last viewed (and completed, if it was), in days before the seed ran. */
  daysAgo: number;
  secondsSpent: number;
};

export type DemoEnrollment = {
  learnerEmail: string;
  /** The course's package folder under courses/. */
  folder: string;
  cohortSlug?: string;
  status: "ACTIVE" | "COMPLETED";
  enrolledDaysAgo: number;
  progress: DemoProgress[];
};

export const ENROLLMENTS: readonly DemoEnrollment[] = [
  {
    learnerEmail: LEARNER_EMAIL,
    folder: "ai501",
    status: "ACTIVE",
    enrolledDaysAgo: 20,
    progress: [
      { lessonSlug: "what-is-machine-learning", status: "COMPLETED", daysAgo: 8, secondsSpent: 1260 },
      { lessonSlug: "linear-regression", status: "COMPLETED", daysAgo: 5, secondsSpent: 2340 },
      { lessonSlug: "gradient-descent", status: "IN_PROGRESS", daysAgo: 1, secondsSpent: 540 },
    ],
  },
  {
    learnerEmail: LEARNER_EMAIL,
    folder: "aca101",
    status: "COMPLETED",
    enrolledDaysAgo: 78,
    progress: [
      { lessonSlug: "python-and-colab", status: "COMPLETED", daysAgo: 75, secondsSpent: 1500 },
      { lessonSlug: "pandas-dataframe", status: "COMPLETED", daysAgo: 70, secondsSpent: 2520 },
      { lessonSlug: "data-cleaning", status: "COMPLETED", daysAgo: 66, secondsSpent: 1980 },
      { lessonSlug: "visualization-with-matplotlib", status: "COMPLETED", daysAgo: 62, secondsSpent: 2100 },
      { lessonSlug: "mini-project-air-quality-report", status: "COMPLETED", daysAgo: 57, secondsSpent: 4260 },
    ],
  },
  {
    learnerEmail: "yuna.choi@bitgoeul.example",
    folder: "ai501",
    status: "ACTIVE",
    enrolledDaysAgo: 30,
    progress: [{ lessonSlug: "what-is-machine-learning", status: "COMPLETED", daysAgo: 12, secondsSpent: 980 }],
  },
  {
    learnerEmail: "minho.jung@bitgoeul.example",
    folder: "aca201",
    cohortSlug: "academy-2026-fall-data",
    status: "ACTIVE",
    enrolledDaysAgo: 50,
    progress: [
      { lessonSlug: "framing-ml-problems", status: "COMPLETED", daysAgo: 45, secondsSpent: 1740 },
      { lessonSlug: "feature-engineering-and-leakage", status: "COMPLETED", daysAgo: 38, secondsSpent: 2880 },
      { lessonSlug: "gradient-boosting", status: "IN_PROGRESS", daysAgo: 3, secondsSpent: 900 },
    ],
  },
];
