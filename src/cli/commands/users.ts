import { z } from 'zod';
import { importUsers } from '../../access/importUsers.js';
import { roleNames } from '../../access/roles.js';
import { addUser, grantRole, listUsers, revokeRole } from '../../access/users.js';
import type { CommandAction } from '../action.js';
import { parseOptions } from '../options.js';

const schema = z.object({
  role: z.enum(roleNames).optional(),
  name: z.string().trim().min(1).max(200).optional(),
  as: z.string().optional(),
  bootstrap: z.boolean().optional(),
});

/** `users list|add|grant|revoke|import`. */
export const users: CommandAction = async (context, [target], raw, { name: verb }) => {
  const options = parseOptions(schema, raw);
  const upn = String(target ?? '');
  if (verb === 'list') {
    const all = await context.withWarehouse({ readOnly: true }, (w) => listUsers(w.db));
    const lines = all.map((u) => `${u.upn.padEnd(36)} ${(u.roles.join(', ') || '(no role)').padEnd(28)} ${u.disabled ? 'disabled ' : ''}${u.displayName ?? ''}`.trimEnd());
    context.print(lines.length ? lines.join('\n') : 'no users yet: add the first admin with `users add <upn> --role mpn-partner-admin --bootstrap`', all);
    return;
  }
  const purpose = `users ${verb}`;
  const result = await context.withWarehouse({ purpose }, async (w) => {
    switch (verb) {
      case 'add': {
        const r = await addUser(w.db, { actor: options.as, upn, displayName: options.name ?? null, role: options.role, bootstrap: options.bootstrap });
        return { ...r, text: `${r.created ? 'added' : 'already known:'} ${r.upn}${r.granted ? `, granted ${r.granted}` : ''}` };
      }
      case 'grant': {
        const r = await grantRole(w.db, { actor: options.as, upn, role: options.role! });
        return { ...r, text: r.changed ? `granted ${options.role} to ${r.upn}` : `${r.upn} already holds ${options.role}` };
      }
      case 'revoke': {
        const r = await revokeRole(w.db, { actor: options.as, upn, role: options.role! });
        return { ...r, text: r.changed ? `revoked ${options.role} from ${r.upn}` : `${r.upn} did not hold ${options.role}` };
      }
      default: {
        const r = await importUsers(w.db, { actor: options.as, path: context.resolvePath(upn), shownAs: upn });
        return { ...r, text: `imported ${r.users} user(s) from ${upn}: ${r.added} added, ${r.granted} granted mpn-partner-admin` };
      }
    }
  });
  const { text, ...machine } = result;
  context.print(text, machine);
};
