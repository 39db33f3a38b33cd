import { z } from 'zod';
import { UsageError } from '../../errors.js';
import { localizerFor } from '../../locale/catalogue.js';
import { isNumericFormat } from '../../locale/valueFormats.js';
import type { Localizer } from '../../locale/localizer.js';
import { parseLocale } from '../../locale/parseLocale.js';
import { query, type QueryColumn, type QueryRequest, type QueryResult, type QueryValue } from '../../models/query.js';
import type { CommandAction } from '../action.js';
import type { CommandContext } from '../context.js';
import { arrowStream } from '../../arrow/arrowStream.js';
import { queryStream } from '../../models/queryStream.js';
import { parseOptions } from '../options.js';

interface QueryOptions {
  measures: string;
  by?: string;
  where: string[];
  from?: string;
  to?: string;
  format: 'table' | 'json' | 'csv' | 'arrow';
  orderBy?: string;
  limit?: string;
}

const schema = z.object({
  measures: z.string(),
  by: z.string().optional(),
  where: z.array(z.string()),
  from: z.string().optional(),
  to: z.string().optional(),
  format: z.enum(['table', 'json', 'csv', 'arrow']),
  orderBy: z.string().optional(),
  limit: z.string().optional(),
  locale: z.string().optional(),
});

export const queryCommand: CommandAction = async (context, [model], raw) => {
  const options = parseOptions(schema, raw);
  const request = toRequest(String(model), options);
  const l = localizerFor(options.locale === undefined ? context.config.locale : parseLocale(options.locale));
  if (options.format === 'arrow' && !context.json) return writeArrow(context, request);
  const result = await context.withWarehouse({ readOnly: true, purpose: `query ${String(model)}` }, async (warehouse) => {
    // This process only reads: nothing it runs may reach a file or load an extension. A lent instance (the
    // service's) is not ours to reconfigure: its provider hands out read connections already locked down.
    if (context.ownsWarehouse) await warehouse.db.run('SET enable_external_access = false');
    return query(warehouse.db, request, { config: context.config });
  });
  const format = context.json ? 'json' : options.format;
  context.out.write(format === 'json' ? `${JSON.stringify(result.rows)}\n` : format === 'csv' ? toCsv(result) : toTable(result, l));
};

const list = (text: string | undefined) => (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);

export function toRequest(model: string, options: Pick<QueryOptions, 'measures' | 'by' | 'where' | 'from' | 'to' | 'orderBy' | 'limit'>): QueryRequest {
  const where = new Map<string, string[]>();
  for (const clause of options.where) {
    const at = clause.indexOf('=');
    if (at <= 0) throw new UsageError(`--where "${clause}": expected dimension=value`);
    const dimension = clause.slice(0, at).trim();
    // A value is taken whole: customer names hold commas.
    where.set(dimension, [...(where.get(dimension) ?? []), clause.slice(at + 1)]);
  }
  const limit = options.limit === undefined ? undefined : Number(options.limit);
  if (limit !== undefined && !Number.isInteger(limit)) throw new UsageError(`--limit must be a whole number, got "${options.limit}"`);
  return {
    model,
    measures: list(options.measures),
    by: list(options.by),
    where: [...where].map(([dimension, values]) => ({ dimension, values })),
    from: options.from,
    to: options.to,
    orderBy: list(options.orderBy).map((spec) => {
      const [name = '', direction] = spec.split(':');
      if (direction !== undefined && direction !== 'desc' && direction !== 'asc') throw new UsageError(`--order-by "${spec}": expected name, name:asc or name:desc`);
      return { name, desc: direction === 'desc' };
    }),
    limit,
  };
}

function toCsv({ columns, rows }: QueryResult): string {
  const cell = (v: QueryValue | undefined) => {
    if (v === null || v === undefined) return '';
    const text = Array.isArray(v) ? v.join(', ') : String(v);
    return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
  };
  return [columns.map((c) => cell(c.name)).join(','), ...rows.map((r) => columns.map((c) => cell(r[c.name])).join(','))].join('\r\n') + '\r\n';
}

/** Values as the locale writes them (the JSON and CSV keep raw values); headers are the contract's names. */
function toTable({ columns, rows }: QueryResult, l: Localizer): string {
  if (!rows.length) return `${l.t('ui.cli.noRows')}\n`;
  // Control characters in names (a line break, an escape sequence) would break the table or the terminal.
  const clean = (text: string) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ');
  const text = (v: QueryValue | undefined, format: QueryColumn['format'], currency: string | undefined) => {
    if (v === null || v === undefined) return '';
    if (Array.isArray(v)) return v.join(', ');
    if (typeof v === 'number') return l.number(v, format, currency);
    return format === 'date' ? l.date(v, 'day') : v;
  };
  const cells = rows.map((r) => columns.map((c) => clean(text(r[c.name], c.format, typeof r.currency === 'string' ? r.currency : undefined))));
  const header = columns.map((c) => c.name);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]!.length)));
  const line = (values: string[]) => values.map((v, i) => (isNumericFormat(columns[i]!.format) ? v.padStart(widths[i]!) : v.padEnd(widths[i]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.map(line)].join('\n') + '\n';
}

/** The answer as an Arrow IPC stream on stdout, the same bytes `POST /api/query` sends. */
async function writeArrow(context: CommandContext, request: QueryRequest): Promise<void> {
  await context.withWarehouse({ readOnly: true, purpose: `query ${request.model}` }, async (warehouse) => {
    await warehouse.db.run('SET enable_external_access = false');
    const { result } = await queryStream(warehouse.db, request, { config: context.config });
    const out = context.out as CommandContext['out'] & { once?: (event: 'drain', listener: () => void) => unknown };
    for await (const chunk of arrowStream(result)) {
      if (out.write(chunk as Uint8Array) === false && typeof out.once === 'function') await new Promise<void>((resolve) => out.once!('drain', resolve));
    }
  });
}
