import { ident } from '../../../warehouse/database.js';
import type { StageContext } from '../../source.js';

/**
 * Turns the subscriptions staged from one look at Partner Center (an API pull, a saved page) into
 * subscription history (type-2 stretches: valid_from inclusive, valid_to exclusive), SPEC §4 "History
 * before the first pull".
 *
 * The API tells only today's state, so a subscription the history has never seen is dated by its own
 * fields: it existed from `effectiveStartDate` (else `creationDate`); an expired or deleted one was active
 * until its `commitmentEndDate` and ended then (lacking one, ended on the day seen). A commitment end after
 * the day seen is clamped to that day: it is already over when seen. Once a subscription has history, a
 * look that finds its status, quantity or auto-renew different from the stretch in force on `day` closes
 * that stretch on `day` and starts a new one; an unchanged subscription stages nothing, so re-runs change
 * nothing. A look for an earlier day than the newest stretch ends its new stretch where the later one starts.
 */
export async function stageSubscriptionHistory(stage: StageContext, day: string): Promise<void> {
  const subscriptions = ident(stage.stages.subscriptions!);
  const history = ident(stage.stages.subscription_history!);
  await stage.db.run(
    `CREATE OR REPLACE TEMP TABLE pc_history_now AS
     SELECT s.subscription_id, s.customer_id, s.status, s.quantity, s.auto_renew,
            EXISTS (SELECT 1 FROM main.subscription_history e WHERE e.subscription_id = s.subscription_id) AS seen_before,
            least(coalesce(s.effective_start_date, s.creation_date::DATE, ?::DATE), ?::DATE) AS first_start,
            CASE WHEN s.status IN ('expired', 'deleted') THEN least(coalesce(s.commitment_end_date, ?::DATE), ?::DATE) END AS first_end,
            c.valid_from AS cur_from, c.customer_id AS cur_customer, c.status AS cur_status,
            c.quantity AS cur_quantity, c.auto_renew AS cur_auto_renew,
            (SELECT min(n.valid_from) FROM main.subscription_history n
              WHERE n.subscription_id = s.subscription_id AND n.valid_from > ?::DATE) AS next_from,
            m.ended_date AS known_end, m.status AS known_status
     FROM (SELECT DISTINCT ON (subscription_id) * FROM ${subscriptions}) s
     LEFT JOIN main.subscription_history c ON c.subscription_id = s.subscription_id
          AND c.valid_from <= ?::DATE AND (c.valid_to IS NULL OR c.valid_to > ?::DATE)
     LEFT JOIN main.subscriptions m ON m.subscription_id = s.subscription_id`,
    [day, day, day, day, day, day, day],
  );
  const columns = '(subscription_id, customer_id, status, quantity, auto_renew, valid_from, valid_to, run_id)';
  // First seen: one stretch in its current status from its start; an ended one, active until it ended
  // (an end on or before its start means it was never seen active: just the ended stretch).
  await stage.db.run(
    `INSERT INTO ${history} ${columns}
     SELECT subscription_id, customer_id, 'active', quantity, auto_renew, first_start, first_end, ?
     FROM pc_history_now WHERE NOT seen_before AND first_end > first_start
     UNION ALL
     SELECT subscription_id, customer_id, status, quantity, auto_renew,
            CASE WHEN first_end > first_start THEN first_end ELSE first_start END, NULL, ?
     FROM pc_history_now WHERE NOT seen_before`,
    [stage.runId, stage.runId],
  );
  const changed = `seen_before AND (cur_from IS NULL
    OR cur_status IS DISTINCT FROM status OR cur_quantity IS DISTINCT FROM quantity OR cur_auto_renew IS DISTINCT FROM auto_renew)`;
  await stage.db.run(
    `INSERT INTO ${history} ${columns}
     SELECT subscription_id, customer_id, status, quantity, auto_renew, ?::DATE, next_from, ? FROM pc_history_now WHERE ${changed}`,
    [day, stage.runId],
  );
  await stage.db.run(
    `INSERT INTO ${history} ${columns}
     SELECT subscription_id, cur_customer, cur_status, cur_quantity, cur_auto_renew, cur_from, ?::DATE, ? FROM pc_history_now
     WHERE cur_from < ?::DATE AND ${changed}`,
    [day, stage.runId, day],
  );
  // When it ended, as best known: kept from an earlier look that saw it end; when first seen ended, the
  // end dated above; else the day its current stretch began; else the day it was seen ended.
  await stage.db.run(
    `UPDATE ${subscriptions} s SET ended_date = CASE WHEN s.status IN ('expired', 'deleted') THEN COALESCE(
         CASE WHEN h.known_status IN ('expired', 'deleted') THEN h.known_end END,
         CASE WHEN NOT h.seen_before THEN h.first_end END,
         CASE WHEN h.cur_status = s.status THEN h.cur_from END,
         ?::DATE) END
     FROM pc_history_now h WHERE h.subscription_id = s.subscription_id`,
    [day],
  );
  await stage.db.run('DROP TABLE pc_history_now');
}
