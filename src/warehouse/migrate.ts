import type { Database } from './database.js';
import { migrations } from './migrations.js';

/** Brings the file's schema up to the latest version, one transaction per step. */
export async function migrate(db: Database): Promise<number> {
  await db.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)');
  const current = (await db.value<number | null>('SELECT max(version) FROM schema_version')) ?? 0;
  for (const step of migrations) {
    if (step.version <= current) continue;
    await db.transaction(async () => {
      await db.run(step.sql);
      await db.run('INSERT INTO schema_version VALUES (?, now()::TIMESTAMP)', [step.version]);
    });
  }
  return migrations.at(-1)?.version ?? current;
}
