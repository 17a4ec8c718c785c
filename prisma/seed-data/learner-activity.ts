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
  // AI501's graduate students, whose quizzes and assignments seed-data/grading-activity.ts hands in.
  // 최유나 is ahead of the class: all but the final project done.
  {
    learnerEmail: "yuna.choi@bitgoeul.example",
    folder: "ai501",
    status: "ACTIVE",
    enrolledDaysAgo: 42,
    progress: [
      { lessonSlug: "what-is-machine-learning", status: "COMPLETED", daysAgo: 40, secondsSpent: 980 },
      { lessonSlug: "linear-regression", status: "COMPLETED", daysAgo: 34, secondsSpent: 2280 },
      { lessonSlug: "gradient-descent", status: "COMPLETED", daysAgo: 20, secondsSpent: 1490 },
      { lessonSlug: "further-reading-bias-variance", status: "COMPLETED", daysAgo: 19, secondsSpent: 760 },
      { lessonSlug: "logistic-regression", status: "COMPLETED", daysAgo: 10, secondsSpent: 2010 },
      { lessonSlug: "model-evaluation", status: "COMPLETED", daysAgo: 8, secondsSpent: 1830 },
    ],
  },
  {
    learnerEmail: "doyoon.han@bitgoeul.example",
    folder: "ai501",
    status: "ACTIVE",
    enrolledDaysAgo: 40,
    progress: [
      { lessonSlug: "what-is-machine-learning", status: "COMPLETED", daysAgo: 36, secondsSpent: 1100 },
      { lessonSlug: "linear-regression", status: "COMPLETED", daysAgo: 30, secondsSpent: 2460 },
      { lessonSlug: "gradient-descent", status: "COMPLETED", daysAgo: 16, secondsSpent: 1620 },
      { lessonSlug: "logistic-regression", status: "COMPLETED", daysAgo: 7, secondsSpent: 2050 },
      { lessonSlug: "model-evaluation", status: "IN_PROGRESS", daysAgo: 2, secondsSpent: 640 },
    ],
  },
  {
    learnerEmail: "seojun.kang@bitgoeul.example",
    folder: "ai501",
    status: "ACTIVE",
    enrolledDaysAgo: 38,
    progress: [
      { lessonSlug: "what-is-machine-learning", status: "COMPLETED", daysAgo: 35, secondsSpent: 900 },
      { lessonSlug: "linear-regression", status: "COMPLETED", daysAgo: 29, secondsSpent: 2200 },
      { lessonSlug: "gradient-descent", status: "COMPLETED", daysAgo: 15, secondsSpent: 1500 },
      { lessonSlug: "logistic-regression", status: "COMPLETED", daysAgo: 6, secondsSpent: 1880 },
      { lessonSlug: "model-evaluation", status: "COMPLETED", daysAgo: 3, secondsSpent: 1720 },
    ],
  },
  {
    learnerEmail: "haeun.yoon@bitgoeul.example",
    folder: "ai501",
    status: "ACTIVE",
    enrolledDaysAgo: 35,
    progress: [
      { lessonSlug: "what-is-machine-learning", status: "COMPLETED", daysAgo: 33, secondsSpent: 1320 },
      { lessonSlug: "linear-regression", status: "COMPLETED", daysAgo: 27, secondsSpent: 2600 },
      { lessonSlug: "gradient-descent", status: "COMPLETED", daysAgo: 12, secondsSpent: 1580 },
      { lessonSlug: "logistic-regression", status: "COMPLETED", daysAgo: 5, secondsSpent: 2300 },
      { lessonSlug: "model-evaluation", status: "COMPLETED", daysAgo: 4, secondsSpent: 1900 },
    ],
  },
  {
    learnerEmail: "taeoh.lim@bitgoeul.example",
    folder: "ai501",
    status: "ACTIVE",
    enrolledDaysAgo: 33,
    progress: [
      { lessonSlug: "what-is-machine-learning", status: "COMPLETED", daysAgo: 31, secondsSpent: 1010 },
      { lessonSlug: "linear-regression", status: "COMPLETED", daysAgo: 24, secondsSpent: 2150 },
      { lessonSlug: "gradient-descent", status: "IN_PROGRESS", daysAgo: 6, secondsSpent: 870 },
    ],
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
