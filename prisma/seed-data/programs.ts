// The demo's programs with their terms, degree tracks and cohorts (and who is in each cohort).
import type { CohortMemberRole, GradeScale, ProgramKind, TermSeason } from "../../app/generated/prisma/enums";
import { INSTRUCTOR_EMAIL, INSTRUCTOR_EN_EMAIL, LEARNER_EMAIL } from "./people";

export type DemoTerm = { year: number; season: TermSeason; startsOn: string; endsOn: string };

export type DemoDegreeTrack = {
  slug: string;
  nameKo: string;
  nameEn: string;
  descriptionKo: string;
  descriptionEn: string;
  requiredCredits: number;
  position: number;
};

export type DemoCohort = {
  slug: string;
  name: string;
  startsOn: string;
  endsOn: string;
  members: { email: string; role: CohortMemberRole }[];
};

export type DemoProgram = {
  slug: string;
  kind: ProgramKind;
  nameKo: string;
  nameEn: string;
  descriptionKo: string;
  descriptionEn: string;
  position: number;
  /** The letter-grade scale of its credit courses. */
  gradeScale: GradeScale;
  terms: DemoTerm[];
  degreeTracks: DemoDegreeTrack[];
  cohorts: DemoCohort[];
};

export const PROGRAMS: readonly DemoProgram[] = [
  {
    slug: "graduate-school-of-ai",
    kind: "GRADUATE",
    nameKo: "AI 대학원",
    nameEn: "Graduate School of AI",
    descriptionKo:
      "인공지능 석사 학위 과정입니다. 학기제로 운영되며, 학점이 인정되는 전공 과목과 연구 프로젝트로 구성됩니다.",
    descriptionEn:
      "A master's degree programme in artificial intelligence, run by semesters, with credit-bearing courses and a research project.",
    position: 0,
    gradeScale: "KR_4_5",
    terms: [{ year: 2026, season: "FALL", startsOn: "2026-09-01", endsOn: "2026-12-18" }],
    degreeTracks: [
      {
        slug: "ms-artificial-intelligence",
        nameKo: "인공지능학 석사 (M.S.)",
        nameEn: "M.S. in Artificial Intelligence",
        descriptionKo:
          "전공 과목 24학점과 석사 논문으로 이루어진 2년 과정입니다. 머신러닝 기초(AI501)를 첫 학기에 이수합니다.",
        descriptionEn:
          "A two-year track of 24 credits of coursework and a master's thesis. Students take Machine Learning Foundations (AI501) in their first term.",
        requiredCredits: 24,
        position: 0,
      },
      {
        slug: "phd-artificial-intelligence",
        nameKo: "인공지능학 박사 (Ph.D.)",
        nameEn: "Ph.D. in Artificial Intelligence",
        descriptionKo: "전공 과목 36학점, 자격시험과 박사 논문으로 이루어진 연구 중심 과정입니다.",
        descriptionEn:
          "A research track of 36 credits of coursework, a qualifying examination and a doctoral dissertation.",
        requiredCredits: 36,
        position: 1,
      },
    ],
    cohorts: [],
  },
  {
    slug: "ai-academy",
    kind: "ACADEMY",
    nameKo: "AI 아카데미",
    nameEn: "AI Academy",
    descriptionKo:
      "8–12주 기수제로 운영되는 실무형 AI 교육 과정입니다. 비학위 과정이며, 과정을 마치면 수료증을 발급합니다.",
    descriptionEn:
      "Hands-on AI bootcamps run in 8–12 week cohorts. A non-degree programme; learners who finish receive a certificate.",
    position: 1,
    // Its courses give no credits and so no letters; the scale is the default.
    gradeScale: "KR_4_5",
    terms: [],
    degreeTracks: [],
    cohorts: [
      {
        slug: "academy-2026-fall-data",
        name: "2026 가을 7기 데이터 트랙",
        startsOn: "2026-10-05",
        endsOn: "2026-12-18",
        members: [
          { email: INSTRUCTOR_EMAIL, role: "MENTOR" },
          { email: LEARNER_EMAIL, role: "LEARNER" },
          { email: "yuna.choi@bitgoeul.example", role: "LEARNER" },
          { email: "minho.jung@bitgoeul.example", role: "LEARNER" },
        ],
      },
      {
        // Finished in August; its graduates and their outcomes are generated (seed-cohort-operations.ts).
        slug: "academy-2026-spring-vision",
        name: "2026 봄 6기 비전 트랙",
        startsOn: "2026-03-02",
        endsOn: "2026-08-28",
        members: [],
      },
      {
        slug: "academy-2026-fall-mlops",
        name: "2026 가을 7기 MLOps 트랙",
        startsOn: "2026-10-12",
        endsOn: "2026-12-18",
        members: [
          { email: INSTRUCTOR_EN_EMAIL, role: "MENTOR" },
          { email: "doyoon.han@bitgoeul.example", role: "LEARNER" },
        ],
      },
    ],
  },
];
