/**
 * How a file writes its dates, decided once per file from a sample of rows: ISO 8601 (DuckDB's default,
 * with or without a time) or the US `M/D/YYYY` of EA cost exports and older Partner Center files, with or
 * without a time of day. One style per file: a file mixing them gets the odd rows rejected, not guessed.
 */
export interface DateStyle {
  label: string;
  dateformat?: string;
  timestampformat?: string;
  /** DATE columns are read as TIMESTAMP (the values carry a time) and cast to their day. */
  datesAsTimestamps: boolean;
}

const us = /^\d{1,2}\/\d{1,2}\/\d{4}$/;
const usMinutes = /^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}$/;
const usSeconds = /^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2}$/;
const usMeridiem = /^\d{1,2}\/\d{1,2}\/\d{4} \d{1,2}:\d{2}:\d{2} ?[AP]M$/i;

export const isoStyle: DateStyle = { label: 'YYYY-MM-DD', datesAsTimestamps: false };

export function dateStyle(values: readonly string[]): DateStyle {
  const first = values.map((v) => v.trim()).find((v) => v !== '' && v.toUpperCase() !== 'NULL');
  if (first === undefined) return isoStyle;
  if (us.test(first)) return { label: 'MM/DD/YYYY', dateformat: '%m/%d/%Y', timestampformat: '%m/%d/%Y', datesAsTimestamps: false };
  if (usMinutes.test(first)) return { label: 'MM/DD/YYYY hh:mm', timestampformat: '%m/%d/%Y %H:%M', datesAsTimestamps: true };
  if (usSeconds.test(first)) return { label: 'MM/DD/YYYY hh:mm:ss', timestampformat: '%m/%d/%Y %H:%M:%S', datesAsTimestamps: true };
  if (usMeridiem.test(first)) return { label: 'MM/DD/YYYY hh:mm:ss AM', timestampformat: '%m/%d/%Y %I:%M:%S %p', datesAsTimestamps: true };
  return isoStyle;
}
