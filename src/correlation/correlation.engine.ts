import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { type CorrelatingAlert, AlertsRepository } from '../alerts/alerts.repository.js';
import { vendorIncidentKey } from '../domain/correlation.js';
import type { CorrelationDecision } from '../domain/incident.js';
import { IncidentWriter } from '../incidents/incident.writer.js';
import {
  type Candidate,
  dropPrevalent,
  dropStaleDeviceMerges,
  isInfrastructureKey,
  isSiteKey,
  judgeWeakLinks,
  planCorrelation,
} from './correlation.decision.js';
import { alertsCorrelated } from './correlation-metrics.js';
import { CorrelationRepository } from './correlation.repository.js';
import { type CorrelationConfig, type CorrelationPolicy, fixedPolicy } from './correlation-settings.js';
import { alertKeys, type SkippedKey } from './keys.js';
import { named } from '../db/named-statement.js';

/** Why a shared vendor incident links an alert to a Quell incident (`<source>:<incident id>`). */
const vendorNote = (group: string) => {
  const cut = group.indexOf(':');
  return `vendor grouping: incident ${group.slice(cut + 1)} of source ${group.slice(0, cut)} holds both`;
};

const isIdentity = (k: string) => k.startsWith('user:') || k.startsWith('device:') || k.startsWith('mailbox:');

/** What an alert links to, found under its key locks: the incidents it may join and what to record. */
interface Links {
  /** The alert's own keys (recorded for prevalence). */
  keys: string[];
  /** Its own keys that correlate (recorded on its incident). */
  usable: string[];
  joinable: { id: string; matched: string[]; why?: string }[];
  skipped: SkippedKey[];
  aliasGroups: string[][];
}

export interface CorrelationResult {
  incidentId: number;
  decision: CorrelationDecision;
  matchedKeys: string[];
  skippedKeys: SkippedKey[];
  mergedIncidentIds: number[];
  blockedMerge?: { incidentIds: number[]; reason: string };
  reason: string;
}

/** What re-correlating an updated alert did: where the alert now is, and whether the update merged incidents or resolved one. */
export interface RecorrelationResult {
  incidentId: number | null;
  merged: boolean;
  mergedIncidentIds: number[];
  resolvedIncident: boolean;
  reason: string;
}

export class AlertNotFoundError extends Error {
  override name = 'NotFoundError';
}

/** A stable 64-bit advisory-lock id for a correlation key. */
function lockId(key: string): bigint {
  return createHash('sha256').update(key).digest().readBigInt64BE(0);
}

/**
 * Puts an alert into an incident inside one PostgreSQL transaction. Alerts that share a key are
 * serialised by transaction-scoped advisory locks taken in a global order (no deadlocks); every
 * lookup is by key through an index, so the cost does not grow with the number of stored alerts.
 * The decision itself is `planCorrelation`; the incident writer carries it out.
 */
export class CorrelationEngine {
  private readonly alerts: AlertsRepository;
  private readonly incidents: IncidentWriter;
  private readonly repo = new CorrelationRepository();
  private readonly policy: CorrelationPolicy;

  /** With settings that change (`StoredCorrelationPolicy`: read for every alert), or fixed ones. */
  constructor(
    private readonly db: DataSource,
    settings: CorrelationPolicy | CorrelationConfig,
  ) {
    this.alerts = new AlertsRepository(db);
    this.incidents = new IncidentWriter(db);
    this.policy = 'current' in settings ? settings : fixedPolicy(settings);
  }

  async correlate(alertId: string): Promise<CorrelationResult> {
    return this.correlateWith(alertId, await this.policy.current());
  }

  /**
   * Many alerts in order, each in its own transaction as `correlate` does (so concurrent callers take
   * the engine's locks one alert at a time), under the settings read once. An alert that does not
   * exist is `null` in the answer instead of failing the rest.
   */
  async correlateEach(alertIds: string[]): Promise<(CorrelationResult | null)[]> {
    const config = await this.policy.current();
    const out: (CorrelationResult | null)[] = [];
    for (const alertId of alertIds) {
      try {
        out.push(await this.correlateWith(alertId, config));
      } catch (err) {
        if (!(err instanceof AlertNotFoundError)) throw err;
        out.push(null);
      }
    }
    return out;
  }

  private async correlateWith(alertId: string, config: CorrelationConfig): Promise<CorrelationResult> {
    let fresh = false;
    const result = await this.db.transaction('READ COMMITTED', (m) =>
      this.correlateIn(m, alertId, config, () => {
        fresh = true;
      }),
    );
    // Counted once committed, and only for the first correlation (a retry returns the stored decision).
    if (fresh) alertsCorrelated.inc();
    return result;
  }

  /**
   * An alert its detector updated (revision `revision`) goes through correlation again: keys it
   * gained may link it to other open incidents, which are then merged with its own under the same
   * rules as for a new alert (with the reason stored on the alert); its incident's assets, severity
   * and name are recomputed; and when the detector has resolved it and nothing in its incident is
   * left unresolved, the incident is resolved, on the vendor's word. Idempotent per revision.
   */
  async recorrelate(alertId: string, revision: number): Promise<RecorrelationResult> {
    const config = await this.policy.current();
    return this.db.transaction('READ COMMITTED', (m) => this.recorrelateIn(m, alertId, revision, config));
  }

  private async recorrelateIn(
    m: EntityManager,
    alertId: string,
    revision: number,
    config: CorrelationConfig,
  ): Promise<RecorrelationResult> {
    const alert = await this.alerts.lockForRecorrelation(m, alertId);
    if (!alert) throw new AlertNotFoundError(`alert ${alertId} does not exist`);
    const unchanged = (reason: string, incidentId: number | null = alert.incident_id ? Number(alert.incident_id) : null) => ({
      incidentId,
      merged: false,
      mergedIncidentIds: [],
      resolvedIncident: false,
      reason,
    });
    if (alert.correlated_revision >= revision) return unchanged(`revision ${revision} was correlated already`);
    if (!alert.incident_id || !alert.correlation) {
      // Not correlated yet: its first correlation reads the updated alert.
      await this.alerts.markRecorrelated(m, alertId, alert.revision);
      return unchanged('the alert is not correlated yet; its first correlation reads the update');
    }
    const own = await this.incidents.currentId(m, Number(alert.incident_id));

    const links = await this.links(m, alert, config);
    const { joinable, skipped, usable } = links;
    const locked = await this.incidents.lockOpen(m, [...new Set([String(own), ...joinable.map((c) => c.id)])]);
    await this.alerts.recordKeys(m, alert.id, links.keys, alert.first_activity_at);
    await this.repo.recordAliases(m, links.aliasGroups, alert.id, alert.first_activity_at, alert.last_activity_at);
    await this.alerts.markRecorrelated(m, alertId, alert.revision);
    if (!locked.some((i) => Number(i.id) === own)) {
      // Resolved incidents never take new alerts, nor new links: the alert stays where it is.
      await this.incidents.recomputeAggregates(m, own);
      return unchanged(`incident ${own} is closed; the update links nothing new`, own);
    }
    // Its own incident already counts the alert; the others are weighed as for a new alert.
    const candidates: Candidate[] = locked.map((i) => ({
      ...i,
      alert_count: Number(i.id) === own ? i.alert_count - 1 : i.alert_count,
      matched: joinable.find((c) => c.id === String(i.id))?.matched ?? [],
      why: joinable.find((c) => c.id === String(i.id))?.why,
    }));
    const plan = planCorrelation({ hasUsableKeys: usable.length > 0, candidates, mergeCap: config.mergeCap });
    let incidentId = own;
    let merged: number[] = [];
    let reason = `revision ${revision}: links no other open incident`;
    if (plan.decision === 'merged') {
      incidentId = plan.incidentId;
      merged = plan.mergedIncidentIds;
      reason = `revision ${revision} of the alert ${plan.reason}`;
      await this.incidents.merge(m, plan.incidentId, plan.mergedIncidentIds, alert.id);
      const correlation: CorrelationResult = {
        incidentId,
        decision: 'merged',
        matchedKeys: plan.matchedKeys,
        mergedIncidentIds: merged,
        skippedKeys: skipped,
        reason,
      };
      await this.alerts.recordCorrelation(m, alert.id, incidentId, correlation);
      await this.incidents.activity(m, incidentId, 'alert_recorrelated', {
        alertId: alert.id,
        revision,
        reason,
        matchedKeys: plan.matchedKeys,
      });
    } else if (plan.decision === 'joined' && plan.blockedMerge) {
      reason = `revision ${revision}: ${plan.blockedMerge.reason}; the alert stays in incident ${own}`;
      await this.incidents.activity(m, own, 'alert_recorrelated', { alertId: alert.id, revision, reason, mergeBlocked: plan.blockedMerge });
    }
    await this.incidents.addKeys(m, incidentId, usable, alert.first_activity_at, alert.last_activity_at);
    await this.incidents.alertUpdated(m, incidentId, alert.entities);
    let resolvedIncident = false;
    if (alert.status === 'resolved' && (await this.alerts.unresolvedIn(m, incidentId)) === 0) {
      resolvedIncident = await this.incidents.resolveByVendor(m, incidentId, { alertId: alert.id, revision, source: alert.source });
    }
    return { incidentId, merged: merged.length > 0, mergedIncidentIds: merged, resolvedIncident, reason };
  }

  /**
   * The alert's keys, the aliases other alerts stated for its accounts, devices and mailboxes, and
   * the accounts logged on to its devices; then, under advisory locks on all of them (taken in one
   * global order), the open incidents they link, with weak links judged on their evidence.
   */
  private async links(m: EntityManager, alert: CorrelatingAlert, config: CorrelationConfig): Promise<Links> {
    const found = alertKeys(alert.entities, config);
    // The vendor's grouping, where its source takes it as a hint: a key of its own, shared only by that vendor incident's alerts.
    const hint = alert.vendor_group ? vendorIncidentKey(alert.vendor_group) : undefined;
    if (hint && !config.disabledKeyTypes?.includes('vendor:incident')) found.keys.push({ key: hint, entityIndex: -1 });
    const skipped = found.skipped;
    const keys = found.keys.map((k) => k.key);
    const windowSecs = config.windowMs / 1000;
    const from = alert.first_activity_at;
    const to = alert.last_activity_at;
    const entityOf = new Map<string, number>([...found.links, ...found.keys].map((k) => [k.key, k.entityIndex]));
    const aliases = (await this.repo.aliasesOf(m, keys.filter(isIdentity), from, to, windowSecs)).filter((a) => !entityOf.has(a.alias));
    const aliasNote = new Map<string, string>();
    for (const a of aliases) {
      if (aliasNote.has(a.alias)) continue;
      aliasNote.set(a.alias, `${a.alias} is an alias of ${a.key}, stated by alert ${a.alert_id}`);
      entityOf.set(a.alias, entityOf.get(a.key)!);
    }
    const pointers = found.links.map((l) => l.key);
    const all = [...new Set([...keys, ...aliasNote.keys(), ...pointers])];
    const locks = [...new Set(all.map(lockId))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    // One statement: `unnest` hands the sorted ids to the lock function one row at a time, in order.
    if (locks.length)
      await m.query(named('correlation-key-locks', 'SELECT count(pg_advisory_xact_lock(k)) FROM unnest($1::bigint[]) AS k'), [
        locks.map(String),
      ]);

    const infrastructure = keys.filter(isInfrastructureKey);
    const limit = config.prevalenceLimit;
    const usable = infrastructure.length
      ? dropPrevalent(keys, await this.alerts.keyPrevalence(m, infrastructure, from, to, windowSecs, limit + 1), limit, skipped)
      : keys;
    const lookup = [...usable, ...aliasNote.keys(), ...pointers];
    const linked = lookup.length ? await this.incidents.linkedOpen(m, lookup, from, to, windowSecs) : [];
    const policy = config.weakLinks;
    const weak = [...new Set(linked.flatMap((c) => c.matched))].filter((k) => isInfrastructureKey(k) || pointers.includes(k));
    const spread = new Map(
      (await this.repo.incidentSpread(m, weak, new Date(from.getTime() - policy.estateLookbackMs), policy.estateLimit)).map((r) => [
        r.key,
        r.n,
      ]),
    );
    // An address common across the estate links nothing whoever shares it: no need to read who does.
    const sharedBy = await this.sharedAddresses(m, alert, keys, linked, config, (k) => (spread.get(k) ?? 0) < policy.estateLimit);
    // Incidents the alert's device links to only through a URL's site few incidents saw: are they a message's delivery?
    const rareSite = (k: string) => isSiteKey(k) && (spread.get(k) ?? 0) < policy.estateLimit;
    const bySite = keys.some((k) => k.startsWith('device:'))
      ? linked.filter((c) => c.matched.every((k) => weak.includes(k)) && c.matched.some(rareSite)).map((c) => String(c.id))
      : [];
    const deliveries = new Set(await this.alerts.messageDeliveriesAmong(m, bySite));
    const judged = judgeWeakLinks(
      linked,
      keys,
      { from, to, entityOf, pointers: new Set(pointers), spread, sharedBy, deliveries },
      policy,
      skipped,
    );
    const firm = dropStaleDeviceMerges(judged, from, entityOf, policy.proximityMs, skipped);
    const joinable = firm.map((c) => {
      const notes = [c.why, ...c.matched.map((k) => (k === hint ? vendorNote(alert.vendor_group!) : aliasNote.get(k)))].filter(Boolean);
      return { id: String(c.id), matched: c.matched, ...(notes.length ? { why: notes.join('; ') } : {}) };
    });
    return { keys, usable, joinable, skipped, aliasGroups: found.aliasGroups };
  }

  /**
   * For each address that alone links the alert (naming its own devices or accounts) to an incident:
   * how many groups of alerts named it inside the window, the alert included, where alerts that name
   * a common device or account, or that stand in one incident by other evidence than weak keys, are
   * one group. An attacker's server is named by the hosts of one attack, which are linked otherwise;
   * a proxy or VPN egress by unrelated machines and people.
   */
  private async sharedAddresses(
    m: EntityManager,
    alert: CorrelatingAlert,
    keys: string[],
    linked: { matched: string[] }[],
    config: CorrelationConfig,
    worthJudging: (address: string) => boolean,
  ): Promise<Map<string, number>> {
    const own = keys.filter(isIdentity);
    const out = new Map<string, number>();
    if (!own.length) return out;
    const addresses = new Set(
      linked
        .filter((c) => !c.matched.some(isIdentity))
        .flatMap((c) => c.matched.filter((k) => k.startsWith('ip:')))
        .filter(worthJudging),
    );
    const limit = config.weakLinks.estateLimit;
    for (const address of addresses) {
      const others = await this.alerts.alertsWithKey(
        m,
        address,
        alert.first_activity_at,
        alert.last_activity_at,
        config.windowMs / 1000,
        50,
      );
      const groups: Set<string>[] = [new Set(own)];
      for (const o of others.filter((x) => x.alert_id !== alert.id)) {
        const ids = alertKeys(o.entities, config)
          .keys.map((k) => k.key)
          .filter(isIdentity);
        // Its incident ties it to the others there, unless it got there through weak keys alone.
        const firm = o.decision === 'new' || (o.matched ?? []).some((k) => !isInfrastructureKey(k));
        if (o.incident_id && firm) ids.push(`incident:${o.incident_id}`);
        if (!ids.length) continue;
        const touching = groups.filter((g) => ids.some((k) => g.has(k)));
        const merged = new Set([...ids, ...touching.flatMap((g) => [...g])]);
        groups.splice(0, groups.length, ...groups.filter((g) => !touching.includes(g)), merged);
      }
      out.set(address, Math.min(groups.length, limit));
    }
    return out;
  }

  private async record(m: EntityManager, alert: CorrelatingAlert, incidentId: number, links: Links): Promise<void> {
    await this.alerts.recordKeys(m, alert.id, links.keys, alert.first_activity_at);
    await this.repo.recordAliases(m, links.aliasGroups, alert.id, alert.first_activity_at, alert.last_activity_at);
    await this.incidents.addKeys(m, incidentId, links.usable, alert.first_activity_at, alert.last_activity_at);
  }

  private async correlateIn(m: EntityManager, alertId: string, config: CorrelationConfig, decided: () => void): Promise<CorrelationResult> {
    const alert = await this.alerts.lockForCorrelation(m, alertId);
    if (!alert) throw new AlertNotFoundError(`alert ${alertId} does not exist`);
    if (alert.incident_id && alert.correlation) return alert.correlation as CorrelationResult;

    const links = await this.links(m, alert, config);
    const { joinable, skipped, usable } = links;
    // Lock only the incidents the alert may join, re-reading what people may have changed meanwhile.
    const locked = joinable.length
      ? await this.incidents.lockOpen(
          m,
          joinable.map((c) => c.id),
        )
      : [];
    const candidates: Candidate[] = locked.map((i) => {
      const c = joinable.find((x) => x.id === String(i.id))!;
      return { ...i, matched: c.matched, ...(c.why ? { why: c.why } : {}) };
    });

    const plan = planCorrelation({ hasUsableKeys: usable.length > 0, candidates, mergeCap: config.mergeCap });
    const incidentId = await this.carryOut(m, alert, plan);
    const full: CorrelationResult = {
      incidentId,
      decision: plan.decision,
      matchedKeys: plan.matchedKeys,
      mergedIncidentIds: plan.decision === 'merged' ? plan.mergedIncidentIds : [],
      ...(plan.decision === 'joined' && plan.blockedMerge ? { blockedMerge: plan.blockedMerge } : {}),
      reason: plan.reason,
      skippedKeys: skipped,
    };

    await this.record(m, alert, incidentId, links);
    await this.alerts.recordCorrelation(m, alert.id, incidentId, full);
    // A new incident was written with its one alert's summary.
    if (plan.decision !== 'new') await this.incidents.addAlert(m, incidentId, alert);
    decided();
    return full;
  }

  /** Creates, joins or merges as planned, with the incidents' activity log; returns the alert's incident. */
  private async carryOut(m: EntityManager, alert: CorrelatingAlert, plan: ReturnType<typeof planCorrelation>): Promise<number> {
    const joined = { alertId: alert.id, title: alert.title };
    switch (plan.decision) {
      case 'new':
        return this.incidents.create(
          m,
          {
            alertId: alert.id,
            title: alert.title,
            severity: alert.severity,
            firstActivityAt: alert.first_activity_at,
            lastActivityAt: alert.last_activity_at,
            assignedTo: alert.assigned_to,
            alone: { source: alert.source, category: alert.category, detectionSource: alert.detection_source, entities: alert.entities },
          },
          { actor: 'system', details: joined },
          true,
        );
      case 'joined':
        await this.incidents.activity(m, plan.incidentId, 'alert_joined', {
          ...joined,
          matchedKeys: plan.matched,
          ...(plan.blockedMerge ? { mergeBlocked: plan.blockedMerge.reason } : {}),
        });
        return plan.incidentId;
      case 'merged':
        await this.incidents.merge(m, plan.incidentId, plan.mergedIncidentIds, alert.id);
        await this.incidents.activity(m, plan.incidentId, 'alert_joined', { ...joined, matchedKeys: plan.matchedKeys });
        return plan.incidentId;
    }
  }
}
