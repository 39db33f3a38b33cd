import { z } from 'zod';
import { reportNames } from '../../../reports/index.js';
import { embedSecret, issueEmbedToken, parseTtl } from '../../embed/embedToken.js';
import { UsageError } from '../../errors.js';
import type { CommandAction } from '../action.js';
import { parseOptions } from '../options.js';

const schema = z.object({ as: z.string().min(1), customer: z.string().min(1).optional(), ttl: z.string().default('30m') });

/** `embed-token <report> --as <upn> [--customer ID] [--ttl 30m]`: the token alone on stdout (for scripts). */
export const embedToken: CommandAction = async (context, args, raw) => {
  const options = parseOptions(schema, raw);
  const report = String(args[0]);
  if (!reportNames.includes(report)) throw new UsageError(`unknown report "${report}": expected one of ${reportNames.join(', ')}`);
  const secret = embedSecret(context.env);
  const ttlSeconds = parseTtl(options.ttl);
  const issued = await context.withWarehouse({ readOnly: false, purpose: `embed-token ${report}` }, (warehouse) =>
    issueEmbedToken({ secret, issuer: options.as, report, ...(options.customer !== undefined ? { customer: options.customer } : {}), ttlSeconds, db: warehouse.db }));
  context.print(issued.token, { token: issued.token, id: issued.id, expiresAt: issued.expiresAt });
};
