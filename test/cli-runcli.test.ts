import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createContext, type WarehouseProvider } from '../src/cli/context.js';
import { runCli } from '../src/cli/runCli.js';
import { openWarehouse, type Warehouse } from '../src/warehouse/openWarehouse.js';
import { cliIn } from './helpers/inProcessCli.js';
import { tempDir } from './helpers/tempWarehouse.js';

// The seam the service uses to run any command in-process: runCli(argv, io) with its own streams, working
// folder, environment and a warehouse provider; the exit code comes back instead of touching the process.

const { dir, cleanup } = tempDir('pl-runcli-');
afterAll(cleanup);

describe('runCli', () => {
  it('answers --version and usage errors through the given streams with the right exit codes', async () => {
    expect(await cliIn(dir, ['--version'])).toEqual({ code: 0, stdout: '0.1.0\n', stderr: '' });
    const bad = await cliIn(dir, ['runs', '--limit', 'x']);
    expect(bad).toMatchObject({ code: 2, stdout: '' });
    expect(bad.stderr).toBe('partnerlens: --limit must be a whole number from 1 to 1000000, got "x"\n');
    const unknown = await cliIn(dir, ['nope']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown command 'nope'/);
  });

  it('resolves a relative --db against the working folder it was given, and --db/--json work after the command too', async () => {
    const made = await cliIn(dir, ['users', 'add', 'a@contoso.com', '--role', 'mpn-partner-admin', '--bootstrap', '--db', 'rel/w.duckdb', '--json']);
    expect(made.code, made.stderr).toBe(0);
    expect(JSON.parse(made.stdout)).toMatchObject({ upn: 'a@contoso.com', created: true, granted: 'mpn-partner-admin' });
    expect(existsSync(join(dir, 'rel', 'w.duckdb'))).toBe(true);
  });

  it('runs against a lent warehouse without closing it (the service keeps its instance open)', async () => {
    const lent: Warehouse = await openWarehouse({ path: join(dir, 'lent.duckdb') });
    const requests: { readOnly: boolean; path: string }[] = [];
    const provider: WarehouseProvider = { use: (request, work) => (requests.push({ readOnly: request.readOnly, path: request.path }), work(lent)) };
    let out = '';
    const io = { out: { write: (t: string) => (out += t) }, err: { write: () => true }, cwd: dir, env: { PARTNERLENS_LOG_LEVEL: 'error' }, warehouses: provider };
    expect(await runCli(['users', 'add', 'b@contoso.com', '--role', 'mpn-partner-admin', '--bootstrap'], io)).toBe(0);
    expect(await runCli(['users', 'list', '--json'], io)).toBe(0);
    expect(requests.map((r) => r.readOnly)).toEqual([false, true]);
    // Still open: the provider's owner decides when it closes.
    expect(await lent.db.value('SELECT count(*) FROM users')).toBe(1);
    expect(out).toContain('"upn": "b@contoso.com"');
    await lent.close();
  });

  it('gives commands a deep-frozen configuration', () => {
    const context = createContext({ out: { write: () => true }, err: { write: () => true }, cwd: dir, env: {} }, { db: 'x.duckdb' });
    expect(context.config.warehouse.path).toBe(join(dir, 'x.duckdb'));
    expect(Object.isFrozen(context.config)).toBe(true);
    expect(Object.isFrozen(context.config.warehouse)).toBe(true);
    expect(() => {
      (context.config.warehouse as { path: string }).path = 'elsewhere';
    }).toThrow(TypeError);
  });
});
