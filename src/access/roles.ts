import { AccessError, UsageError } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import type { Database } from '../warehouse/database.js';

export const roleNames = ['mpn-partner-admin', 'operator'] as const;
export type Role = (typeof roleNames)[number];
export const ADMIN: Role = 'mpn-partner-admin';

/** A UPN as stored: trimmed, lower-cased, in e-mail form (a bad one is a usage error naming it). */
export function normaliseUpn(text: string): string {
  const upn = text.trim().toLowerCase();
  // No control characters, spaces or commas: a UPN travels into mail headers and audit lines.
  if (!/^[^\s@,;<>"\u0000-\u001f\u007f\u2028\u2029]+@[^\s@,;<>"\u0000-\u001f\u007f\u2028\u2029]+\.[^\s@,;<>"\u0000-\u001f\u007f\u2028\u2029]+$/.test(upn)) {
    throw new UsageError(`invalid user "${text}": expected a user principal name in e-mail form, like admin@contoso.com`);
  }
  return upn;
}

export function parseRole(text: string): Role {
  if ((roleNames as readonly string[]).includes(text)) return text as Role;
  throw new UsageError(`unknown role "${text}": expected one of ${roleNames.join(', ')}`);
}

/** The roles a user holds now: none for an unknown or disabled user. */
export async function rolesOf(db: Database, upn: string): Promise<Role[]> {
  const rows = await db.all<{ role: string }>(
    `SELECT r.role FROM user_roles r JOIN users u USING (upn) WHERE r.upn = ? AND NOT u.disabled ORDER BY r.role`,
    [upn.trim().toLowerCase()],
  );
  return rows.map((r) => r.role).filter((r): r is Role => (roleNames as readonly string[]).includes(r));
}

export async function hasRole(db: Database, upn: string, role: Role): Promise<boolean> {
  return (await rolesOf(db, upn)).includes(role);
}

/**
 * Lets `actor` do `action` only while holding `role`; otherwise the refusal is audited and an AccessError
 * (exit 3, HTTP 403) names the role needed.
 */
export async function requireRole(db: Database, { actor, role, action, subject = null }: { actor: string; role: Role; action: string; subject?: string | null }): Promise<void> {
  if (await hasRole(db, actor, role)) return;
  await appendAudit(db, { actor, action: 'refuse', subject, outcome: 'refused', detail: `${action}: needs ${role}` });
  throw new AccessError(`${actor} may not ${action}: it needs the ${role} role`);
}
