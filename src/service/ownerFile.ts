import { randomBytes } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import { z } from 'zod';

// `<db>.owner` names the process that holds the warehouse (openWarehouse writes it for every writer). The
// service adds where it listens and a credential; the file is then readable by its OS user alone, which is
// what makes the credential a proof of "same user" for CLI forwarding.

const ownerSchema = z.object({
  pid: z.number().int(),
  host: z.string(),
  purpose: z.string().optional(),
  since: z.string().optional(),
  service: z.object({ url: z.url(), credential: z.string().min(32) }).optional(),
});

export type OwnerRecord = z.output<typeof ownerSchema>;

export function ownerFileOf(dbPath: string): string {
  return `${resolve(dbPath)}.owner`;
}

export function newCredential(): string {
  return randomBytes(32).toString('base64url');
}

/** Replaces the owner file atomically with one of mode 0600 (a rename, so no reader sees it half written or world-readable). */
export function writeServiceOwner(dbPath: string, service: { url: string; credential: string }): void {
  const file = ownerFileOf(dbPath);
  const record: OwnerRecord = { pid: process.pid, host: hostname(), purpose: 'serve', since: new Date().toISOString(), service };
  const temp = `${file}.${process.pid}.tmp`;
  writeFileSync(temp, JSON.stringify(record), { mode: 0o600 });
  renameSync(temp, file);
}

/**
 * The live service holding this warehouse, if any: an owner file that names a service, on this host, whose
 * process is alive. A stale file (its process gone) or another writer (a CLI run) answers undefined.
 */
export function findService(dbPath: string): { url: string; credential: string; pid: number } | undefined {
  let record: OwnerRecord;
  try {
    const parsed = ownerSchema.safeParse(JSON.parse(readFileSync(ownerFileOf(dbPath), 'utf8')));
    if (!parsed.success) return undefined;
    record = parsed.data;
  } catch {
    return undefined;
  }
  if (!record.service || record.host !== hostname()) return undefined;
  if (!alive(record.pid)) return undefined;
  return { ...record.service, pid: record.pid };
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: alive, but another user's: its credential file is not ours to read anyway.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
