import type { FreshnessEntry } from '../reports/resolvedReport.js';
import type { Database } from '../warehouse/database.js';
import { describeMinutes } from './maxAge.js';

/**
 * A report is stale when the newest successful load of a dataset it shows finished longer ago than the
 * delivery's maximum age. Answers the sentence the pack and the mail show, or null when fresh.
 */
export async function staleness(db: Database, freshness: readonly FreshnessEntry[], maxAgeMinutes: number | null, now: Date): Promise<string | null> {
  if (maxAgeMinutes === null) return null;
  const old: string[] = [];
  for (const entry of freshness) {
    const finished = await db.value<string | null>('SELECT max(finished_at) FROM runs WHERE id = ?', [entry.runId]);
    const ageMinutes = finished ? (now.getTime() - Date.parse(finished.endsWith('Z') ? finished : `${finished}Z`)) / 60_000 : Infinity;
    if (ageMinutes > maxAgeMinutes) old.push(`${entry.dataset} (loaded ${Number.isFinite(ageMinutes) ? `${describeMinutes(Math.round(ageMinutes))} ago` : 'never'})`);
  }
  return old.length ? `stale data: older than ${describeMinutes(maxAgeMinutes)}: ${old.join(', ')}` : null;
}
