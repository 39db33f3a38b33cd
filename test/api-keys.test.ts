import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tableFromIPC } from 'apache-arrow';
import { authenticateApiKey, createApiKey, listApiKeys, revokeApiKey } from '../src/access/apiKeys.js';
import { AccessError, UsageError } from '../src/errors.js';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';
import { spawnSync } from 'node:child_process';
import { cli, runCli } from './helpers/children.js';
import { tempWarehouse } from './helpers/tempWarehouse.js';
import { insertUser } from './http-support.js';
import type { Warehouse } from '../src/warehouse/openWarehouse.js';

// API keys (SPEC §7, §8): shown once, stored as SHA-256 only, each names its user and role; admins create
// any, operators only operator keys; creation and revocation audited; a key dies with its user's role.

let wh: { warehouse: Warehouse; path: string; cleanup(): Promise<void> };
const admin = 'admin@contoso.com';
const ops = 'ops@contoso.com';

beforeAll(async () => {
  wh = await tempWarehouse();
  await insertUser(wh.warehouse.db, admin, ['mpn-partner-admin']);
  await insertUser(wh.warehouse.db, ops, ['operator']);
});
afterAll(async () => wh?.cleanup());

const rejects = async (work: Promise<unknown>, kind: new (...args: never[]) => Error, status?: number) => {
  const error = await work.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(kind);
  if (status !== undefined) expect((error as AccessError).status).toBe(status);
  return error as Error;
};

describe('API keys', () => {
  it('a key is shown once and only its SHA-256 is stored; it names its user and role', async () => {
    const { key, record } = await createApiKey(wh.warehouse.db, { actor: admin, role: 'mpn-partner-admin', name: 'notebook' });
    expect(key).toMatch(/^plk_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/);
    expect(record).toMatchObject({ user: admin, role: 'mpn-partner-admin', name: 'notebook', createdBy: admin, revokedAt: null });
    const stored = await wh.warehouse.db.all('SELECT * FROM api_keys WHERE id = ?', [record.id]);
    expect(stored).toHaveLength(1);
    expect(JSON.stringify(stored)).not.toContain(key.slice(18));
    expect(stored[0]!.key_hash).toBe(createHash('sha256').update(key).digest('hex'));
    expect(JSON.stringify(await listApiKeys(wh.warehouse.db))).not.toMatch(/key_hash|plk_/);
    expect(await authenticateApiKey(wh.warehouse.db, key)).toEqual({ keyId: record.id, user: admin, role: 'mpn-partner-admin' });
    const audit = await wh.warehouse.db.all("SELECT actor, subject, outcome FROM audit_log WHERE action = 'api-key-create'");
    expect(audit).toContainEqual({ actor: admin, subject: record.id, outcome: 'ok' });
  });

  it('admins create any key; an operator only operator keys; someone without a role none (refusal audited)', async () => {
    await createApiKey(wh.warehouse.db, { actor: admin, role: 'operator' });
    await createApiKey(wh.warehouse.db, { actor: ops, role: 'operator' });
    await rejects(createApiKey(wh.warehouse.db, { actor: ops, role: 'mpn-partner-admin' }), AccessError, 403);
    await rejects(createApiKey(wh.warehouse.db, { actor: 'stranger@contoso.com', role: 'operator' }), AccessError, 403);
    await rejects(createApiKey(wh.warehouse.db, { actor: 'not a upn', role: 'operator' }), UsageError);
    const refusals = await wh.warehouse.db.value<number>("SELECT count(*) FROM audit_log WHERE action = 'refuse' AND actor IN ('ops@contoso.com', 'stranger@contoso.com')");
    expect(refusals).toBe(2);
  });

  it('a key dies with its role: 403 once the user loses it, 401 once revoked; only its owner or an admin revokes', async () => {
    const upn = 'temp@contoso.com';
    await insertUser(wh.warehouse.db, upn, ['operator']);
    const { key, record } = await createApiKey(wh.warehouse.db, { actor: upn, role: 'operator' });
    expect((await authenticateApiKey(wh.warehouse.db, key)).user).toBe(upn);
    await wh.warehouse.db.run('DELETE FROM user_roles WHERE upn = ?', [upn]);
    await rejects(authenticateApiKey(wh.warehouse.db, key), AccessError, 403);
    await wh.warehouse.db.run("INSERT INTO user_roles VALUES (?, 'operator', now()::TIMESTAMP, 'test')", [upn]);
    await rejects(revokeApiKey(wh.warehouse.db, { actor: ops, id: record.id }), AccessError, 403);
    await revokeApiKey(wh.warehouse.db, { actor: upn, id: record.id });
    await rejects(authenticateApiKey(wh.warehouse.db, key), AccessError, 401);
    // A key altered by one character is unknown.
    await rejects(authenticateApiKey(wh.warehouse.db, key.slice(0, -1) + (key.endsWith('A') ? 'B' : 'A')), AccessError, 401);
    await rejects(revokeApiKey(wh.warehouse.db, { actor: admin, id: 'ffffffffffff' }), UsageError);
    const revoked = await wh.warehouse.db.all("SELECT actor, subject FROM audit_log WHERE action = 'api-key-revoke'");
    expect(revoked).toEqual([{ actor: upn, subject: record.id }]);
  });
});

describe('partnerlens api-keys and query --format arrow (the CLI)', () => {
  it('create prints the key once, list never shows it, revoke needs --as; a query streams Arrow on stdout', async () => {
    await wh.warehouse.close();
    const db = ['--db', wh.path];
    const created = runCli(['api-keys', 'create', '--role', 'operator', '--as', ops, '--name', 'cron', ...db, '--json']);
    expect(created.code, created.stderr).toBe(0);
    const { key, id } = JSON.parse(created.stdout) as { key: string; id: string };
    expect(key).toMatch(/^plk_/);
    const listed = runCli(['api-keys', 'list', ...db]);
    expect(listed.code).toBe(0);
    expect(listed.stdout).toContain(id);
    expect(listed.stdout).not.toContain(key);
    expect(runCli(['api-keys', 'create', '--role', 'mpn-partner-admin', '--as', ops, ...db]).code).toBe(3);
    expect(runCli(['api-keys', 'revoke', id, ...db]).code).toBe(2);
    expect(runCli(['api-keys', 'revoke', id, '--as', ops, ...db]).code).toBe(0);
    const arrow = runCliBytes(['query', 'customers', '--measures', 'customers', '--by', 'customer', '--format', 'arrow', ...db]);
    expect(arrow.code).toBe(0);
    const table = tableFromIPC(arrow.stdout);
    expect(table.schema.fields.map((f) => `${f.name}: ${String(f.type)}`)).toEqual(['customer: Utf8', 'customers: Float64']);
    expect(table.numRows).toBe(0);
    wh.warehouse = await openWarehouse({ path: wh.path });
  });
});

function runCliBytes(args: string[]) {
  // runCli decodes stdout as text; an Arrow stream is bytes.
  const result = spawnSync(process.execPath, [cli, ...args], { env: { ...process.env, PARTNERLENS_LOG_LEVEL: 'warn' }, timeout: 60_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr.toString() };
}
