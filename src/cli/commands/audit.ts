import { z } from 'zod';
import { listAudit } from '../../audit/audit.js';
import type { CommandAction } from '../action.js';
import { parseOptions, wholeNumber } from '../options.js';

const schema = z.object({ limit: wholeNumber(1, 1_000_000) });

/** `audit [--limit N]`: newest first; `--json` gives `{ at, actor, action, subject, outcome, detail }` (SPEC §8). */
export const audit: CommandAction = async (context, _args, raw) => {
  const { limit } = parseOptions(schema, raw);
  const entries = await context.withWarehouse({ readOnly: true }, (w) => listAudit(w.db, { limit }));
  const machine = entries.map(({ at, actor, action, subject, outcome, detail }) => ({ at, actor, action, subject, outcome, detail }));
  // Control characters from names typed by users would break the terminal's lines.
  const clean = (text: string | null) => (text ?? '').replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029]/g, ' ');
  const lines = machine.map((e) => `${clean(e.at)}  ${clean(e.actor).padEnd(30)} ${clean(e.action).padEnd(14)} ${clean(e.outcome).padEnd(8)} ${clean(e.subject)}${e.detail ? ` — ${clean(e.detail)}` : ''}`);
  context.print(lines.length ? lines.join('\n') : 'the audit log is empty', machine);
};
