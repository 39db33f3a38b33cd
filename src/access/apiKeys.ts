import { createHash, randomBytes } from 'node:crypto';
import { AccessError, UsageError } from '../errors.js';
import { appendAudit } from '../audit/audit.js';
import { registerSecret } from '../util/log.js';
import type { Database } from '../warehouse/database.js';
import { ADMIN, hasRole, normaliseUpn, requireRole, type Role } from './roles.js';

// API keys for the HTTP API (SPEC §7): `plk_<id>_<secret>`. Only the SHA-256 of the whole key is stored;
// the key is shown once. A key names its user and role and is checked against that user's roles on every
// request, so it dies the moment the user loses the role. The `plk_` prefix and the absence of dots keep a
// key from ever being mistaken for an embed token (a JWT).

export interface ApiKeyRecord {
  id: string;
  user: string;
  role: Role;
  name: string | null;
  createdAt: string;
  createdBy: string;
  revokedAt: string | null;
  revokedBy: string | null;
}

export interface ApiKeyIdentity {
  keyId: string;
  user: string;
  role: Role;
}

const keyPattern = /^plk_([0-9a-f]{12})_[A-Za-z0-9_-]{43}$/;

export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/**
 * Who may create a key of a role: an admin any; an operator only an operator key. The key's user is the
 * person acting: nobody mints credentials in another's name.
 */
export async function createApiKey(db: Database, { actor, role, name = null }: { actor: string; role: Role; name?: string | null }): Promise<{ key: string; record: ApiKeyRecord }> {
  const upn = normaliseUpn(actor);
  if (name !== null && (name.length > 100 || /[\u0000-\u001f\u007f\u2028\u2029]/.test(name))) {
    throw new UsageError('invalid --name: at most 100 characters, no control characters');
  }
  const isAdmin = await hasRole(db, upn, ADMIN);
  if (!isAdmin) await requireRole(db, { actor: upn, role, action: `create ${role === 'operator' ? 'an' : 'a'} ${role} API key`, subject: upn });
  const id = randomBytes(6).toString('hex');
  const key = `plk_${id}_${randomBytes(32).toString('base64url')}`;
  registerSecret(key);
  await db.run(
    'INSERT INTO api_keys (id, key_hash, upn, role, name, created_at, created_by) VALUES (?, ?, ?, ?, ?, now()::TIMESTAMP, ?)',
    [id, hashApiKey(key), upn, role, name, upn],
  );
  await appendAudit(db, { actor: upn, action: 'api-key-create', subject: id, outcome: 'ok', detail: `role ${role}${name ? `, name ${name}` : ''}` });
  const record = (await listApiKeys(db)).find((k) => k.id === id)!;
  return { key, record };
}

export async function listApiKeys(db: Database): Promise<ApiKeyRecord[]> {
  const rows = await db.all(
    'SELECT id, upn, role, name, created_at, created_by, revoked_at, revoked_by FROM api_keys ORDER BY created_at, id',
  );
  return rows.map((r) => ({
    id: r.id as string,
    user: r.upn as string,
    role: r.role as Role,
    name: (r.name as string | null) ?? null,
    createdAt: r.created_at as string,
    createdBy: r.created_by as string,
    revokedAt: (r.revoked_at as string | null) ?? null,
    revokedBy: (r.revoked_by as string | null) ?? null,
  }));
}

/** An admin revokes any key; anyone revokes their own. Revoking twice is a no-op, not an error. */
export async function revokeApiKey(db: Database, { actor, id }: { actor: string; id: string }): Promise<ApiKeyRecord> {
  const upn = normaliseUpn(actor);
  const record = (await listApiKeys(db)).find((k) => k.id === id);
  if (!record) throw new UsageError(`unknown API key "${id}": \`partnerlens api-keys list\` shows the ids`);
  if (record.user !== upn) await requireRole(db, { actor: upn, role: ADMIN, action: `revoke API key ${id} of ${record.user}`, subject: id });
  if (record.revokedAt) return record;
  await db.run('UPDATE api_keys SET revoked_at = now()::TIMESTAMP, revoked_by = ? WHERE id = ? AND revoked_at IS NULL', [upn, id]);
  await appendAudit(db, { actor: upn, action: 'api-key-revoke', subject: id, outcome: 'ok', detail: `role ${record.role}, user ${record.user}` });
  return (await listApiKeys(db)).find((k) => k.id === id)!;
}

/**
 * The identity behind a presented key, checked now: unknown, malformed or revoked keys are 401; a key
 * whose user no longer holds its role is 403 (the key is genuine, its holder lost the right). An operator
 * key also works for an admin, who may do everything an operator may.
 */
export async function authenticateApiKey(db: Database, key: string): Promise<ApiKeyIdentity> {
  if (!keyPattern.test(key)) throw new AccessError('invalid API key', { status: 401 });
  const row = await db.one<{ id: string; upn: string; role: string; revoked: boolean }>(
    'SELECT id, upn, role, revoked_at IS NOT NULL AS revoked FROM api_keys WHERE key_hash = ?', [hashApiKey(key)],
  );
  if (!row || row.revoked) throw new AccessError('invalid or revoked API key', { status: 401 });
  const role = row.role as Role;
  const holds = (await hasRole(db, row.upn, role)) || (role === 'operator' && (await hasRole(db, row.upn, ADMIN)));
  if (!holds) {
    await appendAudit(db, { actor: row.upn, action: 'refuse', subject: row.id, outcome: 'refused', detail: `API key: ${row.upn} no longer holds ${role}` });
    throw new AccessError(`API key ${row.id}: ${row.upn} no longer holds the ${role} role`, { status: 403 });
  }
  return { keyId: row.id, user: row.upn, role };
}
