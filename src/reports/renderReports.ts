import type { Config } from '../config/config.js';
import { UsageError } from '../errors.js';
import type { Locale } from '../locale/locales.js';
import { packFormats, type PackFormat } from '../render/packFormats.js';
import type { XlsxWriterOptions } from '../render/xlsx/xlsxWriter.js';
import type { Warehouse } from '../warehouse/openWarehouse.js';
import type { ReportDefinition } from './defineReport.js';
import { connectionPool } from '../warehouse/connectionPool.js';
import { modelQueryRunner } from './modelQueryRunner.js';
import type { QueryRunner } from './queryRunner.js';
import { resolveReport } from './resolveReport.js';
import { findCustomer, listCustomers, readFreshness, type CustomerRef } from './warehouseFacts.js';

// Reports to files: resolve each definition against the warehouse, then write it in every format asked.
// Partner-wide reports are written once; customer-scoped ones (customer-pack) need a customer, or are
// written once per customer when `eachCustomer` is set.

export interface RenderReportsOptions {
  warehouse: Warehouse;
  config: Config;
  reports: readonly ReportDefinition[];
  formats: readonly PackFormat[];
  outDir: string;
  /** Tenant id: every report filtered to this customer. */
  customer?: string;
  /** Write one customer-scoped report per customer (demo, scheduled packs). */
  eachCustomer?: boolean;
  from?: string;
  to?: string;
  /** The packs' language and formats; the configuration's when absent. */
  locale?: Locale;
  /** Rows per HTML table (the workbook has all). */
  rowLimit?: number;
  writer?: Omit<XlsxWriterOptions, 'title' | 'subject' | 'modified'>;
  /** Where queries go; the semantic models over `warehouse` unless a caller supplies another. */
  run?: QueryRunner;
  /** Called after each report is written (progress). */
  onReport?: (written: RenderedReport) => void;
}

export interface RenderedReport {
  report: string;
  customer?: string;
  files: string[];
}

/**
 * Reports share queries (every one ends with the same adoption tables; trends recur): within one render
 * each distinct query runs once. The warehouse is not written meanwhile, so answers cannot go stale.
 * Large answers (detail tables) are not kept: memory stays bounded by what one report needs.
 */
export function memoise(run: QueryRunner, { maxRows = 10_000 }: { maxRows?: number } = {}): QueryRunner {
  const answers = new Map<string, ReturnType<QueryRunner>>();
  return function runOnce(request) {
    const key = JSON.stringify(request);
    let answer = answers.get(key);
    if (!answer) {
      answer = run(request);
      answers.set(key, answer);
      answer.then(
        (result) => result.rows.length > maxRows && answers.delete(key),
        () => answers.delete(key),
      );
    }
    return answer;
  };
}

export async function renderReports(options: RenderReportsOptions): Promise<RenderedReport[]> {
  const { warehouse, config, formats } = options;
  for (const f of formats) if (!packFormats.includes(f)) throw new UsageError(`unknown format "${f}": expected ${packFormats.join(', ')}`);
  const pool = connectionPool(warehouse);
  try {
    return await renderWith(memoise(options.run ?? modelQueryRunner(pool, config)), options);
  } finally {
    await pool.close();
  }
}

async function renderWith(run: QueryRunner, options: RenderReportsOptions): Promise<RenderedReport[]> {
  const { warehouse, reports, formats, outDir } = options;
  const db = warehouse.db;
  // The pack writer pulls in Plot and d3 (0.1–0.2 s of start-up): loaded while the first report's
  // queries run on DuckDB's threads, not before them.
  const packWriter = import('../render/writePack.js');
  packWriter.catch(() => undefined);
  const freshness = await readFreshness(db);
  let customer: CustomerRef | undefined;
  if (options.customer !== undefined) {
    customer = await findCustomer(db, options.customer);
    if (!customer) throw new UsageError(`unknown customer "${options.customer}": give a customer's tenant id (see \`partnerlens query customers --measures customers --by customerId,customer\`)`);
  }

  if (!customer && !options.eachCustomer && reports.length && reports.every((r) => r.scope === 'customer')) {
    throw new UsageError(`${reports.map((r) => r.name).join(', ')} ${reports.length === 1 ? 'is' : 'are'} about one customer: give a customer (tenant id) or ask for one pack per customer`);
  }

  const written: RenderedReport[] = [];
  const renderOne = async (report: ReportDefinition, who: CustomerRef | undefined) => {
    const resolved = await resolveReport(report, { run, asOfDay: freshness.asOfDay, from: options.from, to: options.to, customer: who, freshness: freshness.entries, runId: freshness.runId, locale: options.locale ?? options.config.locale });
    const baseName = who ? `${report.name}--${who.name}--${who.id.slice(0, 8)}` : report.name;
    const { writePack } = await packWriter;
    const files = await writePack(resolved, { outDir, baseName, formats, rowLimit: options.rowLimit, writer: options.writer });
    const entry: RenderedReport = { report: report.name, ...(who ? { customer: who.id } : {}), files };
    written.push(entry);
    options.onReport?.(entry);
  };

  for (const report of reports) {
    if (customer) await renderOne(report, customer);
    else if (report.scope === 'partner') await renderOne(report, undefined);
    else if (options.eachCustomer) for (const who of await listCustomers(db)) await renderOne(report, who);
  }
  return written;
}
