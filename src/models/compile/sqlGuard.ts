import type { Database } from '../../warehouse/database.js';

// A compiled query is checked before it runs, on DuckDB's own parse tree (json_serialize_sql): one
// SELECT, reading only the warehouse tables its model's relations name (and their pre-aggregations) and its own CTEs, calling no
// table function but generate_series, range and unnest and no function that reaches files, settings or the environment.
// The compiler never lets user text into SQL; this makes sure of it whatever a future relation does.

const allowedTableFunctions = new Set(['generate_series', 'range', 'unnest']);
const forbiddenFunctions = /^(read_|glob$|sniff_csv$|parquet_|getenv$|current_setting$|query$|query_table$|duckdb_|pragma_|icu_|load_|install_)/;

const checked = new Map<string, true>();

export async function guardSql(db: Database, sql: string, tables: readonly string[]): Promise<void> {
  const cacheKey = `${tables.join(',')}\n${sql}`;
  if (checked.has(cacheKey)) return;
  const json = await db.value<string>('SELECT json_serialize_sql(CAST(? AS VARCHAR))', [sql]);
  const tree = JSON.parse(json) as { error: boolean; error_message?: string; statements?: unknown[] };
  if (tree.error) throw new Error(`invalid compiled query: ${tree.error_message ?? 'not a SELECT'}`);
  if (tree.statements?.length !== 1) throw new Error('invalid compiled query: expected exactly one statement');
  const ctes = new Set<string>();
  collectCtes(tree, ctes);
  const allowed = new Set(tables);
  walk(tree, (node) => {
    if (node.type === 'BASE_TABLE') {
      const schema = String(node.schema_name ?? '');
      const table = String(node.table_name ?? '');
      const catalog = String(node.catalog_name ?? '');
      const ok = catalog === '' && ((schema === '' && ctes.has(table)) || (schema === 'main' && allowed.has(table)) || (schema === 'temp' && allowed.has(`temp.${table}`)));
      if (!ok) throw new Error(`invalid compiled query: reads ${[catalog, schema, table].filter(Boolean).join('.')}, which its model does not name`);
    }
    if (node.type === 'TABLE_FUNCTION') {
      const name = String((node.function as { function_name?: unknown } | undefined)?.function_name ?? '');
      if (!allowedTableFunctions.has(name)) throw new Error(`invalid compiled query: calls table function ${name}`);
    }
    if (node.class === 'FUNCTION' && forbiddenFunctions.test(String(node.function_name ?? ''))) {
      throw new Error(`invalid compiled query: calls ${String(node.function_name)}`);
    }
  });
  if (checked.size > 500) checked.clear();
  checked.set(cacheKey, true);
}

type Node = Record<string, unknown>;

function walk(value: unknown, visit: (node: Node) => void): void {
  if (Array.isArray(value)) {
    for (const item of value) walk(item, visit);
  } else if (typeof value === 'object' && value !== null) {
    visit(value as Node);
    for (const child of Object.values(value)) walk(child, visit);
  }
}

function collectCtes(value: unknown, into: Set<string>): void {
  walk(value, (node) => {
    const map = (node.cte_map as { map?: { key?: unknown }[] } | undefined)?.map;
    for (const entry of map ?? []) if (typeof entry.key === 'string') into.add(entry.key);
  });
}
