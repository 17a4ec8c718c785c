// A certificate's public page, as someone checking it sees it without an account: VALID or REVOKED
// (with when and why), who, which course, when, in Korean and in English.
import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import * as certificateRoute from "~/routes/certificates.$code";
import * as badgeRoute from "~/routes/certificates.$code_.badge[.]jwt";
import * as badgeImageRoute from "~/routes/certificates.$code_.badge[.]svg";
import * as pdfRoute from "~/routes/certificates.$code_.certificate[.]pdf";
import * as statusListRoute from "~/routes/credentials.status.$list";
import * as issuerRoute from "~/routes/issuer";
import * as issuerKeysRoute from "~/routes/issuer_.jwks[.]json";
import * as transcriptRoute from "~/routes/transcripts.$userId";
import { createLocalJWKSet, jwtVerify } from "jose";
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

  test("the page links its PDF and badges, each served as its kind of file", async () => {
    const certificate = await issuedCertificate();
    const code = certificate.verificationCode;
    const html = (await render(code, "ko")).html;
    for (const file of ["certificate.pdf", "badge.jwt", "badge.svg"]) {
      expect(html).toContain(`href="/certificates/${code}/${file}"`);
    }
    const args = async (path: string) => routeArgs(await buildRequest({ path }), { params: { code } });

    const pdf = (await pdfRoute.loader(await args(`/certificates/${code}/certificate.pdf`))) as Response;
    expect(pdf.headers.get("Content-Type")).toBe("application/pdf");
    expect(pdf.headers.get("Content-Disposition")).toMatch(/^inline; .*\.pdf/);
    expect(
      Buffer.from(await pdf.arrayBuffer())
        .subarray(0, 5)
        .toString("latin1"),
    ).toBe("%PDF-");

    const badge = (await badgeRoute.loader(await args(`/certificates/${code}/badge.jwt`))) as Response;
    expect(badge.headers.get("Content-Type")).toMatch(/^text\/plain/);
    expect(badge.headers.get("Content-Disposition")).toMatch(/^attachment; .*\.jwt/);
    const jwt = await badge.text();

    const keys = await (issuerKeysRoute.loader() as Promise<Response>).then((response) => response.json());
    const { payload } = await jwtVerify(jwt, createLocalJWKSet(keys));
    expect(payload).toMatchObject({ type: ["VerifiableCredential", "OpenBadgeCredential"] });
    const profile = await (await issuerRoute.loader()).json();
    expect(payload.iss).toBe(profile.id);
    expect(profile).toMatchObject({ type: ["Profile"], name: expect.stringContaining("빛고을") });

    const image = (await badgeImageRoute.loader(await args(`/certificates/${code}/badge.svg`))) as Response;
    expect(image.headers.get("Content-Type")).toMatch(/^image\/svg\+xml/);
    expect(await image.text()).toContain(`verify="${jwt.split(".")[0]}.`);

    const status = (await statusListRoute.loader(
      routeArgs(await buildRequest({ path: "/credentials/status/0" }), { params: { list: "0" } }),
    )) as Response;
    expect(status.headers.get("Content-Type")).toBe("application/vc+jwt");
    expect(status.headers.get("Cache-Control")).toBe("no-store");
    await expect(jwtVerify(await status.text(), createLocalJWKSet(keys))).resolves.toBeTruthy();
  });

  test("an admin issues a degree track certificate from the transcript once the credits are earned", async () => {
    const program = await createProgram(prisma, { kind: "GRADUATE" });
    const track = await prisma.degreeTrack.create({
      data: {
        programId: program.id,
        slug: `track-${crypto.randomUUID()}`,
        nameKo: "데이터과학 석사",
        nameEn: "M.S. in Data Science",
        descriptionKo: "",
        descriptionEn: "",
        requiredCredits: 3,
      },
    });
    const student = await createUser(prisma, { name: "오대학" });
    await prisma.user.update({ where: { id: student.id }, data: { degreeTrackId: track.id } });
    const admin = await createUser(prisma, { role: "ADMIN" });
    const { token } = await createUserSession(prisma, { userId: admin.id, isTwoFactorVerified: true });
    const path = `/transcripts/${student.id}`;
    const load = async () =>
      settle(
        transcriptRoute.loader(routeArgs(await buildRequest({ path, token }), { params: { userId: student.id } })),
      );
    const post = async () =>
      settle(
        transcriptRoute.action(
          routeArgs(await buildFormRequest({ path, form: {}, token }), { params: { userId: student.id } }),
        ),
      );

    // Short of the credits: no button, and a forged post is refused with the reason.
    let page = await renderPage({ Page: transcriptRoute.default, loaderData: (await load()).data, language: "ko" });
    expect(visibleText(page.html)).toContain("데이터과학 석사: 0/3학점 취득");
    expect(visibleText(page.html)).not.toContain("이수증 발급");
    const refused = await post();
    expect(refused.status).toBe(409);

    const course = await createCourse(prisma, { programId: program.id });
    await prisma.course.update({ where: { id: course.id }, data: { credits: 3 } });
    const enrollment = await prisma.enrollment.create({
      data: { courseId: course.id, userId: student.id, status: "COMPLETED", completedAt: new Date() },
    });
    await prisma.finalGrade.create({
      data: {
        courseId: course.id,
        userId: student.id,
        enrollmentId: enrollment.id,
        letter: "A+",
        gradePoint: 4.5,
        confirmedAt: new Date(),
        confirmedById: admin.id,
      },
    });
    page = await renderPage({ Page: transcriptRoute.default, loaderData: (await load()).data, language: "en" });
    expect(page.missingKeys).toEqual([]);
    expect(visibleText(page.html)).toContain("M.S. in Data Science: 3 of 3 credits earned");
    expect(visibleText(page.html)).toContain("Issue the certificate");

    const issued = await post();
    expect(issued.status).toBe(303);
    const held = await prisma.certificate.findFirstOrThrow({ where: { userId: student.id, kind: "DEGREE_TRACK" } });
    expect(issued.headers.get("Location")).toBe(`/certificates/${held.verificationCode}`);
    expect((await post()).status).toBe(409);
    expect(await prisma.certificate.count({ where: { userId: student.id } })).toBe(1);
  });
});
