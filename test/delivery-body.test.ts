import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { headerSafe, mailBody } from '../src/delivery/mailBody.js';
import { writeOutbox } from '../src/delivery/outboxChannel.js';
import type { ResolvedReport } from '../src/reports/resolvedReport.js';
import { tempDir } from './helpers/tempWarehouse.js';

const { dir, cleanup } = tempDir('pl-delivery-body-');
afterAll(cleanup);

const hostile = '<img src=x onerror=alert(1)><script>alert(2)</script>"\'&';
const report: ResolvedReport = {
  name: 'customer-pack',
  locale: 'en-US',
  title: `Customer pack ${hostile}`,
  description: '',
  period: { from: '2026-10-01', to: '2026-10-31' },
  previous: { from: '2026-09-01', to: '2026-09-30' },
  filters: [{ label: 'Customer', value: `Contoso ${hostile}` }],
  freshness: [],
  runId: 1,
  measures: [],
  pages: [{ title: 'Summary', charts: [], tables: [], kpis: [
    { id: 'azure.cost.EUR', label: `Cost ${hostile}`, format: 'currency', currency: 'EUR', value: 1234.5, previous: null, better: 'down', trend: [] },
    { id: 'customers.customers', label: 'Customers', format: 'integer', value: 7, previous: 6, better: 'up', trend: [] },
  ] }],
};

describe('RELIABILITY 21: the mail body escapes data', () => {
  it('shows hostile names as text: no element, attribute or script from the data, and no remote image', () => {
    const body = mailBody(report, { period: '2026-11-02T07:00:00.000Z', warning: null, notAttached: [] });
    expect(body.html).not.toMatch(/<img|<script|onerror=alert\(1\)>/i);
    expect(body.html).toContain('&lt;img src=x onerror=alert(1)&gt;&lt;script&gt;alert(2)&lt;/script&gt;&quot;&#39;&amp;');
    expect(body.html).not.toMatch(/src="https?:/i);
    // Numbers as a reader reads them, per currency.
    expect(body.html).toMatch(/data-kpi="azure\.cost\.EUR">EUR 1,234\.50</);
    expect(body.text).toContain('Customers: 7');
  });

  it('states a stale warning and where an oversized pack is, in both parts', () => {
    const body = mailBody(report, { period: 'p', warning: 'stale data: older than 36h: azure_usage (loaded 3d ago)', notAttached: [{ file: 'big.xlsx', where: '/srv/outbox/packs-x/big.xlsx', megabytes: 31.2 }] });
    for (const part of [body.html, body.text]) {
      expect(part).toContain('stale data: older than 36h');
      expect(part).toContain('/srv/outbox/packs-x/big.xlsx');
    }
    expect(body.subject).toMatch(/\(stale data\)$/);
  });
});

describe('RELIABILITY 25: header values are one line', () => {
  it('folds CR, LF, NEL, U+2028 and U+2029 into spaces', () => {
    const subject = headerSafe('Report\r\nBcc: thief@evil.example\u2028X-A: 1\u2029\u0085end');
    expect(subject).not.toMatch(/[\r\n\u2028\u2029\u0085]/);
    expect(subject).toBe('Report Bcc: thief@evil.example X-A: 1 end');
  });
});

describe('RELIABILITY 22: outbox paths', () => {
  it('keeps every file inside the outbox, one sanitised folder per recipient, nothing left half-written', async () => {
    const outbox = join(dir, 'outbox');
    const pack = join(dir, 'pack.html');
    writeFileSync(pack, '<p>pack</p>');
    mkdirSync(outbox, { recursive: true });
    const written = await writeOutbox(outbox, { recipient: '../../etc/passwd@x', prefix: '../../weekly', files: [pack], body: { html: '<p>x</p>', text: 'x' } });
    for (const f of written) expect(resolve(f).startsWith(resolve(outbox) + '/')).toBe(true);
    expect(readdirSync(outbox)).toEqual(['etc-passwd-x']);
    expect(readdirSync(join(outbox, 'etc-passwd-x')).sort()).toEqual(['weekly-pack.html', 'weekly-summary.html', 'weekly-summary.txt']);
    expect(existsSync(join(dir, 'etc'))).toBe(false);
  });
});
