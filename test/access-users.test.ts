import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { cliIn } from './helpers/inProcessCli.js';
import { tempDir } from './helpers/tempWarehouse.js';

// SPEC §6 from the CLI: the first admin by --bootstrap only while none exists, only admins grant and revoke,
// the last admin stays, every refusal exits 3 naming the role and is audited; users import is all or nothing.

const { dir, cleanup } = tempDir('pl-access-');
afterAll(cleanup);
const db = join(dir, 'w.duckdb');
const cli = (...args: string[]) => cliIn(dir, ['--db', db, ...args]);

interface AuditRow { at: string; actor: string; action: string; subject: string | null; outcome: string; detail: string | null }
const audit = async (): Promise<AuditRow[]> => JSON.parse((await cli('audit', '--json', '--limit', '1000')).stdout) as AuditRow[];
const usersJson = async () => JSON.parse((await cli('users', 'list', '--json')).stdout) as { upn: string; roles: string[]; displayName: string | null }[];

describe('users and roles from the CLI', () => {
  it('creates the first admin with --bootstrap once; a second bootstrap is refused (exit 3) and audited', async () => {
    const first = await cli('users', 'add', 'Alice@Contoso.com', '--role', 'mpn-partner-admin', '--bootstrap', '--name', 'Alice');
    expect(first.code, first.stderr).toBe(0);
    const second = await cli('users', 'add', 'mallory@contoso.com', '--role', 'mpn-partner-admin', '--bootstrap');
    expect(second.code).toBe(3);
    expect(second.stderr).toMatch(/--bootstrap works only while no mpn-partner-admin exists/);
    expect(await usersJson()).toEqual([{ upn: 'alice@contoso.com', displayName: 'Alice', disabled: false, roles: ['mpn-partner-admin'], createdAt: expect.any(String), createdBy: 'alice@contoso.com' }]);
    const refusal = (await audit())[0]!;
    expect(refusal).toMatchObject({ actor: 'mallory@contoso.com', action: 'refuse', outcome: 'refused', subject: 'mallory@contoso.com' });
  });

  it('only an admin adds users and grants admin; a refusal names the role needed, exits 3 and is audited', async () => {
    expect((await cli('users', 'add', 'op@contoso.com', '--role', 'operator', '--as', 'alice@contoso.com')).code).toBe(0);
    const grant = await cli('users', 'grant', 'op@contoso.com', '--role', 'mpn-partner-admin', '--as', 'op@contoso.com');
    expect(grant.code).toBe(3);
    expect(grant.stderr).toContain('op@contoso.com may not grant mpn-partner-admin: it needs the mpn-partner-admin role');
    expect((await audit())[0]).toMatchObject({ actor: 'op@contoso.com', action: 'refuse', outcome: 'refused', detail: 'grant mpn-partner-admin: needs mpn-partner-admin' });
    // An unknown person cannot add users either.
    expect((await cli('users', 'add', 'x@contoso.com', '--as', 'stranger@contoso.com')).code).toBe(3);
    // No --as: a usage error naming the flag.
    const anonymous = await cli('users', 'grant', 'op@contoso.com', '--role', 'operator');
    expect(anonymous.code).toBe(2);
    expect(anonymous.stderr).toMatch(/--as <upn> is needed/);
    expect((await usersJson()).find((u) => u.upn === 'op@contoso.com')!.roles).toEqual(['operator']);
  });

  it('the last admin cannot be revoked; with two admins one can revoke the other', async () => {
    const last = await cli('users', 'revoke', 'alice@contoso.com', '--role', 'mpn-partner-admin', '--as', 'alice@contoso.com');
    expect(last.code).toBe(3);
    expect(last.stderr).toMatch(/last mpn-partner-admin and cannot be revoked/);
    expect((await audit())[0]).toMatchObject({ action: 'refuse', detail: 'revoke mpn-partner-admin: the last admin' });

    expect((await cli('users', 'grant', 'op@contoso.com', '--role', 'mpn-partner-admin', '--as', 'alice@contoso.com')).code).toBe(0);
    const revoke = await cli('users', 'revoke', 'alice@contoso.com', '--role', 'mpn-partner-admin', '--as', 'op@contoso.com');
    expect(revoke.code, revoke.stderr).toBe(0);
    const roles = Object.fromEntries((await usersJson()).map((u) => [u.upn, u.roles]));
    expect(roles).toEqual({ 'alice@contoso.com': [], 'op@contoso.com': ['mpn-partner-admin', 'operator'] });
    // Alice is no longer an admin: she may not grant anything back to herself.
    expect((await cli('users', 'grant', 'alice@contoso.com', '--role', 'mpn-partner-admin', '--as', 'alice@contoso.com')).code).toBe(3);
  });

  it('users import: a bad row names its line and nothing is imported; a good file adds users and grants MPN partner admins', async () => {
    const before = await usersJson();
    const bad = join(dir, 'bad.csv');
    writeFileSync(bad, 'Display name,Email,Roles\r\nBob,bob@contoso.com,MPN partner admin\r\n"Carol, C.",not-an-email,Admin agent\r\n');
    const refused = await cli('users', 'import', 'bad.csv', '--as', 'op@contoso.com');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/bad\.csv:3, field Email: invalid user "not-an-email"/);
    expect(await usersJson()).toEqual(before);

    const good = join(dir, 'good.csv');
    writeFileSync(good, '\uFEFFDisplay name,Email,Roles\nBob,bob@contoso.com,"MPN partner admin; Admin agent"\n"Carol, C.",carol@contoso.com,Admin agent\n');
    const done = await cli('users', 'import', good, '--as', 'op@contoso.com', '--json');
    expect(done.code, done.stderr).toBe(0);
    expect(JSON.parse(done.stdout)).toEqual({ users: 2, added: 2, granted: 1 });
    const byUpn = Object.fromEntries((await usersJson()).map((u) => [u.upn, u]));
    expect(byUpn['bob@contoso.com']).toMatchObject({ displayName: 'Bob', roles: ['mpn-partner-admin'] });
    expect(byUpn['carol@contoso.com']).toMatchObject({ displayName: 'Carol, C.', roles: [] });
    // Importing needs an admin too.
    expect((await cli('users', 'import', good, '--as', 'carol@contoso.com')).code).toBe(3);
  });

  it('the audit log only grows: earlier entries stay as they were, and no code path updates or deletes it', async () => {
    const earlier = await audit();
    await cli('users', 'grant', 'carol@contoso.com', '--role', 'operator', '--as', 'bob@contoso.com');
    const later = await audit();
    expect(later.length).toBe(earlier.length + 1);
    expect(later.slice(1)).toEqual(earlier);
    expect(later[0]).toMatchObject({ actor: 'bob@contoso.com', action: 'grant', subject: 'carol@contoso.com', outcome: 'ok', detail: 'operator' });
    const sources = (folder: string): string[] =>
      readdirSync(folder, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sources(join(folder, e.name)) : e.name.endsWith('.ts') ? [join(folder, e.name)] : []));
    for (const file of sources(join(import.meta.dirname, '..', 'src'))) {
      expect(readFileSync(file, 'utf8'), file).not.toMatch(/(UPDATE|DELETE\s+FROM|TRUNCATE|DROP\s+TABLE)\s+(main\.)?audit_log/i);
    }
  });
});
