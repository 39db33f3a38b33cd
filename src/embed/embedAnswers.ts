import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { reports } from '../../reports/index.js';
import type { Config } from '../config/config.js';
import type { Locale } from '../locale/locales.js';
import { oneLine } from '../errors.js';
import { query } from '../models/query.js';
import type { ResolvedReport } from '../reports/resolvedReport.js';
import { listCustomers, type CustomerRef } from '../reports/warehouseFacts.js';
import { log } from '../util/log.js';
import type { ConnectionPool } from '../warehouse/connectionPool.js';
import { answerCache } from './answerCache.js';
import { periodPresets } from './client/presets.js';
import { readDataVersion, type DataVersion } from './dataVersion.js';
import { jsonForHtml } from './embedPage.js';
import { resolveEmbedded, type EmbeddedReport, type EmbedFilters } from './embedReport.js';

// The embedded view's answers, kept for as long as the data they were made from: the key holds the
// warehouse's data version (a publish makes a new one), the report, the token's scope (one customer's
// answer never serves another) and the filters. Kept in memory up to a byte budget, least recently used
// out first. The page's locale is in every key too. `warm()` makes each report's partner-wide page and answers ahead of the first viewer (when
// the service starts and after each load), one report at a time on a connection of its own, so that a
// viewer's queries never queue behind it; scoped answers are made on first use.

/**
 * A resolved report as it is sent: JSON made once (a redraw is answered without serialising it again, and
 * only the text is kept: a report's objects weigh several times their JSON). HTML-safe (see jsonForHtml),
 * so the page carries the very same text in its data island.
 */
export interface ReportAnswer {
  json: string;
  /** `json` gzipped once, off the event loop: sent as it is to browsers that take gzip. */
  gzip: Buffer;
  title: string;
  description: string;
  period: ResolvedReport['period'];
  asOfDay: string;
}

export interface PageFacts {
  customers: CustomerRef[];
  products: string[];
}

/** A page's HTML as sent: kept whole, gzipped once. */
export interface PageAnswer {
  html: string;
  gzip: Buffer;
}

const gzipped = async (text: string): Promise<Buffer> => promisify(gzip)(text);

export interface EmbedAnswers {
  report(embedded: Pick<EmbeddedReport, 'report' | 'fixed'>, filters: EmbedFilters, locale: Locale): Promise<ReportAnswer>;
  /** The filters' choices: the customers and products the token may see. */
  facts(fixed: CustomerRef | undefined): Promise<PageFacts>;
  /** The page of a report for its default filters (made by `makePage`), once per data version. */
  page(embedded: Pick<EmbeddedReport, 'report' | 'fixed'>, locale: Locale): Promise<PageAnswer>;
  /** The data version now (one small read, shared by callers asking at the same time). */
  version(): Promise<DataVersion>;
  /** Makes every embeddable report's partner-wide answers in the configuration's locale (default period, then each period choice). */
  warm(): Promise<void>;
  /** Stops warming (after the answer being made) and waits for it: before the warehouse closes. */
  stop(): Promise<void>;
  readonly cached: { entries: number; bytes: number };
}

/**
 * Default budget. A 5,000-customer partner's warm-up keeps about 55 MB (every report's page and answer
 * under `maxEntryBytes`, executive-summary's period choices); the rest is for viewers' answers.
 */
export const defaultAnswerBytes = 128 * 1024 * 1024;

/**
 * No single answer or page above this is kept: a report of 80,000 inactive users (25 MB) takes seconds to
 * send and draw whatever the server does, and keeping it would push out dozens of pages that open in a blink.
 */
export const maxEntryBytes = 8 * 1024 * 1024;

/** The warm-up stops once the kept answers fill this share of the budget: it must not push out its own first pages. */
const warmShare = 0.5;

/** Reports whose partner-wide answer is at most this large also have their period choices warmed. */
const presetWarmBytes = 1024 * 1024;

export type MakePage = (embedded: Pick<EmbeddedReport, 'report' | 'fixed'>, answer: ReportAnswer, facts: PageFacts, locale: Locale) => string;

export interface AnswerConnections {
  /** Viewers' answers. */
  pool: ConnectionPool;
  /** The warm-up's answers (one connection: viewers' queries never wait behind it). */
  warmPool: ConnectionPool;
  /** The data version, asked on every request: never behind a report's queries. */
  versionPool: ConnectionPool;
}

export function embedAnswers({ pool, warmPool, versionPool, config, makePage, maxBytes = defaultAnswerBytes }: AnswerConnections & { config: Config; makePage: MakePage; maxBytes?: number }): EmbedAnswers {
  const cache = answerCache<ReportAnswer | PageFacts | PageAnswer>({ maxBytes, maxEntryBytes: Math.min(maxEntryBytes, maxBytes / 4), sizeOf: (v) => ('json' in v ? v.json.length + v.gzip.length : 'html' in v ? v.html.length + v.gzip.length : JSON.stringify(v).length) });
  let reading: Promise<DataVersion> | undefined;
  let seen: string | undefined;
  /** The data version the running (or last) warm-up works on. */
  let warmingFor: string | undefined;
  let warming: Promise<void> | undefined;
  let again = false;
  let stopped = false;

  const version = (): Promise<DataVersion> => {
    reading ??= versionPool.use(readDataVersion).finally(() => (reading = undefined));
    return reading.then((v) => {
      // New data seen by a request (a load the service did not announce, e.g. a forwarded `ingest`), unless
      // the warm-up is already on it.
      if (seen !== undefined && v.id !== seen && v.id !== warmingFor) void warm();
      seen = v.id;
      return v;
    });
  };

  const report = async (embedded: Pick<EmbeddedReport, 'report' | 'fixed'>, filters: EmbedFilters, locale: Locale, via = pool): Promise<ReportAnswer> => {
    const v = await version();
    const { report: definition, fixed } = embedded;
    // No `to` is the report's period ending on the newest day: the same answer as that day asked by name.
    const key = JSON.stringify(['report', v.id, definition.name, locale, fixed?.id ?? null, filters.from ?? null, filters.to ?? v.asOfDay, fixed ? '' : filters.customer, filters.product]);
    return cache.get(key, async () => {
      const { resolved, asOfDay } = await resolveEmbedded(embedded, filters, { pool: via, config }, locale);
      const json = jsonForHtml(resolved);
      return { json, gzip: await gzipped(json), title: resolved.title, description: resolved.description, period: resolved.period, asOfDay };
    }) as Promise<ReportAnswer>;
  };

  const facts = async (fixed: CustomerRef | undefined, via = pool): Promise<PageFacts> => {
    const v = await version();
    return cache.get(JSON.stringify(['facts', v.id, fixed?.id ?? null]), async () => {
      const scope = fixed ? { customerIds: [fixed.id] } : undefined;
      const [customers, products] = await Promise.all([
        fixed ? [fixed] : via.use(listCustomers),
        via.use((conn) => query(conn, { model: 'subscriptions', measures: ['subscriptions'], by: ['product'], ...(scope ? { scope } : {}) }, { config })),
      ]);
      return { customers, products: products.rows.map((r) => String(r.product ?? '')).filter(Boolean).sort((a, b) => a.localeCompare(b)) };
    }) as Promise<PageFacts>;
  };

  const page = async (embedded: Pick<EmbeddedReport, 'report' | 'fixed'>, locale: Locale, via = pool): Promise<PageAnswer> => {
    const v = await version();
    // The as-of day too: a warehouse without data ends its period on the wall clock's yesterday.
    return cache.get(JSON.stringify(['page', v.id, v.asOfDay, embedded.report.name, locale, embedded.fixed?.id ?? null]), async () => {
      const [answer, pageFacts] = await Promise.all([report(embedded, { customer: '', product: '' }, locale, via), facts(embedded.fixed, via)]);
      const html = makePage(embedded, answer, pageFacts, locale);
      return { html, gzip: await gzipped(html) };
    }) as Promise<PageAnswer>;
  };

  const warmOnce = async (): Promise<void> => {
    const started = performance.now();
    // Read here, not through `version()`: the warm-up's own first sight of new data must not ask for a second one.
    warmingFor = seen = (await versionPool.use(readDataVersion)).id;
    const defaults = { customer: '', product: '' };
    // Viewers mostly open pages without `&locale=`: the configuration's locale is the one warmed.
    const locale = config.locale;
    let made = 0;
    const each = async <T>(work: () => Promise<T>): Promise<T | undefined> => {
      if (stopped || cache.bytes > maxBytes * warmShare) return undefined;
      try {
        const value = await work();
        made += 1;
        return value;
      } catch (error) {
        log.warn('embed.warm_failed', { cause: oneLine(error) });
        return undefined;
      }
    };
    const firsts: { definition: (typeof reports)[number]; answer: ReportAnswer }[] = [];
    for (const definition of reports.filter((r) => r.scope !== 'customer')) {
      // The page (with the filters' choices) and its answer, asked together so that they share one making
      // even when the answer is too large to keep.
      const answer = await each(async () => (await Promise.all([report({ report: definition }, defaults, locale, warmPool), page({ report: definition }, locale, warmPool)]))[0]);
      if (answer) firsts.push({ definition, answer });
    }
    // Then the period choices, after every report's first answer (a viewer opening a page comes first),
    // for reports whose answer is small: a large one's redraw is dominated by sending and drawing it, and
    // warming its choices would take minutes of a core and most of the memory after every load.
    for (const { definition, answer } of firsts.filter((f) => f.answer.json.length <= presetWarmBytes)) {
      // As the page asks: its period ends where the report's default period ends.
      const to = answer.period.to;
      for (const preset of periodPresets) if (preset.from) await each(() => report({ report: definition }, { from: preset.from!(to), to, customer: '', product: '' }, locale, warmPool));
    }
    log.info('embed.warmed', { answers: made, ms: Math.round(performance.now() - started), kept: cache.size, bytes: cache.bytes });
  };

  // One warm-up at a time; asked again meanwhile (another load), it runs once more after, on the new data.
  const warm = (): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (warming) {
      again = true;
      return warming;
    }
    warming = (async () => {
      do {
        again = false;
        await warmOnce().catch((error: unknown) => log.warn('embed.warm_failed', { cause: oneLine(error) }));
      } while (again && !stopped);
    })().finally(() => (warming = undefined));
    return warming;
  };

  return {
    report: (embedded, filters, locale) => report(embedded, filters, locale),
    facts: (fixed) => facts(fixed),
    page: (embedded, locale) => page(embedded, locale),
    version,
    warm,
    async stop() {
      stopped = true;
      await warming;
    },
    get cached() {
      return { entries: cache.size, bytes: cache.bytes };
    },
  };
}
