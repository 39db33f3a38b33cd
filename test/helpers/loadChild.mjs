// A child process for crash tests: opens the warehouse and loads customers through the real runner from
// compiled code (dist/), so a test can kill it at a named point (FAULT_AT) or at random.
// argv: <db path> <batch tag> <row count> [loops]
// LOAD_JOB=azure-usage loads Azure usage instead: every row costs <batch tag> (a number) and every load
// restates all its slices, so the publisher takes its build-and-swap path (the `__rebuilt` table).
import { openWarehouse } from '../../dist/src/warehouse/openWarehouse.js';
import { runJob } from '../../dist/src/jobs/runJob.js';
import { configSchema } from '../../dist/src/config/config.js';
import customers from '../../dist/jobs/customers.js';
import azureUsage from '../../dist/jobs/azure-usage.js';

const [path, tag, countText, loopsText = '1'] = process.argv.slice(2);
const count = Number(countText);
const loops = Number(loopsText);
const warehouse = await openWarehouse({ path, memoryLimit: '256MB' });
const config = configSchema.parse({});
const azure = process.env.LOAD_JOB === 'azure-usage';
const job = azure ? azureUsage : customers;

for (let loop = 0; loop < loops; loop++) {
  const batchTag = loops > 1 ? `${tag}-${loop}` : tag;
  const source = {
    name: 'demo',
    async *batches() {
      yield {
        label: `batch ${batchTag}`,
        version: new Date().toISOString(),
        async fill(stage) {
          if (azure) {
            await stage.db.run(
              `INSERT INTO ${stage.stages.azure_usage} BY NAME
               SELECT DATE '2026-01-01' + (i % 20)::INTEGER AS date, 'c' || (i % 7) AS customer_id, 'USD' AS currency,
                 ?::DECIMAL(38,12) AS cost, 'm' || i AS meter_id, 'recon' AS source_format, ? AS run_id, i AS _line
               FROM range(?) t(i)`,
              [batchTag, stage.runId, count],
            );
            return { read: count, rejected: 0 };
          }
          // Every customer renamed to the batch tag: a reader must see all rows of one tag, never a mix.
          await stage.db.run(
            `INSERT INTO ${stage.stages.customers} BY NAME
             SELECT 'tenant-' || i AS customer_id, ? || ' ' || i AS name, 'demo' AS source, ? AS run_id, i AS _line
             FROM range(?) t(i)`,
            [batchTag, stage.runId, count],
          );
          return { read: count, rejected: 0 };
        },
      };
    },
  };
  const outcome = await runJob({ warehouse, config, job, source, period: azure ? { from: '2026-01-01', to: '2026-01-20' } : { from: '2026-01-01', to: '2026-01-01' } });
  process.stdout.write(JSON.stringify({ loop, status: outcome.status, cause: outcome.cause }) + '\n');
  if (outcome.status === 'failed') process.exitCode = 1;
}
if (process.env.NO_CLOSE) process.kill(process.pid, 'SIGKILL');
await warehouse.close();
