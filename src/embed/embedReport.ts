import { z } from 'zod';
import { reports } from '../../reports/index.js';
import type { Config } from '../config/config.js';
import { AccessError, UsageError } from '../errors.js';
import { findModel } from '../models/query.js';
import type { ReportDefinition } from '../reports/defineReport.js';
import { modelQueryRunner } from '../reports/modelQueryRunner.js';
import { memoise } from '../reports/renderReports.js';
import type { QueryRunner } from '../reports/queryRunner.js';
import type { ResolvedReport } from '../reports/resolvedReport.js';
import { resolveReport } from '../reports/resolveReport.js';
import { findCustomer, readFreshness, type CustomerRef } from '../reports/warehouseFacts.js';
import type { ConnectionPool } from '../warehouse/connectionPool.js';
import type { Database } from '../warehouse/database.js';
import { verifyEmbedToken, type EmbedClaims } from './embedToken.js';
import type { Locale } from '../locale/locales.js';
import { localeSchema } from '../locale/parseLocale.js';

// The embedded report resolved on the server for the page's filters: the page's first answer and every
// redraw (`POST /embed/api/report`) go through here, so a filter change is one round trip whose queries are
// merged and run on the pool the way a report pack's are. The token's scope (one customer) is applied by
// the model compiler on every query, whatever the filters say.

export const filtersSchema = z
  .object({
    from: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD').optional(),
    to: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a day as YYYY-MM-DD').optional(),
    /** Tenant id, or empty for every customer the token allows. */
    customer: z.string().max(100).default(''),
    product: z.string().max(500).default(''),
  })
  .strict();

const bodySchema = z.object({ report: z.string().min(1).max(100), filters: filtersSchema, locale: localeSchema.optional() }).strict();

export type EmbedFilters = z.infer<typeof filtersSchema>;

export interface EmbedContext {
  /** Readers: the answer and the freshness it states come from reader connections, never the writer's. */
  pool: ConnectionPool;
  config: Config;
}

export interface EmbeddedReport {
  report: ReportDefinition;
  claims: EmbedClaims;
  /** The token's customer, or the customer a customer-scoped page is about: every query is limited to it. */
  fixed?: CustomerRef;
}

/**
 * Which report and customer a token may see, as the page (`customer` from its URL) or a redraw asks;
 * `missing` names an unknown report or customer (answered 404).
 */
export async function embeddedReport(db: Database, { token, secret, name, customer }: { token: string; secret: Uint8Array; name: string; customer?: string }): Promise<EmbeddedReport | { missing: string }> {
  const report = reports.find((r) => r.name === name);
  if (!report) return { missing: `unknown report "${name}"` };
  const claims = await verifyEmbedToken(token, { secret, db, report: report.name });
  const asked = customer || undefined;
  if (claims.customer !== undefined && asked !== undefined && asked !== claims.customer) throw new AccessError('this embed token is limited to one customer', { status: 403 });
  const customerId = claims.customer ?? (report.scope === 'customer' ? asked : undefined);
  if (report.scope === 'customer' && customerId === undefined) throw new UsageError(`${report.name} is about one customer: open it with ?customer=<tenant id>`);
  if (customerId === undefined) return { report, claims };
  const fixed = await findCustomer(db, customerId);
  if (!fixed) return { missing: 'unknown customer' };
  return { report, claims, fixed };
}

/** Adds the page's customer and product filters to the queries of models that have that dimension. */
function filtered(run: QueryRunner, filters: EmbedFilters, fixed: CustomerRef | undefined): QueryRunner {
  const scope = fixed ? { customerIds: [fixed.id] } : undefined;
  return (request) => {
    const dims = findModel(request.model).dimensions;
    const where = [...(request.where ?? [])];
    if (!fixed && filters.customer && 'customerId' in dims) where.push({ dimension: 'customerId', values: [filters.customer] });
    if (filters.product && 'product' in dims) where.push({ dimension: 'product', values: [filters.product] });
    return run({ ...request, where, ...(scope ? { scope } : {}) });
  };
}

/** The report for these filters, every query asked at once. */
export async function resolveEmbedded({ report, fixed }: Pick<EmbeddedReport, 'report' | 'fixed'>, filters: EmbedFilters, { pool, config }: EmbedContext, locale: Locale): Promise<{ resolved: ResolvedReport; asOfDay: string }> {
  const freshness = await pool.use(readFreshness);
  const run = filtered(memoise(modelQueryRunner(pool, config)), filters, fixed);
  const resolved = await resolveReport(report, {
    run,
    asOfDay: freshness.asOfDay,
    ...(filters.from ? { from: filters.from } : {}),
    ...(filters.to ? { to: filters.to } : {}),
    ...(fixed ? { customer: fixed } : {}),
    freshness: freshness.entries,
    runId: freshness.runId,
    locale,
  });
  return { resolved, asOfDay: freshness.asOfDay };
}

/** Reads `POST /embed/api/report`'s body: the report the page draws, its filters and its locale. */
export function parseReportBody(body: unknown): { report: string; filters: EmbedFilters; locale?: Locale } {
  const parsed = bodySchema.safeParse(body);
  if (!parsed.success) throw new UsageError(`invalid report request: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
