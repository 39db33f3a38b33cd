import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { dirname, join, posix } from 'node:path';
import { gzipSync } from 'node:zlib';

// What the embedded view loads, all from this service: d3 and Plot from the package's own node_modules,
// the page's stylesheet, and the compiled ES modules it shares with the server (chart kinds, formats,
// periods). Only the files named here are served: a request cannot walk elsewhere on the disk.

function packageRoot(): string {
  let dir = import.meta.dirname;
  for (;;) {
    const file = join(dir, 'package.json');
    if (existsSync(file) && (JSON.parse(readFileSync(file, 'utf8')) as { name?: string }).name === 'partnerlens') return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('invalid install: no partnerlens package.json above the embed module');
    dir = up;
  }
}

const root = packageRoot();

/** Named assets: URL name → file. */
const named: Record<string, { file: string; type: string }> = {
  'd3.min.js': { file: join(root, 'node_modules/d3/dist/d3.min.js'), type: 'text/javascript; charset=utf-8' },
  'plot.umd.min.js': { file: join(root, 'node_modules/@observablehq/plot/dist/plot.umd.min.js'), type: 'text/javascript; charset=utf-8' },
  'embed.css': { file: join(root, 'assets/embed/embed.css'), type: 'text/css; charset=utf-8' },
};

/** Compiled modules the browser imports, relative to dist/src: the shared drawing code and the page itself. */
const modulePrefixes = ['render/charts/', 'embed/client/'];
const moduleFiles = new Set(['locale/localizer.js', 'locale/currency.js', 'locale/excelNumberFormat.js', 'locale/locales.js', 'locale/valueFormats.js', 'render/escape.js', 'render/kpiChange.js', 'render/sparkline.js', 'reports/shapeRows.js', 'reports/reportPeriod.js', 'util/dates.js']);

/** A file as read, and gzipped once: d3 and Plot are 0.5 MB, compressing them on every page load costs more than sending them. */
export interface Asset {
  body: Buffer;
  gzip: Buffer;
  type: string;
  /** A short hash of the content: a URL carrying it may be kept for good. */
  version: string;
}

const cache = new Map<string, { body: Buffer; gzip: Buffer; version: string }>();

function read(file: string): { body: Buffer; gzip: Buffer; version: string } | undefined {
  let kept = cache.get(file);
  if (!kept) {
    if (!existsSync(file)) return undefined;
    const body = readFileSync(file);
    kept = { body, gzip: gzipSync(body), version: createHash('sha256').update(body).digest('hex').slice(0, 12) };
    cache.set(file, kept);
  }
  return kept;
}

/** A named asset's URL with its content version: served `immutable`, a new release changes the URL. */
export function versionedAssetUrl(name: string): string {
  const asset = namedAsset(name);
  return `/embed/assets/${name}${asset ? `?v=${asset.version}` : ''}`;
}

let graph: string[] | undefined;

/**
 * Every module the page's script imports, directly or not (paths under /embed/lib/): the page names them
 * all as `modulepreload`, so the browser fetches them at once instead of discovering them level by level.
 */
export function clientModuleGraph(entry = 'embed/client/embedPage.js'): string[] {
  if (graph) return graph;
  const seen = new Set<string>();
  const visit = (path: string) => {
    if (seen.has(path)) return;
    const asset = moduleAsset(path);
    if (!asset) return;
    seen.add(path);
    for (const m of asset.body.toString('utf8').matchAll(/(?:^|[;\s])(?:import|export)\s[^'"]*?from\s*['"](\.{1,2}\/[^'"]+)['"]|(?:^|[;\s])import\s*['"](\.{1,2}\/[^'"]+)['"]/g)) {
      visit(posix.normalize(posix.join(posix.dirname(path), (m[1] ?? m[2])!)));
    }
  };
  visit(entry);
  graph = [...seen];
  return graph;
}

export function namedAsset(name: string): Asset | undefined {
  const entry = Object.hasOwn(named, name) ? named[name] : undefined;
  const kept = entry && read(entry.file);
  return entry && kept ? { ...kept, type: entry.type } : undefined;
}

export function moduleAsset(path: string): Asset | undefined {
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*\.js$/.test(path)) return undefined;
  if (!moduleFiles.has(path) && !modulePrefixes.some((p) => path.startsWith(p))) return undefined;
  const kept = read(join(root, 'dist/src', path));
  return kept ? { ...kept, type: 'text/javascript; charset=utf-8' } : undefined;
}
