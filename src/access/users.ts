import { AccessError, UsageError } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import type { Database } from '../warehouse/database.js';
import { ADMIN, hasRole, normaliseUpn, requireRole, type Role } from './roles.js';

// The rules of SPEC §6 for managing users. Who acts (`actor`) is named by `--as` on the CLI (the owner of the
// file is trusted to say who they are) and by the API key or embed token over HTTP. Every change and every
// refusal is audited.

export interface UserRecord {
  upn: string;
  displayName: string | null;
  disabled: boolean;
  roles: Role[];
  createdAt: string;
  createdBy: string | null;
}

export async function listUsers(db: Database): Promise<UserRecord[]> {
  const rows = await db.all<{ upn: string; display_name: string | null; disabled: boolean; created_at: unknown; created_by: string | null; roles: string | null }>(
    `SELECT u.upn, u.display_name, u.disabled, u.created_at, u.created_by, string_agg(r.role, ',' ORDER BY r.role) AS roles
       FROM users u LEFT JOIN user_roles r USING (upn) GROUP BY ALL ORDER BY u.upn`,
  );
  return rows.map((r) => ({
    upn: r.upn,
    displayName: r.display_name,
    disabled: r.disabled,
    roles: (r.roles ? r.roles.split(',') : []) as Role[],
    createdAt: String(r.created_at),
    createdBy: r.created_by,
  }));
}

async function adminCount(db: Database): Promise<number> {
  return Number(await db.value(`SELECT count(*) FROM user_roles r JOIN users u USING (upn) WHERE r.role = ? AND NOT u.disabled`, [ADMIN]));
}

/** Only an admin manages users; only an admin grants or revokes the admin role (SPEC §6). */
async function mayManage(db: Database, actor: string, action: string, subject: string): Promise<void> {
  await requireRole(db, { actor, role: ADMIN, action, subject });
}

async function upsertUser(db: Database, upn: string, displayName: string | null, actor: string): Promise<boolean> {
  const existing = await db.one<{ upn: string }>('SELECT upn FROM users WHERE upn = ?', [upn]);
  if (existing) {
    if (displayName !== null) await db.run('UPDATE users SET display_name = ? WHERE upn = ?', [displayName, upn]);
    return false;
  }
  await db.run('INSERT INTO users (upn, display_name, disabled, created_at, created_by) VALUES (?, ?, false, now()::TIMESTAMP, ?)', [upn, displayName, actor]);
  return true;
}

async function insertRole(db: Database, upn: string, role: Role, actor: string): Promise<boolean> {
  const held = await db.one('SELECT 1 AS held FROM user_roles WHERE upn = ? AND role = ?', [upn, role]);
  if (held) return false;
  await db.run('INSERT INTO user_roles (upn, role, granted_at, granted_by) VALUES (?, ?, now()::TIMESTAMP, ?)', [upn, role, actor]);
  return true;
}

/**
 * Adds a user (with a role, optionally). `bootstrap` creates the first admin, and only while none exists:
 * the one moment nobody can vouch for the actor.
 */
export async function addUser(
  db: Database,
  { actor, upn: rawUpn, displayName = null, role, bootstrap = false }: { actor?: string; upn: string; displayName?: string | null; role?: Role; bootstrap?: boolean },
): Promise<{ upn: string; created: boolean; granted: Role | null }> {
  const upn = normaliseUpn(rawUpn);
  if (bootstrap) {
    if (role !== ADMIN) throw new UsageError(`--bootstrap creates the first ${ADMIN}: add --role ${ADMIN}`);
    const done = await db.transaction(async () => {
      if ((await adminCount(db)) > 0) return null;
      const created = await upsertUser(db, upn, displayName, upn);
      await db.run('UPDATE users SET disabled = false WHERE upn = ?', [upn]);
      await insertRole(db, upn, ADMIN, upn);
      await appendAudit(db, { actor: upn, action: 'grant', subject: upn, outcome: 'ok', detail: `${ADMIN} (bootstrap: first admin)` });
      return { upn, created, granted: ADMIN };
    });
    if (done) return done;
    // Audited outside the transaction, which changed nothing.
    await appendAudit(db, { actor: actor ?? upn, action: 'refuse', subject: upn, outcome: 'refused', detail: `bootstrap: an ${ADMIN} already exists` });
    throw new AccessError(`--bootstrap works only while no ${ADMIN} exists: ask an existing admin to run \`users grant ${upn} --role ${ADMIN} --as <their upn>\``);
  }
  const who = requireActor(actor);
  await mayManage(db, who, role ? `add users with the ${role} role` : 'add users', upn);
  return db.transaction(async () => {
    const created = await upsertUser(db, upn, displayName, who);
    if (created) await appendAudit(db, { actor: who, action: 'user-add', subject: upn, outcome: 'ok', detail: displayName });
    const granted = role && (await insertRole(db, upn, role, who)) ? role : null;
    if (granted) await appendAudit(db, { actor: who, action: 'grant', subject: upn, outcome: 'ok', detail: granted });
    return { upn, created, granted };
  });
}

export async function grantRole(db: Database, { actor, upn: rawUpn, role }: { actor: string | undefined; upn: string; role: Role }): Promise<{ upn: string; changed: boolean }> {
  const who = requireActor(actor);
  const upn = normaliseUpn(rawUpn);
  await mayManage(db, who, `grant ${role}`, upn);
  return db.transaction(async () => {
    const known = await db.one('SELECT 1 AS known FROM users WHERE upn = ?', [upn]);
    if (!known) throw new UsageError(`unknown user "${upn}": add them first with \`users add ${upn} --as ${who}\``);
    const changed = await insertRole(db, upn, role, who);
    await appendAudit(db, { actor: who, action: 'grant', subject: upn, outcome: 'ok', detail: changed ? role : `${role} (already held)` });
    return { upn, changed };
  });
}

export async function revokeRole(db: Database, { actor, upn: rawUpn, role }: { actor: string | undefined; upn: string; role: Role }): Promise<{ upn: string; changed: boolean }> {
  const who = requireActor(actor);
  const upn = normaliseUpn(rawUpn);
  await mayManage(db, who, `revoke ${role}`, upn);
  const done = await db.transaction(async () => {
    if (role === ADMIN && (await hasRole(db, upn, ADMIN)) && (await adminCount(db)) <= 1) return null;
    const held = await db.one('SELECT 1 AS held FROM user_roles WHERE upn = ? AND role = ?', [upn, role]);
    if (held) await db.run('DELETE FROM user_roles WHERE upn = ? AND role = ?', [upn, role]);
    await appendAudit(db, { actor: who, action: 'revoke', subject: upn, outcome: 'ok', detail: held ? role : `${role} (not held)` });
    return { upn, changed: Boolean(held) };
  });
  if (done) return done;
  await appendAudit(db, { actor: who, action: 'refuse', subject: upn, outcome: 'refused', detail: `revoke ${ADMIN}: the last admin` });
  throw new AccessError(`${upn} is the last ${ADMIN} and cannot be revoked: grant the role to someone else first`);
}

export function requireActor(actor: string | undefined): string {
  if (!actor) throw new UsageError('--as <upn> is needed: name the person acting (an mpn-partner-admin)');
  return normaliseUpn(actor);
}
