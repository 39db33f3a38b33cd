import { z } from 'zod';
import { createApiKey, listApiKeys, revokeApiKey } from '../../access/apiKeys.js';
import { parseRole } from '../../access/roles.js';
import { UsageError } from '../../errors.js';
import type { CommandAction } from '../action.js';
import { parseOptions } from '../options.js';

const schema = z.object({ role: z.string().optional(), as: z.string().optional(), name: z.string().optional() });

export const apiKeys: CommandAction = async (context, [action, id], raw) => {
  const options = parseOptions(schema, raw);
  const needAs = () => {
    if (!options.as) throw new UsageError(`api-keys ${String(action)}: --as <upn> is required (who acts)`);
    return options.as;
  };
  switch (action) {
    case 'create': {
      if (!options.role) throw new UsageError('api-keys create: --role operator|mpn-partner-admin is required');
      const role = parseRole(options.role);
      const actor = needAs();
      const { key, record } = await context.withWarehouse({ purpose: 'api-keys create' }, (w) => createApiKey(w.db, { actor, role, name: options.name ?? null }));
      context.print(`${key}\n(key ${record.id} for ${record.user}, role ${record.role}: shown once, store it now)`, { ...record, key });
      return;
    }
    case 'list': {
      const keys = await context.withWarehouse({ readOnly: true }, (w) => listApiKeys(w.db));
      const lines = keys.map((k) => [k.id, k.user.padEnd(28), k.role.padEnd(18), k.revokedAt ? `revoked ${k.revokedAt}` : 'active', k.name ?? ''].join('  ').trimEnd());
      context.print(lines.length ? ['id            user                          role                status  name', ...lines].join('\n') : 'no API keys', keys);
      return;
    }
    case 'revoke': {
      if (typeof id !== 'string' || !id) throw new UsageError('api-keys revoke <id>: the key id is required (`api-keys list` shows them)');
      const actor = needAs();
      const record = await context.withWarehouse({ purpose: 'api-keys revoke' }, (w) => revokeApiKey(w.db, { actor, id }));
      context.print(`key ${record.id} of ${record.user} revoked`, record);
      return;
    }
    default:
      throw new UsageError(`unknown api-keys action "${String(action)}": expected create, list or revoke`);
  }
};
