import { escapeHtml } from '../render/escape.js';
import { localizerFor } from '../locale/catalogue.js';
import { kpiLabel } from '../render/kpiChange.js';
import type { Kpi, ResolvedReport } from '../reports/resolvedReport.js';

// The mail's body: the report's KPI summary as HTML with inline styles only (mail clients drop <style> and
// block remote images) and as plain text. Every value from the data is escaped: a customer name is text.

export interface MailBody {
  subject: string;
  html: string;
  text: string;
}

/** One line, no control or line-separator characters: a subject or a display name cannot start a new header. */
export function headerSafe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}

const kpiValue = (k: Kpi, report: ResolvedReport) => (k.value === null ? '—' : localizerFor(report.locale).number(k.value, k.format, k.currency));

export function mailBody(
  report: ResolvedReport,
  { period, warning, notAttached }: { period: string; warning: string | null; notAttached: { file: string; where: string; megabytes: number }[] },
): MailBody {
  const kpis = report.pages.flatMap((p) => p.kpis);
  const filters = report.filters.filter((f) => f.label !== localizerFor(report.locale).t('ui.filter.dataWarning')).map((f) => `${f.label}: ${f.value}`).join('; ');
  const subject = headerSafe(`${report.title}: ${report.period.from} to ${report.period.to}${warning ? ' (stale data)' : ''}`);
  const cell = 'padding:6px 12px;border-bottom:1px solid #e5e7eb;font-family:Segoe UI,Arial,sans-serif;font-size:14px';
  const rows = kpis.map((k) => `<tr><td style="${cell}">${escapeHtml(kpiLabel(k))}</td><td style="${cell};text-align:right;font-variant-numeric:tabular-nums" data-kpi="${escapeHtml(k.id)}">${escapeHtml(kpiValue(k, report))}</td></tr>`).join('\n');
  const notes = [
    ...(warning ? [`<p style="color:#b45309;font-family:Arial,sans-serif"><strong>Warning:</strong> ${escapeHtml(warning)}</p>`] : []),
    ...notAttached.map((n) => `<p style="font-family:Arial,sans-serif">${escapeHtml(n.file)} (${n.megabytes.toFixed(1)} MB) is too large to attach: find it at ${escapeHtml(n.where)}</p>`),
  ];
  const html = `<!doctype html><html><body style="margin:0;padding:16px;background:#ffffff;color:#111827">
<h1 style="font-family:Segoe UI,Arial,sans-serif;font-size:20px;margin:0 0 4px">${escapeHtml(report.title)}</h1>
<p style="font-family:Arial,sans-serif;color:#4b5563;margin:0 0 12px">${escapeHtml(report.period.from)} to ${escapeHtml(report.period.to)}${filters ? ` · ${escapeHtml(filters)}` : ''} · delivery period ${escapeHtml(period)}</p>
${notes.join('\n')}
<table style="border-collapse:collapse">${rows}</table>
<p style="font-family:Arial,sans-serif;color:#6b7280;font-size:12px">The full pack is attached. Sent by PartnerLens to holders of the MPN partner admin role.</p>
</body></html>`;
  const text = [
    `${report.title}: ${report.period.from} to ${report.period.to}${filters ? ` (${filters})` : ''}`,
    ...(warning ? [`WARNING: ${warning}`] : []),
    '',
    ...kpis.map((k) => `${kpiLabel(k)}: ${kpiValue(k, report)}`),
    '',
    ...notAttached.map((n) => `${n.file} (${n.megabytes.toFixed(1)} MB) is too large to attach: find it at ${n.where}`),
    'The full pack is attached.',
  ].join('\n');
  return { subject, html, text };
}
