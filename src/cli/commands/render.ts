import type { Command } from 'commander';
import { reports, reportNames } from '../../../reports/index.js';
import { UsageError } from '../../errors.js';
import { packFormats, type PackFormat } from '../../render/packFormats.js';
import type { RenderedReport } from '../../reports/renderReports.js';
import { parseDay } from '../../util/dates.js';
import { progress } from '../../util/progress.js';
import { commandContext, withWarehouse, type GlobalOptions } from '../context.js';
import { pooledThreads } from '../../warehouse/connectionPool.js';

interface RenderOptions extends GlobalOptions {
  format: string;
  customer?: string;
  eachCustomer?: boolean;
  from?: string;
  to?: string;
  out: string;
}

export function registerRenderCommand(program: Command): void {
  program
    .command('render')
    .description(`render report packs as HTML and XLSX (${reportNames.join(', ')})`)
    .argument('<report>', 'a report name or "all"')
    .option('--format <formats>', `comma-separated: ${packFormats.join(',')}`, packFormats.join(','))
    .option('--customer <id>', "one customer's tenant id: every report filtered to it")
    .option('--each-customer', 'also write the customer pack once per customer')
    .option('--from <date>', 'first day of the period (YYYY-MM-DD; default: 30 days before --to)')
    .option('--to <date>', 'last day of the period (YYYY-MM-DD; default: the newest data)')
    .option('--out <dir>', 'where the files are written', './out')
    .option('--db <path>', 'warehouse file')
    .option('--json', 'machine-readable summary on stdout')
    .action(async (name: string, options: RenderOptions) => {
      const selected = name === 'all' ? reports : reports.filter((r) => r.name === name);
      if (!selected.length) throw new UsageError(`unknown report "${name}": expected one of ${reportNames.join(', ')} or all`);
      const formats = parseFormats(options.format);
      const from = options.from === undefined ? undefined : usageDate(options.from, '--from');
      const to = options.to === undefined ? undefined : usageDate(options.to, '--to');
      if (from && to && from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
      if (name !== 'all' && selected[0]!.scope === 'customer' && options.customer === undefined && !options.eachCustomer) {
        throw new UsageError(`${name} is about one customer: give --customer <tenant id>, or --each-customer for one pack per customer`);
      }
      const context = commandContext(options);
      // Loaded here, not at start-up: the renderer pulls in jsdom, Plot and resvg, which every other
      // command (and a mistyped render) would otherwise wait for.
      const { renderReports } = await import('../../reports/renderReports.js');
      const bar = progress('rendering', { total: selected.length });
      let done = 0;
      // A render's queries run side by side on a pool of connections, which share the cores.
      const written: RenderedReport[] = await withWarehouse(context, { readOnly: true, threads: pooledThreads() }, (warehouse) =>
        renderReports({
          warehouse,
          config: context.config,
          reports: selected,
          formats,
          outDir: options.out,
          customer: options.customer,
          eachCustomer: options.eachCustomer,
          from,
          to,
          onReport: (r) => bar.update(++done, r.report),
        }),
      );
      bar.finish();
      const skipped = name === 'all' && options.customer === undefined && !options.eachCustomer ? reports.filter((r) => r.scope === 'customer').map((r) => r.name) : [];
      const lines = written.flatMap((r) => r.files.map((f) => `wrote ${f}`));
      if (skipped.length) lines.push(`not written: ${skipped.join(', ')} (one customer each: add --customer <tenant id> or --each-customer)`);
      context.print(lines.join('\n') || 'nothing written', written);
    });
}

function parseFormats(text: string): PackFormat[] {
  const formats = text.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
  const unknown = formats.filter((f) => !(packFormats as readonly string[]).includes(f));
  if (unknown.length || !formats.length) throw new UsageError(`--format must list ${packFormats.join(' and/or ')}, got "${text}"`);
  return [...new Set(formats)] as PackFormat[];
}

function usageDate(text: string, flag: string): string {
  try {
    return parseDay(text, flag);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
