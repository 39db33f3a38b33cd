import { createHash } from 'node:crypto';
import type { Database } from '../warehouse/database.js';

export interface LedgerKey {
  delivery: string;
  period: string;
  recipient: string;
}

/**
 * The Message-ID derives from the ledger key alone: a crash between SMTP's 250 and the ledger write makes the
 * next run send the same message again, which mail clients recognise as one.
 */
export function messageIdFor(key: LedgerKey, fromAddress: string): string {
  const hash = createHash('sha256').update(JSON.stringify([key.delivery, key.period, key.recipient])).digest('hex').slice(0, 40);
  const domain = fromAddress.split('@')[1]?.replace(/[^A-Za-z0-9.-]/g, '') || 'partnerlens.invalid';
  return `<delivery.${hash}@${domain}>`;
}

export async function wasSent(db: Database, key: LedgerKey): Promise<boolean> {
  return Boolean(await db.one('SELECT 1 AS sent FROM delivery_ledger WHERE delivery = ? AND period = ? AND recipient = ?', [key.delivery, key.period, key.recipient]));
}

export async function recordSent(db: Database, key: LedgerKey, { channel, messageId }: { channel: string; messageId: string }): Promise<void> {
  // ON CONFLICT: a double fire racing this one already recorded it; once is what the ledger means.
  await db.run(
    `INSERT INTO delivery_ledger (delivery, period, recipient, channel, message_id, sent_at) VALUES (?, ?, ?, ?, ?, now()::TIMESTAMP)
     ON CONFLICT DO NOTHING`,
    [key.delivery, key.period, key.recipient, channel, messageId],
  );
}
