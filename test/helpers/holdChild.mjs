// Holds the warehouse as a writer until killed: the "scheduled run" of the second-writer test.
import { openWarehouse } from '../../dist/src/warehouse/openWarehouse.js';

const warehouse = await openWarehouse({ path: process.argv[2], purpose: 'run azure-usage --source partner-center' });
process.stdout.write('holding\n');
setInterval(() => warehouse.db.value('SELECT 1'), 1000);
