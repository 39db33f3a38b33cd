import { resolve } from 'node:path';
import type { Warehouse } from '../warehouse/openWarehouse.js';
import type { WarehouseLender } from './cliRunner.js';
import type { RunCoordinator } from './coordinator.js';

/**
 * Lends the service's warehouse to forwarded commands. A reader gets a connection of its own (it never joins
 * the writer's transaction); a writer waits for the coordinator's writer slot and uses the writer's connection
 * alone until it releases it. Another path is not lent: the command opens that file itself.
 */
export function warehouseLender(warehouse: Warehouse, coordinator: RunCoordinator): WarehouseLender {
  return {
    async borrow({ path, readOnly }) {
      if (resolve(path) !== warehouse.path) return undefined;
      if (readOnly) {
        const db = await warehouse.connect();
        const lent: Warehouse = { path: warehouse.path, readOnly: true, db, connect: () => warehouse.connect(), close: async () => undefined };
        return { warehouse: lent, release: async () => db.connection.closeSync() };
      }
      const release = await coordinator.acquireWriter();
      const lent: Warehouse = { path: warehouse.path, readOnly: false, db: warehouse.db, connect: () => warehouse.connect(), close: async () => undefined };
      return { warehouse: lent, release: async () => release() };
    },
  };
}
