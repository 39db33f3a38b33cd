import type { AlertDefinition, Config } from '../config/config.js';
import { ConfigError } from '../errors.js';
import { query, type QueryValue } from '../models/query.js';
import type { Database } from '../warehouse/database.js';
import { alertPeriods } from './alertPeriod.js';
import { evaluateStaleness } from './evaluateStaleness.js';

export interface Breach {
  subject: string;
  value: number | null;
  /** One sentence a person reads: what is wrong, by how much. */
  message: string;
}

const num = (v: QueryValue | undefined): number | null => (typeof v === 'number' ? v : typeof v === 'bigint' ? Number(v) : null);
const fmt = (n: number | null) => (n === null ? 'no value' : Number.isInteger(n) ? String(n) : n.toFixed(n < 10 ? 4 : 2));

/**
 * Runs the alert's model query (SQL only through the model compiler) and answers the subjects in breach now;
 * a staleness alert (maxAge) reads the warehouse's load records against `now` instead.
 */
export async function evaluateAlert(db: Database, config: Config, alert: AlertDefinition, newestDay: string, now: Date): Promise<{ period: { from: string; to: string }; breaches: Breach[] }> {
  const { current, previous } = alertPeriods(alert.period, newestDay);
  if (alert.maxAge !== undefined) return { period: current, breaches: await evaluateStaleness(db, { ...alert, maxAge: alert.maxAge }, now) };
  const { model, measure } = alert;
  // The configuration schema requires both without maxAge.
  if (model === undefined || measure === undefined) throw new ConfigError(`alert ${alert.id}: needs a model and a measure, or maxAge`);
  const measures = [measure, ...(alert.against ? [alert.against] : [])];
  const ask = (p: { from: string; to: string }) => query(db, { model, measures, by: alert.by, where: alert.where, from: p.from, to: p.to }, { config });
  const subjectOf = (row: Record<string, QueryValue>) => (alert.by.length ? alert.by.map((d) => `${d}=${String(row[d] ?? '')}`).join(', ') : 'all');
  const answer = await ask(current);
  const before = alert.dropBy !== undefined ? new Map((await ask(previous)).rows.map((r) => [subjectOf(r), num(r[measure])])) : new Map<string, number | null>();
  const breaches: Breach[] = [];
  for (const row of answer.rows) {
    const subject = subjectOf(row);
    const value = num(row[measure]);
    if (value === null) continue;
    const reasons: string[] = [];
    if (alert.against) {
      const limit = num(row[alert.against]);
      if (limit !== null && value > limit) reasons.push(`${measure} ${fmt(value)} is over ${alert.against} ${fmt(limit)}`);
    }
    if (alert.above !== undefined && value > alert.above) reasons.push(`${measure} ${fmt(value)} is above ${alert.above}`);
    if (alert.below !== undefined && value < alert.below) reasons.push(`${measure} ${fmt(value)} is below ${alert.below}`);
    if (alert.dropBy !== undefined) {
      const was = before.get(subject) ?? null;
      // Rates are binary fractions: 0.8 − 0.7 is 0.10000000000000009, which is not "more than 10 points".
      if (was !== null && was - value - alert.dropBy > 1e-9) reasons.push(`${measure} fell from ${fmt(was)} to ${fmt(value)} (more than ${alert.dropBy}) against ${previous.from}..${previous.to}`);
    }
    if (reasons.length) breaches.push({ subject, value, message: `${subject}: ${reasons.join('; ')} (${current.from}..${current.to})` });
  }
  return { period: current, breaches };
}
