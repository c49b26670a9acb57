import type { CorrelationDecision } from '../domain/incident.js';
import type { SkippedKey } from './keys.js';

/**
 * Which incident an alert belongs to, decided from what the database says about its keys: no
 * queries and no writes here, so every rule can be read and tested on its own.
 */

const INFRASTRUCTURE_PREFIXES = ['ip:', 'url:', 'file:', 'cloudapp:', 'registry:'];
export const isInfrastructureKey = (key: string) => INFRASTRUCTURE_PREFIXES.some((p) => key.startsWith(p));
const WEAK_PREFIXES = ['ip:', 'file:', 'cloudapp:', 'registry:'];
const isWeakKey = (key: string) => WEAK_PREFIXES.some((p) => key.startsWith(p));
const isIdentityKey = (key: string) => key.startsWith('device:') || key.startsWith('user:') || key.startsWith('mailbox:');

/** An open incident that shares keys with the alert, as it stands under its row lock. */
export interface Candidate {
  id: string;
  matched: string[];
  assigned_to: string | null;
  classification: string | null;
  alert_count: number;
  last_activity_at: Date;
}

/** What to do with the alert; the engine carries it out. */
export type CorrelationPlan =
  | { decision: Extract<CorrelationDecision, 'new'>; matchedKeys: string[]; reason: string }
  | {
      decision: Extract<CorrelationDecision, 'joined'>;
      incidentId: number;
      /** The keys this incident shares with the alert. */
      matched: string[];
      matchedKeys: string[];
      blockedMerge?: { incidentIds: number[]; reason: string };
      reason: string;
    }
  | {
      decision: Extract<CorrelationDecision, 'merged'>;
      incidentId: number;
      mergedIncidentIds: number[];
      matchedKeys: string[];
      reason: string;
    };

/**
 * Infrastructure keys (IPs, URLs, hashes, apps, registry keys) seen in too many alerts inside the
 * window (shared egress IPs, scanners, mass mailers) do not correlate. Identity keys (users,
 * devices, mailboxes, messages) always do: an attack with many alerts on one account is one story.
 * `seen` counts, per infrastructure key, the alerts in the window (up to `limit`).
 */
export function dropPrevalent(keys: string[], seen: { key: string; n: number }[], limit: number, skipped: SkippedKey[]): string[] {
  const prevalent = new Set(seen.filter((r) => r.n >= limit).map((r) => r.key));
  for (const key of prevalent)
    skipped.push({ key, reason: `high prevalence: seen in ${limit} or more alerts within the correlation window` });
  return keys.filter((k) => !prevalent.has(k));
}

/**
 * An alert that names its own device, account or mailbox does not join an incident it shares
 * only an IP address, file hash, registry key or cloud app with: shared infrastructure and common
 * binaries link unrelated attacks, and a wrong merge costs analysts more than a split.
 */
export function dropWeakLinks<C extends { id: string; matched: string[] }>(candidates: C[], ownKeys: string[], skipped: SkippedKey[]): C[] {
  if (!ownKeys.some(isIdentityKey)) return candidates;
  return candidates.filter((c) => {
    if (c.matched.some((k) => !isWeakKey(k))) return true;
    for (const key of c.matched) {
      if (!skipped.some((s) => s.key === key))
        skipped.push({
          key,
          reason: `weak link: incident ${c.id} shares only this with the alert, whose own devices and accounts it does not name`,
        });
    }
    return false;
  });
}

function mergeBlocker(c: Candidate[], mergeCap: number): string | undefined {
  const assignees = new Set(c.map((x) => x.assigned_to).filter(Boolean));
  if (assignees.size > 1) return `different assignees: ${[...assignees].join(', ')}`;
  const classes = new Set(c.map((x) => x.classification).filter(Boolean));
  if (classes.size > 1) return `different classifications: ${[...classes].join(', ')}`;
  const total = c.reduce((n, x) => n + x.alert_count, 0) + 1;
  if (total > mergeCap) return `the merged incident would have ${total} alerts, over the cap of ${mergeCap}`;
  return undefined;
}

/**
 * No candidate: a new incident. One: join it, unless it is full. Several: merge them into the
 * oldest, unless people have set them apart (assignees, classifications) or the result would be
 * over the cap — then join the best match.
 */
export function planCorrelation(input: { hasUsableKeys: boolean; candidates: Candidate[]; mergeCap: number }): CorrelationPlan {
  const { candidates, mergeCap: cap } = input;
  if (candidates.length === 0) {
    return {
      decision: 'new',
      matchedKeys: [],
      reason: input.hasUsableKeys
        ? 'no open incident shares a key within the correlation window'
        : 'the alert has no usable correlation key',
    };
  }
  const best = [...candidates].sort(
    (a, b) =>
      b.matched.length - a.matched.length || b.last_activity_at.getTime() - a.last_activity_at.getTime() || Number(a.id) - Number(b.id),
  )[0];
  const matchedKeys = [...new Set(candidates.flatMap((c) => c.matched))].sort();
  if (candidates.length === 1) {
    if (best.alert_count + 1 > cap)
      return { decision: 'new', matchedKeys, reason: `incident ${best.id} has reached the cap of ${cap} alerts` };
    return {
      decision: 'joined',
      incidentId: Number(best.id),
      matched: best.matched,
      matchedKeys,
      reason: `shares ${best.matched.join(', ')} with incident ${best.id}`,
    };
  }

  const ids = candidates.map((c) => Number(c.id));
  const blocked = mergeBlocker(candidates, cap);
  if (blocked) {
    return {
      decision: 'joined',
      incidentId: Number(best.id),
      matched: best.matched,
      matchedKeys,
      blockedMerge: { incidentIds: ids, reason: blocked },
      reason: `links incidents ${ids.join(', ')} but the merge is blocked (${blocked}); joined the best match, incident ${best.id}`,
    };
  }
  const target = Math.min(...ids);
  const sources = ids.filter((id) => id !== target);
  return {
    decision: 'merged',
    incidentId: target,
    mergedIncidentIds: sources,
    matchedKeys,
    reason: `links incidents ${ids.join(', ')}: merged into the oldest, incident ${target}`,
  };
}
