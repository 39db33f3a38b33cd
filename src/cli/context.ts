import { loadConfig, type Config } from '../config/config.js';
import { openWarehouse, type Warehouse } from '../warehouse/openWarehouse.js';

/** Options every command takes. */
export interface GlobalOptions {
  db?: string;
  json?: boolean;
}

export interface CommandContext {
  config: Config;
  json: boolean;
  /** Prints the machine-readable summary (with --json) or the human text. */
  print(human: string, machine: unknown): void;
}

export function commandContext(options: GlobalOptions): CommandContext {
  const config = loadConfig();
  if (options.db) config.warehouse.path = options.db;
  const json = Boolean(options.json);
  return {
    config,
    json,
    print(human, machine) {
      process.stdout.write(json ? JSON.stringify(machine, null, 2) + '\n' : human.endsWith('\n') ? human : human + '\n');
    },
  };
}

/** Opens the warehouse for the length of `work`, and always closes it (releasing the writer lock). */
export async function withWarehouse<T>(
  context: CommandContext,
  { readOnly = false, purpose, threads }: { readOnly?: boolean; purpose?: string; threads?: number },
  work: (warehouse: Warehouse) => Promise<T>,
): Promise<T> {
  const warehouse = await openWarehouse({ path: context.config.warehouse.path, readOnly, memoryLimit: context.config.warehouse.memoryLimit, purpose, threads });
  try {
    return await work(warehouse);
  } finally {
    await warehouse.close();
  }
}
