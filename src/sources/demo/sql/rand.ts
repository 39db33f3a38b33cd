// Randomness for facts generated in SQL: a uniform number in [0, 1) hashed from a row's salt (which
// carries the seed, from the TypeScript dimensions), the day and a stream name. The same inputs give the
// same number on every run, so a generated table is a pure function of the settings.

/**
 * SQL for a well-mixed 64-bit hash of the given SQL expressions. DuckDB's own `hash(a, b, …)` combines
 * its arguments' hashes so simply that two streams differing in one argument are strongly correlated
 * (−0.9 measured); hashing again after each argument keeps streams independent at a tenth of the cost
 * of hashing a concatenated string.
 */
export function hashOf(...keys: readonly string[]): string {
  const [first, ...rest] = keys;
  if (first === undefined) throw new Error('invalid hash: no keys');
  return rest.reduce((h, key) => `hash(xor(${h}, hash(${key})))`, `hash(${first})`);
}

/** SQL for a uniform double in [0, 1) from the given SQL expressions. */
export function rand(...keys: readonly string[]): string {
  return `((${hashOf(...keys)} >> 11)::DOUBLE / 9007199254740992.0)`;
}

/** SQL turning a day number (days since 1970-01-01) into a DATE. */
export function dateOf(day: string): string {
  return `(DATE '1970-01-01' + (${day})::INTEGER)`;
}

/** SQL for a GUID-shaped id hashed (md5) from the given SQL expressions. */
export function guidOf(...keys: readonly string[]): string {
  const m = `md5(concat_ws(':', ${keys.join(', ')}))`;
  return `(substr(${m}, 1, 8) || '-' || substr(${m}, 9, 4) || '-4' || substr(${m}, 14, 3) || '-a' || substr(${m}, 18, 3) || '-' || substr(${m}, 21, 12))`;
}
