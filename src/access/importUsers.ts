import { readFile } from 'node:fs/promises';
import { InputError } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import type { Database } from '../warehouse/database.js';
import { parseCsv } from './parseCsv.js';
import { ADMIN, normaliseUpn, requireRole, type Role } from './roles.js';
import { requireActor } from './users.js';

// The user list Partner Center's User management page exports: one row per user with a display name, the
// sign-in e-mail and the roles held, several roles in one cell. Microsoft does not document the exact header
// text and it has changed between portal versions, so each column is recognised by the names it has carried.

const columns = {
  displayName: ['display name', 'displayname', 'name', 'full name', 'user name (display)'],
  upn: ['email', 'email address', 'e-mail', 'user principal name', 'userprincipalname', 'upn', 'sign-in name', 'username', 'user name'],
  roles: ['roles', 'role', 'assigned roles', 'role(s)'],
} as const;

/** Partner Center role names that are the MPN partner admin role (case and spacing ignored). */
const adminRoleNames = ['mpn partner admin', 'mpn admin', 'partner admin', 'mpn-partner-admin'];

export interface ImportedUser {
  line: number;
  upn: string;
  displayName: string | null;
  roles: Role[];
}

const norm = (text: string) => text.trim().toLowerCase().replace(/[\s_]+/g, ' ');

/** Reads and checks every row first: a bad row is an InputError naming its line, and nothing is imported. */
export function parseUserExport(text: string, file: string): ImportedUser[] {
  const records = parseCsv(text);
  const header = records.shift();
  if (!header) throw new InputError('empty file: expected a header with display name, e-mail and roles columns', { file });
  const find = (names: readonly string[]) => header.cells.findIndex((h) => names.includes(norm(h)));
  const at = { displayName: find(columns.displayName), upn: find(columns.upn), roles: find(columns.roles) };
  if (at.upn < 0) throw new InputError(`no e-mail column: expected one of ${columns.upn.map((c) => `"${c}"`).join(', ')} in the header`, { file, line: header.line });
  if (at.roles < 0) throw new InputError(`no roles column: expected one of ${columns.roles.map((c) => `"${c}"`).join(', ')} in the header`, { file, line: header.line });
  const seen = new Map<string, number>();
  return records.map(({ line, cells }) => {
    if (cells.length !== header.cells.length) throw new InputError(`expected ${header.cells.length} fields, found ${cells.length}`, { file, line });
    let upn: string;
    try {
      upn = normaliseUpn(cells[at.upn]!);
    } catch (error) {
      throw new InputError((error as Error).message, { file, line, field: header.cells[at.upn]! });
    }
    const before = seen.get(upn);
    if (before !== undefined) throw new InputError(`${upn} appears twice (first on line ${before})`, { file, line, field: header.cells[at.upn]! });
    seen.set(upn, line);
    const displayName = at.displayName >= 0 ? cells[at.displayName]!.trim().replace(/[\u0000-\u001f\u007f\u2028\u2029]/g, ' ') || null : null;
    const held = cells[at.roles]!.split(/[;,|]/).map(norm).filter(Boolean);
    return { line, upn, displayName, roles: held.some((r) => adminRoleNames.includes(r)) ? [ADMIN] : [] };
  });
}

/**
 * Imports the export in one transaction: users are added or renamed, the MPN partner admin role granted to
 * those holding it in Partner Center. Roles are only added, never removed: a revoke is a deliberate act.
 */
export async function importUsers(db: Database, { actor, path, shownAs }: { actor: string | undefined; path: string; shownAs: string }): Promise<{ users: number; added: number; granted: number }> {
  const who = requireActor(actor);
  await requireRole(db, { actor: who, role: ADMIN, action: 'import users', subject: shownAs });
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new InputError(`cannot read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { file: shownAs });
  }
  const users = parseUserExport(text, shownAs);
  return db.transaction(async () => {
    let added = 0;
    let granted = 0;
    for (const u of users) {
      const exists = await db.one('SELECT 1 AS known FROM users WHERE upn = ?', [u.upn]);
      if (exists) await db.run('UPDATE users SET display_name = coalesce(?, display_name) WHERE upn = ?', [u.displayName, u.upn]);
      else {
        await db.run('INSERT INTO users (upn, display_name, disabled, created_at, created_by) VALUES (?, ?, false, now()::TIMESTAMP, ?)', [u.upn, u.displayName, who]);
        added++;
      }
      for (const role of u.roles) {
        const held = await db.one('SELECT 1 AS held FROM user_roles WHERE upn = ? AND role = ?', [u.upn, role]);
        if (held) continue;
        await db.run('INSERT INTO user_roles (upn, role, granted_at, granted_by) VALUES (?, ?, now()::TIMESTAMP, ?)', [u.upn, role, who]);
        await appendAudit(db, { actor: who, action: 'grant', subject: u.upn, outcome: 'ok', detail: `${role} (users import ${shownAs}, line ${u.line})` });
        granted++;
      }
    }
    await appendAudit(db, { actor: who, action: 'users-import', subject: shownAs, outcome: 'ok', detail: `${users.length} users, ${added} added, ${granted} granted` });
    return { users: users.length, added, granted };
  });
}
