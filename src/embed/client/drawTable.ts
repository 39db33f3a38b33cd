import type { DataRow, ResolvedTable } from '../../reports/resolvedReport.js';
import type { Localizer } from '../../locale/localizer.js';
import { isNumericFormat } from '../../locale/valueFormats.js';
import { compareCells } from '../../reports/shapeRows.js';
import { el } from './dom.js';

// A detail table: sortable by any column (click its header), paged, a customer's name linking to its own
// page (the drill) and, in a partner-wide view, a button that narrows the whole report to that customer.

const pageSize = 25;

export interface TableOptions {
  l: Localizer;
  drillHref(customerId: string): string | undefined;
  customerIdOf(name: string): string | undefined;
  onCustomer?: (customerId: string) => void;
  note?: string;
}

export function drawTable(table: ResolvedTable, options: TableOptions): HTMLElement {
  const block = el('section', { class: 'table-block', 'data-table': table.id });
  block.append(el('h3', {}, table.title));
  if (table.note) block.append(el('p', { class: 'insight' }, table.note));
  if (options.note) block.append(el('p', { class: 'note' }, options.note));
  const columns = table.data.columns;
  let rows: DataRow[] = [...table.data.rows];
  let sort: { name: string; desc: boolean } | undefined;
  let page = 0;
  const wrap = el('div', { class: 'table-wrap' });
  const pager = el('p', { class: 'pager' });
  block.append(wrap, pager);

  const cell = (row: DataRow, name: string): Node | string => {
    const column = columns.find((c) => c.name === name)!;
    const value = row[name] ?? null;
    if (column.list && Array.isArray(value)) return el('ul', { class: 'cell-list' }, ...value.map((v) => el('li', {}, String(v))));
    const text = options.l.cell(value, column, row);
    if (name === 'customer' && typeof value === 'string') {
      const id = typeof row.customerId === 'string' ? row.customerId : options.customerIdOf(value);
      const href = id ? options.drillHref(id) : undefined;
      if (!id || !href) return text;
      const link = el('a', { href, class: 'drill', title: options.l.t('ui.embed.table.open', { name: value }) }, text);
      const parts: (Node | string)[] = [link];
      if (options.onCustomer) {
        const only = el('button', { type: 'button', class: 'only', title: options.l.t('ui.embed.table.onlyTitle', { name: value }) }, options.l.t('ui.embed.table.only'));
        only.addEventListener('click', () => options.onCustomer!(id));
        parts.push(' ', only);
      }
      return el('span', {}, ...parts);
    }
    return text;
  };

  const render = () => {
    const pages = Math.max(1, Math.ceil(rows.length / pageSize));
    page = Math.min(page, pages - 1);
    const head = el('tr', {}, ...columns.map((c) => {
      const th = el('th', { scope: 'col', class: isNumericFormat(c.format) ? 'num' : '', 'aria-sort': sort?.name === c.name ? (sort.desc ? 'descending' : 'ascending') : 'none' });
      const button = el('button', { type: 'button', class: 'sort' }, c.label, sort?.name === c.name ? (sort.desc ? ' ▼' : ' ▲') : '');
      button.addEventListener('click', () => {
        sort = { name: c.name, desc: sort?.name === c.name ? !sort.desc : isNumericFormat(c.format) };
        rows = [...rows].sort((a, b) => compareCells(a[c.name], b[c.name]) * (sort!.desc ? -1 : 1));
        page = 0;
        render();
      });
      th.append(button);
      return th;
    }));
    const body = rows.length
      ? rows.slice(page * pageSize, (page + 1) * pageSize).map((row) => el('tr', {}, ...columns.map((c) => el('td', { class: isNumericFormat(c.format) ? 'num' : '' }, cell(row, c.name)))))
      : [el('tr', {}, el('td', { colspan: String(columns.length), class: 'empty' }, options.l.t('ui.table.empty')))];
    wrap.replaceChildren(el('table', {}, el('thead', {}, head), el('tbody', {}, ...body)));
    pager.replaceChildren();
    if (pages > 1) {
      const previous = el('button', { type: 'button', class: 'prev' }, options.l.t('ui.embed.table.previous'));
      const next = el('button', { type: 'button', class: 'next' }, options.l.t('ui.embed.table.next'));
      previous.disabled = page === 0;
      next.disabled = page >= pages - 1;
      previous.addEventListener('click', () => { page -= 1; render(); });
      next.addEventListener('click', () => { page += 1; render(); });
      const count = (n: number) => options.l.number(n, 'integer');
      pager.append(previous, ` ${options.l.t('ui.embed.table.rows', { first: count(page * pageSize + 1), last: count(Math.min(rows.length, (page + 1) * pageSize)), total: count(rows.length) })} `, next);
    } else {
      pager.append(rows.length === 1 ? options.l.t('ui.embed.table.oneRow') : options.l.t('ui.embed.table.someRows', { count: options.l.number(rows.length, 'integer') }));
    }
  };
  render();
  return block;
}
