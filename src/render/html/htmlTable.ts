import type { Cell, DataColumn, DataRow, DataTable } from '../../reports/resolvedReport.js';
import { escapeHtml } from '../escape.js';
import type { Localizer } from '../../locale/localizer.js';
import { isNumericFormat } from '../../locale/valueFormats.js';

// A data table as screen readers expect one: a caption, column headers with scope, the first column
// as row headers. Long tables show their first rows and say how many more the workbook holds.


function cell(value: Cell | undefined, column: DataColumn, row: DataRow, header: boolean, l: Localizer): string {
  const tag = header ? 'th scope="row"' : 'td';
  const close = header ? 'th' : 'td';
  const cls = isNumericFormat(column.format) && typeof value === 'number' ? ' class="num"' : '';
  if (value === null || value === undefined || value === '') return `<${tag} class="empty"><span class="visually-hidden">${escapeHtml(l.t('ui.table.noValue'))}</span></${close}>`;
  if (typeof value === 'object') {
    if (value.length <= 1) return `<${tag}>${escapeHtml(value[0] ?? '')}</${close}>`;
    return `<${tag}><ul class="cell-list">${value.map((v) => `<li>${escapeHtml(v)}</li>`).join('')}</ul></${close}>`;
  }
  return `<${tag}${cls}>${escapeHtml(l.cell(value, column, row))}</${close}>`;
}

export function htmlTable({ caption, data, limit, l }: { caption: string; data: DataTable; limit: number; l: Localizer }): string {
  const rows = data.rows.slice(0, limit);
  const head = data.columns.map((c) => `<th scope="col"${isNumericFormat(c.format) ? ' class="num"' : ''}>${escapeHtml(c.label)}</th>`).join('');
  const body = rows.length
    ? rows.map((row) => `<tr>${data.columns.map((c, i) => cell(row[c.name], c, row, i === 0, l)).join('')}</tr>`).join('\n')
    : `<tr><td colspan="${data.columns.length}" class="empty">${escapeHtml(l.t('ui.table.empty'))}</td></tr>`;
  const more =
    data.rows.length > limit
      ? `<p class="note">${escapeHtml(l.t('ui.table.truncated', { shown: l.number(limit, 'integer'), total: l.number(data.rows.length, 'integer') }))}</p>`
      : '';
  return (
    `<div class="table-wrap"><table><caption class="visually-hidden">${escapeHtml(caption)}</caption>` +
    `<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>${more}`
  );
}
