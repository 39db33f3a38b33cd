import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

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
const moduleFiles = new Set(['render/format.js', 'render/escape.js', 'render/kpiChange.js', 'reports/shapeRows.js', 'reports/reportPeriod.js', 'util/dates.js']);

const cache = new Map<string, Buffer>();

function read(file: string): Buffer | undefined {
  let body = cache.get(file);
  if (!body) {
    if (!existsSync(file)) return undefined;
    body = readFileSync(file);
    cache.set(file, body);
  }
  return body;
}

export function namedAsset(name: string): { body: Buffer; type: string } | undefined {
  const entry = Object.hasOwn(named, name) ? named[name] : undefined;
  const body = entry && read(entry.file);
  return entry && body ? { body, type: entry.type } : undefined;
}

export function moduleAsset(path: string): { body: Buffer; type: string } | undefined {
  if (!/^[A-Za-z0-9_-]+(\/[A-Za-z0-9_-]+)*\.js$/.test(path)) return undefined;
  if (!moduleFiles.has(path) && !modulePrefixes.some((p) => path.startsWith(p))) return undefined;
  const body = read(join(root, 'dist/src', path));
  return body ? { body, type: 'text/javascript; charset=utf-8' } : undefined;
}
