import { z } from 'zod';
import { reports, reportNames } from '../../../reports/index.js';
import { UsageError } from '../../errors.js';
import { localizerFor } from '../../locale/catalogue.js';
import { parseLocale } from '../../locale/parseLocale.js';
import { packFormats, type PackFormat } from '../../render/packFormats.js';
import type { RenderedReport } from '../../reports/renderReports.js';
import { pooledThreads } from '../../warehouse/connectionPool.js';
import type { CommandAction } from '../action.js';
import { day, parseOptions } from '../options.js';

const formatList = z.string().transform((text, ctx) => {
  const formats = text.split(',').map((f) => f.trim().toLowerCase()).filter(Boolean);
  const unknown = formats.filter((f) => !(packFormats as readonly string[]).includes(f));
  if (unknown.length || !formats.length) {
    ctx.addIssue({ code: 'custom', message: `must list ${packFormats.join(' and/or ')}, got "${text}"` });
    return z.NEVER;
  }
  return [...new Set(formats)] as PackFormat[];
});

const schema = z.object({
  format: formatList,
  customer: z.string().min(1).optional(),
  eachCustomer: z.boolean().optional(),
  from: day.optional(),
  to: day.optional(),
  out: z.string().min(1),
  locale: z.string().optional(),
});

export const render: CommandAction = async (context, [nameArg], raw) => {
  const options = parseOptions(schema, raw);
  const name = String(nameArg);
  const selected = name === 'all' ? reports : reports.filter((r) => r.name === name);
  if (!selected.length) throw new UsageError(`unknown report "${name}": expected one of ${reportNames.join(', ')} or all`);
  const { from, to } = options;
  const locale = options.locale === undefined ? context.config.locale : parseLocale(options.locale);
  const l = localizerFor(locale);
  if (from && to && from > to) throw new UsageError(`--from ${from} is after --to ${to}`);
  if (name !== 'all' && selected[0]!.scope === 'customer' && options.customer === undefined && !options.eachCustomer) {
    throw new UsageError(`${name} is about one customer: give --customer <tenant id>, or --each-customer for one pack per customer`);
  }
  // Loaded here, not at start-up: the renderer pulls in Plot, d3 and resvg, which every other
  // command (and a mistyped render) would otherwise wait for.
  const { renderReports } = await import('../../reports/renderReports.js');
  const bar = context.progress(l.t('ui.cli.rendering'), { total: selected.length });
  let done = 0;
  // A render's queries run side by side on a pool of connections, which share the cores.
  const written: RenderedReport[] = await context.withWarehouse({ readOnly: true, threads: pooledThreads() }, (warehouse) =>
    renderReports({
      warehouse,
      config: context.config,
      reports: selected,
      formats: options.format,
      outDir: context.resolvePath(options.out),
      customer: options.customer,
      eachCustomer: options.eachCustomer,
      from,
      to,
      locale,
      onReport: (r) => bar.update(++done, r.report),
    }),
  );
  bar.finish();
  const skipped = name === 'all' && options.customer === undefined && !options.eachCustomer ? reports.filter((r) => r.scope === 'customer').map((r) => r.name) : [];
  const lines = written.flatMap((r) => r.files.map((f) => l.t('ui.cli.wrote', { file: f })));
  if (skipped.length) lines.push(l.t('ui.cli.notWritten', { reports: skipped.join(', ') }));
  context.print(lines.join('\n') || l.t('ui.cli.nothingWritten'), written);
};
