import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AlertsRepository, type CorrelatingAlert } from '../alerts/alerts.repository.js';
import { type Entity, type Severity, SEVERITIES } from '../domain/alert.js';
import type { InvestigationState } from '../domain/investigation.js';
import { emitEvent } from '../webhooks/webhook.store.js';
import { addAssets, assetNames, assetsOf, combineAssets, type ImpactedAssets, incidentName, sortTactics } from './incident-summary.js';
import { INCIDENT_COLUMNS, type IncidentRow } from './incidents.repository.js';
import type { IncidentComment } from './incident.dto.js';
import { named } from '../db/named-statement.js';

/** An open incident that shares keys with an alert, as correlation weighs it. */
export interface LinkedIncident {
  id: string;
  assigned_to: string | null;
  classification: string | null;
  alert_count: number;
  last_activity_at: Date;
  status: string;
}

/** What a new incident starts from: its first alert. */
export interface IncidentSeed {
  alertId: string;
  title: string;
  severity: Severity;
  firstActivityAt: Date;
  lastActivityAt: Date;
  assignedTo?: string | null;
  /**
   * The rest of the alert, when it is the incident's only alert from the start (correlation): the
   * incident is then written with its whole summary at once, as `recomputeAggregates` would leave it.
   */
  alone?: { source: string; category: string | null; detectionSource: string | null; entities: Entity[] };
}

/** What an incident's summary columns are computed from: its alerts taken together. */
interface AlertAggregate {
  alertCount: number;
  severity: Severity;
  firstAt: Date;
  lastAt: Date;
  categories: string[];
  sources: string[];
  detectionSources: string[];
  firstTitle: string;
  assets: ImpactedAssets;
}

/** What of an alert goes into its incident's summary. */
export type SummarisedAlert = Pick<
  CorrelatingAlert,
  'severity' | 'first_activity_at' | 'last_activity_at' | 'category' | 'source' | 'detection_source' | 'entities'
>;

/** An incident's stored summary of its alerts, as `addAlert` extends it. */
interface IncidentSummaryRow {
  alert_count: number;
  severity: Severity;
  first_activity_at: Date;
  last_activity_at: Date;
  categories: string[];
  sources: string[];
  detection_sources: string[];
  impacted_assets: ImpactedAssets;
}

/**
 * The summary an incident with these alerts has, as values in this order: alert count, severity,
 * first and last activity, categories, sources, detection sources, name, asset names, impacted assets.
 */
function summaryValues(agg: AlertAggregate): unknown[] {
  const name = incidentName({
    alertCount: agg.alertCount,
    firstTitle: agg.firstTitle,
    categories: agg.categories,
    sources: agg.sources,
    assets: agg.assets,
  });
  return [
    agg.alertCount,
    agg.severity,
    agg.firstAt,
    agg.lastAt,
    sortTactics(agg.categories),
    [...agg.sources].sort(),
    [...agg.detectionSources].sort(),
    name,
    assetNames(agg.assets),
    JSON.stringify(agg.assets),
  ];
}

/**
 * The incident write model. Owns `incidents`, `incident_keys`, `incident_activity` and
 * `incident_comments`: creation, keys, merges, aggregates, analysts' changes and comments, and the
 * append-only activity log. Every method runs in the caller's transaction.
 */
@Injectable()
export class IncidentWriter {
  private readonly alerts: AlertsRepository;

  constructor(private readonly db: DataSource) {
    this.alerts = new AlertsRepository(db);
  }

  async activity(m: EntityManager, incidentId: number | string, kind: string, details: object, actor = 'system'): Promise<void> {
    await m.query(named('incident-activity', 'INSERT INTO incident_activity (incident_id, actor, kind, details) VALUES ($1, $2, $3, $4)'), [
      incidentId,
      actor,
      kind,
      JSON.stringify(details),
    ]);
  }

  async countActivity(m: EntityManager, incidentId: number, kind: string): Promise<number> {
    const [{ n }] = await m.query('SELECT count(*)::int AS n FROM incident_activity WHERE incident_id = $1 AND kind = $2', [
      incidentId,
      kind,
    ]);
    return n;
  }

  async lock(m: EntityManager, id: number): Promise<IncidentRow | undefined> {
    const rows = await m.query(`SELECT ${INCIDENT_COLUMNS} FROM incidents i WHERE i.id = $1 FOR UPDATE`, [id]);
    return rows[0];
  }

  /** Locks several incidents in id order (no deadlocks between two people's requests). */
  lockAll(m: EntityManager, ids: number[]): Promise<IncidentRow[]> {
    return m.query(`SELECT ${INCIDENT_COLUMNS} FROM incidents i WHERE i.id = ANY($1) ORDER BY i.id FOR UPDATE`, [ids]);
  }

  /** The incident that stands for `id` now: itself, or the one it was merged into. */
  async currentId(m: EntityManager, id: number): Promise<number> {
    return (await m.query(`SELECT coalesce(redirected_to, id)::int AS id FROM incidents WHERE id = $1`, [id]))[0].id;
  }

  /**
   * `announce` (correlation's new incidents) also tells webhook subscribers; an analyst's move
   * into a new incident does not, and leaves it unassigned.
   */
  async create(m: EntityManager, seed: IncidentSeed, activity: { actor: string; details: object }, announce = false): Promise<number> {
    const alone = seed.alone;
    const [row]: { id: string }[] = alone
      ? await m.query(
          named(
            'incident-create-alone',
            `INSERT INTO incidents (assigned_to, alert_count, severity, first_activity_at, last_activity_at, categories, sources,
                                  detection_sources, name, asset_names, impacted_assets)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
          ),
          [
            seed.assignedTo ?? null,
            ...summaryValues({
              alertCount: 1,
              severity: seed.severity,
              firstAt: seed.firstActivityAt,
              lastAt: seed.lastActivityAt,
              categories: alone.category ? [alone.category] : [],
              sources: [alone.source],
              detectionSources: alone.detectionSource ? [alone.detectionSource] : [],
              firstTitle: seed.title,
              assets: addAssets({}, assetsOf(alone.entities)),
            }),
          ],
        )
      : await m.query(
          `INSERT INTO incidents (name, severity, first_activity_at, last_activity_at, assigned_to)
           VALUES ($1, $2, $3, $4, $5) RETURNING id`,
          [`'${seed.title}'`, seed.severity, seed.firstActivityAt, seed.lastActivityAt, seed.assignedTo ?? null],
        );
    await this.activity(m, row.id, 'created', activity.details, activity.actor);
    if (announce)
      await emitEvent(m, 'incident.created', row.id, {
        incidentId: Number(row.id),
        firstAlert: { id: seed.alertId, title: seed.title, severity: seed.severity },
      });
    return Number(row.id);
  }

  /** Open incidents that share one of `keys` within the window, with the keys they share. */
  linkedOpen(
    m: EntityManager,
    keys: string[],
    from: Date,
    to: Date,
    windowSecs: number,
  ): Promise<{ id: string; matched: string[]; first_seen: Date[]; last_seen: Date[] }[]> {
    return m.query(
      `SELECT ik.incident_id AS id, array_agg(ik.key ORDER BY ik.key) AS matched,
              array_agg(ik.first_seen_at ORDER BY ik.key) AS first_seen, array_agg(ik.last_seen_at ORDER BY ik.key) AS last_seen
       FROM incident_keys ik JOIN incidents i ON i.id = ik.incident_id
       WHERE ik.key = ANY($1)
         AND ik.last_seen_at >= $2::timestamptz - make_interval(secs => $4)
         AND ik.first_seen_at <= $3::timestamptz + make_interval(secs => $4)
         AND i.status IN ('active','in_progress')
       GROUP BY ik.incident_id`,
      [keys, from, to, windowSecs],
    );
  }

  /** Open incidents (not merged away) that any of `keys` has been seen in, whatever the window: what else an action on the entity touches. */
  async openWithKeys(keys: string[]): Promise<number[]> {
    const rows: { id: number }[] = await this.db.query(
      `SELECT DISTINCT i.id::int AS id FROM incident_keys ik JOIN incidents i ON i.id = ik.incident_id
       WHERE ik.key = ANY($1) AND i.status IN ('active','in_progress') ORDER BY 1`,
      [keys],
    );
    return rows.map((r) => r.id);
  }

  /** Locks the incidents still open among `ids`, re-reading what people may have changed meanwhile. */
  lockOpen(m: EntityManager, ids: string[]): Promise<LinkedIncident[]> {
    return m.query(
      `SELECT id, assigned_to, classification, alert_count, last_activity_at, status FROM incidents
       WHERE id = ANY($1) AND status IN ('active','in_progress') ORDER BY id FOR UPDATE`,
      [ids],
    );
  }

  async addKeys(m: EntityManager, incidentId: number, keys: string[], from: Date, to: Date): Promise<void> {
    if (!keys.length) return;
    await m.query(
      named(
        'incident-keys-add',
        `INSERT INTO incident_keys (key, incident_id, first_seen_at, last_seen_at)
       SELECT unnest($1::text[]), $2, $3, $4
       ON CONFLICT (key, incident_id) DO UPDATE SET
         first_seen_at = least(incident_keys.first_seen_at, excluded.first_seen_at),
         last_seen_at = greatest(incident_keys.last_seen_at, excluded.last_seen_at)`,
      ),
      [keys, incidentId, from, to],
    );
  }

  /** Moves alerts, keys, tags and assets of `sources` into `target`; the sources become redirected. */
  async merge(m: EntityManager, target: number, sources: number[], byAlert: string | null, actor = 'system'): Promise<void> {
    await this.alerts.moveIncidents(m, sources, target);
    await m.query(
      `INSERT INTO incident_keys (key, incident_id, first_seen_at, last_seen_at)
       SELECT key, $1, min(first_seen_at), max(last_seen_at) FROM incident_keys WHERE incident_id = ANY($2) GROUP BY key
       ON CONFLICT (key, incident_id) DO UPDATE SET
         first_seen_at = least(incident_keys.first_seen_at, excluded.first_seen_at),
         last_seen_at = greatest(incident_keys.last_seen_at, excluded.last_seen_at)`,
      [target, sources],
    );
    await m.query('DELETE FROM incident_keys WHERE incident_id = ANY($1)', [sources]);
    const rows: {
      id: string;
      tags: string[];
      system_tags: string[];
      impacted_assets: ImpactedAssets;
      assigned_to: string | null;
      classification: string | null;
      determination: string | null;
    }[] = await m.query(
      'SELECT id, tags, system_tags, impacted_assets, assigned_to, classification, determination FROM incidents WHERE id = ANY($1) ORDER BY id',
      [[target, ...sources]],
    );
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

  /** An alert of the incident changed (its detector updated it): its assets are added and the summary recomputed from all its alerts. */
  async alertUpdated(m: EntityManager, incidentId: number, entities: Entity[]): Promise<void> {
    await this.recomputeAggregates(m, incidentId, (stored) => addAssets(stored, assetsOf(entities)));
  }

  /**
   * Adds an alert that was not in the incident to its summary (counters, severity, times, categories,
   * sources, assets, name), from the incident's row and the alert alone: the cost stays the same
   * however many alerts the incident holds, which a detector misfiring on one host fills up to the
   * merge cap. The row must hold the summary of the incident's other alerts, as every writer leaves it.
   */
  async addAlert(m: EntityManager, incidentId: number, alert: SummarisedAlert): Promise<void> {
    const [row]: IncidentSummaryRow[] = await m.query(
      named(
        'incident-summary',
        `SELECT alert_count, severity, first_activity_at, last_activity_at, categories, sources, detection_sources, impacted_assets
         FROM incidents WHERE id = $1`,
      ),
      [incidentId],
    );
    if (!row || row.alert_count < 1) return this.alertUpdated(m, incidentId, alert.entities);
    const rank = (s: Severity) => SEVERITIES.indexOf(s);
    await this.writeSummary(m, incidentId, {
      alertCount: row.alert_count + 1,
      // Analysts' severity is kept by the update; otherwise the row's is its alerts' highest.
      severity: rank(alert.severity) > rank(row.severity) ? alert.severity : row.severity,
      firstAt: alert.first_activity_at < row.first_activity_at ? alert.first_activity_at : row.first_activity_at,
      lastAt: alert.last_activity_at > row.last_activity_at ? alert.last_activity_at : row.last_activity_at,
      categories: alert.category ? [...row.categories, alert.category] : row.categories,
      sources: [...new Set([...row.sources, alert.source])],
      detectionSources: alert.detection_source ? [...new Set([...row.detection_sources, alert.detection_source])] : row.detection_sources,
      // Only a one-alert incident is named after its alert's title.
      firstTitle: '',
      assets: addAssets(row.impacted_assets, assetsOf(alert.entities)),
    });
  }

  /** Recomputes the summary from the incident's alerts; `assets` first changes its impacted assets, in the same update. */
  async recomputeAggregates(m: EntityManager, incidentId: number, assets?: (stored: ImpactedAssets) => ImpactedAssets): Promise<void> {
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
    }[] = await m.query(
      `SELECT count(*)::int AS alert_count,
              max(array_position($2::text[], a.severity)) AS max_rank,
              min(a.first_activity_at) AS first_at, max(a.last_activity_at) AS last_at,
              coalesce(array_agg(DISTINCT a.category) FILTER (WHERE a.category IS NOT NULL), '{}') AS categories,
              array_agg(DISTINCT a.source) AS sources,
              coalesce(array_agg(DISTINCT a.detection_source) FILTER (WHERE a.detection_source IS NOT NULL), '{}') AS detection_sources,
              (array_agg(a.title ORDER BY a.first_activity_at, a.id))[1] AS first_title,
              i.impacted_assets
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
    const summary: AlertAggregate = {
      alertCount: agg.alert_count,
      severity: SEVERITIES[agg.max_rank - 1],
      firstAt: agg.first_at,
      lastAt: agg.last_at,
      categories: agg.categories,
      sources: agg.sources,
      detectionSources: agg.detection_sources,
      firstTitle: agg.first_title,
      assets: assets ? assets(agg.impacted_assets) : agg.impacted_assets,
    };
    await this.writeSummary(m, incidentId, summary);
  }

  /** Writes a summary, keeping what analysts set themselves (severity, name). */
  private async writeSummary(m: EntityManager, incidentId: number, summary: AlertAggregate): Promise<void> {
    await m.query(
      named(
        'incident-summary-write',
        `UPDATE incidents SET
           alert_count = $2,
           severity = CASE WHEN severity_set_by_analyst THEN severity ELSE $3 END,
           first_activity_at = $4, last_activity_at = $5,
           categories = $6, sources = $7, detection_sources = $8,
           name = CASE WHEN name_set_by_analyst THEN name ELSE $9 END,
           asset_names = $10, impacted_assets = $11,
           version = version + 1, updated_at = now()
         WHERE id = $1`,
      ),
      [incidentId, ...summaryValues(summary)],
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
    const alerts = await this.alerts.entitiesIn(m, incidentId);
    const assets = alerts.reduce<ImpactedAssets>((acc, a) => addAssets(acc, assetsOf(a.entities)), {});
    await this.recomputeAggregates(m, incidentId, () => assets);
  }

  /** An analyst's changes (planned and checked by `planChanges`), carried to the incident's alerts, logged and announced. */
  async applyChanges(
    m: EntityManager,
    current: IncidentRow,
    set: Record<string, unknown>,
    changes: Record<string, unknown>,
    actor: string,
  ): Promise<void> {
    if (!Object.keys(changes).length) return;
    const id = current.id;
    const cols = Object.keys(set);
    const assignments = cols.map((col, i) => `${col} = $${i + 2}`);
    if ('assigned_to' in set && set.assigned_to) assignments.push('first_assigned_at = coalesce(first_assigned_at, now())');
    if (set.status === 'resolved') assignments.push(`resolved_at = now()`, `resolved_by = $${cols.length + 2}`);
    else if ('status' in set) assignments.push('resolved_at = NULL', 'resolved_by = NULL');
    await m.query(`UPDATE incidents SET ${assignments.join(', ')}, version = version + 1, updated_at = now() WHERE id = $1`, [
      id,
      ...cols.map((c) => set[c]),
      ...(set.status === 'resolved' ? [actor] : []),
    ]);
    if (set.severity_set_by_analyst === false) {
      await m.query(
        `UPDATE incidents SET severity = coalesce((SELECT ($2::text[])[max(array_position($2::text[], a.severity))] FROM alerts a WHERE a.incident_id = $1), severity) WHERE id = $1`,
        [id, SEVERITIES],
      );
    }
    if ('assigned_to' in set) await this.alerts.assignIncident(m, id, set.assigned_to);
    if (set.status === 'resolved') await this.alerts.resolveIncident(m, id);
    await this.activity(m, id, 'updated', { changes }, actor);
    await emitEvent(m, 'incident.updated', `${id}:${current.version}`, { incidentId: id, changes, by: actor });
  }

  async comment(m: EntityManager, incidentId: number, author: string, text: string): Promise<IncidentComment> {
    const [row]: IncidentComment[] = await m.query(
      `INSERT INTO incident_comments (incident_id, author, text) VALUES ($1, $2, $3)
       RETURNING id::text, incident_id::int AS "incidentId", author, text, created_at AS "createdAt"`,
      [incidentId, author, text],
    );
    await m.query('UPDATE incidents SET version = version + 1, updated_at = now() WHERE id = $1', [incidentId]);
    await this.activity(m, incidentId, 'comment', { commentId: row.id, text }, author);
    return row;
  }

  async setInvestigationState(m: EntityManager, incidentId: number, state: InvestigationState): Promise<void> {
    // updated_at moves (the version does not: an analyst's If-Match stays good), so the changes feed shows it.
    await m.query(
      `UPDATE incidents SET investigation_state = $2, updated_at = now() WHERE id = $1 AND investigation_state IS DISTINCT FROM $2`,
      [incidentId, state],
    );
  }

  /**
   * Resolves an open incident whose alerts its detector has all resolved. The change is the
   * vendor's (origin `vendor`), so it is never written back.
   */
  async resolveByVendor(
    m: EntityManager,
    incidentId: number,
    details: { alertId: string; revision: number; source: string },
  ): Promise<boolean> {
    const actor = `vendor:${details.source}`;
    const [updated]: [unknown[], number] = await m.query(
      `UPDATE incidents SET status = 'resolved', resolved_at = now(), resolved_by = $2, version = version + 1, updated_at = now()
       WHERE id = $1 AND status IN ('active','in_progress') RETURNING id`,
      [incidentId, actor],
    );
    if (!updated.length) return false;
    await this.activity(m, incidentId, 'resolved_by_vendor', { ...details, origin: 'vendor' }, actor);
    await emitEvent(m, 'incident.updated', `${incidentId}:vendor:${details.alertId}:${details.revision}`, {
      incidentId,
      changes: { status: { to: 'resolved' } },
      by: actor,
    });
    return true;
  }

  /** Resolves an open incident the system has settled; the log says which investigation did. */
  async resolveByAutomation(m: EntityManager, incidentId: number, details: object): Promise<void> {
    const [updated]: [unknown[], number] = await m.query(
      `UPDATE incidents SET status = 'resolved', resolved_at = now(), resolved_by = 'system',
         system_tags = ARRAY(SELECT DISTINCT unnest(system_tags || ARRAY['auto-resolved'])), version = version + 1, updated_at = now()
       WHERE id = $1 AND status IN ('active','in_progress') RETURNING id`,
      [incidentId],
    );
    if (updated.length) await this.activity(m, incidentId, 'auto_resolved', details);
  }
}
