/**
 * SQL condition: `column` holds incident `param` or an incident merged into it (a merge points the
 * merged incident's `redirected_to` at the survivor), so a merged incident's records stay visible.
 */
export function incidentOrMerged(column: string, param: string): string {
  return `(${column} = ${param} OR ${column} IN (SELECT id FROM incidents WHERE redirected_to = ${param}))`;
}
