// The certificate's PDF, read back as a PDF reader would: its text holds the learner's Korean name,
// the course, the verification address and the code, and the Hangul font is embedded as a subset.
import { getDocument } from "pdfjs-dist/legacy/build/pdf.mjs";
import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import { renderCertificatePdf } from "~/models/certificate-pdf.server";
import { findCertificateByCode, revokeCertificate } from "~/models/certificate.server";
import { markLessonComplete } from "~/models/progress.server";
import { createUser } from "../../tests/factories";
import { createCourseWithLessons, enrollLearnerDirectly } from "../../tests/factories/progress";

const ORIGIN = "http://lms.campus:3000";

/** Every text run on every page, joined. */
async function pdfText(bytes: Uint8Array) {
  const document = await getDocument({ data: new Uint8Array(bytes), useSystemFonts: false }).promise;
  const texts: string[] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const content = await (await document.getPage(number)).getTextContent();
    texts.push(content.items.map((item) => ("str" in item ? item.str : "")).join(" "));
  }
  return { text: texts.join("\n"), pages: document.numPages, info: (await document.getMetadata()).info };
}

async function certificate() {
  const { course, lessons } = await createCourseWithLessons(prisma, {
    modules: [[{ kind: "ARTICLE" }]],
    title: "자연어 처리 입문",
  });
  const learner = await createUser(prisma, { name: "한가람" });
  await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: course.id });
  await markLessonComplete({ userId: learner.id, lessonId: lessons[0]!.id, now: new Date("2026-11-27T16:30:00.000Z") });
  const { verificationCode } = await prisma.certificate.findFirstOrThrow({ where: { userId: learner.id } });
  return (await findCertificateByCode({ code: verificationCode }))!;
}

describe("a certificate's PDF", () => {
  test("is one page whose text holds the name, course, date in Korea, address and code, in both languages", async () => {
    const found = await certificate();
    const bytes = await renderCertificatePdf(found, ORIGIN);
    expect(Buffer.from(bytes.slice(0, 5)).toString("latin1")).toBe("%PDF-");
    // The 6 MB fonts are embedded as subsets.
    expect(bytes.byteLength).toBeLessThan(400_000);

    const { text, pages, info } = await pdfText(bytes);
    expect(pages).toBe(1);
    for (const expected of [
      "한가람",
      "자연어 처리 입문",
      "수료증",
      "Certificate of Completion",
      found.verificationCode,
      `${ORIGIN}/certificates/${found.verificationCode}`,
      // 01:30 on the 28th in Korea.
      "2026년 11월 28일",
      "November 28, 2026",
    ]) {
      expect(text).toContain(expected);
    }
    expect(text).not.toMatch(/certificates\.pdf\./);
    expect(info).toMatchObject({ Title: expect.stringContaining("한가람") });
  });

  test("a revoked certificate's PDF says so", async () => {
    const found = await certificate();
    const admin = await createUser(prisma, { role: "ADMIN" });
    await revokeCertificate({ actor: admin, code: found.verificationCode, reason: "오류" });
    const revoked = (await findCertificateByCode({ code: found.verificationCode }))!;
    const { text } = await pdfText(await renderCertificatePdf(revoked, ORIGIN));
    expect(text).toContain("취소된 수료증");
    expect(text).toContain("REVOKED");
  });
});
