import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { QuellConfig } from '../config/config.js';
import { type Entity, type Severity, SEVERITIES } from '../domain/alert.js';
import {
  addAssets,
  assetsOf,
  assetNames,
  combineAssets,
  type ImpactedAssets,
  incidentName,
  sortTactics,
} from '../incidents/incident-summary.js';
import { emitEvent } from '../webhooks/events.js';
import { alertKeys, type SkippedKey } from './keys.js';

export type CorrelationDecision = 'new' | 'joined' | 'merged';

export interface CorrelationResult {
  incidentId: number;
  decision: CorrelationDecision;
  matchedKeys: string[];
  skippedKeys: SkippedKey[];
  mergedIncidentIds: number[];
  blockedMerge?: { incidentIds: number[]; reason: string };
  reason: string;
}

export class AlertNotFoundError extends Error {
  override name = 'NotFoundError';
}

interface AlertRow {
  id: string;
  title: string;
  severity: Severity;
  source: string;
  category: string | null;
  detection_source: string | null;
  first_activity_at: Date;
  last_activity_at: Date;
  entities: Entity[];
  incident_id: string | null;
  correlation: CorrelationResult | null;
  assigned_to: string | null;
}

interface CandidateRow {
  id: string;
  matched: string[];
  assigned_to: string | null;
  classification: string | null;
  alert_count: number;
  last_activity_at: Date;
  status: string;
}

const INFRASTRUCTURE_PREFIXES = ['ip:', 'url:', 'file:', 'cloudapp:', 'registry:'];
export const isInfrastructureKey = (key: string) => INFRASTRUCTURE_PREFIXES.some((p) => key.startsWith(p));
const WEAK_PREFIXES = ['ip:', 'file:', 'cloudapp:', 'registry:'];
const isWeakKey = (key: string) => WEAK_PREFIXES.some((p) => key.startsWith(p));
const isIdentityKey = (key: string) => key.startsWith('device:') || key.startsWith('user:') || key.startsWith('mailbox:');

/** A stable 64-bit advisory-lock id for a correlation key. */
function lockId(key: string): bigint {
  return createHash('sha256').update(key).digest().readBigInt64BE(0);
}

/**
 * Puts an alert into an incident inside one PostgreSQL transaction. Alerts that share a key are
 * serialised by transaction-scoped advisory locks taken in a global order (no deadlocks); every
 * lookup is by key through an index, so the cost does not grow with the number of stored alerts.
 */
export class CorrelationEngine {
  constructor(
    private readonly db: DataSource,
    private readonly config: QuellConfig['correlation'],
  ) {}

  correlate(alertId: string): Promise<CorrelationResult> {
    return this.db.transaction('READ COMMITTED', (m) => this.correlateIn(m, alertId));
  }

  private async correlateIn(m: EntityManager, alertId: string): Promise<CorrelationResult> {
    const [alert]: AlertRow[] = await m.query(
      `SELECT id, title, severity, source, category, detection_source, first_activity_at, last_activity_at, entities,
              incident_id, correlation, assigned_to
       FROM alerts WHERE id = $1 FOR UPDATE`,
      [alertId],
    );
    if (!alert) throw new AlertNotFoundError(`alert ${alertId} does not exist`);
    if (alert.incident_id && alert.correlation) return alert.correlation;

    const { keys: found, skipped } = alertKeys(alert.entities, this.config);
    const keys = found.map((k) => k.key);
    const locks = [...new Set(keys.map(lockId))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const id of locks) await m.query('SELECT pg_advisory_xact_lock($1)', [id.toString()]);

    const windowSecs = this.config.windowMs / 1000;
    const from = alert.first_activity_at;
    const to = alert.last_activity_at;
    const usable = await this.dropPrevalent(m, keys, from, to, windowSecs, skipped);

    // Which open incidents share a key (the key locks keep those links stable), then lock only the
    // ones the alert may join, re-reading what people may have changed meanwhile.
    const linked: { id: string; matched: string[] }[] = usable.length
      ? await m.query(
          `SELECT ik.incident_id AS id, array_agg(ik.key ORDER BY ik.key) AS matched
           FROM incident_keys ik JOIN incidents i ON i.id = ik.incident_id
           WHERE ik.key = ANY($1)
             AND ik.last_seen_at >= $2::timestamptz - make_interval(secs => $4)
             AND ik.first_seen_at <= $3::timestamptz + make_interval(secs => $4)
             AND i.status IN ('active','in_progress')
           GROUP BY ik.incident_id`,
          [usable, from, to, windowSecs],
        )
      : [];
    const joinable = this.dropWeakLinks(linked, keys, skipped);
    const locked: Omit<CandidateRow, 'matched'>[] = joinable.length
      ? await m.query(
          `SELECT id, assigned_to, classification, alert_count, last_activity_at, status FROM incidents
           WHERE id = ANY($1) AND status IN ('active','in_progress') ORDER BY id FOR UPDATE`,
          [joinable.map((c) => c.id)],
        )
      : [];
    const candidates: CandidateRow[] = locked.map((i) => ({ ...i, matched: joinable.find((c) => String(c.id) === String(i.id))!.matched }));
    let result: Omit<CorrelationResult, 'skippedKeys'>;
    if (candidates.length === 0) {
      const incidentId = await this.createIncident(m, alert);
      result = { incidentId, decision: 'new', matchedKeys: [], mergedIncidentIds: [], reason: usable.length ? 'no open incident shares a key within the correlation window' : 'the alert has no usable correlation key' };
    } else {
      result = await this.joinOrMerge(m, alert, candidates);
    }
    const full: CorrelationResult = { ...result, skippedKeys: skipped };

    await this.recordKeys(m, alert, keys, usable, full.incidentId);
    await m.query(
      `UPDATE alerts SET incident_id = $2, correlation = $3, correlated_at = now(), dispatched_at = coalesce(dispatched_at, now()),
         assigned_to = coalesce(assigned_to, (SELECT assigned_to FROM incidents WHERE id = $2))
       WHERE id = $1`,
      [alert.id, full.incidentId, JSON.stringify(full)],
    );
    await this.refreshIncident(m, full.incidentId, alert);
    return full;
  }

  /**
   * Infrastructure keys (IPs, URLs, hashes, apps, registry keys) seen in too many alerts inside the
   * window (shared egress IPs, scanners, mass mailers) do not correlate. Identity keys (users,
   * devices, mailboxes, messages) always do: an attack with many alerts on one account is one story.
   */
  private async dropPrevalent(m: EntityManager, allKeys: string[], from: Date, to: Date, windowSecs: number, skipped: SkippedKey[]): Promise<string[]> {
    const keys = allKeys.filter(isInfrastructureKey);
    if (!keys.length) return allKeys;
    const limit = this.config.prevalenceLimit;
    const rows: { key: string; n: number }[] = await m.query(
      `SELECT k.key, (SELECT count(*)::int FROM (
                SELECT 1 FROM alert_keys a
                WHERE a.key = k.key
                  AND a.activity_at BETWEEN $2::timestamptz - make_interval(secs => $4) AND $3::timestamptz + make_interval(secs => $4)
                LIMIT $5) s) AS n
       FROM unnest($1::text[]) AS k(key)`,
      [keys, from, to, windowSecs, limit + 1],
    );
    const prevalent = new Set(rows.filter((r) => r.n >= limit).map((r) => r.key));
    for (const key of prevalent) skipped.push({ key, reason: `high prevalence: seen in ${limit} or more alerts within the correlation window` });
    return allKeys.filter((k) => !prevalent.has(k));
  }

  /**
   * An alert that names its own device, account or mailbox does not join an incident it shares
   * only an IP address, file hash, registry key or cloud app with: shared infrastructure and common
   * binaries link unrelated attacks, and a wrong merge costs analysts more than a split.
   */
  private dropWeakLinks<C extends { id: string; matched: string[] }>(candidates: C[], ownKeys: string[], skipped: SkippedKey[]): C[] {
    if (!ownKeys.some(isIdentityKey)) return candidates;
    return candidates.filter((c) => {
      if (c.matched.some((k) => !isWeakKey(k))) return true;
      for (const key of c.matched) {
        if (!skipped.some((s) => s.key === key)) skipped.push({ key, reason: `weak link: incident ${c.id} shares only this with the alert, whose own devices and accounts it does not name` });
      }
      return false;
    });
  }

  private async joinOrMerge(m: EntityManager, alert: AlertRow, candidates: CandidateRow[]): Promise<Omit<CorrelationResult, 'skippedKeys'>> {
    const cap = this.config.mergeCap;
    const best = [...candidates].sort(
      (a, b) => b.matched.length - a.matched.length || b.last_activity_at.getTime() - a.last_activity_at.getTime() || Number(a.id) - Number(b.id),
    )[0];
    const matchedKeys = [...new Set(candidates.flatMap((c) => c.matched))].sort();
    if (candidates.length === 1) {
      if (best.alert_count + 1 > cap) {
        const incidentId = await this.createIncident(m, alert);
        return { incidentId, decision: 'new', matchedKeys, mergedIncidentIds: [], reason: `incident ${best.id} has reached the cap of ${cap} alerts` };
      }
      await this.activity(m, best.id, 'alert_joined', { alertId: alert.id, title: alert.title, matchedKeys: best.matched });
      return { incidentId: Number(best.id), decision: 'joined', matchedKeys, mergedIncidentIds: [], reason: `shares ${best.matched.join(', ')} with incident ${best.id}` };
    }

    const ids = candidates.map((c) => Number(c.id));
    const blocked = this.mergeBlocker(candidates);
    if (blocked) {
      await this.activity(m, best.id, 'alert_joined', { alertId: alert.id, title: alert.title, matchedKeys: best.matched, mergeBlocked: blocked });
      return {
        incidentId: Number(best.id),
        decision: 'joined',
        matchedKeys,
        mergedIncidentIds: [],
        blockedMerge: { incidentIds: ids, reason: blocked },
        reason: `links incidents ${ids.join(', ')} but the merge is blocked (${blocked}); joined the best match, incident ${best.id}`,
      };
    }
    const target = Math.min(...ids);
    const sources = ids.filter((id) => id !== target);
    await this.merge(m, target, sources, alert.id);
    await this.activity(m, target, 'alert_joined', { alertId: alert.id, title: alert.title, matchedKeys });
    return { incidentId: target, decision: 'merged', matchedKeys, mergedIncidentIds: sources, reason: `links incidents ${ids.join(', ')}: merged into the oldest, incident ${target}` };
  }

  private mergeBlocker(c: CandidateRow[]): string | undefined {
    const assignees = new Set(c.map((x) => x.assigned_to).filter(Boolean));
    if (assignees.size > 1) return `different assignees: ${[...assignees].join(', ')}`;
    const classes = new Set(c.map((x) => x.classification).filter(Boolean));
    if (classes.size > 1) return `different classifications: ${[...classes].join(', ')}`;
    const total = c.reduce((n, x) => n + x.alert_count, 0) + 1;
    if (total > this.config.mergeCap) return `the merged incident would have ${total} alerts, over the cap of ${this.config.mergeCap}`;
    return undefined;
  }

  /** Moves alerts, keys, tags and assets of `sources` into `target`; the sources become redirected. */
  async merge(m: EntityManager, target: number, sources: number[], byAlert: string | null, actor = 'system'): Promise<void> {
    await m.query('UPDATE alerts SET incident_id = $1 WHERE incident_id = ANY($2)', [target, sources]);
    await m.query(
      `INSERT INTO incident_keys (key, incident_id, first_seen_at, last_seen_at)
       SELECT key, $1, min(first_seen_at), max(last_seen_at) FROM incident_keys WHERE incident_id = ANY($2) GROUP BY key
       ON CONFLICT (key, incident_id) DO UPDATE SET
         first_seen_at = least(incident_keys.first_seen_at, excluded.first_seen_at),
         last_seen_at = greatest(incident_keys.last_seen_at, excluded.last_seen_at)`,
      [target, sources],
    );
    await m.query('DELETE FROM incident_keys WHERE incident_id = ANY($1)', [sources]);
    const rows: { id: string; tags: string[]; system_tags: string[]; impacted_assets: ImpactedAssets; assigned_to: string | null; classification: string | null; determination: string | null }[] =
      await m.query('SELECT id, tags, system_tags, impacted_assets, assigned_to, classification, determination FROM incidents WHERE id = ANY($1) ORDER BY id', [[target, ...sources]]);
    const t = rows.find((r) => Number(r.id) === target)!;
    const others = rows.filter((r) => Number(r.id) !== target);
    const assets = others.reduce((acc, r) => combineAssets(acc, r.impacted_assets), t.impacted_assets);
    await m.query(
      `UPDATE incidents SET
         tags = ARRAY(SELECT DISTINCT unnest(tags || $2::text[])),
         system_tags = ARRAY(SELECT DISTINCT unnest(system_tags || $3::text[])),
         impacted_assets = $4,
         assigned_to = coalesce(assigned_to, $5),
         first_assigned_at = coalesce(first_assigned_at, CASE WHEN $5::text IS NOT NULL THEN now() END),
         classification = coalesce(classification, $6),
         determination = CASE WHEN classification IS NULL THEN $7 ELSE determination END,
         version = version + 1, updated_at = now()
       WHERE id = $1`,
      [
        target,
        others.flatMap((r) => r.tags),
        others.flatMap((r) => r.system_tags),
        JSON.stringify(assets),
        others.find((r) => r.assigned_to)?.assigned_to ?? null,
        others.find((r) => r.classification)?.classification ?? null,
        others.find((r) => r.classification)?.determination ?? null,
      ],
    );
    await m.query(
      `UPDATE incidents SET status = 'redirected', redirected_to = $1, alert_count = 0, version = version + 1, updated_at = now()
       WHERE id = ANY($2)`,
      [target, sources],
    );
    // Incidents that were redirected to a source now point at the final target.
    await m.query('UPDATE incidents SET redirected_to = $1 WHERE redirected_to = ANY($2)', [target, sources]);
    await this.activity(m, target, 'merged', { from: sources, byAlert }, actor);
    for (const s of sources) await this.activity(m, s, 'redirected', { to: target, byAlert }, actor);
    await this.recomputeAggregates(m, target);
  }

  private async createIncident(m: EntityManager, alert: AlertRow): Promise<number> {
    const [row]: { id: string }[] = await m.query(
      `INSERT INTO incidents (name, severity, first_activity_at, last_activity_at, assigned_to)
       VALUES ($1, $2, $3, $4, $5) RETURNING id`,
      [`'${alert.title}'`, alert.severity, alert.first_activity_at, alert.last_activity_at, alert.assigned_to],
    );
    await this.activity(m, row.id, 'created', { alertId: alert.id, title: alert.title });
    await emitEvent(m, 'incident.created', row.id, { incidentId: Number(row.id), firstAlert: { id: alert.id, title: alert.title, severity: alert.severity } });
    return Number(row.id);
  }

  private async recordKeys(m: EntityManager, alert: AlertRow, allKeys: string[], usable: string[], incidentId: number): Promise<void> {
    if (allKeys.length) {
      await m.query(
        `INSERT INTO alert_keys (key, activity_at, alert_id) SELECT unnest($1::text[]), $2, $3 ON CONFLICT DO NOTHING`,
        [allKeys, alert.first_activity_at, alert.id],
      );
    }
    if (usable.length) {
      await m.query(
        `INSERT INTO incident_keys (key, incident_id, first_seen_at, last_seen_at)
         SELECT unnest($1::text[]), $2, $3, $4
         ON CONFLICT (key, incident_id) DO UPDATE SET
           first_seen_at = least(incident_keys.first_seen_at, excluded.first_seen_at),
           last_seen_at = greatest(incident_keys.last_seen_at, excluded.last_seen_at)`,
        [usable, incidentId, alert.first_activity_at, alert.last_activity_at],
      );
    }
  }

  /** Adds the alert's assets, then recomputes counters, severity, categories, sources and the name. */
  private async refreshIncident(m: EntityManager, incidentId: number, alert: AlertRow): Promise<void> {
    const [inc]: { impacted_assets: ImpactedAssets }[] = await m.query('SELECT impacted_assets FROM incidents WHERE id = $1', [incidentId]);
    const assets = addAssets(inc.impacted_assets, assetsOf(alert.entities));
    await m.query('UPDATE incidents SET impacted_assets = $2 WHERE id = $1', [incidentId, JSON.stringify(assets)]);
    await this.recomputeAggregates(m, incidentId);
  }

  async recomputeAggregates(m: EntityManager, incidentId: number): Promise<void> {
    const [agg]: {
      alert_count: number;
      max_rank: number;
      first_at: Date;
      last_at: Date;
      categories: string[];
      sources: string[];
      detection_sources: string[];
      first_title: string;
      impacted_assets: ImpactedAssets;
      name_set_by_analyst: boolean;
    }[] = await m.query(
      `SELECT count(*)::int AS alert_count,
              max(array_position($2::text[], a.severity)) AS max_rank,
              min(a.first_activity_at) AS first_at, max(a.last_activity_at) AS last_at,
              coalesce(array_agg(DISTINCT a.category) FILTER (WHERE a.category IS NOT NULL), '{}') AS categories,
              array_agg(DISTINCT a.source) AS sources,
              coalesce(array_agg(DISTINCT a.detection_source) FILTER (WHERE a.detection_source IS NOT NULL), '{}') AS detection_sources,
              (array_agg(a.title ORDER BY a.first_activity_at, a.id))[1] AS first_title,
              i.impacted_assets, i.name_set_by_analyst
       FROM incidents i JOIN alerts a ON a.incident_id = i.id
       WHERE i.id = $1
       GROUP BY i.id`,
      [incidentId, SEVERITIES],
    );
    if (!agg) {
      await m.query(
        `UPDATE incidents SET alert_count = 0, impacted_assets = '{}', asset_names = '{}', version = version + 1, updated_at = now() WHERE id = $1`,
        [incidentId],
      );
      return;
    }
    const name = incidentName({
      alertCount: agg.alert_count,
      firstTitle: agg.first_title,
      categories: agg.categories,
      sources: agg.sources,
      assets: agg.impacted_assets,
    });
    await m.query(
      `UPDATE incidents SET
         alert_count = $2,
         severity = CASE WHEN severity_set_by_analyst THEN severity ELSE $3 END,
         first_activity_at = $4, last_activity_at = $5,
         categories = $6, sources = $7, detection_sources = $8,
         name = CASE WHEN name_set_by_analyst THEN name ELSE $9 END,
         asset_names = $10,
         version = version + 1, updated_at = now()
       WHERE id = $1`,
      [incidentId, agg.alert_count, SEVERITIES[agg.max_rank - 1], agg.first_at, agg.last_at, sortTactics(agg.categories), agg.sources.sort(), agg.detection_sources.sort(), name, assetNames(agg.impacted_assets)],
    );
  }

  /** After alerts leave an incident by hand: its keys and assets are rebuilt from the alerts it still has. */
  async rebuildFromAlerts(m: EntityManager, incidentId: number): Promise<void> {
    await m.query('DELETE FROM incident_keys WHERE incident_id = $1', [incidentId]);
    await m.query(
      `INSERT INTO incident_keys (key, incident_id, first_seen_at, last_seen_at)
       SELECT k.key, $1, min(a.first_activity_at), max(a.last_activity_at)
       FROM alerts a JOIN alert_keys k ON k.alert_id = a.id WHERE a.incident_id = $1 GROUP BY k.key`,
      [incidentId],
    );
    const alerts: { entities: Entity[] }[] = await m.query('SELECT entities FROM alerts WHERE incident_id = $1', [incidentId]);
    const assets = alerts.reduce<ImpactedAssets>((acc, a) => addAssets(acc, assetsOf(a.entities)), {});
    await m.query('UPDATE incidents SET impacted_assets = $2 WHERE id = $1', [incidentId, JSON.stringify(assets)]);
    await this.recomputeAggregates(m, incidentId);
  }

  async activity(m: EntityManager, incidentId: number | string, kind: string, details: object, actor = 'system'): Promise<void> {
    await m.query('INSERT INTO incident_activity (incident_id, actor, kind, details) VALUES ($1, $2, $3, $4)', [incidentId, actor, kind, JSON.stringify(details)]);
  }
}
