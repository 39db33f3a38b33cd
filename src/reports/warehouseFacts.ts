import type { Database } from '../warehouse/database.js';
import { lastCompleteDay } from '../util/dates.js';
import type { FreshnessEntry } from './resolvedReport.js';

// What a report states about its data, read from the warehouse's own bookkeeping (not from the
// models): how fresh every dataset is, which run loaded it, and who the customers are.

export interface Freshness {
  entries: FreshnessEntry[];
  /** The newest run that loaded any dataset. */
  runId: number | null;
  /** The newest day any source vouches for: the default end of a report's period. */
  asOfDay: string;
}

export async function readFreshness(db: Database): Promise<Freshness> {
  const rows = await db.all<{ dataset: string; source: string; as_of: string; run_id: number }>(
    'SELECT dataset, source, as_of, run_id FROM freshness ORDER BY dataset, source',
  );
  const entries: FreshnessEntry[] = rows.map((r) => ({ dataset: r.dataset, source: r.source, asOf: r.as_of, runId: Number(r.run_id) }));
  const users = entries.find((e) => e.dataset === 'user_activity' && e.source === 'partner-center');
  if (users) {
    const note = await userCoverageNote(db);
    if (note) users.note = note;
  }
  const newest = entries.map((e) => e.asOf).sort().at(-1);
  return {
    entries,
    runId: entries.length ? Math.max(...entries.map((e) => e.runId)) : null,
    // Without any data there is nothing to date; the period then ends yesterday and every figure is empty.
    asOfDay: newest ? newest.slice(0, 10) : lastCompleteDay(),
  };
}

/** Which customers the Graph user reports left out (no GDAP consent) or gave with concealed names. */
async function userCoverageNote(db: Database): Promise<string | undefined> {
  const rows = await db.all<{ name: string; status: string; concealed: boolean }>(
    'SELECT coalesce(customer_name, customer_id) AS name, status, concealed FROM user_activity_coverage ORDER BY name',
  );
  const missing = rows.filter((r) => r.status === 'no-consent').map((r) => r.name);
  const concealed = rows.filter((r) => r.status === 'loaded' && r.concealed).map((r) => r.name);
  const parts: string[] = [];
  if (missing.length) parts.push(`no user data (no GDAP consent) for ${missing.join(', ')}`);
  if (concealed.length) parts.push(`user names concealed by the tenant (hashed) for ${concealed.join(', ')}`);
  return parts.length ? parts.join('; ') : undefined;
}

export interface CustomerRef {
  id: string;
  name: string;
}

/** Every customer, ordered by name then tenant id (one customer pack each). */
export async function listCustomers(db: Database): Promise<CustomerRef[]> {
  const rows = await db.all<{ customer_id: string; name: string }>(
    'SELECT customer_id, min(name) AS name FROM customers GROUP BY customer_id ORDER BY name, customer_id',
  );
  return rows.map((r) => ({ id: r.customer_id, name: r.name }));
}

export async function findCustomer(db: Database, id: string): Promise<CustomerRef | undefined> {
  const row = await db.one<{ customer_id: string; name: string }>('SELECT customer_id, min(name) AS name FROM customers WHERE customer_id = ? GROUP BY customer_id', [id]);
  return row ? { id: row.customer_id, name: row.name } : undefined;
}
