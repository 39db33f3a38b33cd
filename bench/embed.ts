import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bench } from './benches.js';
import { measure } from './measure.js';

// The embedded view in Chromium on the demo partner (5,000 customers; --quick 500): time from navigation to
// the first drawn chart, and from a filter change to the redrawn report. Target: under 1 s each.
// Works on a copy of the queries bench's warehouse (it adds an admin and audits the token it issues).

const asOf = '2026-10-31';
const flags = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];

export const embedBench: Bench = {
  name: 'embed',
  async run({ quick }) {
    const customers = quick ? 500 : 5000;
    const shared = process.env.PARTNERLENS_BENCH_QUERIES_DB ?? join(tmpdir(), `partnerlens-bench-queries-${customers}x13-${asOf}.duckdb`);
    if (!existsSync(shared)) {
      process.stdout.write(`generating the demo partner (${customers} customers, 13 months) into ${shared}…\n`);
      await measure(process.execPath, ['bin/partnerlens.js', 'demo', '--customers', String(customers), '--months', '13', '--as-of', asOf, '--db', shared, '--json']);
    }
    const scratch = mkdtempSync(join(tmpdir(), 'partnerlens-bench-embed-'));
    const { copyFileSync } = await import('node:fs');
    const db = join(scratch, 'embed.duckdb');
    copyFileSync(shared, db);
    try {
      await embedTimes(db, customers);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};

async function embedTimes(path: string, customers: number): Promise<void> {
  const [{ openWarehouse }, { configSchema }, { embedApp }, { issueEmbedToken }, { Hono }, { serve }, { chromium }] = await Promise.all([
    import('../src/warehouse/openWarehouse.js'), import('../src/config/config.js'), import('../src/embed/embedRoutes.js'),
    import('../src/embed/embedToken.js'), import('hono'), import('@hono/node-server'), import('playwright-core'),
  ]);
  const warehouse = await openWarehouse({ path });
  const admin = 'bench.admin@partner.example';
  await warehouse.db.run('INSERT INTO users (upn, created_at) VALUES (?, now()::TIMESTAMP) ON CONFLICT DO NOTHING', [admin]);
  await warehouse.db.run("INSERT INTO user_roles (upn, role, granted_at) VALUES (?, 'mpn-partner-admin', now()::TIMESTAMP) ON CONFLICT DO NOTHING", [admin]);
  const secret = new TextEncoder().encode('bench-embed-secret-0123456789abcdefghijklmnop');
  const app = new Hono();
  const embeds = embedApp({ warehouse, config: configSchema.parse({}), secret });
  app.route('/', embeds.app);
  // As the service does when it starts: every embeddable report's partner-wide answers made before a viewer comes.
  const warmStarted = performance.now();
  await embeds.answers.warm();
  const warmMs = performance.now() - warmStarted;
  const server = await new Promise<ReturnType<typeof serve>>((resolve) => {
    const s = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, () => resolve(s));
  });
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: flags });
  try {
    const { token } = await issueEmbedToken({ secret, issuer: admin, report: 'executive-summary', ttlSeconds: 3600, db: warehouse.db });
    const customer = await warehouse.db.value<string>('SELECT min(customer_id) FROM customers');
    process.stdout.write(`\n### Embedded executive-summary in Chromium (${customers} customers × 13 months)\n\n| step | ms |\n|---|---:|\n`);
    process.stdout.write(`| service start: warm-up of every embeddable report's partner-wide answers (${embeds.answers.cached.entries} kept, ${(embeds.answers.cached.bytes / 1e6).toFixed(1)} MB), before the first viewer | ${warmMs.toFixed(0)} |\n`);
    for (let i = 1; i <= 3; i++) {
      const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      // Where the time goes: requests the page makes to the service's APIs, and the navigation's own timing.
      let apiRequests = 0;
      page.on('request', (r) => { if (r.method() === 'POST') apiRequests++; });
      const started = performance.now();
      await page.goto(`${url}/embed/executive-summary?token=${encodeURIComponent(token)}`);
      await page.waitForSelector('figure.chart svg');
      const firstChart = performance.now() - started;
      await page.waitForSelector('body[data-state="ready-0"]');
      const whole = performance.now() - started;
      const timing = await page.evaluate(() => {
        const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
        const resources = performance.getEntriesByType('resource') as PerformanceResourceTiming[];
        const drawn = performance.getEntriesByName('pl-drawn-0')[0];
        const paint = performance.getEntriesByName('first-contentful-paint')[0];
        return { firstPaint: paint ? paint.startTime : NaN, firstChartMark: drawn ? drawn.startTime : NaN, html: nav.responseEnd - nav.requestStart, bytes: nav.transferSize + resources.reduce((n, r) => n + r.transferSize, 0), scriptsDone: Math.max(0, ...resources.map((r) => r.responseEnd)), domReady: nav.domContentLoadedEventEnd };
      });
      process.stdout.write(`| navigation → first chart (load ${i}) | ${firstChart.toFixed(0)} |\n| navigation → whole report drawn (load ${i}) | ${whole.toFixed(0)} |\n`);
      process.stdout.write(`| … of which page HTML answered (server resolves the report) | ${timing.html.toFixed(0)} |\n| … last asset loaded / DOM ready (ms since navigation) | ${timing.scriptsDone.toFixed(0)} / ${timing.domReady.toFixed(0)} |\n| … bytes transferred (page + assets; 0 = cached) | ${timing.bytes} |\n| … first paint, by the page's own clock (ms since navigation; the server-drawn KPIs and first chart, when the page has them) | ${timing.firstPaint.toFixed(0)} |\n| … whole report drawn by the page's script (interactive), by the page's own clock | ${Number.isNaN(timing.firstChartMark) ? '—' : timing.firstChartMark.toFixed(0)} |\n`);
      let state = 0;
      for (const [label, value] of [['one customer', customer], ['all customers again', ''], ['last 90 days', '90']] as const) {
        const t = performance.now();
        apiRequests = 0;
        if (label === 'last 90 days') await page.selectOption('#pl-period', value);
        else await page.selectOption('#pl-customer', value);
        await page.waitForSelector(`body[data-state="ready-${++state}"]`);
        process.stdout.write(`| filter → redrawn: ${label} (load ${i}; ${apiRequests} request${apiRequests === 1 ? '' : 's'}) | ${(performance.now() - t).toFixed(0)} |\n`);
      }
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
    await embeds.close();
    await warehouse.close();
  }
}
