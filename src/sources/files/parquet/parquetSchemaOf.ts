import { DuckDBInstance } from '../../../warehouse/duckdb.js';
import { Database } from '../../../warehouse/database.js';
import { parquetSchema, type ParquetSchema } from './stageParquet.js';

let scratch: Promise<Database> | undefined;

/**
 * A Parquet file's columns, read before any warehouse is open (to tell its format and job): through a
 * private in-memory DuckDB, which touches nothing but the file.
 */
export async function parquetSchemaOf(file: string): Promise<ParquetSchema> {
  scratch ??= DuckDBInstance.create(':memory:', { autoinstall_known_extensions: 'false', autoload_known_extensions: 'false', threads: '1' })
    .then(async (instance) => new Database(await instance.connect()));
  return parquetSchema(await scratch, file);
}
