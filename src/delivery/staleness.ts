import { localizerFor } from '../locale/catalogue.js';
import type { Localizer } from '../locale/localizer.js';
import type { FreshnessEntry } from '../reports/resolvedReport.js';
import type { Database } from '../warehouse/database.js';

/**
 * A report is stale when the newest successful load of a dataset it shows finished longer ago than the
 * delivery's maximum age. Answers the sentence the pack and the mail show (in the delivery's locale), or
 * null when fresh.
 */
export async function staleness(db: Database, freshness: readonly FreshnessEntry[], maxAgeMinutes: number | null, now: Date, l: Localizer = localizerFor('en-US')): Promise<string | null> {
  if (maxAgeMinutes === null) return null;
  const old: string[] = [];
  for (const entry of freshness) {
    const finished = await db.value<string | null>('SELECT max(finished_at) FROM runs WHERE id = ?', [entry.runId]);
    const ageMinutes = finished ? (now.getTime() - Date.parse(finished.endsWith('Z') ? finished : `${finished}Z`)) / 60_000 : Infinity;
    if (ageMinutes > maxAgeMinutes) {
      old.push(Number.isFinite(ageMinutes) ? l.t('ui.stale.loaded', { dataset: entry.dataset, age: duration(Math.round(ageMinutes), l) }) : l.t('ui.stale.never', { dataset: entry.dataset }));
    }
  }
  return old.length ? l.t('ui.stale.summary', { maxAge: duration(maxAgeMinutes, l), datasets: old.join(', ') }) : null;
}

/** 36h / 36 h, 2d / 2 j, 90m / 90 min: the largest whole unit, as `--max-age` takes it. */
function duration(minutes: number, l: Localizer): string {
  if (minutes % 1440 === 0) return l.t('ui.duration.days', { n: minutes / 1440 });
  if (minutes % 60 === 0) return l.t('ui.duration.hours', { n: minutes / 60 });
  return l.t('ui.duration.minutes', { n: minutes });
}
