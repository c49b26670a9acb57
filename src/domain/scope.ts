import { z } from 'zod';
import { ACTION_FAMILIES, type ActionFamily } from './actions.js';
import { assertNever } from './assert-never.js';
import { MAX_TAG_LENGTH } from './incident.js';

/**
 * Scoped role assignments: what a principal may see and act on.
 *
 * An assignment gives a subject (`key:<id>` or `person:<id>`) a role within one scope:
 * - `all`: everything, as an unscoped key;
 * - `device_group`: an incident is in scope when one of its alerts names a device of that group
 *   (the group the detector sent, else the estate's record of the device, as the automation policy
 *   reads it); an action when it targets a device of that group;
 * - `action_family` (device, file, email, identity, network): an incident is in scope when it has an
 *   action of that family; an action when it is of that family;
 * - `incident_tag`: an incident is in scope when it carries the tag (as a tag or a system tag); an
 *   action when its incident does.
 * An investigation is in scope when its incident is. An alert is in scope when its incident is; one
 * not yet correlated belongs to no incident a scope could name, so only unrestricted callers reach it
 * (correlation places an alert within moments of its arrival). Aggregates (tags, SOC metrics) count
 * only the incidents in scope; shadow runs and backtest reports only the alerts in scope.
 *
 * A principal without assignments keeps its key's role, unrestricted. A principal with assignments
 * has exactly those: a route that needs role R is open when an assignment's role satisfies R, and
 * it sees and acts on the union of the scopes of those assignments. So "approver for Finance
 * devices" plus "reader on everything" reads every incident but approves only Finance's actions.
 * Outside the scope an object does not exist for the caller (404), and a bulk request naming any
 * such object is refused whole. Ingest and admin assignments are unscoped (`all` only): ingestion
 * creates what scopes are computed from, and an admin manages the assignments themselves.
 */
export const SCOPE_KINDS = ['all', 'device_group', 'action_family', 'incident_tag'] as const;
export type ScopeKind = (typeof SCOPE_KINDS)[number];

export const scopeSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('all') }),
  z.strictObject({ kind: z.literal('device_group'), value: z.string().trim().min(1).max(128) }),
  z.strictObject({ kind: z.literal('action_family'), value: z.enum(ACTION_FAMILIES) }),
  z.strictObject({ kind: z.literal('incident_tag'), value: z.string().trim().min(1).max(MAX_TAG_LENGTH) }),
]);
export type ScopeSpec = z.output<typeof scopeSchema>;

/** What a restricted principal may reach, for one route's role: the union of its assignments' scopes. */
export interface Scope {
  deviceGroups: string[];
  families: ActionFamily[];
  tags: string[];
}

/** A scope for a route: null when nothing is restricted. */
export type ScopeLimit = Scope | null;

export function scopeOf(specs: ScopeSpec[]): ScopeLimit {
  const scope: Scope = { deviceGroups: [], families: [], tags: [] };
  for (const s of specs) {
    switch (s.kind) {
      case 'all':
        return null;
      case 'device_group':
        scope.deviceGroups.push(s.value);
        break;
      case 'action_family':
        scope.families.push(s.value);
        break;
      case 'incident_tag':
        scope.tags.push(s.value);
        break;
      default:
        return assertNever(s, `unhandled scope ${JSON.stringify(s)}`);
    }
  }
  return scope;
}
