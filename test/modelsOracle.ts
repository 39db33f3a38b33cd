import type { Fixture, FixtureRow } from './modelsFixture.js';

// What each measure should be, computed in plain TypeScript from the fixture rows, day by day where the
// SQL works with intervals and islands, so that the two are written differently. Money in integer
// micro-units (the fixture's amounts have at most six decimals), never floats added up.

export function addDays(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
}

/** Adds months, clamping to the month's last day. */
export function addMonths(day: string, n: number): string {
  const d = new Date(`${day}T00:00:00Z`);
  const target = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
  const last = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(d.getUTCDate(), last));
  return target.toISOString().slice(0, 10);
}

export function days(from: string, to: string): string[] {
  const out: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) out.push(d);
  return out;
}

export function micros(amount: string | number | boolean | null | undefined): bigint {
  if (amount === null || amount === undefined || typeof amount === 'boolean') return 0n;
  const [whole = '0', frac = ''] = String(amount).split('.');
  const sign = whole.startsWith('-') ? -1n : 1n;
  return sign * (BigInt(whole.replace('-', '')) * 1_000_000n + BigInt((frac + '000000').slice(0, 6)));
}

export const fromMicros = (m: bigint) => Number(m) / 1e6;

const str = (v: unknown) => (v === null || v === undefined ? null : String(v));

// ---- subscriptions -------------------------------------------------------------------------------

export interface SubState {
  status: string;
  quantity: number;
  autoRenew: boolean | null;
}

/** A subscription's state on a day, from its history, or from the subscription when it has none. */
export function stateOn(f: Fixture, sub: FixtureRow, day: string): SubState | null {
  const history = f.subscription_history.filter((h) => h.subscription_id === sub.subscription_id);
  if (history.length) {
    const h = history.find((r) => String(r.valid_from) <= day && (r.valid_to === null || day < String(r.valid_to)));
    return h ? { status: String(h.status), quantity: Number(h.quantity), autoRenew: h.auto_renew as boolean | null } : null;
  }
  const start = String(sub.creation_date).slice(0, 10);
  if (day < start) return null;
  const ended = str(sub.ended_date);
  const status = String(sub.status);
  const current = { quantity: Number(sub.quantity), autoRenew: sub.auto_renew as boolean | null };
  if ((status === 'expired' || status === 'deleted') && ended && ended > start) return { ...current, status: day < ended ? 'active' : status };
  return { ...current, status };
}

const held = (s: SubState | null) => s !== null && (s.status === 'active' || s.status === 'suspended');

export function customersOn(f: Fixture, day: string, where: (sub: FixtureRow) => boolean = () => true): Set<string> {
  return new Set(f.subscriptions.filter((s) => where(s) && held(stateOn(f, s, day))).map((s) => String(s.customer_id)));
}

export function newCustomers(f: Fixture, from: string, to: string): Set<string> {
  const first = new Map<string, string>();
  for (const s of f.subscriptions) {
    const c = String(s.customer_id);
    const start = String(s.creation_date).slice(0, 10);
    if (!first.has(c) || start < first.get(c)!) first.set(c, start);
  }
  return new Set([...first].filter(([, d]) => d >= from && d <= to).map(([c]) => c));
}

/** Customers holding something the day before and nothing on a day in the period. */
export function churnedCustomers(f: Fixture, from: string, to: string): Set<string> {
  const out = new Set<string>();
  for (const c of new Set(f.subscriptions.map((s) => String(s.customer_id)))) {
    const subs = f.subscriptions.filter((s) => s.customer_id === c);
    const holds = (day: string) => subs.some((s) => held(stateOn(f, s, day)));
    for (const day of days(from, to)) if (holds(addDays(day, -1)) && !holds(day)) out.add(c);
  }
  return out;
}

const termMonths = (term: unknown) => ({ P1M: 1, P1Y: 12, P3Y: 36 } as Record<string, number>)[String(term)];

/** The last day of the term in force on `asOf`: renewals fall every term after the commitment end. */
export function termEnd(sub: FixtureRow, asOf: string): string | null {
  const m = termMonths(sub.term_duration);
  if (!m || !sub.commitment_end_date) return null;
  const anchor = addDays(String(sub.commitment_end_date), 1);
  const renewals = Array.from({ length: 121 }, (_, i) => addMonths(anchor, (i - 60) * m)).filter((r) => r > asOf).sort();
  return addDays(renewals[0]!, -1);
}

const daysBetween = (a: string, b: string) => Math.round((Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000);

export function subscriptionsOn(f: Fixture, asOf: string, test: (sub: FixtureRow, state: SubState) => boolean): FixtureRow[] {
  return f.subscriptions.filter((s) => {
    const state = stateOn(f, s, asOf);
    return state !== null && test(s, state);
  });
}

export const endsWithin30 = (sub: FixtureRow, asOf: string) => {
  const end = termEnd(sub, asOf);
  return end !== null && daysBetween(asOf, end) >= 0 && daysBetween(asOf, end) <= 30;
};

export const family = (product: unknown) => String(product ?? '').toLowerCase().replace(/[\s(\[-]*trial[)\]]?\s*$/, '');

export function trialConversions(f: Fixture, from: string, to: string): FixtureRow[] {
  const out: FixtureRow[] = [];
  for (const t of f.subscriptions.filter((s) => s.is_trial)) {
    const tStart = String(t.creation_date).slice(0, 10);
    const tEnd = str(t.ended_date) ?? str(t.commitment_end_date) ?? addDays(tStart, 30);
    const paid = f.subscriptions
      .filter((p) => !p.is_trial && p.customer_id === t.customer_id && (family(p.product) === family(t.product) || p.offer_id === t.offer_id))
      .filter((p) => String(p.creation_date) >= tStart && String(p.creation_date) <= addDays(tEnd, 30))
      .sort((a, b) => String(a.creation_date).localeCompare(String(b.creation_date)));
    const first = paid[0];
    if (first && String(first.creation_date) >= from && String(first.creation_date) <= to) out.push(first);
  }
  return out;
}

// ---- licenses ------------------------------------------------------------------------------------

export function lastDay(rows: readonly FixtureRow[], column: string, from: string, to: string): string | null {
  const inRange = rows.map((r) => String(r[column])).filter((d) => d >= from && d <= to).sort();
  return inRange.at(-1) ?? null;
}

export interface LicenseRow {
  customer_id: string; sku_id: string; product: string; total: number; consumed: number;
  /** Users active in the last 28 days (null: Partner Center reports no usage for this SKU). */
  active: number | null;
  /** The most the raw rows allow: all workloads' counts together (a user counted in each). */
  activeAtMost: number | null;
}

/**
 * Partner Center's license usage report as it stood at the end of a period (SPEC §2.1 `usage/license`,
 * §4 `licensesActive`, `usageRate`), read from the raw workload rows alone: the report of the latest day in
 * the period, and in it, per customer and product (the SKU id), each workload's active users and the
 * qualified users. A SKU "has usage data" exactly when it appears in that report.
 */
export function usageReport(f: Fixture, from: string, to: string): Map<string, { workloads: Map<string, number>; qualified: number }> {
  let latest: string | null = null;
  for (const u of f.workload_usage) {
    const day = String(u.date);
    if (day >= from && day <= to && (latest === null || day > latest)) latest = day;
  }
  const report = new Map<string, { workloads: Map<string, number>; qualified: number }>();
  for (const u of f.workload_usage) {
    if (String(u.date) !== latest) continue;
    const key = `${String(u.customer_id)}|${String(u.product_id)}`;
    const entry = report.get(key) ?? { workloads: new Map<string, number>(), qualified: 0 };
    entry.workloads.set(String(u.workload), Number(u.licenses_active));
    entry.qualified = Math.max(entry.qualified, Number(u.licenses_qualified));
    report.set(key, entry);
  }
  return report;
}

/**
 * License rows at the period's last snapshot, with their active users from the period's usage report. A
 * user active in any workload is active: the report counts per workload, so the busiest workload is the
 * count that counts nobody twice (a user active in two workloads appears in both; SPEC §4 "users active").
 */
export function licensesAt(f: Fixture, from: string, to: string): LicenseRow[] {
  const day = lastDay(f.license_snapshots, 'date', from, to);
  const report = usageReport(f, from, to);
  return f.license_snapshots.filter((r) => r.date === day).map((r) => {
    const reported = report.get(`${String(r.customer_id)}|${String(r.sku_id)}`);
    const counts = reported ? [...reported.workloads.values()] : [];
    return {
      customer_id: String(r.customer_id), sku_id: String(r.sku_id), product: String(r.product),
      total: Number(r.total_units), consumed: Number(r.consumed_units),
      active: reported ? counts.reduce((a, b) => (b > a ? b : a), 0) : null,
      activeAtMost: reported ? counts.reduce((a, b) => a + b, 0) : null,
    };
  });
}

/** Added and removed sold units per day, per customer and SKU. */
export function licenseChanges(f: Fixture): { date: string; customer_id: string; sku_id: string; product: string; added: number; removed: number }[] {
  const firstDay = f.license_snapshots.map((r) => String(r.date)).sort()[0];
  const bySeries = new Map<string, FixtureRow[]>();
  for (const r of f.license_snapshots) {
    const key = `${r.customer_id}|${r.sku_id}`;
    bySeries.set(key, [...(bySeries.get(key) ?? []), r]);
  }
  const out: { date: string; customer_id: string; sku_id: string; product: string; added: number; removed: number }[] = [];
  for (const rows of bySeries.values()) {
    rows.sort((a, b) => String(a.date).localeCompare(String(b.date)));
    rows.forEach((r, i) => {
      const previous = i > 0 ? Number(rows[i - 1]!.total_units) : r.date === firstDay ? null : 0;
      if (previous === null) return;
      const delta = Number(r.total_units) - previous;
      out.push({ date: String(r.date), customer_id: String(r.customer_id), sku_id: String(r.sku_id), product: String(r.product), added: Math.max(delta, 0), removed: Math.max(-delta, 0) });
    });
  }
  return out;
}

export function reducibleAtRenewal(f: Fixture, from: string, to: string): Map<string, number> {
  const out = new Map<string, number>();
  const unassigned = new Map<string, number>();
  for (const r of licensesAt(f, from, to)) {
    const key = `${r.customer_id}|${r.product}`;
    unassigned.set(key, (unassigned.get(key) ?? 0) + r.total - r.consumed);
  }
  const renewing = new Map<string, number>();
  for (const s of subscriptionsOn(f, to, (s, st) => st.status === 'active' && st.autoRenew === true && (s.billing_type ?? 'license') === 'license' && endsWithin30(s, to))) {
    const key = `${s.customer_id}|${s.product}`;
    renewing.set(key, (renewing.get(key) ?? 0) + stateOn(f, s, to)!.quantity);
  }
  for (const [key, units] of unassigned) {
    if (renewing.has(key)) out.set(key, Math.min(Math.max(units, 0), renewing.get(key)!));
  }
  return out;
}

// ---- users -----------------------------------------------------------------------------------------

export interface UserLicense {
  customer_id: string; upn: string; product: string; licensed: boolean; inactive: boolean; bucket: string; last: string | null;
}

export function userLicenses(f: Fixture, from: string, to: string): UserLicense[] {
  const latest = new Map<string, string>();
  for (const u of f.user_activity) {
    const d = String(u.report_date);
    if (d < from || d > to) continue;
    if (!latest.has(String(u.customer_id)) || d > latest.get(String(u.customer_id))!) latest.set(String(u.customer_id), d);
  }
  const out: UserLicense[] = [];
  for (const u of f.user_activity.filter((r) => latest.get(String(r.customer_id)) === r.report_date)) {
    const products = String(u.assigned_products ?? '').split('+').map((p) => p.trim()).filter(Boolean);
    const dates = ['exchange_last', 'onedrive_last', 'sharepoint_last', 'skype_last', 'yammer_last', 'teams_last'].map((c) => str(u[c])).filter((d): d is string => d !== null).sort();
    const last = dates.at(-1) ?? null;
    const idle = last === null ? null : daysBetween(last, String(u.report_date));
    const bucket = idle === null ? 'never' : idle < 30 ? 'active' : idle < 60 ? '30-59' : idle < 90 ? '60-89' : '90+';
    for (const product of products) {
      out.push({ customer_id: String(u.customer_id), upn: String(u.upn), product, licensed: !u.is_deleted, inactive: idle === null || idle >= 30, bucket, last });
    }
  }
  return out;
}

// ---- azure -----------------------------------------------------------------------------------------

export function azureCost(f: Fixture, from: string, to: string, where: (r: FixtureRow) => boolean = () => true, column = 'cost'): Map<string, bigint> {
  const out = new Map<string, bigint>();
  for (const r of f.azure_usage) {
    if (String(r.date) < from || String(r.date) > to || !where(r)) continue;
    const value = column === 'effective_cost' ? micros(r.effective_cost ?? r.cost) : micros(r[column]);
    out.set(String(r.currency), (out.get(String(r.currency)) ?? 0n) + value);
  }
  return out;
}

/** Calendar months a period touches. */
export function monthsTouched(from: string, to: string): number {
  return (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 + Number(to.slice(5, 7)) - Number(from.slice(5, 7)) + 1;
}

export function budgets(f: Fixture, from: string, to: string, config = f.config_budgets): { customer: string; currency: string; budget: number; spend: number }[] {
  const merged = new Map<string, number>();
  for (const b of f.budgets) merged.set(`${b.customer_id}|${b.currency}`, Number(b.monthly_amount));
  for (const b of config) merged.set(`${b.customer}|${b.currency}`, b.monthly);
  return [...merged].map(([key, monthly]) => {
    const [customer = '', currency = ''] = key.split('|');
    const spend = fromMicros(azureCost(f, from, to, (r) => r.customer_id === customer).get(currency) ?? 0n);
    return { customer, currency, budget: monthly * monthsTouched(from, to), spend };
  });
}
