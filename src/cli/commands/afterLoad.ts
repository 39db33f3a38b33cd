import type { Warehouse } from '../../warehouse/openWarehouse.js';
import type { CommandContext } from '../context.js';

/** What follows every load from the CLI (`run`, `demo`): alerts are checked once they exist (Step 4). */
export async function afterLoad(_context: CommandContext, _warehouse: Warehouse): Promise<void> {}
