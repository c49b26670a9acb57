import type { NativeAlert } from '../domain/alert.js';
import type { AlertContent } from './alerts.repository.js';

/** A field of an alert that changed, as the activity logs record it. */
export interface ContentChange {
  from: unknown;
  to: unknown;
}

export type UpdatePlan =
  | { outcome: 'unchanged'; reason: 'identical' | 'stale' }
  | { outcome: 'updated'; next: AlertContent; changes: Record<string, ContentChange>; newEntities: number };

/** JSON with object keys sorted: PostgreSQL's jsonb does not keep the order a detector sent. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v instanceof Date) return JSON.stringify(v.toISOString());
  if (v && typeof v === 'object')
    return `{${Object.keys(v)
      .filter((k) => (v as Record<string, unknown>)[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  return JSON.stringify(v ?? null);
}

const time = (v: string | undefined, stored: Date) => (v === undefined ? stored : new Date(v));

/**
 * What a resend of a stored alert changes. A field the resend leaves out keeps its stored value (a
 * push without times or status is not a change); a resend whose `lastUpdatedAt` is older than the
 * stored one is stale and changes nothing, whatever it says. Anything else that differs — status,
 * severity, evidence, times, the vendor's update time — is an update.
 */
export function planUpdate(stored: AlertContent, incoming: NativeAlert): UpdatePlan {
  const incomingUpdate = incoming.lastUpdatedAt === undefined ? undefined : new Date(incoming.lastUpdatedAt);
  if (incomingUpdate && stored.vendorUpdatedAt && incomingUpdate < stored.vendorUpdatedAt) return { outcome: 'unchanged', reason: 'stale' };
  const next: AlertContent = {
    detectionSource: incoming.detectionSource ?? stored.detectionSource,
    title: incoming.title,
    description: incoming.description ?? stored.description,
    type: incoming.type ?? stored.type,
    severity: incoming.severity,
    category: incoming.category ?? stored.category,
    mitreTechniques: incoming.mitreTechniques ?? stored.mitreTechniques,
    firstActivityAt: time(incoming.firstActivityAt, stored.firstActivityAt),
    lastActivityAt: time(incoming.lastActivityAt, stored.lastActivityAt),
    entities: incoming.entities,
    status: incoming.status ?? stored.status,
    vendorUpdatedAt: incomingUpdate ?? stored.vendorUpdatedAt,
  };
  const changes: Record<string, ContentChange> = {};
  for (const field of Object.keys(next) as (keyof AlertContent)[]) {
    if (field === 'entities') continue;
    if (canonical(next[field]) !== canonical(stored[field])) changes[field] = { from: stored[field], to: next[field] };
  }
  const before = new Set(stored.entities.map(canonical));
  const added = next.entities.filter((e) => !before.has(canonical(e)));
  const after = new Set(next.entities.map(canonical));
  const removed = stored.entities.filter((e) => !after.has(canonical(e)));
  if (added.length || removed.length) changes.entities = { from: removed, to: added };
  if (!Object.keys(changes).length) return { outcome: 'unchanged', reason: 'identical' };
  return { outcome: 'updated', next, changes, newEntities: added.length };
}
