import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyEmbedToken } from '../src/embed/embedToken.js';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';
import { runCli } from './helpers/children.js';
import { addUser, admin, secret } from './helpers/embedServer.js';
import { tempWarehouse } from './helpers/tempWarehouse.js';

// `partnerlens embed-token`: the token alone on stdout, refused to non-admins (exit 3) and without a strong secret.

let path: string;
let cleanup: () => Promise<void>;
const env = { PARTNERLENS_EMBED_SECRET: new TextDecoder().decode(secret) };

beforeAll(async () => {
  const temp = await tempWarehouse();
  ({ path, cleanup } = temp);
  await addUser(temp.warehouse, admin, 'mpn-partner-admin');
  await addUser(temp.warehouse, 'ops@partner.example', 'operator');
  await temp.warehouse.close();
});
afterAll(async () => cleanup?.());

describe('partnerlens embed-token', () => {
  it('prints only a token an admin issued for the report, scoped and timed as asked', async () => {
    const result = runCli(['embed-token', 'azure-insights', '--as', admin, '--customer', 'tenant-1', '--ttl', '15m', '--db', path], { env });
    expect(result.code, result.stderr).toBe(0);
    const token = result.stdout.trim();
    expect(result.stdout).toBe(`${token}\n`);
    const warehouse = await openWarehouse({ path, readOnly: true });
    try {
      const claims = await verifyEmbedToken(token, { secret, db: warehouse.db, report: 'azure-insights' });
      expect(claims).toMatchObject({ iss: admin, report: 'azure-insights', customer: 'tenant-1' });
      expect(claims.exp - claims.iat).toBe(15 * 60);
    } finally {
      await warehouse.close();
    }
  });

  it('refuses a non-admin (exit 3), a ttl over an hour and an unknown report (exit 2), a weak secret (exit 1)', () => {
    expect(runCli(['embed-token', 'azure-insights', '--as', 'ops@partner.example', '--db', path], { env }).code).toBe(3);
    expect(runCli(['embed-token', 'azure-insights', '--as', admin, '--ttl', '2h', '--db', path], { env }).code).toBe(2);
    expect(runCli(['embed-token', 'nope', '--as', admin, '--db', path], { env }).code).toBe(2);
    const weak = runCli(['embed-token', 'azure-insights', '--as', admin, '--db', path], { env: { PARTNERLENS_EMBED_SECRET: 'short-secret' } });
    expect(weak.code).toBe(1);
    expect(weak.stderr).toMatch(/PARTNERLENS_EMBED_SECRET is too short/);
    expect(weak.stderr).not.toContain('short-secret');
    expect(weak.stdout).toBe('');
  });
});
