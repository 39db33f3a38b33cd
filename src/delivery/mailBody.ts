import { localizerFor } from '../locale/catalogue.js';
import { escapeHtml } from '../render/escape.js';
import { kpiLabel } from '../render/kpiChange.js';
import type { Kpi, ResolvedReport } from '../reports/resolvedReport.js';

// The mail's body: the report's KPI summary as HTML with inline styles only (mail clients drop <style> and
// block remote images) and as plain text, in the report's locale (the delivery's): texts from its catalogue,
// numbers and days through its Localizer. Every value from the data is escaped: a customer name is text.

export interface MailBody {
  subject: string;
  html: string;
  text: string;
}

/** One line, no control or line-separator characters: a subject or a display name cannot start a new header. */
export function headerSafe(text: string): string {
  return text.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 200);
}

export interface MailBodyOptions {
  /** The delivery's period: the firing's UTC ISO timestamp. */
  period: string;
  warning: string | null;
  notAttached: { file: string; where: string; megabytes: number }[];
}

export function mailBody(report: ResolvedReport, { period, warning, notAttached }: MailBodyOptions): MailBody {
  const l = localizerFor(report.locale);
  const colon = l.t('ui.punctuation.colon');
  const kpis = report.pages.flatMap((p) => p.kpis);
  const kpiValue = (k: Kpi) => (k.value === null ? '—' : l.number(k.value, k.format, k.currency));
  const warningLabel = l.t('ui.filter.dataWarning');
  const filters = report.filters.filter((f) => f.label !== warningLabel).map((f) => `${f.label}${colon}${f.value}`).join('; ');
  const span = l.t('ui.period.range', { from: l.date(report.period.from, 'day'), to: l.date(report.period.to, 'day') });
  const subject = headerSafe(l.t(warning ? 'ui.mail.subjectStale' : 'ui.mail.subject', { title: report.title, period: span }));
  const tooLarge = (n: MailBodyOptions['notAttached'][number]) => l.t('ui.mail.tooLarge', { file: n.file, size: l.number(Math.round(n.megabytes * 10) / 10, 'number'), where: n.where });
  const cell = 'padding:6px 12px;border-bottom:1px solid #e5e7eb;font-family:Segoe UI,Arial,sans-serif;font-size:14px';
  const rows = kpis.map((k) => `<tr><td style="${cell}">${escapeHtml(kpiLabel(k))}</td><td style="${cell};text-align:right;font-variant-numeric:tabular-nums" data-kpi="${escapeHtml(k.id)}">${escapeHtml(kpiValue(k))}</td></tr>`).join('\n');
  const notes = [
    ...(warning ? [`<p style="color:#b45309;font-family:Arial,sans-serif"><strong>${escapeHtml(l.t('ui.mail.warning'))}</strong> ${escapeHtml(warning)}</p>`] : []),
    ...notAttached.map((n) => `<p style="font-family:Arial,sans-serif">${escapeHtml(tooLarge(n))}</p>`),
  ];
  const html = `<!doctype html><html lang="${l.locale}"><body style="margin:0;padding:16px;background:#ffffff;color:#111827">
<h1 style="font-family:Segoe UI,Arial,sans-serif;font-size:20px;margin:0 0 4px">${escapeHtml(report.title)}</h1>
<p style="font-family:Arial,sans-serif;color:#4b5563;margin:0 0 12px">${escapeHtml(span)}${filters ? ` · ${escapeHtml(filters)}` : ''} · ${escapeHtml(l.t('ui.mail.deliveryPeriod', { period: l.stamp(period) }))}</p>
${notes.join('\n')}
<table style="border-collapse:collapse">${rows}</table>
<p style="font-family:Arial,sans-serif;color:#6b7280;font-size:12px">${escapeHtml(l.t('ui.mail.attached'))} ${escapeHtml(l.t('ui.mail.sentBy'))}</p>
</body></html>`;
  const text = [
    `${l.t('ui.mail.subject', { title: report.title, period: span })}${filters ? ` (${filters})` : ''}`,
    ...(warning ? [`${l.t('ui.mail.warning')} ${warning}`] : []),
    '',
    ...kpis.map((k) => `${kpiLabel(k)}${colon}${kpiValue(k)}`),
    '',
    ...notAttached.map(tooLarge),
    l.t('ui.mail.attached'),
  ].join('\n');
  return { subject, html, text };
}
