import { ADMIN } from '../access/roles.js';
import type { Database } from '../warehouse/database.js';

export interface RecipientCheck {
  upn: string;
  displayName: string | null;
  /** Why the recipient gets nothing, or null when they hold the admin role now. */
  refused: string | null;
}

/** Checked at send time, not when the delivery was made: roles change (SPEC §6). */
export async function checkRecipients(db: Database, upns: readonly string[]): Promise<RecipientCheck[]> {
  const checks: RecipientCheck[] = [];
  for (const upn of upns) {
    const user = await db.one<{ display_name: string | null; disabled: boolean }>('SELECT display_name, disabled FROM users WHERE upn = ?', [upn]);
    const admin = user ? Boolean(await db.one('SELECT 1 AS held FROM user_roles WHERE upn = ? AND role = ?', [upn, ADMIN])) : false;
    const refused = !user ? 'unknown user' : user.disabled ? 'user disabled' : !admin ? `does not hold ${ADMIN}` : null;
    checks.push({ upn, displayName: user?.display_name ?? null, refused });
  }
  return checks;
}
