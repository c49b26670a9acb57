import type { Scope } from '../domain/scope.js';

/** Adds a query parameter and returns its placeholder. */
export type Param = (value: unknown) => string;

/**
 * The SQL of `domain/scope.ts`, in one place: predicates that say whether a row is within a
 * restricted scope, for the repositories' WHERE clauses (so lists are filtered in the query and
 * keyset paging stays exact). A device's group is the one its entity carries, else the lab
 * estate's record of the device, as `deviceGroupsOf` reads it.
 */
const deviceGroup = (entity: string) => `coalesce(${entity}->>'deviceGroup', (SELECT d.device_group FROM lab_devices d
  WHERE d.device_id = ${entity}->>'deviceId' OR d.hostname = split_part(lower(${entity}->>'hostname'), '.', 1) LIMIT 1))`;

/** Whether the incident aliased `i` is in scope. */
export function incidentInScope(i: string, s: Scope, p: Param): string {
  const any: string[] = [];
  if (s.tags.length) {
    const tags = p(s.tags);
    any.push(`${i}.tags && ${tags}::text[] OR ${i}.system_tags && ${tags}::text[]`);
  }
  if (s.deviceGroups.length)
    any.push(`EXISTS (SELECT 1 FROM alerts sa CROSS JOIN LATERAL jsonb_array_elements(sa.entities) se
      WHERE sa.incident_id = ${i}.id AND se->>'type' = 'device' AND ${deviceGroup('se')} = ANY(${p(s.deviceGroups)}::text[]))`);
  if (s.families.length)
    any.push(`EXISTS (SELECT 1 FROM actions sx WHERE sx.incident_id = ${i}.id AND sx.family = ANY(${p(s.families)}::text[]))`);
  return any.length ? `(${any.map((x) => `(${x})`).join(' OR ')})` : 'false';
}

/** Whether the action aliased (or named) `a` is in scope. */
export function actionInScope(a: string, s: Scope, p: Param): string {
  const any: string[] = [];
  if (s.families.length) any.push(`${a}.family = ANY(${p(s.families)}::text[])`);
  if (s.deviceGroups.length)
    any.push(`${a}.target->>'type' = 'device' AND ${deviceGroup(`${a}.target`)} = ANY(${p(s.deviceGroups)}::text[])`);
  if (s.tags.length) {
    const tags = p(s.tags);
    any.push(`EXISTS (SELECT 1 FROM incidents si WHERE si.id = ${a}.incident_id
      AND (si.tags && ${tags}::text[] OR si.system_tags && ${tags}::text[]))`);
  }
  return any.length ? `(${any.map((x) => `(${x})`).join(' OR ')})` : 'false';
}

/**
 * Whether the alert aliased `a` is in scope: an alert is in scope when its incident is. An alert
 * not yet correlated (or whose incident is gone) belongs to no incident a scope can name, so it is
 * reached only by unrestricted callers; it shows to the others once correlation has placed it.
 */
export function alertInScope(a: string, s: Scope, p: Param): string {
  return `EXISTS (SELECT 1 FROM incidents sai WHERE sai.id = ${a}.incident_id AND ${incidentInScope('sai', s, p)})`;
}
