import type { Rejection } from '../../../runs/runHistory.js';
import { ident, literal } from '../../../warehouse/database.js';
import type { FormatDefinition } from '../../files/defineFormat.js';
import recon from '../../files/formats/recon.js';
import { sqlType, typeWords } from '../../files/sqlTypes.js';
import { stageRows } from '../../files/stageRows.js';
import type { StageContext } from '../../source.js';

/**
 * The reconciliation file's mapping to `azure_usage`, as `partnerlens ingest` uses it: the same lines
 * give the same rows, whether they come from a downloaded CSV or from Graph's export.
 */
const exportFormat: FormatDefinition = { ...recon, rows: { ...recon.rows, source_format: "'graph-export'" } };

/** Columns a line cannot do without: the runner's required ones, checked here to name the blob and line. */
const required = ['CustomerId', 'UsageDate', 'BillingCurrency', 'BillingPreTaxTotal'] as const;
const itemised = 10_000;

let scans = 0;

/**
 * Reads downloaded export blobs (gzip JSON lines, PascalCase reconciliation columns) into the stage with
 * DuckDB's JSON reader, one blob at a time so that each rejected line is named by blob and line: a line that
 * is not JSON, a value of the wrong type, a missing required value. Every other line goes through the recon
 * mapping in one INSERT … SELECT.
 */
export async function stageExportBlobs(
  stage: StageContext,
  blobs: readonly { name: string; path: string }[],
  onBlob?: (done: number) => void,
): Promise<{ read: number; rejected: number }> {
  const db = stage.db;
  const target = stage.stages.azure_usage;
  if (!target) throw new Error('invalid stage: the azure-usage job stages azure_usage');
  const columns = Object.entries(exportFormat.columns);
  const raw = (i: number) => ident(`r${i}`);
  const declared = columns.map(([name]) => `${literal(name)}: 'VARCHAR'`).join(', ');
  const typed = columns.map(([name, spec], i) => {
    const value = `nullif(trim(${raw(i)}), '')`;
    if (spec.type === 'DATE') return `TRY_CAST(left(${value}, 10) AS DATE) AS ${ident(name)}`;
    if (spec.type === 'VARCHAR') return `${raw(i)} AS ${ident(name)}`;
    return `TRY_CAST(${value} AS ${sqlType[spec.type]}) AS ${ident(name)}`;
  });
  // A value present in the line that did not convert, per typed column.
  const checks = columns.flatMap(([name, spec], i) =>
    spec.type === 'VARCHAR' ? [] : [{ name, type: spec.type, test: `(nullif(trim(${raw(i)}), '') IS NOT NULL AND ${ident(name)} IS NULL)` }],
  );
  const malformed = columns.map((_, i) => `${raw(i)} IS NULL`).join(' AND ');
  const missing = required.map((name) => ({ name, test: `${ident(name)} IS NULL` }));
  const bad = [`(${malformed})`, ...checks.map((c) => c.test), ...missing.map((m) => m.test)].join(' OR ');

  let read = 0;
  let rejected = 0;
  let done = 0;
  for (const blob of blobs) {
    const lines = `_graph_lines_${process.pid}_${++scans}`;
    try {
      // Line order is the scan's order (one gzip stream is read by one thread, in order).
      await db.run(
        `CREATE OR REPLACE TEMP TABLE ${ident(lines)} AS
         SELECT _line, ${columns.map((_, i) => raw(i)).join(', ')}, ${typed.join(', ')} FROM (
           SELECT row_number() OVER () AS _line, ${columns.map(([name], i) => `${ident(name)} AS ${raw(i)}`).join(', ')}
           FROM read_json(${literal(blob.path)}, format = 'newline_delimited', columns = {${declared}}, ignore_errors = true, compression = 'gzip'))`,
      );
      const total = await db.value<number>(`SELECT count(*) FROM ${ident(lines)}`);
      const badCount = await db.value<number>(`SELECT count(*) FROM ${ident(lines)} WHERE ${bad}`);
      if (badCount) {
        const rows = await db.all<Record<string, unknown> & { _line: number }>(
          `SELECT _line, (${malformed}) AS m, ${[...checks, ...missing].map((c, i) => `${c.test} AS b${i}`).join(', ')},
             ${checks.map((c, i) => `${raw(columns.findIndex(([n]) => n === c.name))} AS v${i}`).join(', ')}
           FROM ${ident(lines)} WHERE ${bad} ORDER BY _line LIMIT ${Math.max(0, itemised - rejected)}`,
        );
        const rejections: Rejection[] = rows.map((row) => {
          if (row.m === true) return { source: blob.name, line: row._line, field: null, reason: 'not a JSON object with the reconciliation columns', raw: null };
          const problems = [
            ...checks.flatMap((c, i) => (row[`b${i}`] === true ? [{ field: c.name, reason: `"${String(row[`v${i}`])}" is not ${typeWords[c.type]}` }] : [])),
            ...missing.flatMap((m, i) => (row[`b${checks.length + i}`] === true && !checks.some((c) => c.name === m.name && row[`b${checks.indexOf(c)}`] === true) ? [{ field: m.name, reason: `${m.name} is required` }] : [])),
          ];
          return {
            source: blob.name,
            line: row._line,
            field: problems[0]?.field ?? null,
            reason: problems.map((p) => (problems.length > 1 ? `${p.field}: ${p.reason}` : p.reason)).join('; '),
            raw: null,
          };
        });
        const unlisted = badCount - rejections.length;
        for (let left = unlisted; left > 0; left -= itemised) {
          rejections.push(...Array.from({ length: Math.min(left, itemised) }, () => ({ source: blob.name, line: null, field: null, reason: 'rejected (beyond the first 10,000 listed)', raw: null })));
        }
        await stage.reject(rejections);
      }
      const relation = `SELECT ${columns.map(([name]) => ident(name)).join(', ')}, hash(${columns.map((_, i) => raw(i)).join(', ')}) AS line_hash, _line
        FROM ${ident(lines)} WHERE NOT (${bad})`;
      await stageRows(db, { format: exportFormat, relation, stage: target, runId: stage.runId, extra: ['line_hash', '_line'] });
      read += total;
      rejected += badCount;
    } finally {
      await db.run(`DROP TABLE IF EXISTS ${ident(lines)}`);
    }
    onBlob?.(++done);
  }
  return { read, rejected };
}
