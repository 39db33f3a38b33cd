import { it } from 'vitest';
import { openWarehouse } from '../src/warehouse/openWarehouse.js';
import { listModels, query } from '../src/models/query.js';
it('demo', async () => {
  const w = await openWarehouse({ path: '/tmp/h4demo/small.duckdb', readOnly: true });
  const db = w.db;
  void (await db.all("select product, count(*) from license_snapshots group by 1 order by 1 limit 20"));
  void (await db.all("select product, count(*) from subscriptions group by 1 order by 1 limit 30"));
  console.log(await db.all("select count(*) AS matched from (select distinct customer_id, sku_id from license_snapshots) l join (select distinct customer_id, product_id from workload_usage) w on w.customer_id = l.customer_id and w.product_id = l.sku_id"));
  console.log(await db.all("select min(report_date), max(report_date), count(distinct report_date) from user_activity"));
  console.log(await db.all("select service_name, service_category, meter_category, count(*) from azure_usage group by all order by 4 desc limit 10"));
  for (const model of listModels()) {
    const by = model.dimensions.currency ? ['currency'] : [];
    const t0 = performance.now();
    const r = await query(db, { model: model.name, measures: Object.keys(model.measures), by });
    console.log(model.name, (performance.now() - t0).toFixed(0) + 'ms', JSON.stringify(r.period), JSON.stringify(r.rows));
    for (const d of Object.keys(model.dimensions)) {
      const dim = model.dimensions[d]!.type === 'time' ? `${d}:month` : d;
      for (const m of Object.keys(model.measures)) {
        try {
          await query(db, { model: model.name, measures: [m], by: [...new Set([...by, dim])] });
        } catch (e) {
          if (!/cannot be broken down/.test((e as Error).message)) console.log('ERR', model.name, m, d, (e as Error).message);
        }
      }
    }
  }
  const r2 = await query(db, { model: 'customers', measures: ['customers', 'newCustomers', 'churnedCustomers'], by: ['date:month'] });
  console.log(JSON.stringify(r2.rows));
  const r3 = await query(db, { model: 'subscriptions', measures: ['activeSubscriptions', 'expiringIn30Days', 'renewingIn30Days', 'newSubscriptions', 'trialConversions'], by: ['date:month'] });
  console.log(JSON.stringify(r3.rows));
  const r4 = await query(db, { model: 'licenses', measures: ['licensesSold', 'licensesAssigned', 'licensesActive', 'usageRate', 'licenseAdds', 'licenseReductions', 'reducibleAtRenewal', 'skusAtCapacity'], by: ['date:month'] });
  console.log(JSON.stringify(r4.rows));
  const r5 = await query(db, { model: 'users', measures: ['licensedUsers', 'inactiveLicensedUsers', 'licensesOnInactiveUsers'], by: ['inactiveFor'] });
  console.log(JSON.stringify(r5.rows));
  const r6 = await query(db, { model: 'licenses', measures: ['licensedSkus'], by: ['usageBucket'] });
  console.log(JSON.stringify(r6.rows));
  const r7 = await query(db, { model: 'azure', measures: ['cost'], by: ['serviceCategory', 'currency'] });
  console.log(JSON.stringify(r7.rows));
  await w.close();
}, 600000);
