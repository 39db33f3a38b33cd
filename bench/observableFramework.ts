import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Bench } from './benches.js';
import { generateFocus, peerDir } from './focusFromPeer.js';
import { bareScript } from './ingest.js';
import { measure, type Measured } from './measure.js';

// From a cost file to an HTML report, against Observable Framework 1.13.4 building a two-chart page from the
// same 1 M rows (bench/peers/observable-framework, a copy of the project's peer with its attribution).
// The peer is installed with npm into a scratch folder when the bench runs — never a dependency of
// PartnerLens — and built offline (its npm version cache seeded, telemetry off). Each side runs in processes
// of its own, interleaved, three times (once with --quick); medians are printed with the ratio.
//   file → report: `partnerlens ingest` of the FOCUS file into a fresh warehouse, then `render azure-insights`
//                  (HTML), against a cold build (no cache: the data loader runs, Plot and d3 are bundled);
//   data in place: `render azure-insights` again, against a warm build (loader output and bundles cached).

const repo = resolve(import.meta.dirname, '..', '..');
const cli = join(repo, 'bin', 'partnerlens.js');
const rows = 1_000_000;

interface Round {
  cold: Measured;
  /** DuckDB's bare read of the same file: the floor under any ingest of it. */
  bare: Measured;
  warm: Measured;
  ingest: Measured;
  render: Measured;
  renderAgain: Measured;
}

export const observableFrameworkBench: Bench = {
  name: 'ofw',
  async run({ quick }) {
    const scratch = mkdtempSync(join(tmpdir(), 'partnerlens-bench-ofw-'));
    try {
      const peer = join(scratch, 'ofw');
      cpSync(peerDir, peer, { recursive: true });
      const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
      const installed = await measure(npm, ['install', '--no-audit', '--no-fund', '--loglevel=error'], { cwd: peer });
      process.stdout.write(`Observable Framework installed into a scratch folder in ${installed.seconds.toFixed(1)} s\n`);
      const focus = join(scratch, 'usage-focus.csv');
      await generateFocus(focus, rows);
      process.stdout.write(`the peer's ${rows.toLocaleString('en-US')} rows written as FOCUS 1.0 for PartnerLens\n`);

      const peerEnv = { ...process.env, OBSERVABLE_TELEMETRY_DISABLE: '1' };
      const plEnv = { ...process.env, PARTNERLENS_LOG_LEVEL: 'warn' };
      const build = () => measure(process.execPath, [join(peer, 'node_modules', '@observablehq', 'framework', 'dist', 'bin', 'observable.js'), 'build'], { cwd: peer, env: peerEnv });
      const seed = () => measure('bash', ['seed-npm-versions.sh', 'src'], { cwd: peer });
      const rounds: Round[] = [];
      for (let i = 0; i < (quick ? 1 : 3); i++) {
        rmSync(join(peer, 'src', '.observablehq', 'cache'), { recursive: true, force: true });
        rmSync(join(peer, 'dist'), { recursive: true, force: true });
        await seed();
        const cold = await build();
        const db = join(scratch, `warehouse-${i}.duckdb`);
        const out = join(scratch, `out-${i}`);
        const bare = await measure(process.execPath, ['--input-type=module', '-e', bareScript, focus, join(scratch, 'bare.duckdb')], { cwd: repo, env: plEnv });
        rmSync(join(scratch, 'bare.duckdb'), { force: true });
        const ingest = await measure(process.execPath, [cli, 'ingest', focus, '--db', db, '--json'], { cwd: repo, env: plEnv });
        const render = await measure(process.execPath, [cli, 'render', 'azure-insights', '--format', 'html', '--db', db, '--out', out, '--json'], { cwd: repo, env: plEnv });
        const warm = await build();
        const renderAgain = await measure(process.execPath, [cli, 'render', 'azure-insights', '--format', 'html', '--db', db, '--out', out, '--json'], { cwd: repo, env: plEnv });
        rounds.push({ cold, bare, warm, ingest, render, renderAgain });
        rmSync(db, { force: true });
        rmSync(`${db}.wal`, { force: true });
      }

      const median = (values: number[]) => {
        const sorted = [...values].sort((a, b) => a - b);
        const mid = sorted.length >> 1;
        return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
      };
      const seconds = (f: (r: Round) => number) => median(rounds.map(f));
      const fileToReport = seconds((r) => r.ingest.seconds + r.render.seconds);
      const cold = seconds((r) => r.cold.seconds);
      const dataLoaded = seconds((r) => r.renderAgain.seconds);
      const warm = seconds((r) => r.warm.seconds);
      const peak = (f: (r: Round) => number) => median(rounds.map(f)).toFixed(0);
      process.stdout.write(`\n${rounds.length === 1 ? 'one run' : `median of ${rounds.length}, interleaved`}\n\n`);
      process.stdout.write('| work | PartnerLens | Observable Framework 1.13.4 | ratio (target ≤ 0.5) |\n|---|---:|---:|---:|\n');
      process.stdout.write(`| 1 M rows, file → HTML report: ingest + render (medians of each alone: ${seconds((r) => r.ingest.seconds).toFixed(1)} s, ${seconds((r) => r.render.seconds).toFixed(1)} s) vs cold build | ${fileToReport.toFixed(1)} s | ${cold.toFixed(1)} s | ${(fileToReport / cold).toFixed(2)} |\n`);
      const bare = seconds((r) => r.bare.seconds);
      process.stdout.write(`| for reference, no PartnerLens: DuckDB's bare \`CREATE TABLE AS SELECT * FROM read_csv\` of the same file vs cold build | ${bare.toFixed(1)} s | ${cold.toFixed(1)} s | ${(bare / cold).toFixed(2)} |\n`);
      process.stdout.write(`| data in place: render vs warm build | ${dataLoaded.toFixed(1)} s | ${warm.toFixed(1)} s | ${(dataLoaded / warm).toFixed(2)} |\n`);
      process.stdout.write(`| peak RSS: ingest / render / cold build | ${peak((r) => r.ingest.peakMb)} / ${peak((r) => r.render.peakMb)} MB | ${peak((r) => r.cold.peakMb)} MB (the build's own process) | |\n`);
      process.stdout.write(`each run, s: ${rounds.map((r) => `[bare read ${r.bare.seconds.toFixed(1)}; ingest ${r.ingest.seconds.toFixed(1)} + render ${r.render.seconds.toFixed(1)} vs cold ${r.cold.seconds.toFixed(1)}; render ${r.renderAgain.seconds.toFixed(1)} vs warm ${r.warm.seconds.toFixed(1)}]`).join(' ')}\n`);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  },
};
