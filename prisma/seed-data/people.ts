// The demo's people: accounts to sign in with, and classmates who fill rosters and cohorts.
import type { Locale, Role } from "../../app/generated/prisma/enums";

export type DemoAccount = {
  role: Role;
  email: string;
  name: string;
  locale: Locale;
};

export const INSTRUCTOR_EMAIL = "instructor@bitgoeul.example";
export const INSTRUCTOR_EN_EMAIL = "emily.carter@bitgoeul.example";
export const LEARNER_EMAIL = "learner@bitgoeul.example";

/**
 * The accounts the start script prints, so anyone can sign in and look around. Their passwords are
 * generated per installation (prisma/demo-passwords.ts), never written here.
 */
export const DEMO_ACCOUNTS: readonly DemoAccount[] = [
  {
    role: "ADMIN",
    email: "admin@bitgoeul.example",
    name: "관리자 김빛나",
    locale: "ko",
  },
  {
    role: "INSTRUCTOR",
    email: INSTRUCTOR_EMAIL,
    name: "이서연 교수",
    locale: "ko",
  },
  {
    role: "INSTRUCTOR",
    email: INSTRUCTOR_EN_EMAIL,
    name: "Emily Carter",
    locale: "en",
  },
  {
    role: "LEARNER",
    email: LEARNER_EMAIL,
    name: "박지훈",
    locale: "ko",
  },
];

// Learners who fill rosters and cohorts; they have no password and cannot sign in.
export const CLASSMATES: readonly { email: string; name: string }[] = [
  { email: "yuna.choi@bitgoeul.example", name: "최유나" },
  { email: "minho.jung@bitgoeul.example", name: "정민호" },
  { email: "doyoon.han@bitgoeul.example", name: "한도윤" },
  { email: "seojun.kang@bitgoeul.example", name: "강서준" },
  { email: "haeun.yoon@bitgoeul.example", name: "윤하은" },
  { email: "taeoh.lim@bitgoeul.example", name: "임태오" },
];
