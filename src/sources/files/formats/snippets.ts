// SQL fragments shared by format definitions. Column names inside them come from the definitions.

/** The `--customer` option, bound by the reader before each scan (NULL when not given). */
export const customerOption = "getvariable('partnerlens_customer')";

/** Tags as a JSON object: Azure cost exports write them without the surrounding braces. */
export function tagsJson(column: string): string {
  const c = `"${column}"`;
  return `CASE WHEN ${c} IS NULL OR trim(${c}) = '' THEN NULL WHEN starts_with(ltrim(${c}), '{') THEN ${c} ELSE '{' || ${c} || '}' END`;
}

/** Text that is blank counts as missing, so that a required column made of spaces is rejected, not loaded. */
export function text(column: string): string {
  return `nullif(trim("${column}"), '')`;
}

/**
 * The value a user's row already holds in `user_activity`, for Graph reports that tell one workload only:
 * loading them must not blank what the active-user report said about the others.
 */
export function kept(column: string): string {
  return `(SELECT any_value(u."${column}") FROM main.user_activity u
    WHERE u.report_date = "ReportRefreshDate" AND u.customer_id = ${customerOption} AND u.upn = ${text('UserPrincipalName')})`;
}
