import type { AlertDefinition } from '../config/config.js';

/** One line saying what an alert watches, as `alerts list` shows it. */
export function describeAlert(a: AlertDefinition): string {
  if (a.maxAge !== undefined) return `${a.datasets ? a.datasets.join(', ') : 'every loaded dataset'} older than ${a.maxAge.trim()}`;
  const conditions = [
    a.against ? ` > ${a.against}` : '',
    a.above !== undefined ? ` > ${a.above}` : '',
    a.below !== undefined ? ` < ${a.below}` : '',
    a.dropBy !== undefined ? ` drops by > ${a.dropBy}` : '',
  ].join('');
  return `${a.model}.${a.measure}${a.by.length ? ` by ${a.by.join(',')}` : ''}${conditions}`;
}
