// Certificates as Open Badges 3.0: each is an OpenBadgeCredential in the VC-JWT format of the spec
// (§8.2: the JWT payload is the credential itself, with iss, jti, sub and nbf mirroring its fields,
// and the issuer's public key in the JOSE header), signed with the app's Ed25519 key. Revocation is
// published as a W3C Bitstring Status List credential that each badge's credentialStatus points to.
// Everything is made here, from the database: nothing is fetched to issue or to verify.
import { promisify } from "node:util";
import { gzip } from "node:zlib";
import { exportJWK, generateKeyPair, importJWK, SignJWT, type JWK } from "jose";
import { academyCalendarDay } from "~/lib/time-zone";
import { prisma } from "~/lib/db.server";
import { getPageT } from "~/lib/i18n.server";
import { getLinkOrigin } from "~/lib/request.server";
import type { CertificateView } from "~/models/certificate.server";

const gzipAsync = promisify(gzip);

/** The one signing key; its id is also the JWK's `kid` in the published key set. */
const ISSUER_KEY_ID = "ob-ed25519-1";

/** Entries per status list: the spec's minimum size (16 KB), so a list reveals little about any one. */
export const STATUS_LIST_SIZE = 131_072;

const VC_CONTEXT = "https://www.w3.org/ns/credentials/v2";
const OB_CONTEXT = "https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json";

type IssuerKey = { publicJwk: JWK; privateKey: CryptoKey };
let issuerKey: Promise<IssuerKey> | undefined;

/**
 * The issuer's Ed25519 key pair: made on first use and stored, so every badge issued stays
 * verifiable; concurrent first uses (cluster workers) agree on the one that was stored first.
 */
export function getIssuerKey(): Promise<IssuerKey> {
  issuerKey ??= loadOrCreateIssuerKey().catch((error: unknown) => {
    issuerKey = undefined;
    throw error;
  });
  return issuerKey;
}

async function loadOrCreateIssuerKey(): Promise<IssuerKey> {
  let stored = await prisma.issuerKey.findUnique({ where: { id: ISSUER_KEY_ID } });
  if (!stored) {
    const pair = await generateKeyPair("EdDSA", { crv: "Ed25519", extractable: true });
    const publicJwk = { ...(await exportJWK(pair.publicKey)), kid: ISSUER_KEY_ID, alg: "EdDSA", use: "sig" };
    const privateJwk = { ...(await exportJWK(pair.privateKey)), kid: ISSUER_KEY_ID, alg: "EdDSA" };
    await prisma.issuerKey.createMany({ data: [{ id: ISSUER_KEY_ID, publicJwk, privateJwk }], skipDuplicates: true });
    stored = await prisma.issuerKey.findUniqueOrThrow({ where: { id: ISSUER_KEY_ID } });
  }
  const publicJwk = stored.publicJwk as JWK;
  const privateKey = (await importJWK(stored.privateJwk as JWK, "EdDSA")) as CryptoKey;
  return { publicJwk, privateKey };
}

/** The URLs that name the issuer, its keys and its status lists, all served by this app. */
export function issuerUrls(origin = getLinkOrigin()) {
  return {
    profile: `${origin}/issuer`,
    keys: `${origin}/issuer/jwks.json`,
    statusList: (list: number) => `${origin}/credentials/status/${list}`,
    certificate: (code: string) => `${origin}/certificates/${code}`,
  };
}

/** Badges speak both languages: each text is "Korean / English". */
async function bilingual() {
  const [ko, en] = await Promise.all([getPageT("ko"), getPageT("en")]);
  return (key: string, options?: Record<string, unknown>) => `${ko(key, options)} / ${en(key, options)}`;
}

type Bilingual = Awaited<ReturnType<typeof bilingual>>;

/** The issuer's profile (an Open Badges Profile), served at /issuer. */
export async function issuerProfile(origin = getLinkOrigin()) {
  return issuerProfileIn(await bilingual(), origin);
}

function issuerProfileIn(text: Bilingual, origin: string) {
  const urls = issuerUrls(origin);
  return {
    "@context": [VC_CONTEXT, OB_CONTEXT],
    id: urls.profile,
    type: ["Profile"],
    name: text("openBadge.issuerName"),
    url: origin,
    description: text("openBadge.issuerDescription"),
  };
}

/** The public key set verifiers check badges against, served at /issuer/jwks.json. */
export async function issuerKeySet() {
  const { publicJwk } = await getIssuerKey();
  return { keys: [publicJwk] };
}

function issuerReference(text: Bilingual, origin: string) {
  const profile = issuerProfileIn(text, origin);
  return { id: profile.id, type: profile.type, name: profile.name, url: profile.url };
}

/** What the achievement is, in both languages where they differ ("인공지능 석사 (M.S. in AI)"). */
function achievementName(certificate: CertificateView) {
  const { nameKo, nameEn, code } = certificate.achievement;
  const name = nameKo === nameEn ? nameKo : `${nameKo} (${nameEn})`;
  return code ? `${code} ${name}` : name;
}

/** The credential a certificate is, before signing: an OpenBadgeCredential (VC 2.0, OB 3.0). */
export async function openBadgeCredential(certificate: CertificateView, origin = getLinkOrigin()) {
  const text = await bilingual();
  const urls = issuerUrls(origin);
  const list = Math.floor(certificate.statusListIndex / STATUS_LIST_SIZE);
  const index = certificate.statusListIndex % STATUS_LIST_SIZE;
  const name = achievementName(certificate);
  return {
    "@context": [VC_CONTEXT, OB_CONTEXT],
    id: `${urls.certificate(certificate.verificationCode)}/badge.jwt`,
    type: ["VerifiableCredential", "OpenBadgeCredential"],
    issuer: issuerReference(text, origin),
    validFrom: certificate.issuedAt.toISOString().replace(/\.\d{3}Z$/, "Z"),
    name,
    credentialSubject: {
      // The learner as an opaque URN: the badge names them (below) but links to no account.
      id: `urn:uuid:${certificate.learner.id}`,
      type: ["AchievementSubject"],
      identifier: [
        { type: "IdentityObject", identityType: "name", hashed: false, identityHash: certificate.learner.name },
      ],
      achievement: {
        id: `${origin}/achievements/${certificate.kind.toLowerCase()}/${certificate.achievement.id}`,
        type: ["Achievement"],
        achievementType: certificate.kind === "DEGREE_TRACK" ? "Degree" : "Certificate",
        name,
        description: text(`openBadge.description.${certificate.kind}`, { name }),
        criteria: { narrative: text(`openBadge.criteria.${certificate.kind}`, { name }) },
        ...(certificate.achievement.credits !== null ? { creditsAvailable: certificate.achievement.credits } : {}),
      },
    },
    credentialStatus: {
      id: `${urls.statusList(list)}#${index}`,
      type: "BitstringStatusListEntry",
      statusPurpose: "revocation",
      statusListIndex: String(index),
      statusListCredential: urls.statusList(list),
    },
  };
}

/** Signs a credential as a VC-JWT: the header holds only alg, typ and the public key (§8.2.3). */
async function signCredential(credential: { id: string; validFrom: string; [key: string]: unknown }) {
  const { publicJwk, privateKey } = await getIssuerKey();
  const { kty, crv, x } = publicJwk;
  const issuer = credential.issuer as string | { id: string };
  const subject = credential.credentialSubject as { id?: string };
  const claims: Record<string, unknown> = {
    ...credential,
    iss: typeof issuer === "string" ? issuer : issuer.id,
    jti: credential.id,
    nbf: Math.floor(Date.parse(credential.validFrom) / 1000),
  };
  if (subject.id) claims.sub = subject.id;
  return new SignJWT(claims).setProtectedHeader({ alg: "EdDSA", typ: "JWT", jwk: { kty, crv, x } }).sign(privateKey);
}

/** The certificate's Open Badge, signed: a compact JWS, as downloaded (badge.jwt) and baked. */
export async function signOpenBadge(certificate: CertificateView, origin = getLinkOrigin()) {
  return signCredential(await openBadgeCredential(certificate, origin));
}

/**
 * A status list's bits: bit i (the i-th from the left of the first byte) is set when the
 * certificate whose index is i in this list is revoked. One query for the revoked entries.
 */
export async function revokedBits(list: number) {
  const from = list * STATUS_LIST_SIZE;
  const revoked = await prisma.certificate.findMany({
    where: { revokedAt: { not: null }, statusListIndex: { gte: from, lt: from + STATUS_LIST_SIZE } },
    select: { statusListIndex: true },
  });
  const bits = new Uint8Array(STATUS_LIST_SIZE / 8);
  for (const { statusListIndex } of revoked) {
    const index = statusListIndex - from;
    bits[index >> 3]! |= 0x80 >> (index & 7);
  }
  return bits;
}

/** Multibase base64url (the "u" prefix) of the gzipped bits: the list's `encodedList`. */
export async function encodeStatusList(bits: Uint8Array) {
  return `u${Buffer.from(await gzipAsync(bits)).toString("base64url")}`;
}

/** The revocation list `list` as a signed BitstringStatusListCredential (VC-JWT). */
export async function signStatusListCredential(list: number, now = new Date(), origin = getLinkOrigin()) {
  const url = issuerUrls(origin).statusList(list);
  return signCredential({
    "@context": [VC_CONTEXT],
    id: url,
    type: ["VerifiableCredential", "BitstringStatusListCredential"],
    issuer: issuerUrls(origin).profile,
    validFrom: now.toISOString().replace(/\.\d{3}Z$/, "Z"),
    credentialSubject: {
      id: `${url}#list`,
      type: "BitstringStatusList",
      statusPurpose: "revocation",
      encodedList: await encodeStatusList(await revokedBits(list)),
    },
  });
}

function escapeXml(text: string) {
  return text.replace(/[<>&"']/g, (character) => `&#${character.charCodeAt(0)};`);
}

/**
 * The badge as an image with the signed credential baked in (Open Badges 3.0 §5.3.2: an
 * `openbadges:credential` element right after <svg>, the compact JWS in its `verify` attribute).
 */
export async function bakedBadgeSvg(certificate: CertificateView, origin = getLinkOrigin()) {
  const jwt = await signOpenBadge(certificate, origin);
  const { nameKo, nameEn, code } = certificate.achievement;
  const lines = [code, nameKo, nameEn === nameKo ? null : nameEn].filter((line): line is string => Boolean(line));
  // The day it was issued where the academy is, as the page and the PDF show it.
  const issued = academyCalendarDay(certificate.issuedAt).toISOString().slice(0, 10);
  const text = lines
    .map((line, index) => {
      const clipped = line.length > 22 ? `${line.slice(0, 21)}…` : line;
      return `<text x="256" y="${236 + index * 34}" font-size="${index === 0 && code ? 26 : 24}" text-anchor="middle">${escapeXml(clipped)}</text>`;
    })
    .join("\n    ");
  return `<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:openbadges="https://purl.imsglobal.org/ob/v3p0" viewBox="0 0 512 512" width="512" height="512" role="img" aria-label="${escapeXml(`${lines.join(" ")} · ${certificate.learner.name}`)}">
  <openbadges:credential verify="${jwt}"></openbadges:credential>
  <title>${escapeXml(`${lines.join(" ")} · ${certificate.learner.name}`)}</title>
  <circle cx="256" cy="256" r="240" fill="#0f3d5e"/>
  <circle cx="256" cy="256" r="214" fill="#ffffff"/>
  <circle cx="256" cy="256" r="204" fill="none" stroke="#d97706" stroke-width="6"/>
  <g font-family="'Noto Sans KR', 'Apple SD Gothic Neo', 'Malgun Gothic', sans-serif" fill="#0f172a">
    <text x="256" y="130" font-size="28" font-weight="700" text-anchor="middle" fill="#0f3d5e">빛고을 · Bitgoeul</text>
    <text x="256" y="170" font-size="20" text-anchor="middle" fill="#475569">수료 · Certificate</text>
    ${text}
    <text x="256" y="380" font-size="22" font-weight="700" text-anchor="middle">${escapeXml(certificate.learner.name)}</text>
    <text x="256" y="414" font-size="18" text-anchor="middle" fill="#475569">${issued}</text>
  </g>
</svg>
`;
}

/** A download's file name: "ACA101 머신러닝 입문 · 김학습.pdf". */
export function certificateFileName(certificate: CertificateView, extension: "pdf" | "jwt" | "svg") {
  const { code, nameKo } = certificate.achievement;
  const name = `${code ? `${code} ` : ""}${nameKo} · ${certificate.learner.name}`;
  return `${name.replace(/[\\/:*?"<>|\p{Cc}]+/gu, " ").trim() || "certificate"}.${extension}`;
}
