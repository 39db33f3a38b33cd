import { open } from 'node:fs/promises';
import { ident, type Database } from '../../../warehouse/database.js';
import { dateStyle } from '../../files/csv/dateStyle.js';
import { stageCsv } from '../../files/csv/stageCsv.js';
import m365ActiveUserDetail from '../../files/formats/m365ActiveUserDetail.js';
import { resolveColumns } from '../../files/resolveColumns.js';
import { sniffFile } from '../../files/sniffFile.js';
import type { Rejection } from '../../../runs/runHistory.js';

/**
 * Reads one customer's downloaded `getOffice365ActiveUserDetail` CSV into the user_activity stage through
 * the files source's own format (columns found by header name, types, rejected lines). The report names no
 * tenant: the customer is bound the way `ingest --customer` binds it. Not concurrent: the binding is the
 * session's.
 */
export async function stageReportCsv(
  db: Database,
  { path, label, customer, stage, runId }: { path: string; label: string; customer: string; stage: string; runId: number },
): Promise<{ read: number; rejections: Rejection[]; unlisted: number; concealed: boolean }> {
  const format = m365ActiveUserDetail;
  const sniffed = await sniffFile(path);
  const columns = resolveColumns(format, sniffed.header, label);
  const dateColumns = Object.entries(format.columns).filter(([, s]) => s.type === 'DATE').map(([n]) => n);
  const samples = columns.positions.flatMap((p, i) => (dateColumns.includes(p.name) ? sniffed.sample.map((r) => r[i] ?? '') : []));
  await db.run('SET VARIABLE partnerlens_customer = ?::VARCHAR', [customer]);
  const read = await stageCsv(db, {
    format, columns, file: label, readPath: path, delimiter: sniffed.delimiter, newLine: await lineEnd(path), dates: dateStyle(samples), stage, runId,
  });
  // Tenants that conceal names (displayConcealedNames) report a hash in place of each user principal name.
  const concealed = await db.value<boolean>(
    `SELECT coalesce(bool_or(NOT contains(upn, '@') AND regexp_matches(upn, '^[0-9A-Fa-f]{32,64}$')), false) FROM ${ident(stage)} WHERE customer_id = ?`,
    [customer],
  );
  return { read: read.read, rejections: read.rejections, unlisted: read.unlisted, concealed };
}

async function lineEnd(path: string): Promise<'\n' | '\r\n'> {
  const handle = await open(path, 'r');
  try {
    const buffer = Buffer.alloc(64 * 1024);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    return buffer.subarray(0, bytesRead).includes('\r\n') ? '\r\n' : '\n';
  } finally {
    await handle.close();
  }
}
