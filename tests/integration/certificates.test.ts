// A certificate's public page, as someone checking it sees it without an account: VALID or REVOKED
// (with when and why), who, which course, when, in Korean and in English.
import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import * as certificateRoute from "~/routes/certificates.$code";
import { createCourse, createProgram, createUser } from "../factories";
import { addCourseInstructor, buildRequest, createUserSession } from "../factories/auth";
import { renderPage, visibleText } from "../factories/render-page";
import { buildFormRequest, routeArgs, settle } from "../factories/requests";

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";

async function issuedCertificate() {
  const program = await createProgram(prisma, { kind: "ACADEMY" });
  const course = await createCourse(prisma, { programId: program.id, title: "파이썬 데이터 분석" });
  const learner = await createUser(prisma, { name: "박지훈" });
  const enrollment = await prisma.enrollment.create({
    data: { courseId: course.id, userId: learner.id, status: "COMPLETED", completedAt: new Date() },
  });
  return prisma.certificate.create({
    data: {
      userId: learner.id,
      courseId: course.id,
      enrollmentId: enrollment.id,
      verificationCode: Array.from(crypto.getRandomValues(new Uint8Array(32)), (byte) => BASE32[byte % 32]).join(""),
      issuedAt: new Date("2026-10-02T03:00:00.000Z"),
    },
  });
}

async function render(code: string, language: "ko" | "en") {
  const request = await buildRequest({ path: `/certificates/${code}` });
  const reply = await settle(certificateRoute.loader(routeArgs(request, { params: { code } })));
  expect(reply.status).toBe(200);
  return renderPage({ Page: certificateRoute.default, loaderData: reply.data, language });
}

describe("a certificate's public page", () => {
  test("signed out, it says VALID with the learner, course and date, in both languages", async () => {
    const certificate = await issuedCertificate();
    const ko = await render(certificate.verificationCode, "ko");
    expect(ko.missingKeys).toEqual([]);
    expect(visibleText(ko.html)).toContain("유효한 수료증");
    expect(visibleText(ko.html)).toContain("박지훈");
    expect(visibleText(ko.html)).toContain("파이썬 데이터 분석");
    expect(visibleText(ko.html)).toContain("2026년 10월 2일");
    expect(visibleText(ko.html)).toContain(certificate.verificationCode);
    const en = await render(certificate.verificationCode, "en");
    expect(en.missingKeys).toEqual([]);
    expect(visibleText(en.html)).toContain("VALID certificate");
    expect(visibleText(en.html)).toContain("October 2, 2026");
  });

  test("revoked, it says so with the date and the reason", async () => {
    const certificate = await issuedCertificate();
    await prisma.certificate.update({
      where: { id: certificate.id },
      data: { revokedAt: new Date("2026-11-01T01:00:00.000Z"), revokedReason: "부정행위 확인" },
    });
    const text = visibleText((await render(certificate.verificationCode, "ko")).html);
    expect(text).toContain("취소된 수료증");
    expect(text).not.toContain("유효한 수료증");
    expect(text).toContain("부정행위 확인");
    expect(visibleText((await render(certificate.verificationCode, "en")).html)).toContain("REVOKED certificate");
  });

  test("an unknown or malformed code is not found", async () => {
    await issuedCertificate();
    for (const code of ["x".repeat(32), "short", "../../etc"]) {
      const request = await buildRequest({ path: `/certificates/${encodeURIComponent(code)}` });
      const reply = await settle(certificateRoute.loader(routeArgs(request, { params: { code } })));
      expect(reply.status).toBe(404);
    }
  });

  test("the course's instructor revokes it from the page: a reason is required, then the page says REVOKED", async () => {
    const certificate = await issuedCertificate();
    const code = certificate.verificationCode;
    const instructor = await createUser(prisma, { role: "INSTRUCTOR", name: "이서연" });
    await addCourseInstructor(prisma, { courseId: certificate.courseId!, userId: instructor.id });
    const { token } = await createUserSession(prisma, { userId: instructor.id, isTwoFactorVerified: true });

    // The form is shown to them, not to a visitor.
    const asInstructor = await settle(
      certificateRoute.loader(
        routeArgs(await buildRequest({ path: `/certificates/${code}`, token }), { params: { code } }),
      ),
    );
    expect(asInstructor.data?.canRevoke).toBe(true);
    const asVisitor = await settle(
      certificateRoute.loader(routeArgs(await buildRequest({ path: `/certificates/${code}` }), { params: { code } })),
    );
    expect(asVisitor.data?.canRevoke).toBe(false);

    // No reason: refused beside the field, in Korean; nothing changes.
    const empty = await settle(
      certificateRoute.action(
        routeArgs(await buildFormRequest({ path: `/certificates/${code}`, form: { reason: "  " }, token }), {
          params: { code },
        }),
      ),
    );
    expect(empty.status).toBe(400);
    const page = await renderPage({
      Page: certificateRoute.default,
      loaderData: asInstructor.data,
      actionData: empty.data,
      language: "ko",
    });
    expect(visibleText(page.html)).toContain("필수 입력 항목입니다.");
    expect(await prisma.certificate.findUniqueOrThrow({ where: { id: certificate.id } })).toMatchObject({
      revokedAt: null,
    });

    const revoked = await settle(
      certificateRoute.action(
        routeArgs(await buildFormRequest({ path: `/certificates/${code}`, form: { reason: "표절 확인" }, token }), {
          params: { code },
        }),
      ),
    );
    expect(revoked.status).toBe(303);
    const text = visibleText((await render(code, "ko")).html);
    expect(text).toContain("취소된 수료증");
    expect(text).toContain("표절 확인");
    expect(await prisma.auditLog.count({ where: { action: "certificate.revoked", actorId: instructor.id } })).toBe(1);

    // A second try (another tab) is refused and changes nothing.
    const again = await settle(
      certificateRoute.action(
        routeArgs(await buildFormRequest({ path: `/certificates/${code}`, form: { reason: "다시" }, token }), {
          params: { code },
        }),
      ),
    );
    expect(again.status).toBe(409);
    expect(await prisma.certificate.findUniqueOrThrow({ where: { id: certificate.id } })).toMatchObject({
      revokedReason: "표절 확인",
    });
  });
});
