import type { AlertDefinition } from '../config/config.js';
import { describeMinutes, parseMaxAge } from '../delivery/maxAge.js';
import type { Database } from '../warehouse/database.js';
import type { Breach } from './evaluateAlert.js';

/**
 * A staleness alert: every dataset and source whose newest load (the run the `freshness` table names, so a
 * failed run that published nothing does not count) finished longer ago than `maxAge` before `now`. A dataset
 * the alert lists but that was never loaded is in breach too. The value is the age in hours.
 */
export async function evaluateStaleness(db: Database, alert: AlertDefinition & { maxAge: string }, now: Date): Promise<Breach[]> {
  const maxAgeMinutes = parseMaxAge(alert.maxAge);
  const rows = await db.all<{ dataset: string; source: string; loaded_ms: number | bigint | null }>(
    `SELECT f.dataset, f.source, epoch_ms(coalesce(r.finished_at, r.started_at)) AS loaded_ms
     FROM freshness f LEFT JOIN runs r ON r.id = f.run_id ORDER BY f.dataset, f.source`,
  );
  const watched = alert.datasets ? new Set(alert.datasets) : null;
  const breaches: Breach[] = [];
  for (const r of rows) {
    if (watched && !watched.has(r.dataset)) continue;
    const subject = `dataset=${r.dataset}, source=${r.source}`;
    if (r.loaded_ms === null) {
      breaches.push({ subject, value: null, message: `${subject}: no finished load on record (allowed age ${describeMinutes(maxAgeMinutes)})` });
      continue;
    }
    const loaded = Number(r.loaded_ms);
    const ageMinutes = (now.getTime() - loaded) / 60_000;
    if (ageMinutes > maxAgeMinutes) {
      breaches.push({
        subject,
        value: Math.round((ageMinutes / 60) * 100) / 100,
        message: `${subject}: newest load finished ${describeMinutes(Math.floor(ageMinutes))} ago (${new Date(loaded).toISOString()}), older than the allowed ${describeMinutes(maxAgeMinutes)}`,
      });
    }
  }
  for (const dataset of alert.datasets ?? []) {
    if (!rows.some((r) => r.dataset === dataset)) breaches.push({ subject: `dataset=${dataset}`, value: null, message: `dataset=${dataset}: never loaded (allowed age ${describeMinutes(maxAgeMinutes)})` });
  }
  return breaches;
}
