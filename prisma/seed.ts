// Demo data for people trying Bitgoeul: accounts, two programs, courses with real lessons, and a
// learner part-way through. Run with `npm run db:seed`; running it again changes no row counts.
//
// Policy on re-runs: accounts and course content are brought back to what this file says (so fixes
// to the content land); learner activity (enrollments, their events and lesson progress) is
// written only the first time, so whatever someone did in the demo afterwards is kept. Rollups are
// recomputed from the rows every time, so they stay consistent either way.

import path from "node:path";
import { pathToFileURL } from "node:url";
import { hashPassword } from "../app/auth/password.server";
import type {
  CohortMemberRole,
  CourseInstructorRole,
  CourseLevel,
  EnrollmentPolicy,
  Locale,
  ProgramKind,
  ProgressStatus,
  QuestionKind,
  Role,
  TermSeason,
} from "../app/generated/prisma/enums";
import type { Prisma } from "../app/generated/prisma/client";
import { createPrismaClient, type Database } from "../app/lib/prisma-client.server";
import { renderMarkdown } from "../app/lib/markdown.server";

// ───────────────────────────── Shapes of the demo data ─────────────────────────────

export type DemoAccount = {
  role: Role;
  email: string;
  name: string;
  locale: Locale;
};

type ClassmateSeed = { email: string; name: string };

type CohortSeed = {
  slug: string;
  name: string;
  startsOn: string;
  endsOn: string;
  members: { email: string; role: CohortMemberRole }[];
};

type ProgramSeed = {
  slug: string;
  kind: ProgramKind;
  nameKo: string;
  nameEn: string;
  descriptionKo: string;
  descriptionEn: string;
  position: number;
  terms: { year: number; season: TermSeason; startsOn: string; endsOn: string }[];
  degreeTracks: DegreeTrackSeed[];
  cohorts: CohortSeed[];
};

type DegreeTrackSeed = {
  slug: string;
  nameKo: string;
  nameEn: string;
  descriptionKo: string;
  descriptionEn: string;
  requiredCredits: number;
  position: number;
};

type Choice = { id: string; text: string };

type QuestionSeed = {
  kind: QuestionKind;
  prompt: string;
  choices: Choice[];
  /** Ids of the correct choices. */
  answer: string[];
  explanation: string;
};

type QuizSeed = {
  passingScore: number;
  maxAttempts: number | null;
  timeLimitMinutes: number | null;
  questions: QuestionSeed[];
};

type AssignmentSeed = {
  dueAt: string;
  maxPoints: number;
  passingPoints: number;
  allowsFile: boolean;
};

type LessonSeed = {
  slug: string;
  title: string;
  durationMinutes: number;
  /** Only optional readings say so; every other lesson counts towards completion. */
  isRequired?: false;
  markdown: string;
} & (
  | { kind: "ARTICLE" }
  | { kind: "VIDEO"; videoUrl: string; transcript: string }
  | { kind: "QUIZ"; quiz: QuizSeed }
  | { kind: "ASSIGNMENT"; assignment: AssignmentSeed }
);

type ModuleSeed = { title: string; summary: string; lessons: LessonSeed[] };

type CourseSeed = {
  slug: string;
  code: string;
  programSlug: string;
  term?: { year: number; season: TermSeason };
  title: string;
  summary: string;
  descriptionMarkdown: string;
  credits: number | null;
  level: CourseLevel;
  language: Locale;
  tags: string[];
  enrollmentPolicy: EnrollmentPolicy;
  capacity?: number;
  startsOn: string;
  endsOn: string;
  /** A draft course's lessons are drafts too. */
  status: "PUBLISHED" | "DRAFT";
  instructors: { email: string; role: CourseInstructorRole }[];
  prerequisiteSlugs?: string[];
  cohorts?: { slug: string; startsOn: string; dueOn: string }[];
  modules: ModuleSeed[];
};

type ProgressSeed = {
  lessonSlug: string;
  status: ProgressStatus;
  /** When the lesson was last viewed (and completed, if it was), in days before the seed ran. */
  daysAgo: number;
  secondsSpent: number;
};

type EnrollmentSeed = {
  learnerEmail: string;
  courseSlug: string;
  cohortSlug?: string;
  status: "ACTIVE" | "COMPLETED";
  enrolledDaysAgo: number;
  progress: ProgressSeed[];
};

// ───────────────────────────── People ─────────────────────────────

const INSTRUCTOR_EMAIL = "instructor@bitgoeul.example";
const INSTRUCTOR_EN_EMAIL = "emily.carter@bitgoeul.example";
const LEARNER_EMAIL = "learner@bitgoeul.example";

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
const CLASSMATES: readonly ClassmateSeed[] = [
  { email: "yuna.choi@bitgoeul.example", name: "최유나" },
  { email: "minho.jung@bitgoeul.example", name: "정민호" },
  { email: "doyoon.han@bitgoeul.example", name: "한도윤" },
];

// ───────────────────────────── Programs, terms, cohorts ─────────────────────────────

const PROGRAMS: readonly ProgramSeed[] = [
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

// Every demo course takes enrollments from the summer until the end of January (Korean time).
const ENROLLMENT_OPENS_AT = new Date("2026-08-01T00:00:00+09:00");
const ENROLLMENT_CLOSES_AT = new Date("2027-01-31T23:59:59+09:00");
const PUBLISHED_AT = new Date("2026-07-20T10:00:00+09:00");

// ───────────────────────────── Courses: Graduate School of AI ─────────────────────────────

const AI501: CourseSeed = {
  slug: "ai501-machine-learning-2026-fall",
  code: "AI501",
  programSlug: "graduate-school-of-ai",
  term: { year: 2026, season: "FALL" },
  title: "머신러닝 기초",
  summary: "데이터로부터 학습하는 모델의 원리를 선형 회귀부터 분류, 모델 평가까지 수식과 코드로 익힙니다.",
  descriptionMarkdown: `AI 대학원 공통 기초 과목입니다. 선형대수와 확률의 기본 개념 위에서 **지도 학습**의 핵심 아이디어를 수식과 코드로 함께 익힙니다.

### 학습 목표

- 손실 함수와 최적화의 관점에서 학습을 설명할 수 있다.
- NumPy로 선형 회귀와 로지스틱 회귀를 직접 구현할 수 있다.
- 혼동 행렬, 정밀도·재현율, 교차 검증으로 모델을 평가할 수 있다.

### 평가

| 항목 | 비율 |
| --- | ---: |
| 퀴즈 | 20% |
| 과제 | 40% |
| 기말 프로젝트 | 40% |

선수 지식: 학부 수준의 선형대수, 확률과 통계, 파이썬 기초.`,
  credits: 3,
  level: "BEGINNER",
  language: "ko",
  tags: ["머신러닝", "회귀", "분류", "python"],
  enrollmentPolicy: "OPEN",
  startsOn: "2026-09-01",
  endsOn: "2026-12-18",
  status: "PUBLISHED",
  instructors: [{ email: INSTRUCTOR_EMAIL, role: "LEAD" }],
  modules: [
    {
      title: "머신러닝과 선형 회귀",
      summary: "학습의 정의, 선형 회귀와 경사 하강법",
      lessons: [
        {
          slug: "what-is-machine-learning",
          title: "머신러닝이란 무엇인가",
          kind: "ARTICLE",
          durationMinutes: 20,
          markdown: `## 머신러닝이란?

톰 미첼(Tom Mitchell)의 정의에 따르면, 어떤 작업 T에 대한 프로그램의 성능 P가 경험 E를 통해 향상될 때 그 프로그램은 경험 E로부터 **학습한다**고 말합니다. 스팸 필터라면 T는 메일 분류, P는 정확도, E는 사람이 스팸으로 표시한 메일 모음입니다.

전통적인 프로그래밍에서는 사람이 규칙을 작성하고 컴퓨터가 그 규칙을 데이터에 적용합니다. 머신러닝에서는 데이터와 정답을 주고, 컴퓨터가 규칙(모델의 파라미터)을 찾아냅니다.

## 학습의 세 가지 유형

| 유형 | 데이터 | 목표 | 예시 |
| --- | --- | --- | --- |
| 지도 학습 | 입력과 정답 레이블 | 새 입력의 정답 예측 | 집값 예측, 스팸 분류 |
| 비지도 학습 | 레이블 없는 입력 | 데이터의 구조 발견 | 고객 군집화, 차원 축소 |
| 강화 학습 | 환경과의 상호작용, 보상 | 누적 보상 최대화 | 게임 플레이, 로봇 제어 |

이 과목은 대부분의 시간을 지도 학습에 씁니다. 지도 학습 문제는 예측하려는 값이 연속적이면 **회귀**, 범주이면 **분류**라고 부릅니다.

## 일반화

학습의 목적은 훈련 데이터를 외우는 것이 아니라 처음 보는 데이터에서도 잘 작동하는 것, 즉 **일반화**입니다. 그래서 데이터를 훈련·검증·테스트 세트로 나누고, 테스트 세트는 마지막 평가 전까지 절대 들여다보지 않습니다.`,
        },
        {
          slug: "linear-regression",
          title: "선형 회귀",
          kind: "ARTICLE",
          durationMinutes: 35,
          markdown: `## 모델

입력 특성 벡터 $\\mathbf{x} \\in \\mathbb{R}^d$에 대해 선형 회귀는 다음과 같이 예측합니다.

$$
\\hat{y} = \\mathbf{w}^\\top \\mathbf{x} + b
$$

여기서 $\\mathbf{w}$는 가중치, $b$는 편향입니다. 광주의 아파트 가격을 예측한다면 $\\mathbf{x}$에는 전용면적, 준공 연도, 지하철역까지의 거리가 들어갈 수 있습니다.

## 손실 함수

n개의 훈련 샘플에 대해 평균 제곱 오차(MSE)를 최소화하는 파라미터를 찾습니다.

$$
L(\\mathbf{w}, b) = \\frac{1}{n} \\sum_{i=1}^{n} \\left( \\mathbf{w}^\\top \\mathbf{x}_i + b - y_i \\right)^2
$$

MSE는 볼록 함수이므로 지역 최솟값이 곧 전역 최솟값입니다. 편향을 가중치 벡터에 포함시키면 정규방정식 $\\mathbf{w}^* = (X^\\top X)^{-1} X^\\top \\mathbf{y}$로 해를 바로 구할 수도 있지만, 특성이 많을 때는 다음 레슨의 경사 하강법을 씁니다.

## NumPy 구현

~~~python
import numpy as np

rng = np.random.default_rng(seed=42)
X = rng.uniform(20, 130, size=(200, 1))               # 전용면적(㎡)
y = 0.045 * X[:, 0] + 1.2 + rng.normal(0, 0.3, 200)  # 가격(억 원)

X_b = np.hstack([X, np.ones((len(X), 1))])            # 편향 열 추가
w = np.linalg.solve(X_b.T @ X_b, X_b.T @ y)           # 정규방정식
print(f"기울기 {w[0]:.3f}, 절편 {w[1]:.3f}")
~~~

역행렬을 직접 계산하는 \`np.linalg.inv\`보다 \`np.linalg.solve\`가 수치적으로 안정적입니다.`,
        },
        {
          slug: "gradient-descent",
          title: "경사 하강법",
          kind: "VIDEO",
          durationMinutes: 25,
          videoUrl: "https://www.youtube.com/watch?v=IHZwWFHWa-w",
          transcript:
            "오늘은 경사 하강법을 다룹니다. 손실 함수를 산의 지형이라고 생각해 보세요. 눈을 가린 채 산비탈에 서 있다면 발밑의 기울기만 느낄 수 있습니다. 가장 가파르게 내려가는 방향으로 한 걸음씩 내딛다 보면 결국 골짜기에 도착합니다. 이때 한 걸음의 크기가 학습률입니다. 너무 크게 걸으면 골짜기를 지나쳐 반대편 비탈로 올라가고, 너무 작게 걸으면 해가 지도록 도착하지 못합니다. 실제 신경망에서는 파라미터가 수백만 개이므로 이 지형은 수백만 차원이지만, 원리는 똑같습니다.",
          markdown: `## 영상

3Blue1Brown의 *Gradient descent, how neural networks learn*(영어 강의, 약 20분)을 시청한 뒤 아래 정리를 읽어 보세요.

## 업데이트 규칙

경사 하강법은 손실이 가장 빠르게 줄어드는 방향, 즉 기울기의 반대 방향으로 파라미터를 조금씩 옮깁니다.

$$
\\mathbf{w} \\leftarrow \\mathbf{w} - \\eta \\, \\nabla_{\\mathbf{w}} L(\\mathbf{w})
$$

학습률 $\\eta$가 너무 크면 발산하고, 너무 작으면 수렴이 느립니다. 선형 회귀의 MSE에서 기울기는 $\\nabla_{\\mathbf{w}} L = \\frac{2}{n} X^\\top (X\\mathbf{w} - \\mathbf{y})$입니다.

~~~python
def gradient_descent(X, y, lr=0.01, epochs=1000):
    w = np.zeros(X.shape[1])
    for _ in range(epochs):
        grad = 2 / len(X) * X.T @ (X @ w - y)
        w -= lr * grad
    return w
~~~

## 확률적 경사 하강법

전체 데이터 대신 작은 미니배치로 기울기를 추정하면 한 번의 업데이트가 훨씬 저렴해집니다. 기울기에 잡음이 섞이지만, 이 잡음이 오히려 나쁜 지역 최솟값이나 안장점을 벗어나는 데 도움이 되기도 합니다. 특성의 스케일이 크게 다르면 손실 지형이 길쭉해져 수렴이 느려지므로, 학습 전에 표준화하는 습관을 들이세요.`,
        },
        {
          slug: "further-reading-bias-variance",
          title: "더 읽을거리: 편향과 분산",
          kind: "ARTICLE",
          durationMinutes: 15,
          isRequired: false,
          markdown: `> 선택 읽기 자료입니다. 수료 요건에는 포함되지 않습니다.

모델의 기대 테스트 오차는 세 부분으로 나눌 수 있습니다.

$$
\\mathbb{E}\\left[(y - \\hat{f}(x))^2\\right] = \\mathrm{Bias}\\big[\\hat{f}(x)\\big]^2 + \\mathrm{Var}\\big[\\hat{f}(x)\\big] + \\sigma^2
$$

- **편향**: 모델이 너무 단순해서 생기는 체계적인 오차(과소적합).
- **분산**: 훈련 데이터가 조금만 달라져도 예측이 크게 흔들리는 정도(과대적합).
- **잡음** $\\sigma^2$: 데이터 자체의 불확실성으로, 어떤 모델도 줄일 수 없습니다.

모델을 복잡하게 만들면 편향은 줄고 분산은 늘어납니다. 규제와 교차 검증은 이 둘 사이의 균형점을 찾는 도구입니다.

더 읽어 보기: Hastie, Tibshirani, Friedman, *The Elements of Statistical Learning*, 2판, 7장. 저자들이 공개한 PDF를 https://hastie.su.domains/ElemStatLearn/ 에서 받을 수 있습니다.`,
        },
      ],
    },
    {
      title: "분류와 모델 평가",
      summary: "로지스틱 회귀, 평가 지표, 교차 검증",
      lessons: [
        {
          slug: "logistic-regression",
          title: "로지스틱 회귀",
          kind: "ARTICLE",
          durationMinutes: 35,
          markdown: `## 확률로 분류하기

이진 분류에서는 선형 결합을 시그모이드 함수에 통과시켜 양성 클래스일 확률을 얻습니다.

$$
p(y = 1 \\mid \\mathbf{x}) = \\sigma(\\mathbf{w}^\\top \\mathbf{x} + b), \\qquad \\sigma(z) = \\frac{1}{1 + e^{-z}}
$$

## 교차 엔트로피 손실

로지스틱 회귀는 이진 교차 엔트로피, 즉 음의 로그 가능도를 최소화합니다.

$$
L = -\\frac{1}{n} \\sum_{i=1}^{n} \\left[ y_i \\log p_i + (1 - y_i) \\log (1 - p_i) \\right]
$$

MSE 대신 교차 엔트로피를 쓰는 이유는 시그모이드와 결합했을 때 손실이 볼록하고, 크게 틀린 예측에서도 기울기가 충분히 크기 때문입니다.

## scikit-learn 실습

~~~python
from sklearn.datasets import load_breast_cancer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import train_test_split
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

X, y = load_breast_cancer(return_X_y=True)
X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.2, stratify=y, random_state=0
)
model = make_pipeline(StandardScaler(), LogisticRegression(C=1.0))
model.fit(X_train, y_train)
print(f"테스트 정확도: {model.score(X_test, y_test):.3f}")
~~~

\`C\`는 규제 강도의 역수입니다. 값이 작을수록 가중치를 더 강하게 0 쪽으로 끌어당깁니다.`,
        },
        {
          slug: "model-evaluation",
          title: "모델 평가와 교차 검증",
          kind: "ARTICLE",
          durationMinutes: 30,
          markdown: `## 정확도만으로는 부족하다

양성 비율이 1%인 질병 진단 데이터에서 모든 환자를 음성으로 예측하면 정확도는 99%지만 쓸모없는 모델입니다. 그래서 혼동 행렬을 봅니다.

| | 예측: 양성 | 예측: 음성 |
| --- | --- | --- |
| **실제: 양성** | TP (진양성) | FN (위음성) |
| **실제: 음성** | FP (위양성) | TN (진음성) |

$$
\\text{Precision} = \\frac{TP}{TP + FP}, \\qquad \\text{Recall} = \\frac{TP}{TP + FN}, \\qquad F_1 = \\frac{2 \\cdot \\text{Precision} \\cdot \\text{Recall}}{\\text{Precision} + \\text{Recall}}
$$

암 검진처럼 놓치면 안 되는 문제에서는 재현율(recall)을, 스팸 필터처럼 오탐이 비싼 문제에서는 정밀도(precision)를 우선합니다. 분류 임곗값을 바꾸며 두 지표의 균형을 보여 주는 것이 PR 곡선입니다.

## 교차 검증

데이터를 k개 폴드로 나누어 한 폴드씩 돌아가며 검증에 쓰면, 데이터가 적어도 성능 추정의 분산을 줄일 수 있습니다.

~~~python
from sklearn.model_selection import StratifiedKFold, cross_val_score

cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=0)
scores = cross_val_score(model, X, y, cv=cv, scoring="f1")
print(f"F1 {scores.mean():.3f} ± {scores.std():.3f}")
~~~

하이퍼파라미터는 교차 검증으로 고르고, 테스트 세트로는 마지막에 한 번만 최종 성능을 보고합니다.`,
        },
        {
          slug: "classification-quiz",
          title: "퀴즈: 분류와 평가",
          kind: "QUIZ",
          durationMinutes: 15,
          markdown:
            "분류 모델과 평가 지표에 대한 이해를 확인합니다. 70점 이상이면 통과이며, 두 번까지 응시할 수 있습니다.",
          quiz: {
            passingScore: 70,
            maxAttempts: 2,
            timeLimitMinutes: 20,
            questions: [
              {
                kind: "SINGLE_CHOICE",
                prompt: "로지스틱 회귀에서 시그모이드 함수의 출력 범위로 옳은 것은?",
                choices: [
                  { id: "a", text: "(-∞, ∞)" },
                  { id: "b", text: "(0, 1)" },
                  { id: "c", text: "[-1, 1]" },
                  { id: "d", text: "[0, ∞)" },
                ],
                answer: ["b"],
                explanation: "σ(z) = 1 / (1 + e^(-z))는 0과 1 사이의 값을 가지므로 확률로 해석할 수 있습니다.",
              },
              {
                kind: "MULTIPLE_CHOICE",
                prompt: "양성 비율이 매우 낮은 불균형 데이터에서 모델을 평가하기에 적절한 지표를 모두 고르세요.",
                choices: [
                  { id: "a", text: "정확도" },
                  { id: "b", text: "재현율" },
                  { id: "c", text: "정밀도" },
                  { id: "d", text: "F1 점수" },
                ],
                answer: ["b", "c", "d"],
                explanation:
                  "불균형 데이터에서는 모두 음성으로 예측해도 정확도가 높게 나오므로, 양성 클래스를 직접 보는 지표가 필요합니다.",
              },
              {
                kind: "TRUE_FALSE",
                prompt: "하이퍼파라미터를 고를 때 테스트 세트의 성능을 기준으로 삼아도 된다.",
                choices: [
                  { id: "true", text: "참" },
                  { id: "false", text: "거짓" },
                ],
                answer: ["false"],
                explanation:
                  "테스트 세트로 모델을 고르면 테스트 성능이 낙관적으로 치우칩니다. 선택은 검증 세트나 교차 검증으로 합니다.",
              },
            ],
          },
        },
        {
          slug: "assignment-gwangju-apartment-prices",
          title: "과제 1: 광주 아파트 실거래가 예측",
          kind: "ASSIGNMENT",
          durationMinutes: 180,
          markdown: `## 과제 개요

국토교통부 실거래가 공개시스템에서 광주광역시 아파트 매매 기록(2023–2025년)을 내려받아, 거래 가격을 예측하는 선형 회귀 모델을 만드세요.

## 요구 사항

1. 전용면적, 층, 건축 연도, 자치구(원-핫 인코딩)를 특성으로 사용합니다.
2. NumPy로 경사 하강법을 직접 구현하고, scikit-learn의 \`LinearRegression\` 결과와 비교합니다.
3. 5-폴드 교차 검증으로 RMSE를 보고합니다.
4. 잔차 그래프를 그리고, 모델이 잘 맞지 않는 구간을 한 단락으로 해석합니다.

## 제출물

- Jupyter 노트북(\`.ipynb\`) 한 개. 위에서부터 모든 셀을 다시 실행했을 때 같은 결과가 나와야 합니다.
- 결론은 10문장 이내로 요약하세요.

| 평가 항목 | 배점 |
| --- | ---: |
| 경사 하강법 구현의 정확성 | 40 |
| 실험 설계와 교차 검증 | 30 |
| 결과 해석과 시각화 | 30 |`,
          assignment: {
            dueAt: "2026-12-04T23:59:00+09:00",
            maxPoints: 100,
            passingPoints: 60,
            allowsFile: true,
          },
        },
      ],
    },
  ],
};

const AI502: CourseSeed = {
  slug: "ai502-deep-learning-2026-fall",
  code: "AI502",
  programSlug: "graduate-school-of-ai",
  term: { year: 2026, season: "FALL" },
  title: "Deep Learning",
  summary:
    "Build, train and debug deep neural networks in PyTorch, from multilayer perceptrons to convolutional networks.",
  descriptionMarkdown: `A graduate course on the methods behind modern deep learning. Each week pairs the mathematics with a PyTorch notebook, so that every idea is one you have implemented and trained yourself.

### You will learn to

- derive backpropagation for a multilayer perceptron and check it against autograd;
- write a clean PyTorch training loop with validation and checkpointing;
- design convolutional networks and regularise them with dropout, weight decay and data augmentation.

### Prerequisites

AI501 Machine Learning Fundamentals (or equivalent), linear algebra, and comfortable Python. Enrollment requires the instructor's approval; the course has 30 seats.`,
  credits: 3,
  level: "INTERMEDIATE",
  language: "en",
  tags: ["deep learning", "pytorch", "neural networks"],
  enrollmentPolicy: "APPROVAL",
  capacity: 30,
  startsOn: "2026-09-01",
  endsOn: "2026-12-18",
  status: "PUBLISHED",
  instructors: [
    { email: INSTRUCTOR_EN_EMAIL, role: "LEAD" },
    { email: INSTRUCTOR_EMAIL, role: "CO_INSTRUCTOR" },
  ],
  prerequisiteSlugs: ["ai501-machine-learning-2026-fall"],
  modules: [
    {
      title: "Neural Networks from Scratch",
      summary: "Layers, activations, backpropagation and the PyTorch training loop",
      lessons: [
        {
          slug: "perceptrons-and-mlps",
          title: "From Perceptrons to Multilayer Networks",
          kind: "ARTICLE",
          durationMinutes: 30,
          markdown: `## From linear models to networks

A single layer computes an affine map followed by a nonlinearity:

$$
\\mathbf{h} = \\phi(W\\mathbf{x} + \\mathbf{b})
$$

Stacking layers composes such maps. Without the nonlinearity $\\phi$, any stack collapses into one affine map, so depth would add nothing. With it, a network with a single hidden layer of enough units can approximate any continuous function on a compact set (the universal approximation theorem), although depth makes many functions far cheaper to represent.

## Activation functions

| Function | Formula | Notes |
| --- | --- | --- |
| Sigmoid | $1 / (1 + e^{-z})$ | Saturates; gradients vanish in deep stacks |
| tanh | $\\tanh(z)$ | Zero-centred, but still saturates |
| ReLU | $\\max(0, z)$ | Cheap; the default for hidden layers |
| GELU | $z \\, \\Phi(z)$ | Smooth; standard in transformers |

## A two-layer network in NumPy

~~~python
import numpy as np

def relu(z):
    return np.maximum(0, z)

def forward(x, params):
    h = relu(params["W1"] @ x + params["b1"])
    return params["W2"] @ h + params["b2"]
~~~

Initialise weights randomly but at the right scale: He initialisation draws $W_{ij} \\sim \\mathcal{N}(0, 2 / n_{\\text{in}})$ so that activations neither explode nor vanish through ReLU layers.`,
        },
        {
          slug: "backpropagation",
          title: "Backpropagation",
          kind: "VIDEO",
          durationMinutes: 30,
          videoUrl: "https://www.youtube.com/watch?v=Ilg3gGewQ5U",
          transcript:
            "Backpropagation is just the chain rule, organised so that nothing is computed twice. Start at the loss. Each layer receives the gradient of the loss with respect to its output, uses it to work out the gradients for its own weights, and passes the gradient with respect to its input down to the layer below. Because every layer only needs what arrives from above and what it stored during the forward pass, one backward pass costs about as much as one forward pass. That is the whole trick, and it is why we can train networks with billions of parameters.",
          markdown: `## Watch

3Blue1Brown, *What is backpropagation really doing?* (about 13 minutes). Then work through the notes below.

## The chain rule, organised

For a loss $L$ and a layer $\\mathbf{z} = W\\mathbf{x} + \\mathbf{b}$, backpropagation reuses the gradient flowing in from above, $\\boldsymbol{\\delta} = \\partial L / \\partial \\mathbf{z}$:

$$
\\frac{\\partial L}{\\partial W} = \\boldsymbol{\\delta} \\, \\mathbf{x}^\\top, \\qquad
\\frac{\\partial L}{\\partial \\mathbf{b}} = \\boldsymbol{\\delta}, \\qquad
\\frac{\\partial L}{\\partial \\mathbf{x}} = W^\\top \\boldsymbol{\\delta}
$$

One backward pass costs about as much as one forward pass, whatever the number of parameters. That is why training networks with billions of weights is possible at all.

## Check your gradients

~~~python
import torch

x = torch.randn(5, dtype=torch.float64)
W = torch.randn(3, 5, dtype=torch.float64, requires_grad=True)
loss = torch.tanh(W @ x).sum()
loss.backward()

manual = torch.outer(1 - torch.tanh(W @ x) ** 2, x)
assert torch.allclose(W.grad, manual)
~~~

When you write a custom layer, compare its gradients with \`torch.autograd.gradcheck\` in double precision before you trust it.`,
        },
        {
          slug: "pytorch-training-loop",
          title: "The PyTorch Training Loop",
          kind: "ARTICLE",
          durationMinutes: 40,
          markdown: `## The five lines that matter

Every PyTorch training step is the same five operations: forward pass, loss, zero the old gradients, backward pass, optimiser step.

~~~python
import torch
from torch import nn

model = nn.Sequential(nn.Flatten(), nn.Linear(28 * 28, 256), nn.ReLU(), nn.Linear(256, 10))
optimizer = torch.optim.AdamW(model.parameters(), lr=1e-3, weight_decay=1e-2)
loss_fn = nn.CrossEntropyLoss()

def train_one_epoch(loader, device):
    model.train()
    for images, labels in loader:
        images, labels = images.to(device), labels.to(device)
        loss = loss_fn(model(images), labels)
        optimizer.zero_grad()
        loss.backward()
        optimizer.step()

@torch.no_grad()
def evaluate(loader, device):
    model.eval()
    correct = total = 0
    for images, labels in loader:
        predictions = model(images.to(device)).argmax(dim=1)
        correct += (predictions == labels.to(device)).sum().item()
        total += labels.numel()
    return correct / total
~~~

## Habits that save days

- Call \`model.train()\` and \`model.eval()\` explicitly: dropout and batch normalisation behave differently in each mode.
- Overfit a single batch first. If the loss will not go to zero on eight examples, the bug is in your code, not in your hyperparameters.
- Fix the random seeds and log every run's configuration, so that a good result can be reproduced.
- Save checkpoints with the optimiser state, not only the model weights.`,
        },
      ],
    },
    {
      title: "Convolutional Networks and Regularisation",
      summary: "CNNs, regularisation and adaptive optimisers",
      lessons: [
        {
          slug: "convolutional-networks",
          title: "Convolutional Networks",
          kind: "ARTICLE",
          durationMinutes: 35,
          markdown: `## Why convolutions

An image of 224 × 224 pixels with three channels has 150,528 inputs. A fully connected layer with 1,000 units would need 150 million weights and would ignore that nearby pixels are related. A convolutional layer slides a small kernel over the image, sharing its weights across positions:

$$
(\\mathbf{X} * K)_{i,j} = \\sum_{m} \\sum_{n} \\mathbf{X}_{i+m,\\,j+n} \\, K_{m,n}
$$

For input width $W$, kernel size $K$, padding $P$ and stride $S$, the output width is

$$
W_{\\text{out}} = \\left\\lfloor \\frac{W - K + 2P}{S} \\right\\rfloor + 1
$$

## A small CNN

~~~python
class SmallCNN(nn.Module):
    def __init__(self, num_classes=10):
        super().__init__()
        self.features = nn.Sequential(
            nn.Conv2d(3, 32, kernel_size=3, padding=1), nn.BatchNorm2d(32), nn.ReLU(),
            nn.MaxPool2d(2),
            nn.Conv2d(32, 64, kernel_size=3, padding=1), nn.BatchNorm2d(64), nn.ReLU(),
            nn.MaxPool2d(2),
        )
        self.classifier = nn.Linear(64 * 8 * 8, num_classes)

    def forward(self, x):
        return self.classifier(self.features(x).flatten(1))
~~~

On 32 × 32 CIFAR-10 images, two poolings leave 8 × 8 feature maps, which is where \`64 * 8 * 8\` comes from.

Residual connections, $\\mathbf{y} = F(\\mathbf{x}) + \\mathbf{x}$, let gradients flow through very deep networks. Read the ResNet paper (He et al., 2016) before next week's lab.`,
        },
        {
          slug: "regularisation-and-optimisers",
          title: "Regularisation and Optimisers",
          kind: "ARTICLE",
          durationMinutes: 30,
          markdown: `## Regularisation

| Technique | What it does | Typical setting |
| --- | --- | --- |
| Weight decay | Shrinks weights towards zero at each step | $10^{-4}$ to $10^{-2}$ with AdamW |
| Dropout | Zeroes random activations during training | $p$ from 0.1 to 0.5 |
| Data augmentation | Trains on transformed copies of the inputs | Random crops, flips, colour jitter |
| Early stopping | Stops when validation loss stops improving | Patience of 5–10 epochs |

## Adam

Adam keeps running averages of the gradient and of its square, and scales each parameter's step by them:

$$
\\mathbf{m}_t = \\beta_1 \\mathbf{m}_{t-1} + (1 - \\beta_1)\\mathbf{g}_t, \\qquad
\\mathbf{v}_t = \\beta_2 \\mathbf{v}_{t-1} + (1 - \\beta_2)\\mathbf{g}_t^2
$$

$$
\\boldsymbol{\\theta}_t = \\boldsymbol{\\theta}_{t-1} - \\eta \\, \\frac{\\hat{\\mathbf{m}}_t}{\\sqrt{\\hat{\\mathbf{v}}_t} + \\epsilon}
$$

where $\\hat{\\mathbf{m}}_t$ and $\\hat{\\mathbf{v}}_t$ are the bias-corrected estimates. AdamW applies weight decay to the weights directly instead of through the gradient, which regularises as intended; prefer it to Adam with an L2 penalty.

A learning-rate schedule matters as much as the optimiser: warm up over the first few hundred steps, then decay with a cosine schedule.`,
        },
        {
          slug: "training-deep-networks-quiz",
          title: "Quiz: Training Deep Networks",
          kind: "QUIZ",
          durationMinutes: 15,
          markdown:
            "Three questions on the first half of the course. You need 70% to pass, and you may retake the quiz as often as you like.",
          quiz: {
            passingScore: 70,
            maxAttempts: null,
            timeLimitMinutes: null,
            questions: [
              {
                kind: "SINGLE_CHOICE",
                prompt: "Without nonlinear activations, a 10-layer perceptron is equivalent to:",
                choices: [
                  { id: "a", text: "A 10-layer network with more capacity" },
                  { id: "b", text: "A single affine map" },
                  { id: "c", text: "A decision tree" },
                  { id: "d", text: "A convolutional network" },
                ],
                answer: ["b"],
                explanation:
                  "A composition of affine maps is itself an affine map, so the extra layers add no expressive power.",
              },
              {
                kind: "SINGLE_CHOICE",
                prompt:
                  "A 32 × 32 input goes through a 3 × 3 convolution with padding 1 and stride 2. What is the output width?",
                choices: [
                  { id: "a", text: "15" },
                  { id: "b", text: "16" },
                  { id: "c", text: "30" },
                  { id: "d", text: "32" },
                ],
                answer: ["b"],
                explanation: "floor((32 − 3 + 2 · 1) / 2) + 1 = 15 + 1 = 16.",
              },
              {
                kind: "MULTIPLE_CHOICE",
                prompt: "Which of these reduce overfitting?",
                choices: [
                  { id: "a", text: "Dropout" },
                  { id: "b", text: "Weight decay" },
                  { id: "c", text: "Raising the learning rate tenfold" },
                  { id: "d", text: "Data augmentation" },
                ],
                answer: ["a", "b", "d"],
                explanation: "A much larger learning rate makes training unstable; it is not a regulariser.",
              },
            ],
          },
        },
      ],
    },
  ],
};

const AI503: CourseSeed = {
  slug: "ai503-natural-language-processing-2026-fall",
  code: "AI503",
  programSlug: "graduate-school-of-ai",
  term: { year: 2026, season: "FALL" },
  title: "자연어처리",
  summary:
    "한국어 텍스트의 토큰화부터 단어 임베딩, 어텐션과 사전학습 언어 모델까지 현대 자연어처리의 흐름을 실습과 함께 다룹니다.",
  descriptionMarkdown: `언어 모델이 텍스트를 어떻게 표현하고 처리하는지 기초부터 살펴봅니다. 교착어인 한국어의 특성을 고려한 전처리와, 트랜스포머 기반 사전학습 모델의 미세 조정을 직접 실습합니다.

### 학습 목표

- 형태소 분석과 서브워드 토큰화의 차이를 설명하고 상황에 맞게 고를 수 있다.
- 어텐션 메커니즘을 수식과 코드로 구현할 수 있다.
- 사전학습 모델을 한국어 분류 과제에 미세 조정하고 평가할 수 있다.

권장 선수 지식: AI501 머신러닝 기초 수준의 내용. 딥러닝 경험이 있으면 도움이 되지만 필수는 아닙니다.`,
  credits: 3,
  level: "INTERMEDIATE",
  language: "ko",
  tags: ["자연어처리", "트랜스포머", "한국어"],
  enrollmentPolicy: "OPEN",
  startsOn: "2026-09-01",
  endsOn: "2026-12-18",
  status: "PUBLISHED",
  instructors: [{ email: INSTRUCTOR_EMAIL, role: "LEAD" }],
  modules: [
    {
      title: "텍스트 표현",
      summary: "토큰화와 단어 임베딩",
      lessons: [
        {
          slug: "korean-tokenization",
          title: "한국어 토큰화",
          kind: "ARTICLE",
          durationMinutes: 30,
          markdown: `## 왜 한국어 토큰화는 어려운가

한국어는 어근에 조사와 어미가 붙어 의미를 만드는 **교착어**입니다. "빛고을에서", "빛고을로", "빛고을의"를 띄어쓰기 단위로 자르면 세 개의 서로 다른 토큰이 되어, 모델은 이들이 같은 지명이라는 사실을 따로 배워야 합니다.

| 방식 | "광주에서 인공지능을 공부합니다" | 특징 |
| --- | --- | --- |
| 어절 | 광주에서 / 인공지능을 / 공부합니다 | 어휘가 폭발적으로 커짐 |
| 형태소 | 광주 / 에서 / 인공 / 지능 / 을 / 공부 / 하 / ㅂ니다 | 언어학적으로 의미 있는 단위 |
| 서브워드(BPE) | ▁광주 / 에서 / ▁인공지능 / 을 / ▁공부 / 합니다 | 데이터로 학습, 미등록어에 강함 |

## 서브워드 토큰화

BPE(Byte Pair Encoding)는 문자 단위에서 시작해 가장 자주 함께 나타나는 쌍을 반복해서 병합합니다. 자주 쓰이는 단어는 하나의 토큰이 되고 드문 단어는 여러 조각으로 나뉘므로, **미등록어(OOV)** 문제가 사라집니다.

~~~python
from tokenizers import Tokenizer, models, pre_tokenizers, trainers

tokenizer = Tokenizer(models.BPE(unk_token="[UNK]"))
tokenizer.pre_tokenizer = pre_tokenizers.Metaspace()
trainer = trainers.BpeTrainer(vocab_size=16000, special_tokens=["[UNK]", "[PAD]"])
tokenizer.train(files=["korean_news.txt"], trainer=trainer)

print(tokenizer.encode("광주에서 인공지능을 공부합니다").tokens)
~~~

실무에서는 형태소 분석으로 먼저 나눈 뒤 BPE를 적용하는 방식도 자주 씁니다. 어휘 크기, 학습 데이터의 도메인, 추론 속도를 함께 고려해 고르세요.`,
        },
        {
          slug: "word-embeddings",
          title: "단어 임베딩",
          kind: "ARTICLE",
          durationMinutes: 30,
          markdown: `## 분포 가설

"비슷한 맥락에 나타나는 단어는 비슷한 의미를 가진다." word2vec은 이 가설을 학습 목표로 바꿉니다. Skip-gram 모델은 중심 단어로 주변 단어를 예측하며, 그 과정에서 각 단어의 밀집 벡터를 얻습니다.

$$
p(w_O \\mid w_I) = \\frac{\\exp\\left(\\mathbf{u}_{w_O}^\\top \\mathbf{v}_{w_I}\\right)}{\\sum_{w=1}^{|V|} \\exp\\left(\\mathbf{u}_{w}^\\top \\mathbf{v}_{w_I}\\right)}
$$

분모의 합은 어휘 전체에 걸쳐 있어 계산이 비싸므로, 실제로는 네거티브 샘플링으로 근사합니다.

## 유사도

두 단어 벡터의 의미적 유사도는 보통 코사인 유사도로 잽니다.

$$
\\cos(\\mathbf{a}, \\mathbf{b}) = \\frac{\\mathbf{a}^\\top \\mathbf{b}}{\\lVert \\mathbf{a} \\rVert \\, \\lVert \\mathbf{b} \\rVert}
$$

~~~python
from gensim.models import Word2Vec

model = Word2Vec(sentences=tokenized_corpus, vector_size=200, window=5, min_count=5, sg=1)
print(model.wv.most_similar("광주", topn=5))
~~~

정적 임베딩의 한계는 단어마다 벡터가 하나뿐이라는 점입니다. "배"가 과일인지, 선박인지, 신체 부위인지 구분하려면 문맥에 따라 달라지는 표현이 필요하고, 이것이 다음 모듈의 주제입니다.`,
        },
      ],
    },
    {
      title: "트랜스포머와 언어 모델",
      summary: "어텐션, 사전학습 언어 모델과 미세 조정",
      lessons: [
        {
          slug: "attention-mechanism",
          title: "어텐션 메커니즘",
          kind: "ARTICLE",
          durationMinutes: 40,
          markdown: `## 스케일드 닷-프로덕트 어텐션

어텐션은 각 토큰이 문장의 다른 모든 토큰을 얼마나 참고할지를 학습합니다. 쿼리 $Q$, 키 $K$, 값 $V$ 행렬에 대해

$$
\\mathrm{Attention}(Q, K, V) = \\mathrm{softmax}\\!\\left(\\frac{QK^\\top}{\\sqrt{d_k}}\\right) V
$$

$\\sqrt{d_k}$로 나누는 이유는 차원이 커질수록 내적 값의 분산이 커져 softmax가 한 토큰에 쏠리고 기울기가 사라지는 것을 막기 위해서입니다.

~~~python
import math
import torch

def scaled_dot_product_attention(q, k, v, mask=None):
    scores = q @ k.transpose(-2, -1) / math.sqrt(q.size(-1))
    if mask is not None:
        scores = scores.masked_fill(mask == 0, float("-inf"))
    weights = torch.softmax(scores, dim=-1)
    return weights @ v, weights
~~~

## 멀티헤드 어텐션

어텐션 하나는 한 종류의 관계만 잘 포착합니다. 멀티헤드 어텐션은 $h$개의 헤드가 서로 다른 투영 공간에서 어텐션을 계산한 뒤 결과를 이어 붙여, 주어와 서술어의 관계와 수식 관계처럼 여러 관계를 동시에 봅니다.

트랜스포머 인코더 블록은 멀티헤드 어텐션과 피드포워드 층을 잔차 연결과 층 정규화로 감싼 구조입니다. 순환 구조가 없으므로 단어의 위치 정보는 위치 임베딩으로 따로 넣어 줍니다.`,
        },
        {
          slug: "pretrained-language-models",
          title: "사전학습 언어 모델",
          kind: "ARTICLE",
          durationMinutes: 35,
          markdown: `## 사전학습과 미세 조정

대규모 말뭉치로 언어 자체를 먼저 배우고(사전학습), 적은 레이블 데이터로 목표 과제에 맞춥니다(미세 조정).

| 모델 계열 | 구조 | 사전학습 목표 | 주된 용도 |
| --- | --- | --- | --- |
| BERT | 인코더 | 마스크 언어 모델링 | 분류, 개체명 인식, 검색 |
| GPT | 디코더 | 다음 토큰 예측 | 생성, 대화, 요약 |
| T5 | 인코더-디코더 | 스팬 복원 | 번역, 요약, 질의응답 |

한국어 말뭉치로 학습한 KLUE-RoBERTa 같은 모델과, 한국어 성능이 좋은 다국어 모델이 공개되어 있습니다.

## Hugging Face로 미세 조정하기

~~~python
from transformers import AutoModelForSequenceClassification, AutoTokenizer

checkpoint = "klue/roberta-base"
tokenizer = AutoTokenizer.from_pretrained(checkpoint)
model = AutoModelForSequenceClassification.from_pretrained(checkpoint, num_labels=2)

batch = tokenizer(["배송이 빨라서 좋아요", "설명과 전혀 달라요"], padding=True, return_tensors="pt")
logits = model(**batch).logits
~~~

미세 조정에서는 학습률을 $2 \\times 10^{-5}$ 안팎으로 작게 잡고, 2–4 에폭이면 대개 충분합니다. 더 오래 학습하면 사전학습으로 얻은 일반적인 언어 지식을 잃는 **파국적 망각**이 일어나기 쉽습니다.`,
        },
        {
          slug: "assignment-nsmc-sentiment",
          title: "과제: 영화 리뷰 감성 분류",
          kind: "ASSIGNMENT",
          durationMinutes: 240,
          markdown: `## 과제 개요

네이버 영화 리뷰 말뭉치(NSMC, 리뷰 20만 건, 긍정·부정 레이블)로 감성 분류기를 만들고, 두 가지 접근을 비교합니다.

1. **베이스라인**: 형태소 분석 + TF-IDF + 로지스틱 회귀
2. **사전학습 모델**: \`klue/roberta-base\` 미세 조정

## 요구 사항

- 공식 테스트 세트(5만 건)의 정확도와 F1을 두 모델 모두 보고합니다.
- 두 모델이 서로 다르게 예측한 리뷰를 20건 골라, 어떤 언어 현상(반어, 신조어, 맞춤법 오류 등)이 차이를 만들었는지 분석합니다.
- GPU 사용 시간과 추론 속도를 함께 적어, 정확도와 비용의 균형을 논의합니다.

## 제출물

코드 저장소 링크 또는 노트북 파일, 그리고 A4 2쪽 이내의 보고서(PDF). 보고서는 한국어나 영어로 작성할 수 있습니다.`,
          assignment: {
            dueAt: "2026-12-11T23:59:00+09:00",
            maxPoints: 100,
            passingPoints: 60,
            allowsFile: true,
          },
        },
      ],
    },
  ],
};

// ───────────────────────────── Courses: AI Academy ─────────────────────────────

const ACA101: CourseSeed = {
  slug: "aca101-python-data-analysis",
  code: "ACA101",
  programSlug: "ai-academy",
  title: "파이썬 데이터 분석",
  summary: "pandas와 matplotlib으로 실제 공공데이터를 불러오고, 정제하고, 시각화하는 4주 입문 과정입니다.",
  descriptionMarkdown: `프로그래밍이 처음이거나 엑셀로 데이터를 다뤄 온 분들을 위한 입문 과정입니다. 광주광역시 공공데이터를 예제로, 데이터 분석의 전 과정을 손으로 따라 하며 익힙니다.

### 이런 분께 추천합니다

- 업무에서 엑셀로 같은 작업을 반복하고 있는 분
- AI 아카데미 머신러닝 트랙을 준비하는 분

### 준비물

노트북(Windows, macOS, Linux 모두 가능)과 Google 계정. 실습은 Google Colab에서 진행하므로 따로 설치할 프로그램이 없습니다.`,
  credits: null,
  level: "BEGINNER",
  language: "ko",
  tags: ["python", "pandas", "데이터 분석", "시각화"],
  enrollmentPolicy: "OPEN",
  startsOn: "2026-09-07",
  endsOn: "2026-10-02",
  status: "PUBLISHED",
  instructors: [{ email: INSTRUCTOR_EMAIL, role: "LEAD" }],
  modules: [
    {
      title: "파이썬과 pandas 시작하기",
      summary: "Colab, 파이썬 기본 자료형, DataFrame",
      lessons: [
        {
          slug: "python-and-colab",
          title: "Colab과 파이썬 기초",
          kind: "ARTICLE",
          durationMinutes: 25,
          markdown: `## Google Colab 시작하기

Colab은 브라우저에서 파이썬 코드를 실행하는 무료 노트북 환경입니다. https://colab.research.google.com 에 접속해 **새 노트**를 만들고, 셀에 코드를 입력한 뒤 Shift + Enter로 실행합니다.

## 꼭 알아야 할 자료형

~~~python
temperatures = [21.5, 23.1, 19.8, 25.4]       # 리스트: 순서가 있는 값의 모음
station = {"name": "광주", "code": 156}       # 딕셔너리: 이름으로 값을 찾음

average = sum(temperatures) / len(temperatures)
print(f"{station['name']} 평균 기온: {average:.1f}°C")

for day, temp in enumerate(temperatures, start=1):
    if temp >= 25:
        print(f"{day}일차: 더운 날")
~~~

리스트와 딕셔너리, \`for\` 문과 \`if\` 문, f-문자열만 알아도 이 과정의 실습 대부분을 따라올 수 있습니다. 모르는 함수가 나오면 셀에서 \`help(함수이름)\`을 실행해 보세요.`,
        },
        {
          slug: "pandas-dataframe",
          title: "pandas DataFrame 다루기",
          kind: "ARTICLE",
          durationMinutes: 35,
          markdown: `## DataFrame

pandas의 \`DataFrame\`은 이름이 붙은 열로 이루어진 표입니다. CSV, 엑셀, 데이터베이스 등 거의 모든 표 형태의 데이터를 읽을 수 있습니다.

~~~python
import pandas as pd

df = pd.read_csv("gwangju_air_quality_2025.csv", parse_dates=["측정일시"])
df.head()
df.info()
~~~

## 자주 쓰는 연산

| 하고 싶은 일 | pandas 코드 |
| --- | --- |
| 열 선택 | \`df["PM10"]\` |
| 조건으로 행 거르기 | \`df[df["PM10"] > 80]\` |
| 그룹별 평균 | \`df.groupby("측정소")["PM10"].mean()\` |
| 정렬 | \`df.sort_values("PM2.5", ascending=False)\` |
| 새 열 만들기 | \`df["월"] = df["측정일시"].dt.month\` |

연산을 이어 붙이면 질문 하나에 코드 한 덩어리로 답할 수 있습니다.

~~~python
(df[df["측정일시"].dt.month.isin([3, 4])]
   .groupby("측정소")["PM10"]
   .mean()
   .sort_values(ascending=False)
   .head(3))
~~~

위 코드는 "봄철(3–4월) 미세먼지 농도가 가장 높은 측정소 세 곳은 어디인가?"에 답합니다.`,
        },
      ],
    },
    {
      title: "데이터 정제와 시각화",
      summary: "결측치와 이상치, matplotlib, 미니 프로젝트",
      lessons: [
        {
          slug: "data-cleaning",
          title: "데이터 정제",
          kind: "ARTICLE",
          durationMinutes: 30,
          markdown: `## 결측치 다루기

측정 장비 점검이나 통신 오류 때문에 공공데이터에는 빈 값이 흔합니다. 먼저 얼마나 비어 있는지 확인합니다.

~~~python
df.isna().sum()
df.isna().mean().round(3)  # 열별 결측 비율
~~~

처리 방법은 데이터의 성격에 따라 고릅니다.

| 방법 | 코드 | 언제 쓰나 |
| --- | --- | --- |
| 행 삭제 | \`df.dropna(subset=["PM10"])\` | 결측이 적고 무작위로 생겼을 때 |
| 중앙값 채우기 | \`df["PM10"].fillna(df["PM10"].median())\` | 분포가 한쪽으로 치우쳐 있을 때 |
| 시계열 보간 | \`df["PM10"].interpolate(method="time")\` | 시간 순서가 있는 측정값 |

## 이상치와 자료형

음수 농도나 999처럼 장비가 오류를 표시하는 값은 결측으로 바꾼 뒤 처리합니다. 숫자가 문자열로 읽힌 열은 \`pd.to_numeric(df["PM10"], errors="coerce")\`로 변환합니다.

> 정제 과정의 모든 결정은 노트북에 기록하세요. 어떤 행을 왜 지웠는지 설명할 수 없다면, 그 분석 결과도 믿을 수 없습니다.`,
        },
        {
          slug: "visualization-with-matplotlib",
          title: "matplotlib 시각화",
          kind: "ARTICLE",
          durationMinutes: 30,
          markdown: `## 그래프 고르기

| 보여 주고 싶은 것 | 그래프 |
| --- | --- |
| 시간에 따른 변화 | 선 그래프 |
| 범주 간 비교 | 막대 그래프 |
| 분포 | 히스토그램, 상자 그림 |
| 두 변수의 관계 | 산점도 |

## 한글 폰트 설정

matplotlib의 기본 폰트에는 한글이 없어 글자가 네모(□)로 보입니다. 나눔 폰트를 설치한 뒤 지정합니다.

~~~python
import matplotlib.pyplot as plt

plt.rcParams["font.family"] = "NanumGothic"
plt.rcParams["axes.unicode_minus"] = False  # 음수 부호 깨짐 방지

monthly = df.groupby(df["측정일시"].dt.month)["PM10"].mean()
fig, ax = plt.subplots(figsize=(8, 4))
ax.plot(monthly.index, monthly.values, marker="o")
ax.set(title="광주 월별 미세먼지(PM10) 평균", xlabel="월", ylabel="㎍/㎥")
ax.axhline(80, color="red", linestyle="--", label="나쁨 기준")
ax.legend()
plt.show()
~~~

좋은 그래프는 제목만 읽어도 무엇을 말하는지 알 수 있어야 합니다. 축 이름과 단위를 빠뜨리지 마세요.`,
        },
        {
          slug: "mini-project-air-quality-report",
          title: "미니 프로젝트: 광주 대기질 리포트",
          kind: "ARTICLE",
          durationMinutes: 60,
          markdown: `## 목표

지금까지 배운 내용을 모아, 광주광역시 대기질 측정 자료로 한 쪽짜리 리포트를 만듭니다. 제출 의무는 없지만, 완성한 노트북은 수료 후 포트폴리오로 쓸 수 있습니다.

## 진행 순서

- [ ] 에어코리아나 공공데이터포털에서 광주 측정소의 2025년 시간별 자료를 내려받는다
- [ ] 결측치와 이상치를 정제하고, 처리한 내용을 기록한다
- [ ] 측정소별·월별 PM10, PM2.5 평균을 계산한다
- [ ] 계절에 따른 변화는 선 그래프로, 측정소 간 차이는 막대 그래프로 그린다
- [ ] 발견한 사실 세 가지를 문장으로 정리한다

## 리포트 문장의 형식

아래는 형식을 보여 주는 예시이며, 실제 수치가 아닙니다.

> 2025년 광주의 PM2.5 월평균은 3월에 가장 높았고 8월에 가장 낮았다. 봄철 고농도 일수의 절반 이상이 황사 특보 기간과 겹쳤다.

숫자는 그래프로, 해석은 문장으로 전달하세요. 읽는 사람이 코드를 보지 않아도 결론을 이해할 수 있어야 합니다.`,
        },
      ],
    },
  ],
};

const ACA201: CourseSeed = {
  slug: "aca201-machine-learning-bootcamp",
  code: "ACA201",
  programSlug: "ai-academy",
  title: "실전 머신러닝 부트캠프",
  summary:
    "7기 데이터 트랙 전용 10주 집중 과정. 문제 정의부터 특성 공학, 그래디언트 부스팅, 캡스톤 발표까지 팀으로 완주합니다.",
  descriptionMarkdown: `AI 아카데미 데이터 트랙 수강생을 위한 집중 부트캠프입니다. 매주 월·수·금 오후 2시부터 6시까지 교육장에서 대면으로 진행하며, 강의 자료와 과제는 모두 이곳에 올라옵니다.

### 진행 방식

| 주차 | 내용 |
| --- | --- |
| 1–2 | 문제 정의, 베이스라인, 검증 전략 |
| 3–4 | 특성 공학과 데이터 누수 방지 |
| 5–7 | 그래디언트 부스팅과 하이퍼파라미터 탐색 |
| 8–10 | 팀 캡스톤 프로젝트와 최종 발표 |

수료 기준: 필수 레슨 완료, 체크포인트 퀴즈 통과, 캡스톤 과제 60점 이상.`,
  credits: null,
  level: "INTERMEDIATE",
  language: "ko",
  tags: ["머신러닝", "부트캠프", "lightgbm", "캡스톤"],
  enrollmentPolicy: "COHORT_ONLY",
  startsOn: "2026-10-05",
  endsOn: "2026-12-11",
  status: "PUBLISHED",
  instructors: [{ email: INSTRUCTOR_EMAIL, role: "LEAD" }],
  cohorts: [{ slug: "academy-2026-fall-data", startsOn: "2026-10-05", dueOn: "2026-12-11" }],
  modules: [
    {
      title: "문제 정의와 특성 공학",
      summary: "좋은 문제 정의, 베이스라인, 데이터 누수",
      lessons: [
        {
          slug: "framing-ml-problems",
          title: "문제 정의와 베이스라인",
          kind: "ARTICLE",
          durationMinutes: 30,
          markdown: `## 모델보다 문제가 먼저

"이탈 고객을 예측하고 싶다"는 아직 머신러닝 문제가 아닙니다. 다음 질문에 답할 수 있어야 합니다.

1. **예측 대상**: 무엇을, 어느 시점에 예측하는가? (예: 다음 달 해지 여부를 매월 1일에)
2. **예측 시점의 입력**: 예측하는 순간에 실제로 알 수 있는 정보는 무엇인가?
3. **행동**: 예측 결과로 누가 무엇을 하는가? (예: 상위 5% 고객에게 상담 전화)
4. **성공 기준**: 어떤 지표가 얼마나 좋아지면 성공인가?

## 베이스라인부터

복잡한 모델을 만들기 전에 가장 단순한 기준선을 세웁니다. 회귀라면 평균값 예측, 분류라면 최빈 클래스 예측이나 규칙 하나짜리 모델입니다.

~~~python
from sklearn.dummy import DummyClassifier
from sklearn.model_selection import cross_val_score

baseline = DummyClassifier(strategy="most_frequent")
print(cross_val_score(baseline, X, y, cv=5, scoring="roc_auc").mean())  # 0.5
~~~

베이스라인을 이기지 못하는 모델은 배포할 이유가 없고, 베이스라인과의 차이가 곧 여러분이 만든 가치입니다.`,
        },
        {
          slug: "feature-engineering-and-leakage",
          title: "특성 공학과 데이터 누수",
          kind: "ARTICLE",
          durationMinutes: 40,
          markdown: `## 특성 공학

모델이 패턴을 쉽게 찾도록 원자료를 변환하는 작업입니다. 좋은 특성 앞에서는 트리 모델도 훨씬 적은 데이터로 더 잘 배웁니다.

| 원자료 | 만든 특성 | 이유 |
| --- | --- | --- |
| 가입일 | 가입 후 경과 일수 | 날짜 자체보다 기간이 의미 있음 |
| 결제 내역 | 최근 3개월 평균 결제액과 추세 | 행동의 변화를 포착 |
| 주소 | 자치구 | 카디널리티를 줄임 |

## 데이터 누수

**데이터 누수**는 예측 시점에 알 수 없는 정보가 학습에 섞여 들어가, 검증 점수는 높지만 실제로는 작동하지 않는 모델을 만드는 현상입니다. 부트캠프에서 가장 자주 보는 실수입니다.

- 해지한 뒤에야 기록되는 "해지 사유" 열을 특성으로 사용
- 전체 데이터로 스케일러를 학습한 뒤 교차 검증
- 시계열 데이터를 무작위로 섞어서 분할

전처리는 반드시 파이프라인 안에 넣어, 교차 검증의 각 폴드에서 훈련 데이터로만 학습되게 하세요.

~~~python
from sklearn.compose import ColumnTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import OneHotEncoder, StandardScaler

preprocess = ColumnTransformer([
    ("num", StandardScaler(), ["tenure_days", "avg_payment_3m"]),
    ("cat", OneHotEncoder(handle_unknown="ignore"), ["district"]),
])
pipeline = Pipeline([("preprocess", preprocess), ("model", LogisticRegression(max_iter=1000))])
~~~`,
        },
      ],
    },
    {
      title: "모델 개선과 캡스톤",
      summary: "그래디언트 부스팅, 체크포인트 퀴즈, 팀 프로젝트",
      lessons: [
        {
          slug: "gradient-boosting",
          title: "그래디언트 부스팅",
          kind: "ARTICLE",
          durationMinutes: 40,
          markdown: `## 부스팅의 아이디어

그래디언트 부스팅은 약한 결정 트리를 순서대로 더해 가며, 매 단계에서 지금까지의 모델이 틀린 부분(손실의 음의 기울기)을 새 트리가 맞추도록 학습합니다.

$$
F_m(\\mathbf{x}) = F_{m-1}(\\mathbf{x}) + \\nu \\, h_m(\\mathbf{x}), \\qquad
h_m \\approx -\\frac{\\partial L\\big(y, F_{m-1}(\\mathbf{x})\\big)}{\\partial F_{m-1}(\\mathbf{x})}
$$

$\\nu$는 학습률(shrinkage)로, 작을수록 더 많은 트리가 필요하지만 일반화가 좋아집니다. 정형 데이터에서는 지금도 XGBoost, LightGBM, CatBoost가 가장 강력한 선택지인 경우가 많습니다.

## LightGBM 실습

~~~python
import lightgbm as lgb

model = lgb.LGBMClassifier(
    n_estimators=2000,
    learning_rate=0.03,
    num_leaves=31,
    subsample=0.8,
    subsample_freq=1,
    colsample_bytree=0.8,
)
model.fit(
    X_train, y_train,
    eval_set=[(X_valid, y_valid)],
    eval_metric="auc",
    callbacks=[lgb.early_stopping(100)],
)
~~~

## 튜닝 순서

1. 학습률을 0.05 안팎으로 두고 조기 종료로 트리 개수를 정한다.
2. \`num_leaves\`와 \`min_child_samples\`로 트리의 복잡도를 조절한다.
3. \`subsample\`, \`colsample_bytree\`로 무작위성을 더해 과적합을 줄인다.
4. 마지막에 학습률을 낮추고 트리를 늘려 성능을 조금 더 끌어올린다.`,
        },
        {
          slug: "checkpoint-quiz",
          title: "체크포인트 퀴즈",
          kind: "QUIZ",
          durationMinutes: 10,
          markdown: "4주차까지의 내용을 점검합니다. 통과 기준은 70점이며 최대 세 번까지 응시할 수 있습니다.",
          quiz: {
            passingScore: 70,
            maxAttempts: 3,
            timeLimitMinutes: 15,
            questions: [
              {
                kind: "SINGLE_CHOICE",
                prompt: "다음 중 데이터 누수에 해당하는 것은?",
                choices: [
                  { id: "a", text: "검증 세트를 훈련 세트와 같은 분포에서 뽑았다" },
                  { id: "b", text: "전체 데이터로 StandardScaler를 학습한 뒤 교차 검증을 했다" },
                  { id: "c", text: "범주형 변수를 원-핫 인코딩했다" },
                  { id: "d", text: "조기 종료를 위해 검증 세트를 따로 두었다" },
                ],
                answer: ["b"],
                explanation: "스케일러가 검증 폴드의 평균과 분산까지 본 셈이므로, 검증 점수가 실제보다 좋게 나옵니다.",
              },
              {
                kind: "MULTIPLE_CHOICE",
                prompt: "그래디언트 부스팅에서 과적합을 줄이는 설정을 모두 고르세요.",
                choices: [
                  { id: "a", text: "학습률을 낮추고 조기 종료를 사용한다" },
                  { id: "b", text: "num_leaves를 크게 늘린다" },
                  { id: "c", text: "subsample을 1보다 작게 둔다" },
                  { id: "d", text: "min_child_samples를 늘린다" },
                ],
                answer: ["a", "c", "d"],
                explanation: "num_leaves를 늘리면 트리가 더 복잡해져 과적합 위험이 커집니다.",
              },
              {
                kind: "TRUE_FALSE",
                prompt: "베이스라인 모델은 최종 모델보다 성능이 낮으므로 보고서에 넣을 필요가 없다.",
                choices: [
                  { id: "true", text: "참" },
                  { id: "false", text: "거짓" },
                ],
                answer: ["false"],
                explanation: "베이스라인과의 차이가 모델이 만든 가치이므로, 보고서에 반드시 함께 적습니다.",
              },
            ],
          },
        },
        {
          slug: "capstone-sales-forecast",
          title: "캡스톤 프로젝트: 광주 상권 매출 예측",
          kind: "ASSIGNMENT",
          durationMinutes: 600,
          markdown: `## 과제

팀(3–4명)별로 광주광역시 상권 데이터를 활용해 다음 분기 점포 매출을 예측하는 모델을 만들고, 최종 발표회에서 10분간 발표합니다.

## 요구 사항

- 문제 정의서: 예측 대상, 예측 시점, 활용 방안, 평가 지표를 한 쪽으로 정리
- 베이스라인과 최종 모델의 성능 비교(시간 기준 검증 분할 필수)
- 데이터 누수 점검 목록과 각 항목에 대한 팀의 판단
- 특성 중요도나 SHAP 값을 이용한 모델 해석

## 제출물

1. 재현 가능한 코드 저장소 링크(README에 실행 방법 포함)
2. 발표 자료(PDF)

| 평가 항목 | 배점 |
| --- | ---: |
| 문제 정의와 검증 설계 | 30 |
| 모델 성능과 개선 과정 | 30 |
| 해석과 비즈니스 제안 | 25 |
| 발표와 협업 | 15 |`,
          assignment: {
            dueAt: "2026-12-11T18:00:00+09:00",
            maxPoints: 100,
            passingPoints: 60,
            allowsFile: true,
          },
        },
      ],
    },
  ],
};

const ACA301: CourseSeed = {
  slug: "aca301-mlops-in-practice",
  code: "ACA301",
  programSlug: "ai-academy",
  title: "MLOps in Practice",
  summary:
    "Take a model from a notebook to a monitored production service: experiment tracking, packaging, serving and drift detection.",
  descriptionMarkdown: `Most models never reach production, and many that do quietly decay there. This course, taught in English, covers the engineering that keeps machine learning useful after the notebook: tracking experiments, packaging models, serving predictions and watching them in production.

### Who it is for

Members of the MLOps track, and engineers who already train models in Python and want to ship them. You should be comfortable with Git, the command line and basic Docker.

### Tools

MLflow, FastAPI, Docker and Evidently: all open source, and all runnable on a laptop.`,
  credits: null,
  level: "ADVANCED",
  language: "en",
  tags: ["mlops", "mlflow", "docker", "monitoring"],
  enrollmentPolicy: "OPEN",
  startsOn: "2026-10-12",
  endsOn: "2026-12-18",
  status: "PUBLISHED",
  instructors: [
    { email: INSTRUCTOR_EN_EMAIL, role: "LEAD" },
    { email: INSTRUCTOR_EMAIL, role: "CO_INSTRUCTOR" },
  ],
  cohorts: [{ slug: "academy-2026-fall-mlops", startsOn: "2026-10-12", dueOn: "2026-12-18" }],
  modules: [
    {
      title: "From Notebook to Service",
      summary: "Reproducible experiments and model serving",
      lessons: [
        {
          slug: "reproducible-experiments",
          title: "Reproducible Experiments",
          kind: "ARTICLE",
          durationMinutes: 35,
          markdown: `## What to record

A result you cannot reproduce is an anecdote. For every training run, record:

| What | Why | How |
| --- | --- | --- |
| Code version | The model is a function of the code | Git commit hash |
| Data version | ...and of the data | Dataset hash or DVC tag |
| Parameters | To compare runs | Logged hyperparameters |
| Metrics | To choose between runs | Logged per epoch and at the end |
| Environment | Library versions change results | Lock file or container image |

## Tracking with MLflow

~~~python
import mlflow
from sklearn.ensemble import RandomForestRegressor
from sklearn.metrics import mean_absolute_error

mlflow.set_experiment("gwangju-bike-demand")

with mlflow.start_run():
    params = {"n_estimators": 300, "max_depth": 12}
    mlflow.log_params(params)
    model = RandomForestRegressor(**params, random_state=0).fit(X_train, y_train)
    mlflow.log_metric("val_mae", mean_absolute_error(y_valid, model.predict(X_valid)))
    mlflow.sklearn.log_model(model, name="model")
~~~

Run \`mlflow ui\` to compare runs side by side. Register the best run's model in the model registry, and let deployments take models from the registry rather than from someone's laptop.`,
        },
        {
          slug: "serving-with-fastapi",
          title: "Serving Models with FastAPI",
          kind: "ARTICLE",
          durationMinutes: 40,
          markdown: `## A prediction service

~~~python
import mlflow
from fastapi import FastAPI
from pydantic import BaseModel

app = FastAPI()
model = mlflow.sklearn.load_model("models:/gwangju-bike-demand@production")

class Features(BaseModel):
    hour: int
    temperature_c: float
    is_holiday: bool

@app.post("/predict")
def predict(features: Features) -> dict[str, float]:
    row = [[features.hour, features.temperature_c, features.is_holiday]]
    return {"rentals": float(model.predict(row)[0])}
~~~

Load the model once at start-up, never per request. Validate inputs with Pydantic, so that a malformed request fails with a clear 422 response instead of a confusing stack trace.

## Packaging with Docker

Build an image that holds the service, its pinned dependencies and nothing else, then run it anywhere:

~~~bash
docker build -t bike-demand:1.4.0 .
docker run --rm -p 8000:8000 bike-demand:1.4.0
curl -X POST localhost:8000/predict -H "Content-Type: application/json" \\
  -d '{"hour": 8, "temperature_c": 12.5, "is_holiday": false}'
~~~

Tag images with the model version, so that rolling back is a single command.`,
        },
      ],
    },
    {
      title: "Monitoring in Production",
      summary: "Drift, its detection and what to do about it",
      lessons: [
        {
          slug: "monitoring-data-drift",
          title: "Monitoring Data Drift",
          kind: "ARTICLE",
          durationMinutes: 35,
          markdown: `## Models decay

A model is trained on the past and used on the future. When the inputs shift (a new bike-sharing station opens, or a new subway line changes commuting) the model's accuracy falls, often before anyone has the labels to notice.

| Kind of drift | What changes | Example |
| --- | --- | --- |
| Data drift | The input distribution $p(\\mathbf{x})$ | More rentals from a new district |
| Concept drift | The relationship $p(y \\mid \\mathbf{x})$ | Rain deters fewer riders once shelters are built |
| Label drift | The output distribution $p(y)$ | Demand grows across the board |

## Population stability index

Split a feature into bins. With $e_i$ the share of training data and $a_i$ the share of recent production data in bin $i$:

$$
\\mathrm{PSI} = \\sum_{i} (a_i - e_i) \\ln \\frac{a_i}{e_i}
$$

A common rule of thumb: below 0.1 is stable, 0.1 to 0.25 deserves a look, and above 0.25 needs action.

~~~python
import numpy as np

def population_stability_index(expected, actual, bins=10):
    edges = np.quantile(expected, np.linspace(0, 1, bins + 1))
    edges[0], edges[-1] = -np.inf, np.inf
    e = np.histogram(expected, edges)[0] / len(expected)
    a = np.histogram(actual, edges)[0] / len(actual)
    e, a = np.clip(e, 1e-6, None), np.clip(a, 1e-6, None)
    return float(np.sum((a - e) * np.log(a / e)))
~~~

Alert on drift, but retrain on evidence: check the labels that do arrive before replacing a model that may still be fine.`,
        },
        {
          slug: "assignment-ship-a-model",
          title: "Assignment: Ship and Monitor a Model",
          kind: "ASSIGNMENT",
          durationMinutes: 480,
          markdown: `## Brief

Take a model you trained earlier in the academy and turn it into a service that a teammate could run and operate without asking you anything.

## Requirements

- [ ] Training runs are tracked in MLflow, and the served model comes from the registry
- [ ] A FastAPI service with input validation and a \`/health\` endpoint
- [ ] A Dockerfile that builds in under five minutes on a laptop
- [ ] A drift report comparing the training data with a simulated month of production traffic
- [ ] A README with a one-command start and a short runbook: what to do when the drift alert fires

## Submission

A link to the Git repository, tagged \`v1.0\`. Graded out of 100; 60 passes.`,
          assignment: {
            dueAt: "2026-12-18T23:59:00+09:00",
            maxPoints: 100,
            passingPoints: 60,
            allowsFile: false,
          },
        },
      ],
    },
  ],
};

// Still being written for next spring, so it must not appear in any catalog.
const ACA302_DRAFT: CourseSeed = {
  slug: "aca302-llm-applications",
  code: "ACA302",
  programSlug: "ai-academy",
  title: "LLM 애플리케이션 개발",
  summary:
    "대규모 언어 모델로 믿을 수 있는 서비스를 만드는 방법: 프롬프트 설계, 구조화된 출력, 검색 증강 생성(RAG)과 평가.",
  descriptionMarkdown: `2027년 봄 8기에 개설할 예정인 과정입니다. 커리큘럼을 준비하고 있습니다.

- 프롬프트 설계와 구조화된 출력
- 검색 증강 생성(RAG) 설계와 평가
- 비용, 지연 시간, 안전성을 고려한 운영`,
  credits: null,
  level: "ADVANCED",
  language: "ko",
  tags: ["llm", "rag", "프롬프트"],
  enrollmentPolicy: "OPEN",
  startsOn: "2027-03-08",
  endsOn: "2027-05-14",
  status: "DRAFT",
  instructors: [{ email: INSTRUCTOR_EMAIL, role: "LEAD" }],
  modules: [
    {
      title: "프롬프트 설계",
      summary: "지시, 예시, 구조화된 출력",
      lessons: [
        {
          slug: "prompt-design-basics",
          title: "프롬프트 설계의 기본",
          kind: "ARTICLE",
          durationMinutes: 25,
          markdown: `## 좋은 프롬프트의 구성

좋은 프롬프트는 사람에게 주는 업무 지시서와 닮았습니다. 역할, 해야 할 일, 참고 자료, 출력 형식, 예시를 분명히 나눠 적습니다.

~~~markdown
당신은 광주광역시 민원 상담 도우미입니다.
아래 민원을 읽고 담당 부서를 하나 고르세요.

민원: {complaint}

부서 목록: 교통, 환경, 복지, 건축
답은 부서 이름 하나만 쓰세요.
~~~

예시를 두세 개 보여 주는 퓨샷(few-shot) 프롬프트는 형식을 맞추는 데 특히 효과적입니다. 다만 예시가 한쪽으로 치우치면 답도 치우치므로, 예시는 골고루 고릅니다.`,
        },
        {
          slug: "structured-output",
          title: "구조화된 출력",
          kind: "ARTICLE",
          durationMinutes: 25,
          markdown: `## 자유 텍스트 대신 JSON

모델의 답을 프로그램이 이어서 처리하려면 형식이 보장되어야 합니다. JSON 스키마를 주고, 받은 답은 반드시 검증합니다.

~~~python
from pydantic import BaseModel, ValidationError

class Routing(BaseModel):
    department: str
    confidence: float

try:
    routing = Routing.model_validate_json(response_text)
except ValidationError:
    routing = None  # 다시 요청하거나 사람에게 넘긴다
~~~

검증에 실패한 답을 그대로 쓰지 않는 것이 신뢰할 수 있는 LLM 서비스의 첫걸음입니다.`,
        },
      ],
    },
    {
      title: "검색 증강 생성(RAG)",
      summary: "문서 검색으로 답의 근거를 제공하기",
      lessons: [
        {
          slug: "rag-architecture",
          title: "RAG 구조",
          kind: "ARTICLE",
          durationMinutes: 30,
          markdown: `## 왜 RAG인가

언어 모델은 학습 이후의 정보나 조직 내부 문서를 모릅니다. RAG는 질문과 관련된 문서 조각을 먼저 검색해 프롬프트에 넣어 줌으로써, 모델이 근거를 보고 답하게 합니다.

| 단계 | 하는 일 | 고려할 점 |
| --- | --- | --- |
| 분할 | 문서를 조각(chunk)으로 나눔 | 조각 크기, 겹침 |
| 임베딩 | 조각을 벡터로 변환 | 한국어 성능, 비용 |
| 검색 | 질문과 가까운 조각 k개 선택 | 코사인 유사도, 하이브리드 검색 |
| 생성 | 조각을 근거로 답변 | 출처 표시, 모르면 모른다고 답하기 |

질문 벡터 $\\mathbf{q}$와 조각 벡터 $\\mathbf{d}_i$의 유사도는 보통 $\\cos(\\mathbf{q}, \\mathbf{d}_i)$로 잽니다.`,
        },
        {
          slug: "evaluating-rag",
          title: "RAG 평가",
          kind: "ARTICLE",
          durationMinutes: 25,
          markdown: `## 검색과 생성을 따로 평가하기

답이 틀렸을 때 원인이 검색인지 생성인지 알아야 고칠 수 있습니다.

- **검색**: 정답 근거가 상위 k개 안에 들어왔는가? (Recall@k)
- **생성**: 답이 주어진 근거에 충실한가? 근거에 없는 내용을 지어내지 않았는가?

$$
\\text{Recall@}k = \\frac{\\text{상위 } k \\text{개에 포함된 정답 근거 수}}{\\text{전체 정답 근거 수}}
$$

실제 사용자 질문 50–100개로 평가 세트를 만들고, 프롬프트나 검색 설정을 바꿀 때마다 같은 세트로 다시 재는 습관을 들이세요.`,
        },
      ],
    },
  ],
};

const COURSES: readonly CourseSeed[] = [AI501, AI502, AI503, ACA101, ACA201, ACA301, ACA302_DRAFT];

// ───────────────────────────── Learner activity ─────────────────────────────

const ENROLLMENTS: readonly EnrollmentSeed[] = [
  {
    learnerEmail: LEARNER_EMAIL,
    courseSlug: AI501.slug,
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
    courseSlug: ACA101.slug,
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
    courseSlug: AI501.slug,
    status: "ACTIVE",
    enrolledDaysAgo: 30,
    progress: [{ lessonSlug: "what-is-machine-learning", status: "COMPLETED", daysAgo: 12, secondsSpent: 980 }],
  },
  {
    learnerEmail: "minho.jung@bitgoeul.example",
    courseSlug: ACA201.slug,
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

const DEMO_SEEDED_AT_KEY = "demo-seeded-at";

// ───────────────────────────── Writers ─────────────────────────────

type Tx = Prisma.TransactionClient;
type Ids = Map<string, string>;

const DAY_MS = 24 * 60 * 60 * 1000;

function toDate(day: string): Date {
  return new Date(`${day}T00:00:00.000Z`);
}

function requireId(ids: Ids, key: string): string {
  const id = ids.get(key);
  if (!id) throw new Error(`Demo data refers to unknown "${key}"`);
  return id;
}

async function upsertUsers({ tx, passwordHashes }: { tx: Tx; passwordHashes: Ids }): Promise<Ids> {
  const userIds: Ids = new Map();
  for (const account of DEMO_ACCOUNTS) {
    const fields = {
      name: account.name,
      role: account.role,
      locale: account.locale,
      // Re-set on every run so the kept demo passwords always work.
      passwordHash: requireId(passwordHashes, account.email),
    };
    const user = await tx.user.upsert({
      where: { email: account.email },
      create: { email: account.email, ...fields },
      update: fields,
      select: { id: true },
    });
    userIds.set(account.email, user.id);
  }
  for (const classmate of CLASSMATES) {
    const user = await tx.user.upsert({
      where: { email: classmate.email },
      create: { email: classmate.email, name: classmate.name, role: "LEARNER", locale: "ko" },
      update: { name: classmate.name },
      select: { id: true },
    });
    userIds.set(classmate.email, user.id);
  }
  return userIds;
}

function termKey(term: { year: number; season: TermSeason }): string {
  return `${term.year}-${term.season}`;
}

async function upsertPrograms({ tx, userIds }: { tx: Tx; userIds: Ids }) {
  const programIds: Ids = new Map();
  const termIds: Ids = new Map();
  const cohortIds: Ids = new Map();
  for (const { terms, degreeTracks, cohorts, ...program } of PROGRAMS) {
    const { id: programId } = await tx.program.upsert({
      where: { slug: program.slug },
      create: program,
      update: program,
      select: { id: true },
    });
    programIds.set(program.slug, programId);

    for (const term of terms) {
      const dates = { startsOn: toDate(term.startsOn), endsOn: toDate(term.endsOn) };
      const { id } = await tx.term.upsert({
        where: { programId_year_season: { programId, year: term.year, season: term.season } },
        create: { programId, year: term.year, season: term.season, ...dates },
        update: dates,
        select: { id: true },
      });
      termIds.set(`${program.slug}/${termKey(term)}`, id);
    }

    for (const { slug, ...track } of degreeTracks) {
      await tx.degreeTrack.upsert({
        where: { slug },
        create: { slug, programId, ...track },
        update: { programId, ...track },
        select: { id: true },
      });
    }

    for (const cohort of cohorts) {
      const fields = {
        programId,
        name: cohort.name,
        startsOn: toDate(cohort.startsOn),
        endsOn: toDate(cohort.endsOn),
      };
      const { id: cohortId } = await tx.cohort.upsert({
        where: { slug: cohort.slug },
        create: { slug: cohort.slug, ...fields },
        update: fields,
        select: { id: true },
      });
      cohortIds.set(cohort.slug, cohortId);

      for (const member of cohort.members) {
        const userId = requireId(userIds, member.email);
        await tx.cohortMember.upsert({
          where: { cohortId_userId: { cohortId, userId } },
          create: { cohortId, userId, role: member.role },
          update: { role: member.role },
          select: { id: true },
        });
      }
    }
  }
  return { programIds, termIds, cohortIds };
}

async function upsertQuiz({ tx, lessonId, quiz }: { tx: Tx; lessonId: string; quiz: QuizSeed }) {
  const { questions, ...settings } = quiz;
  const { id: quizId } = await tx.quiz.upsert({
    where: { lessonId },
    create: { lessonId, ...settings },
    update: settings,
    select: { id: true },
  });
  // Attempts store answers by question id, so questions are updated in place, never recreated.
  for (const [position, question] of questions.entries()) {
    const existing = await tx.question.findFirst({
      where: { quizId, position },
      select: { id: true },
    });
    if (existing) {
      await tx.question.update({ where: { id: existing.id }, data: question, select: { id: true } });
    } else {
      await tx.question.create({ data: { quizId, position, ...question }, select: { id: true } });
    }
  }
}

async function upsertLesson({
  tx,
  courseId,
  moduleId,
  position,
  lesson,
  isPublished,
}: {
  tx: Tx;
  courseId: string;
  moduleId: string;
  position: number;
  lesson: LessonSeed;
  isPublished: boolean;
}): Promise<string> {
  const fields = {
    moduleId,
    position,
    title: lesson.title,
    kind: lesson.kind,
    markdown: lesson.markdown,
    html: renderMarkdown(lesson.markdown),
    videoUrl: lesson.kind === "VIDEO" ? lesson.videoUrl : null,
    transcript: lesson.kind === "VIDEO" ? lesson.transcript : null,
    durationMinutes: lesson.durationMinutes,
    isRequired: lesson.isRequired ?? true,
    status: isPublished ? ("PUBLISHED" as const) : ("DRAFT" as const),
  };
  const { id: lessonId } = await tx.lesson.upsert({
    where: { courseId_slug: { courseId, slug: lesson.slug } },
    create: { courseId, slug: lesson.slug, ...fields },
    update: fields,
    select: { id: true },
  });

  if (lesson.kind === "QUIZ") {
    await upsertQuiz({ tx, lessonId, quiz: lesson.quiz });
  } else if (lesson.kind === "ASSIGNMENT") {
    const assignment = { ...lesson.assignment, dueAt: new Date(lesson.assignment.dueAt) };
    await tx.assignment.upsert({
      where: { lessonId },
      create: { lessonId, ...assignment },
      update: assignment,
      select: { id: true },
    });
  }
  return lessonId;
}

type SeededCourse = { id: string; lessonIds: Ids };

async function upsertCourse({
  tx,
  course,
  userIds,
  programIds,
  termIds,
}: {
  tx: Tx;
  course: CourseSeed;
  userIds: Ids;
  programIds: Ids;
  termIds: Ids;
}): Promise<SeededCourse> {
  const isPublished = course.status === "PUBLISHED";
  const fields = {
    programId: requireId(programIds, course.programSlug),
    termId: course.term ? requireId(termIds, `${course.programSlug}/${termKey(course.term)}`) : null,
    code: course.code,
    title: course.title,
    summary: course.summary,
    descriptionMarkdown: course.descriptionMarkdown,
    descriptionHtml: renderMarkdown(course.descriptionMarkdown),
    credits: course.credits,
    level: course.level,
    language: course.language,
    tags: course.tags,
    enrollmentPolicy: course.enrollmentPolicy,
    capacity: course.capacity ?? null,
    enrollmentOpensAt: ENROLLMENT_OPENS_AT,
    enrollmentClosesAt: ENROLLMENT_CLOSES_AT,
    startsOn: toDate(course.startsOn),
    endsOn: toDate(course.endsOn),
    status: course.status,
    publishedAt: isPublished ? PUBLISHED_AT : null,
  };
  const { id: courseId } = await tx.course.upsert({
    where: { slug: course.slug },
    create: { slug: course.slug, ...fields },
    update: fields,
    select: { id: true },
  });

  for (const [position, instructor] of course.instructors.entries()) {
    const userId = requireId(userIds, instructor.email);
    await tx.courseInstructor.upsert({
      where: { courseId_userId: { courseId, userId } },
      create: { courseId, userId, role: instructor.role, position },
      update: { role: instructor.role, position },
      select: { courseId: true },
    });
  }

  const lessonIds: Ids = new Map();
  let lessonPosition = 0;
  for (const [modulePosition, moduleSeed] of course.modules.entries()) {
    // Modules have no unique key; (course, position) identifies the seeded ones.
    const moduleFields = { title: moduleSeed.title, summary: moduleSeed.summary };
    const existing = await tx.module.findFirst({
      where: { courseId, position: modulePosition },
      select: { id: true },
    });
    const { id: moduleId } = existing
      ? await tx.module.update({ where: { id: existing.id }, data: moduleFields, select: { id: true } })
      : await tx.module.create({
          data: { courseId, position: modulePosition, ...moduleFields },
          select: { id: true },
        });

    for (const lesson of moduleSeed.lessons) {
      const lessonId = await upsertLesson({
        tx,
        courseId,
        moduleId,
        position: lessonPosition++,
        lesson,
        isPublished,
      });
      lessonIds.set(lesson.slug, lessonId);
    }
  }
  return { id: courseId, lessonIds };
}

function requireCourse(courses: Map<string, SeededCourse>, slug: string): SeededCourse {
  const course = courses.get(slug);
  if (!course) throw new Error(`Demo data refers to unknown course "${slug}"`);
  return course;
}

async function linkCourses({ tx, courses, cohortIds }: { tx: Tx; courses: Map<string, SeededCourse>; cohortIds: Ids }) {
  for (const course of COURSES) {
    const courseId = requireCourse(courses, course.slug).id;
    for (const prerequisiteSlug of course.prerequisiteSlugs ?? []) {
      const prerequisiteId = requireCourse(courses, prerequisiteSlug).id;
      await tx.coursePrerequisite.upsert({
        where: { courseId_prerequisiteId: { courseId, prerequisiteId } },
        create: { courseId, prerequisiteId },
        update: {},
        select: { courseId: true },
      });
    }
    for (const assignment of course.cohorts ?? []) {
      const cohortId = requireId(cohortIds, assignment.slug);
      const dates = { startsOn: toDate(assignment.startsOn), dueOn: toDate(assignment.dueOn) };
      await tx.cohortCourse.upsert({
        where: { cohortId_courseId: { cohortId, courseId } },
        create: { cohortId, courseId, ...dates },
        update: dates,
        select: { id: true },
      });
    }
  }
}

/** Writes each seeded enrollment with its events and progress once; returns all their ids. */
async function createLearnerActivity({
  tx,
  now,
  userIds,
  courses,
  cohortIds,
}: {
  tx: Tx;
  now: Date;
  userIds: Ids;
  courses: Map<string, SeededCourse>;
  cohortIds: Ids;
}): Promise<string[]> {
  const daysAgo = (days: number) => new Date(now.getTime() - days * DAY_MS);
  const enrollmentIds: string[] = [];

  for (const seed of ENROLLMENTS) {
    const userId = requireId(userIds, seed.learnerEmail);
    const course = requireCourse(courses, seed.courseSlug);
    const existing = await tx.enrollment.findUnique({
      where: { userId_courseId: { userId, courseId: course.id } },
      select: { id: true },
    });
    if (existing) {
      enrollmentIds.push(existing.id);
      continue;
    }

    const enrolledAt = daysAgo(seed.enrolledDaysAgo);
    const progress = seed.progress.map((entry) => {
      const lastViewedAt = daysAgo(entry.daysAgo);
      return {
        userId,
        courseId: course.id,
        lessonId: requireId(course.lessonIds, entry.lessonSlug),
        status: entry.status,
        firstViewedAt: new Date(lastViewedAt.getTime() - entry.secondsSpent * 1000),
        lastViewedAt,
        completedAt: entry.status === "COMPLETED" ? lastViewedAt : null,
        secondsSpent: entry.secondsSpent,
      };
    });
    const completedAt =
      seed.status === "COMPLETED" ? new Date(Math.max(...progress.map((entry) => entry.lastViewedAt.getTime()))) : null;

    const { id: enrollmentId } = await tx.enrollment.create({
      data: {
        userId,
        courseId: course.id,
        cohortId: seed.cohortSlug ? requireId(cohortIds, seed.cohortSlug) : null,
        status: seed.status,
        requestedAt: enrolledAt,
        activatedAt: enrolledAt,
        completedAt,
        createdAt: enrolledAt,
      },
      select: { id: true },
    });
    await tx.enrollmentEvent.createMany({
      data: [
        { enrollmentId, fromStatus: null, toStatus: "ACTIVE", actorId: userId, createdAt: enrolledAt },
        ...(completedAt
          ? [
              {
                enrollmentId,
                fromStatus: "ACTIVE" as const,
                toStatus: "COMPLETED" as const,
                reason: "All required lessons completed",
                createdAt: completedAt,
              },
            ]
          : []),
      ],
    });
    await tx.lessonProgress.createMany({ data: progress });
    enrollmentIds.push(enrollmentId);
  }
  return enrollmentIds;
}

async function syncCourseRollups({ tx, courseIds }: { tx: Tx; courseIds: string[] }) {
  for (const courseId of courseIds) {
    const [requiredLessonCount, seatsTakenCount] = await Promise.all([
      tx.lesson.count({ where: { courseId, status: "PUBLISHED", isRequired: true } }),
      tx.enrollment.count({ where: { courseId, status: { in: ["ACTIVE", "COMPLETED"] } } }),
    ]);
    await tx.course.update({
      where: { id: courseId },
      data: { requiredLessonCount, seatsTakenCount },
      select: { id: true },
    });
  }
}

async function syncEnrollmentRollups({ tx, enrollmentIds }: { tx: Tx; enrollmentIds: string[] }) {
  for (const enrollmentId of enrollmentIds) {
    const { userId, courseId, course } = await tx.enrollment.findUniqueOrThrow({
      where: { id: enrollmentId },
      select: { userId: true, courseId: true, course: { select: { requiredLessonCount: true } } },
    });
    const [completedRequiredCount, latest] = await Promise.all([
      tx.lessonProgress.count({
        where: {
          userId,
          courseId,
          status: "COMPLETED",
          lesson: { isRequired: true, status: "PUBLISHED" },
        },
      }),
      tx.lessonProgress.findFirst({
        where: { userId, courseId },
        orderBy: { lastViewedAt: "desc" },
        select: { lessonId: true, lastViewedAt: true },
      }),
    ]);
    await tx.enrollment.update({
      where: { id: enrollmentId },
      data: {
        completedRequiredCount,
        progressPercent:
          course.requiredLessonCount === 0
            ? 0
            : Math.floor((100 * completedRequiredCount) / course.requiredLessonCount),
        lastActivityAt: latest?.lastViewedAt ?? null,
        lastLessonId: latest?.lessonId ?? null,
      },
      select: { id: true },
    });
  }
}

/** Writes the demo data in one transaction; safe to run again (see the top of this file). */
export async function seedDemoData({
  db,
  passwords,
  log = () => {},
}: {
  db: Database;
  /** Email → password for each of DEMO_ACCOUNTS. */
  passwords: ReadonlyMap<string, string>;
  log?: (line: string) => void;
}): Promise<void> {
  const now = new Date();
  // Argon2 is slow on purpose: hash before the transaction opens so it holds its locks briefly.
  const passwordHashes: Ids = new Map(
    await Promise.all(
      DEMO_ACCOUNTS.map(async (account) => {
        const password = passwords.get(account.email);
        if (!password) throw new Error(`No password given for the demo account ${account.email}`);
        return [account.email, await hashPassword(password)] as const;
      }),
    ),
  );

  const summary = await db.$transaction(
    async (tx) => {
      const userIds = await upsertUsers({ tx, passwordHashes });
      const { programIds, termIds, cohortIds } = await upsertPrograms({ tx, userIds });
      const courses = new Map<string, SeededCourse>();
      for (const course of COURSES) {
        courses.set(course.slug, await upsertCourse({ tx, course, userIds, programIds, termIds }));
      }
      await linkCourses({ tx, courses, cohortIds });
      const enrollmentIds = await createLearnerActivity({ tx, now, userIds, courses, cohortIds });
      // Course rollups first: enrollment percentages divide by requiredLessonCount.
      await syncCourseRollups({ tx, courseIds: [...courses.values()].map((course) => course.id) });
      await syncEnrollmentRollups({ tx, enrollmentIds });
      const seededAt = await tx.appMeta.upsert({
        where: { key: DEMO_SEEDED_AT_KEY },
        create: { key: DEMO_SEEDED_AT_KEY, value: now.toISOString() },
        update: {},
        select: { value: true },
      });
      return {
        users: userIds.size,
        courses: courses.size,
        lessons: [...courses.values()].reduce((sum, course) => sum + course.lessonIds.size, 0),
        enrollments: enrollmentIds.length,
        firstSeededAt: seededAt.value,
      };
    },
    // A few hundred statements over one connection; the default 5 s is too tight on a slow disk.
    { timeout: 60_000 },
  );

  log(
    `Demo data: ${summary.users} users, ${PROGRAMS.length} programs, ${summary.courses} courses, ` +
      `${summary.lessons} lessons, ${summary.enrollments} enrollments (first seeded ${summary.firstSeededAt}).`,
  );
}

// ───────────────────────────── Command line ─────────────────────────────

function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  // Prisma's messages span many lines with a code frame; the last line says what went wrong.
  const lines = error.message
    .split("\n")
    .map((line) => line.trim())
    .filter(Boolean);
  return lines.at(-1) ?? error.name;
}

async function runSeedCommand(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("DATABASE_URL is not set");
  const { loadOrCreateDemoPasswords, describeDemoAccounts, DEMO_PASSWORDS_FILE } = await import("./demo-passwords");
  const { passwords, isNew } = loadOrCreateDemoPasswords();
  const db = createPrismaClient(url);
  try {
    await seedDemoData({ db, passwords, log: (line) => console.log(line) });
  } finally {
    await db.$disconnect();
  }
  const where = path.relative(process.cwd(), DEMO_PASSWORDS_FILE);
  if (isNew) console.log(["Demo accounts (kept in " + where + "):", ...describeDemoAccounts(passwords)].join("\n"));
  else console.log(`Demo account passwords are in ${where}.`);
}

const isRunDirectly =
  process.argv[1] !== undefined && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;

if (isRunDirectly) {
  runSeedCommand().catch((error: unknown) => {
    console.error(`Seeding the demo data failed: ${describeError(error)}`);
    process.exit(1);
  });
}
