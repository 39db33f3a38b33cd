import { SourceError } from '../../../errors.js';
import { log } from '../../../util/log.js';
import { addDays, isoDate } from '../../../util/dates.js';
import { readCollection } from '../paging.js';
import { auditRecordItem } from '../resources/auditRecords.js';
import type { Pull } from './pull.js';

const auditRecords = '/v1/auditrecords';
/** Partner Center keeps audit records for 90 days; an older startDate is refused with a 400. */
export const auditRetentionDays = 90;

export const activityPull: Pull = {
  job: 'activity-log',
  label: auditRecords,
  tables: ['activity'],
  async collect({ client, settings, period, clock }, collector) {
    const today = isoDate(new Date(clock.now()));
    const oldest = addDays(today, -(auditRetentionDays - 1));
    if (period.to < oldest) {
      throw new SourceError(`audit records before ${oldest} are gone: Partner Center keeps only the last ${auditRetentionDays} days (asked ${period.from}..${period.to})`);
    }
    const from = period.from < oldest ? oldest : period.from;
    if (from !== period.from) {
      log.warn('pc.audit_clamped', { asked: period.from, from, note: `Partner Center keeps only the last ${auditRetentionDays} days of audit records` });
    }
    const to = period.to;
    const inPeriod = auditRecordItem.transform((row) => {
      const day = row.operation_date.slice(0, 10);
      return day < from || day > to ? null : row;
    });
    const size = Math.min(settings.pageSize, 500);
    const path = `${auditRecords}?startDate=${from}&endDate=${addDays(to, 1)}&size=${size}`;
    await readCollection(client, path, {
      onPage: (items) => collector.items('audit', auditRecords, 'activity', inPeriod, items),
      onRestart: () => collector.discard('audit'),
    });
    const asOf = new Date(Math.min(clock.now(), Date.parse(`${addDays(to, 1)}T00:00:00Z`) - 1)).toISOString();
    return { asOf };
  },
};
