import type { Database } from './database.js';
import { migrations } from './migrations.js';

/**
 * Brings the file's schema up to date, one transaction per step. A step runs when its version is not yet
 * recorded (not merely when it is above the highest one): steps are numbered when written, and work built
 * side by side may land in another order than its numbers.
 */
export async function migrate(db: Database): Promise<number> {
  await db.run('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, applied_at TIMESTAMP NOT NULL)');
  const applied = new Set((await db.all<{ version: number }>('SELECT version FROM schema_version')).map((r) => r.version));
  for (const step of [...migrations].sort((a, b) => a.version - b.version)) {
    if (applied.has(step.version)) continue;
    await db.transaction(async () => {
      await db.run(step.sql);
      await db.run('INSERT INTO schema_version VALUES (?, now()::TIMESTAMP)', [step.version]);
    });
  }
  return Math.max(0, ...migrations.map((m) => m.version));
}
