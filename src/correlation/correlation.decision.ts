import type { CorrelationDecision } from '../domain/incident.js';
import type { SkippedKey } from './keys.js';

/**
 * Which incident an alert belongs to, decided from what the database says about its keys: no
 * queries and no writes here, so every rule can be read and tested on its own.
 */

const INFRASTRUCTURE_PREFIXES = ['ip:', 'url:', 'host:', 'domain:', 'file:', 'cloudapp:', 'registry:'];
export const isInfrastructureKey = (key: string) => INFRASTRUCTURE_PREFIXES.some((p) => key.startsWith(p));
/** Keys that many unrelated attacks can share (infrastructure, common binaries, popular sites): evidence to weigh, not proof. */
const isWeakKey = isInfrastructureKey;
/** Weak keys that point at one thing (an address, a file, an app, a full URL), unlike a host, a domain or a registry path. */
const SPECIFIC_PREFIXES = ['ip:', 'file:', 'cloudapp:', 'url:'];
const isSpecificKey = (key: string) => SPECIFIC_PREFIXES.some((p) => key.startsWith(p));
/** Keys of the site a URL is on (its host, its registrable domain), not of one resource there. */
export const isSiteKey = (key: string) => key.startsWith('host:') || key.startsWith('domain:');
const isIdentityKey = (key: string) => key.startsWith('device:') || key.startsWith('user:') || key.startsWith('mailbox:');

/** An open incident that shares keys with the alert, as it stands under its row lock. */
export interface Candidate {
  id: string;
  matched: string[];
  /** Why the keys count as a link, where that needs saying (aliases, weak links judged). */
  why?: string;
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

/** How weak links are weighed: see `judgeWeakLinks`. */
export interface WeakLinkPolicy {
  /** A specific weak key links on its own only when seen in the incident this close in time to the alert. */
  proximityMs: number;
  /** A weak key seen in this many incidents (open or not) over the estate look-back is common, and links nothing. */
  estateLimit: number;
  estateLookbackMs: number;
}

/** What the engine knows about the alert's keys for judging weak links. */
export interface WeakLinkEvidence {
  from: Date;
  to: Date;
  /** Per key, the alert entity it comes from: keys of one entity (a URL, its host, its domain) are one piece of evidence. */
  entityOf: Map<string, number>;
  /** Keys the alert only points at (accounts logged on to its devices): always weak. */
  pointers: Set<string>;
  /** Per weak key, in how many incidents it was seen over the estate look-back. */
  spread: Map<string, number>;
  /**
   * Per address, how many groups of alerts inside the window named it, the alert included, where
   * alerts naming a common device or account are one group: unrelated machines and people behind one address.
   */
  sharedBy?: Map<string, number>;
  /** Candidate incidents that are only the delivery of mail messages (no device, nothing after it yet). */
  deliveries?: Set<string>;
}

const minutes = (ms: number) => `${Math.round(ms / 60_000)} min`;

/**
 * Shared infrastructure, common binaries and popular sites link unrelated attacks, and a wrong merge
 * costs analysts more than a split; yet one attack spreads over devices and accounts that only an
 * address, a file or a domain ties together. So an alert that names its own devices, accounts or
 * mailboxes joins an incident it shares only weak keys with when the evidence says so:
 * - a weak key seen in `estateLimit` or more incidents over the estate look-back is common (an
 *   egress proxy, a print server, a popular site or tool) and counts for nothing; so is an address
 *   that alerts about `estateLimit` or more unrelated sets of devices and accounts named inside the
 *   window (counted by alerts, not incidents: the address itself would merge those incidents first);
 * - two or more independent weak links (from different entities of the alert) agree; or
 * - one specific weak key (address, file, app, full URL) was seen in the incident within
 *   `proximityMs` of the alert; or
 * - the incident is only the delivery of a mail message, and the alert's device reached the site
 *   (host or registrable domain) of a link in it, after the delivery and within `proximityMs`: the
 *   click that follows a phishing mail. Mail detectors name the recipient's mailbox and endpoint
 *   detectors the device and its account, so the link's site is often all the two alerts share,
 *   and the page clicked and the file fetched are on other paths or sub-domains than the lure.
 *   An incident that grew past the delivery (a sign-in, a device) is a story of its own, and is
 *   joined only on the evidence above.
 * Otherwise the link is dropped. Either way the reason is kept.
 */
export function judgeWeakLinks<C extends { id: string; matched: string[]; first_seen: Date[]; last_seen: Date[] }>(
  candidates: C[],
  ownKeys: string[],
  ev: WeakLinkEvidence,
  policy: WeakLinkPolicy,
  skipped: SkippedKey[],
): (C & { why?: string })[] {
  const weak = (k: string) => isWeakKey(k) || ev.pointers.has(k);
  if (!ownKeys.some(isIdentityKey)) return candidates;
  const skip = (key: string, reason: string) => {
    if (!skipped.some((s) => s.key === key)) skipped.push({ key, reason });
  };
  const out: (C & { why?: string })[] = [];
  for (const c of candidates) {
    if (c.matched.some((k) => !weak(k))) {
      out.push(c);
      continue;
    }
    const gap = (k: string) => {
      const i = c.matched.indexOf(k);
      return Math.max(0, ev.from.getTime() - new Date(c.last_seen[i]).getTime(), new Date(c.first_seen[i]).getTime() - ev.to.getTime());
    };
    const usable: string[] = [];
    for (const k of c.matched) {
      const n = ev.spread.get(k) ?? 0;
      const groups = ev.sharedBy?.get(k) ?? 0;
      if (n >= policy.estateLimit)
        skip(k, `common across the estate: seen in ${n} or more incidents within ${minutes(policy.estateLookbackMs)}; links nothing`);
      else if (groups >= policy.estateLimit)
        skip(
          k,
          `shared address: named within the correlation window by ${groups} groups of alerts that have no device or account ` +
            `in common (a proxy, gateway or VPN egress); links nothing`,
        );
      else usable.push(k);
    }
    const independent = new Set(usable.map((k) => ev.entityOf.get(k) ?? k));
    const close = usable.filter((k) => isSpecificKey(k) && !ev.pointers.has(k) && gap(k) <= policy.proximityMs);
    const afterDelivery = (k: string) => new Date(c.first_seen[c.matched.indexOf(k)]).getTime() <= ev.from.getTime();
    const clicked =
      ev.deliveries?.has(c.id) && ownKeys.some((k) => k.startsWith('device:'))
        ? usable.filter((k) => isSiteKey(k) && afterDelivery(k) && gap(k) <= policy.proximityMs)
        : [];
    if (independent.size >= 2) {
      out.push({ ...c, why: `${independent.size} independent weak links agree (${usable.join(', ')})` });
    } else if (close.length) {
      out.push({ ...c, why: `${close[0]} was seen in incident ${c.id} ${minutes(gap(close[0]))} from this alert and in few incidents` });
    } else if (clicked.length) {
      out.push({
        ...c,
        why:
          `incident ${c.id} is the delivery of a mail message linking to ${clicked[0]}, which this alert's device ` +
          `reached ${minutes(gap(clicked[0]))} later, and few incidents saw it`,
      });
    } else {
      for (const k of usable)
        skip(
          k,
          `weak link: incident ${c.id} shares only this with the alert, which names its own devices and accounts; ` +
            `no second independent link and no specific key within ${minutes(policy.proximityMs)}`,
        );
    }
  }
  return out;
}

/**
 * A merge fuses two stories on one alert's word, so it needs more than a joining does. A machine
 * hosts many unrelated events (a server runs service accounts, tools and users side by side): when
 * the alert links several incidents and shares with one of them only a device, last seen there
 * more than `proximityMs` before the alert, that incident is not merged in, as long as the alert
 * has another link of a different kind; the alert goes with the rest. The reason is kept.
 */
export function dropStaleDeviceMerges<C extends { id: string; matched: string[]; last_seen: Date[] }>(
  candidates: C[],
  from: Date,
  entityOf: Map<string, number>,
  proximityMs: number,
  skipped: SkippedKey[],
): C[] {
  if (candidates.length < 2) return candidates;
  const staleDeviceOnly = (c: C) => {
    if (!c.matched.every((k) => k.startsWith('device:'))) return false;
    if (new Set(c.matched.map((k) => entityOf.get(k) ?? k)).size !== 1) return false;
    const last = Math.max(...c.last_seen.map((d) => new Date(d).getTime()));
    return from.getTime() - last > proximityMs;
  };
  const kept = candidates.filter((c) => !staleDeviceOnly(c));
  if (!kept.length || kept.length === candidates.length) return candidates;
  for (const c of candidates.filter(staleDeviceOnly)) {
    for (const k of c.matched) {
      if (!skipped.some((s) => s.key === k))
        skipped.push({
          key: k,
          reason:
            `not merged: incident ${c.id} shares only this device with the alert, last seen there over ` +
            `${minutes(proximityMs)} before it, while the alert links other incidents by other evidence`,
        });
    }
  }
  return kept;
}

const whys = (c: Candidate[]) => {
  const notes = c.filter((x) => x.why).map((x) => `incident ${x.id}: ${x.why}`);
  return notes.length ? ` (${notes.join('; ')})` : '';
};

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
 * over the cap — then join the best match that is not full, or open a new incident when all are.
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
  const ranked = [...candidates].sort(
    (a, b) =>
      b.matched.length - a.matched.length || b.last_activity_at.getTime() - a.last_activity_at.getTime() || Number(a.id) - Number(b.id),
  );
  const best = ranked[0];
  const full = (c: Candidate) => c.alert_count + 1 > cap;
  const matchedKeys = [...new Set(candidates.flatMap((c) => c.matched))].sort();
  if (candidates.length === 1) {
    if (full(best)) return { decision: 'new', matchedKeys, reason: `incident ${best.id} has reached the cap of ${cap} alerts` };
    return {
      decision: 'joined',
      incidentId: Number(best.id),
      matched: best.matched,
      matchedKeys,
      reason: `shares ${best.matched.join(', ')} with incident ${best.id}${best.why ? ` (${best.why})` : ''}`,
    };
  }

  const ids = candidates.map((c) => Number(c.id));
  const blocked = mergeBlocker(candidates, cap);
  if (blocked) {
    // A full incident takes no more alerts, whichever way the alert came to it.
    const join = ranked.find((c) => !full(c));
    if (!join)
      return { decision: 'new', matchedKeys, reason: `links incidents ${ids.join(', ')}, and each has reached the cap of ${cap} alerts` };
    return {
      decision: 'joined',
      incidentId: Number(join.id),
      matched: join.matched,
      matchedKeys,
      blockedMerge: { incidentIds: ids, reason: blocked },
      reason: `links incidents ${ids.join(', ')} but the merge is blocked (${blocked}); joined the best match${join === best ? '' : ' with room'}, incident ${join.id}`,
    };
  }
  const target = Math.min(...ids);
  const sources = ids.filter((id) => id !== target);
  return {
    decision: 'merged',
    incidentId: target,
    mergedIncidentIds: sources,
    matchedKeys,
    reason: `links incidents ${ids.join(', ')}: merged into the oldest, incident ${target}${whys(candidates)}`,
  };
}
