// The Open Badge a certificate becomes, checked the way a verifier with no network access would:
// the signature against the issuer's published key set, the claims against the credential, and the
// revocation bit in the published status list.
import { gunzipSync } from "node:zlib";
import { createLocalJWKSet, decodeProtectedHeader, EmbeddedJWK, jwtVerify } from "jose";
import { describe, expect, test } from "vitest";
import { prisma } from "~/lib/db.server";
import { findCertificateByCode, revokeCertificate } from "~/models/certificate.server";
import {
  bakedBadgeSvg,
  getIssuerKey,
  issuerKeySet,
  signOpenBadge,
  signStatusListCredential,
  STATUS_LIST_SIZE,
} from "~/models/open-badge.server";
import { markLessonComplete } from "~/models/progress.server";
import { createUser } from "../../tests/factories";
import { createCourseWithLessons, enrollLearnerDirectly } from "../../tests/factories/progress";

const ORIGIN = "https://lms.bitgoeul.example";

async function completedCertificate() {
  const { course, lessons } = await createCourseWithLessons(prisma, {
    modules: [[{ kind: "ARTICLE" }]],
    title: "딥러닝 기초",
  });
  const learner = await createUser(prisma, { name: "최배지" });
  await enrollLearnerDirectly(prisma, { userId: learner.id, courseId: course.id });
  await markLessonComplete({ userId: learner.id, lessonId: lessons[0]!.id, now: new Date("2026-05-04T06:07:08.123Z") });
  const { verificationCode } = await prisma.certificate.findFirstOrThrow({ where: { userId: learner.id } });
  return { course, learner, certificate: (await findCertificateByCode({ code: verificationCode }))! };
}

/** Whether bit `index` of a status list credential's encodedList is set. */
function statusBit(encodedList: string, index: number) {
  expect(encodedList.startsWith("u")).toBe(true);
  const bits = gunzipSync(Buffer.from(encodedList.slice(1), "base64url"));
  expect(bits.length).toBe(STATUS_LIST_SIZE / 8);
  return (bits[index >> 3]! & (0x80 >> (index & 7))) !== 0;
}

describe("the issuer's key", () => {
  test("is made once, kept in the database, and published without its private part", async () => {
    const [first, second] = await Promise.all([getIssuerKey(), getIssuerKey()]);
    expect(first.publicJwk).toEqual(second.publicJwk);
    expect(await prisma.issuerKey.count()).toBe(1);
    const { keys } = await issuerKeySet();
    expect(keys).toEqual([expect.objectContaining({ kty: "OKP", crv: "Ed25519", alg: "EdDSA" })]);
    expect(keys[0]).not.toHaveProperty("d");
  });
});

describe("a certificate's Open Badge (VC-JWT)", () => {
  test("verifies against the published key and carries the credential as its payload", async () => {
    const { learner, certificate } = await completedCertificate();
    const jwt = await signOpenBadge(certificate, ORIGIN);

    const header = decodeProtectedHeader(jwt);
    expect(Object.keys(header).sort()).toEqual(["alg", "jwk", "typ"]);
    expect(header).toMatchObject({ alg: "EdDSA", typ: "JWT", jwk: { kty: "OKP", crv: "Ed25519" } });
    expect(header.jwk).not.toHaveProperty("d");

    const { payload } = await jwtVerify(jwt, createLocalJWKSet(await issuerKeySet()));
    // The key in the header is the published one.
    await expect(jwtVerify(jwt, EmbeddedJWK)).resolves.toBeTruthy();
    expect(payload).toMatchObject({
      "@context": [
        "https://www.w3.org/ns/credentials/v2",
        "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json",
      ],
      type: ["VerifiableCredential", "OpenBadgeCredential"],
      id: `${ORIGIN}/certificates/${certificate.verificationCode}/badge.jwt`,
      issuer: { id: `${ORIGIN}/issuer`, type: ["Profile"] },
      validFrom: "2026-05-04T06:07:08Z",
      credentialSubject: {
        id: `urn:uuid:${learner.id}`,
        type: ["AchievementSubject"],
        identifier: [expect.objectContaining({ identityType: "name", identityHash: "최배지", hashed: false })],
        achievement: expect.objectContaining({ type: ["Achievement"], name: expect.stringContaining("딥러닝 기초") }),
      },
      credentialStatus: {
        type: "BitstringStatusListEntry",
        statusPurpose: "revocation",
        statusListCredential: `${ORIGIN}/credentials/status/0`,
        statusListIndex: String(certificate.statusListIndex),
      },
    });
    // The JWT claims mirror the credential (§8.2.4).
    expect(payload.iss).toBe(`${ORIGIN}/issuer`);
    expect(payload.jti).toBe(payload.id);
    expect(payload.sub).toBe(`urn:uuid:${learner.id}`);
    expect(payload.nbf).toBe(Date.parse("2026-05-04T06:07:08Z") / 1000);
    expect(payload).not.toHaveProperty("vc");
  });

  test("a tampered badge fails verification", async () => {
    const { certificate } = await completedCertificate();
    const [header, body, signature] = (await signOpenBadge(certificate, ORIGIN)).split(".");
    const claims = JSON.parse(Buffer.from(body!, "base64url").toString("utf8"));
    claims.credentialSubject.identifier[0].identityHash = "다른 사람";
    const forged = `${header}.${Buffer.from(JSON.stringify(claims)).toString("base64url")}.${signature}`;
    await expect(jwtVerify(forged, createLocalJWKSet(await issuerKeySet()))).rejects.toThrow();
  });

  test("revoking sets the certificate's bit in the signed status list, and only that bit", async () => {
    const { certificate } = await completedCertificate();
    const other = (await completedCertificate()).certificate;
    const keys = createLocalJWKSet(await issuerKeySet());
    const before = await jwtVerify(await signStatusListCredential(0, new Date(), ORIGIN), keys);
    expect(before.payload).toMatchObject({
      type: ["VerifiableCredential", "BitstringStatusListCredential"],
      iss: `${ORIGIN}/issuer`,
      credentialSubject: { type: "BitstringStatusList", statusPurpose: "revocation" },
    });
    const encodedBefore = (before.payload.credentialSubject as { encodedList: string }).encodedList;
    expect(statusBit(encodedBefore, certificate.statusListIndex)).toBe(false);

    const admin = await createUser(prisma, { role: "ADMIN" });
    await revokeCertificate({ actor: admin, code: certificate.verificationCode, reason: "발급 오류" });
    const after = await jwtVerify(await signStatusListCredential(0, new Date(), ORIGIN), keys);
    const encodedAfter = (after.payload.credentialSubject as { encodedList: string }).encodedList;
    expect(statusBit(encodedAfter, certificate.statusListIndex)).toBe(true);
    expect(statusBit(encodedAfter, other.statusListIndex)).toBe(false);
  });

  test("the badge image carries the signed badge in openbadges:credential's verify attribute", async () => {
    const { certificate } = await completedCertificate();
    const svg = await bakedBadgeSvg(certificate, ORIGIN);
    expect(svg).toMatch(/^<\?xml[^>]*>\s*<svg [^>]*xmlns:openbadges="https:\/\/purl\.imsglobal\.org\/ob\/v3p0"/);
    const baked = /<openbadges:credential verify="([^"]+)"><\/openbadges:credential>/.exec(svg);
    expect(baked).not.toBeNull();
    // It comes right after the <svg> tag, as the spec asks.
    expect(svg.indexOf("<openbadges:credential")).toBeLessThan(svg.indexOf("<title>"));
    const { payload } = await jwtVerify(baked![1]!, createLocalJWKSet(await issuerKeySet()));
    expect(payload.id).toBe(`${ORIGIN}/certificates/${certificate.verificationCode}/badge.jwt`);
    expect(svg).toContain("최배지");
  });

  test("names with markup are escaped in the image", async () => {
    const { certificate } = await completedCertificate();
    const svg = await bakedBadgeSvg(
      { ...certificate, learner: { ...certificate.learner, name: '<script>"x"</script>' } },
      ORIGIN,
    );
    expect(svg).not.toContain("<script>");
  });
});
