import { randomUUID } from 'node:crypto';
import { SignJWT, jwtVerify, errors as joseErrors } from 'jose';
import { z } from 'zod';
import { ADMIN, hasRole, normaliseUpn, requireRole } from '../access/roles.js';
import { appendAudit } from '../audit/audit.js';
import { AccessError, ConfigError, UsageError } from '../errors.js';
import type { Database } from '../warehouse/database.js';
import { registerSecret } from '../util/log.js';
import { parseDuration } from '../util/parseDuration.js';

// Embed tokens: short-lived HS256 JWTs naming the issuing admin, one report and (for row-level security)
// at most one customer. Verification fails closed: anything but a well-formed, in-date token for this
// report whose issuer is still an admin is a 401 or a 403, never a fallback to unscoped data.

export const EMBED_AUDIENCE = 'partnerlens-embed';
export const MAX_TTL_SECONDS = 3600;
const MIN_SECRET_BYTES = 32;
/** A partner report's token also opens this report for customers in its scope (the drill from a customer row). */
export const DRILL_REPORT = 'customer-pack';

export interface EmbedClaims {
  /** The issuing admin's UPN. */
  iss: string;
  report: string;
  /** Tenant id the token is limited to; absent: every customer. */
  customer?: string;
  jti: string;
  iat: number;
  exp: number;
}

const claimsSchema = z.object({
  iss: z.string().min(1),
  aud: z.union([z.string(), z.array(z.string())]),
  report: z.string().regex(/^[a-z][a-z0-9-]*$/),
  customer: z.string().min(1).max(200).optional(),
  jti: z.string().min(1),
  iat: z.number(),
  exp: z.number(),
  nbf: z.number().optional(),
});

/** The signing secret from `PARTNERLENS_EMBED_SECRET`: jose accepts any length, so the floor is checked here. */
export function embedSecret(env: NodeJS.ProcessEnv = process.env): Uint8Array {
  const text = env.PARTNERLENS_EMBED_SECRET;
  if (!text) throw new ConfigError('PARTNERLENS_EMBED_SECRET is not set: embed tokens need a signing secret of at least 32 bytes (secrets come from the environment only)');
  const bytes = new TextEncoder().encode(text);
  if (bytes.length < MIN_SECRET_BYTES) throw new ConfigError(`PARTNERLENS_EMBED_SECRET is too short (${bytes.length} bytes): embed tokens need at least ${MIN_SECRET_BYTES} bytes`);
  registerSecret(text);
  return bytes;
}

function secretBytes(secret: Uint8Array | string): Uint8Array {
  const bytes = typeof secret === 'string' ? new TextEncoder().encode(secret) : secret;
  if (bytes.length < MIN_SECRET_BYTES) throw new ConfigError(`embed secret too short (${bytes.length} bytes): at least ${MIN_SECRET_BYTES} bytes`);
  return bytes;
}

/** '30m', '1h', '900s', '900' → seconds (at most an hour). */
export function parseTtl(text: string): number {
  return parseDuration(text, { what: '--ttl', units: ['s', 'm', 'h'], examples: '30m, 1h or 900s', bareUnit: 's', max: { seconds: MAX_TTL_SECONDS, words: 'an embed token lives between 1 second and 1 hour' } });
}

export interface IssueOptions {
  secret: Uint8Array | string;
  /** The admin issuing it (UPN). */
  issuer: string;
  report: string;
  customer?: string;
  ttlSeconds: number;
  db: Database;
  now?: Date;
}

/** Issues a token after checking the issuer is an admin; the issue (or refusal) is audited. */
export async function issueEmbedToken({ secret, issuer, report, customer, ttlSeconds, db, now = new Date() }: IssueOptions): Promise<{ token: string; id: string; expiresAt: string }> {
  const key = secretBytes(secret);
  if (!Number.isInteger(ttlSeconds) || ttlSeconds < 1 || ttlSeconds > MAX_TTL_SECONDS) throw new UsageError(`invalid ttl ${ttlSeconds}: an embed token lives between 1 second and 1 hour`);
  const upn = normaliseUpn(issuer);
  await requireRole(db, { actor: upn, role: ADMIN, action: 'issue embed tokens', subject: report });
  const id = randomUUID();
  const iat = Math.floor(now.getTime() / 1000);
  const exp = iat + ttlSeconds;
  const token = await new SignJWT({ report, ...(customer !== undefined ? { customer } : {}) })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setIssuer(upn)
    .setAudience(EMBED_AUDIENCE)
    .setJti(id)
    .setIssuedAt(iat)
    .setNotBefore(iat)
    .setExpirationTime(exp)
    .sign(key);
  const expiresAt = new Date(exp * 1000).toISOString();
  await appendAudit(db, { actor: upn, action: 'embed-token', subject: report, outcome: 'ok', detail: `id ${id}; customer ${customer ?? 'all'}; expires ${expiresAt}` });
  return { token, id, expiresAt };
}

export interface VerifyOptions {
  secret: Uint8Array | string;
  db: Database;
  /** The report being opened; absent for data requests (the caller restricts models itself). */
  report?: string;
  now?: Date;
}

const unauthorized = (why: string) => new AccessError(`embed token refused: ${why}`, { status: 401 });

/** The token's claims, or an AccessError: 401 for a token that is not a valid one, 403 for a valid one that may not do this. */
export async function verifyEmbedToken(token: string, { secret, db, report, now = new Date() }: VerifyOptions): Promise<EmbedClaims> {
  if (!/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/.test(token)) throw unauthorized('not a signed token');
  let payload: unknown;
  try {
    ({ payload } = await jwtVerify(token, secretBytes(secret), {
      algorithms: ['HS256'],
      audience: EMBED_AUDIENCE,
      currentDate: now,
      clockTolerance: 0,
      requiredClaims: ['iss', 'exp', 'iat', 'jti'],
    }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw unauthorized('expired');
    if (error instanceof joseErrors.JWTClaimValidationFailed) throw unauthorized(error.claim === 'nbf' ? 'not yet valid' : `bad claim ${error.claim}`);
    if (error instanceof ConfigError) throw error;
    throw unauthorized('invalid signature or format');
  }
  const parsed = claimsSchema.safeParse(payload);
  if (!parsed.success) throw unauthorized(`bad claims (${parsed.error.issues.map((i) => i.path.join('.') || 'root').join(', ')})`);
  const claims = parsed.data;
  if (claims.exp - claims.iat > MAX_TTL_SECONDS) throw unauthorized('lifetime over an hour');
  if (report !== undefined && report !== claims.report && !(report === DRILL_REPORT && claims.report !== DRILL_REPORT)) {
    throw new AccessError(`embed token is for report ${claims.report}, not ${report}`, { status: 403 });
  }
  // A revoked admin's tokens die at once: the role is checked on every request, not at issue only.
  if (!(await hasRole(db, claims.iss, ADMIN))) throw new AccessError('embed token refused: its issuer no longer holds mpn-partner-admin', { status: 403 });
  return { iss: claims.iss, report: claims.report, ...(claims.customer !== undefined ? { customer: claims.customer } : {}), jti: claims.jti, iat: claims.iat, exp: claims.exp };
}
