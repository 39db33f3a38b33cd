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
 * DuckDB's JSON reader and the recon mapping, all blobs in one parallel scan. Bad lines — not JSON, a value
 * of the wrong type, a required value missing — are left out there and named afterwards by blob and line,
 * reading again only the blobs that hold some.
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

  const stageTable = ident(target);
  const paths = `[${blobs.map((b) => literal(b.path)).join(', ')}]`;
  // The fast path: every blob in one parallel scan straight into the stage, as `ingest` reads a CSV. A bad
  // line is staged too, marked by the negative number of its blob in `_line`, then counted and removed.
  const relation = `SELECT ${columns.map(([name]) => ident(name)).join(', ')}, line_hash,
      CASE WHEN ${bad} THEN -list_position(${paths}, filename) END AS _line
    FROM (SELECT filename, ${columns.map((_, i) => raw(i)).join(', ')}, ${typed.join(', ')}, hash(${columns.map((_, i) => raw(i)).join(', ')}) AS line_hash
          FROM (SELECT filename, ${columns.map(([name], i) => `${ident(name)} AS ${raw(i)}`).join(', ')}
                FROM read_json(${paths}, format = 'newline_delimited', columns = {${declared}}, ignore_errors = true, compression = 'gzip', filename = true)))`;
  const ordered = await db.value<boolean>(`SELECT current_setting('preserve_insertion_order')`);
  let read: number;
  try {
    await db.run('SET preserve_insertion_order = false');
    read = await stageRows(db, { format: exportFormat, relation, stage: target, runId: stage.runId, extra: ['line_hash', '_line'] });
  } finally {
    await db.run(`SET preserve_insertion_order = ${ordered ? 'true' : 'false'}`);
  }
  const badByBlob = await db.all<{ blob: number; n: number }>(`SELECT (-_line)::INT AS blob, count(*)::INT AS n FROM ${stageTable} WHERE _line < 0 GROUP BY 1 ORDER BY 1`);
  if (badByBlob.length) await db.run(`DELETE FROM ${stageTable} WHERE _line < 0`);
  onBlob?.(blobs.length);

  // Only blobs with bad lines are read again, in order, to name each line.
  let rejected = 0;
  for (const { blob: position, n } of badByBlob) {
    const blob = blobs[position - 1]!;
    const lines = `_graph_lines_${process.pid}_${++scans}`;
    try {
      await db.run(
        `CREATE OR REPLACE TEMP TABLE ${ident(lines)} AS
         SELECT _line, ${columns.map((_, i) => raw(i)).join(', ')}, ${typed.join(', ')} FROM (
           SELECT row_number() OVER () AS _line, ${columns.map(([name], i) => `${ident(name)} AS ${raw(i)}`).join(', ')}
           FROM read_json(${literal(blob.path)}, format = 'newline_delimited', columns = {${declared}}, ignore_errors = true, compression = 'gzip'))`,
      );
      const rows = await db.all<Record<string, unknown> & { _line: number }>(
        `SELECT _line, (${malformed}) AS m, ${[...checks, ...missing].map((c, i) => `${c.test} AS b${i}`).join(', ')},
           ${checks.map((c, i) => `${raw(columns.findIndex(([name]) => name === c.name))} AS v${i}`).join(', ')}
         FROM ${ident(lines)} WHERE ${bad} ORDER BY _line LIMIT ${Math.max(0, itemised - rejected)}`,
      );
      const rejections: Rejection[] = rows.map((row) => describeLine(blob.name, row, checks, missing));
      for (let left = n - rejections.length; left > 0; left -= itemised) {
        rejections.push(...Array.from({ length: Math.min(left, itemised) }, () => ({ source: blob.name, line: null, field: null, reason: 'rejected (beyond the first 10,000 listed)', raw: null })));
      }
      await stage.reject(rejections);
      rejected += n;
    } finally {
      await db.run(`DROP TABLE IF EXISTS ${ident(lines)}`);
    }
  }
  return { read, rejected };
}

type Check = { name: string; type: keyof typeof typeWords; test: string };

function describeLine(source: string, row: Record<string, unknown> & { _line: number }, checks: readonly Check[], missing: readonly { name: string }[]): Rejection {
  if (row.m === true) return { source, line: row._line, field: null, reason: 'not a JSON object with the reconciliation columns', raw: null };
  const problems = [
    ...checks.flatMap((c, i) => (row[`b${i}`] === true ? [{ field: c.name, reason: `"${String(row[`v${i}`])}" is not ${typeWords[c.type]}` }] : [])),
    ...missing.flatMap((m, i) =>
      row[`b${checks.length + i}`] === true && !checks.some((c, j) => c.name === m.name && row[`b${j}`] === true) ? [{ field: m.name, reason: `${m.name} is required` }] : []),
  ];
  return {
    source,
    line: row._line,
    field: problems[0]?.field ?? null,
    reason: problems.map((p) => (problems.length > 1 ? `${p.field}: ${p.reason}` : p.reason)).join('; '),
    raw: null,
  };
}
