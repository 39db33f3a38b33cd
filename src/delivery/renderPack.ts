import { reports } from '../../reports/index.js';
import type { Config } from '../config/config.js';
import { UsageError } from '../errors.js';
import { localizerFor } from '../locale/catalogue.js';
import type { Locale } from '../locale/locales.js';
import type { PackFormat } from '../render/packFormats.js';
import { writePack } from '../render/writePack.js';
import { modelQueryRunner } from '../reports/modelQueryRunner.js';
import { memoise } from '../reports/renderReports.js';
import type { ResolvedReport } from '../reports/resolvedReport.js';
import { resolveReport } from '../reports/resolveReport.js';
import { findCustomer, readFreshness } from '../reports/warehouseFacts.js';
import { connectionPool } from '../warehouse/connectionPool.js';
import type { Warehouse } from '../warehouse/openWarehouse.js';

export interface RenderedPack {
  report: ResolvedReport;
  files: string[];
}

/**
 * One delivery's pack: the report resolved (its KPIs feed the mail body) and written in the delivery's
 * formats. `warning` (stale data) is shown in the pack's header with the filters. `locale`: the delivery's,
 * else the configuration's.
 */
export async function renderPack(
  warehouse: Warehouse,
  config: Config,
  { report: name, customer: customerId, formats, outDir, warning, locale }: { report: string; customer: string | null; formats: readonly PackFormat[]; outDir: string; warning?: string; locale?: Locale },
): Promise<RenderedPack> {
  const definition = reports.find((r) => r.name === name);
  if (!definition) throw new UsageError(`unknown report "${name}"`);
  const freshness = await readFreshness(warehouse.db);
  const customer = customerId === null ? undefined : await findCustomer(warehouse.db, customerId);
  if (customerId !== null && !customer) throw new UsageError(`unknown customer "${customerId}"`);
  if (definition.scope === 'customer' && !customer) throw new UsageError(`${name} is about one customer: the delivery needs --customer`);
  const pool = connectionPool(warehouse);
  try {
    const resolved = await resolveReport(definition, { run: memoise(modelQueryRunner(pool, config)), asOfDay: freshness.asOfDay, customer, freshness: freshness.entries, runId: freshness.runId, locale: locale ?? config.locale });
    const report: ResolvedReport = warning ? { ...resolved, filters: [{ label: localizerFor(resolved.locale).t('ui.filter.dataWarning'), value: warning }, ...resolved.filters] } : resolved;
    const baseName = customer ? `${name}--${customer.name}--${customer.id.slice(0, 8)}` : name;
    const files = await writePack(report, { outDir, baseName, formats });
    return { report, files };
  } finally {
    await pool.close();
  }
}
