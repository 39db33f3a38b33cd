import type { ColumnType } from './defineFormat.js';

/** The DuckDB type each definition type is read as. Money is exact: DECIMAL(38,12), cast from text. */
export const sqlType: Record<ColumnType, string> = {
  VARCHAR: 'VARCHAR',
  DATE: 'DATE',
  TIMESTAMP: 'TIMESTAMP',
  MONEY: 'DECIMAL(38,12)',
  DOUBLE: 'DOUBLE',
  BIGINT: 'BIGINT',
  BOOLEAN: 'BOOLEAN',
};

/** How a value of each type is described in a rejected row's reason. */
export const typeWords: Record<ColumnType, string> = {
  VARCHAR: 'text',
  DATE: 'a date',
  TIMESTAMP: 'a date and time',
  MONEY: 'an amount (digits with a "." decimal point, no thousands separator)',
  DOUBLE: 'a number (digits with a "." decimal point, no thousands separator)',
  BIGINT: 'a whole number',
  BOOLEAN: 'true or false',
};
