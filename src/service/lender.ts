import { resolve } from 'node:path';
import { openingProvider, type WarehouseProvider } from '../cli/context.js';
import type { Warehouse } from '../warehouse/openWarehouse.js';
import type { RunCoordinator } from './coordinator.js';

/**
 * Lends the service's warehouse to forwarded commands, never closing it. A reader gets a connection of its
 * own (it never joins the writer's transaction); a writer waits for the coordinator's writer slot and uses
 * the writer's connection alone until its work ends. Another file is opened as the CLI would.
 */
export function warehouseLender(warehouse: Warehouse, coordinator: RunCoordinator, afterWrite: () => void = () => undefined): WarehouseProvider {
  return {
    async use(request, work) {
      if (resolve(request.path) !== warehouse.path) return openingProvider.use(request, work);
      if (request.readOnly) {
        const db = await warehouse.connect();
        try {
          return await work({ path: warehouse.path, readOnly: true, db, connect: () => warehouse.connect(), close: async () => undefined });
        } finally {
          db.connection.closeSync();
        }
      }
      const release = await coordinator.acquireWriter();
      try {
        return await work({ ...lent(warehouse), readOnly: false });
      } finally {
        release();
        // A forwarded writer may have added or removed a delivery: the delivery schedule looks again now.
        afterWrite();
      }
    },
  };
}

function lent(warehouse: Warehouse): Warehouse {
  return { path: warehouse.path, readOnly: warehouse.readOnly, db: warehouse.db, connect: () => warehouse.connect(), close: async () => undefined };
}
