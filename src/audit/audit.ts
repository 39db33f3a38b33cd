import type { Database } from '../warehouse/database.js';

export interface AuditEntry {
  actor: string;
  action: string;
  subject?: string | null;
  outcome: 'ok' | 'refused' | 'failed' | 'skipped';
  detail?: string | null;
}

export interface AuditRecord extends Required<AuditEntry> {
  id: number;
  at: string;
}

/** Appends one entry to the audit log. Nothing in the product updates or deletes these rows. */
export async function appendAudit(db: Database, entry: AuditEntry): Promise<void> {
  await db.run('INSERT INTO audit_log ("at", actor, action, subject, outcome, detail) VALUES (now()::TIMESTAMP, ?, ?, ?, ?, ?)', [
    entry.actor, entry.action, entry.subject ?? null, entry.outcome, entry.detail ?? null,
  ]);
}

/** The newest entries first. */
export async function listAudit(db: Database, { limit = 50 }: { limit?: number } = {}): Promise<AuditRecord[]> {
  return db.all<AuditRecord & Record<string, unknown>>(
    'SELECT id, "at", actor, action, subject, outcome, detail FROM audit_log ORDER BY id DESC LIMIT ?', [limit],
  );
}
