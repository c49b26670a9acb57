import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { AlertStatus, Entity, NativeAlert, Severity } from '../domain/alert.js';
import type { ChangeOrigin } from '../domain/alert-sync.js';
import type { InvestigationState } from '../domain/investigation.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { alertInScope } from '../auth/scope.sql.js';
import type { ScopeLimit } from '../domain/scope.js';
import type { AlertDetail, AlertRecord } from './alert.dto.js';
import { named } from '../db/named-statement.js';

export interface StoredAlertRef {
  index: number;
  id: string;
  status: 'accepted' | 'duplicate';
  dispatched: boolean;
}

export interface AlertFilters {
  incidentId?: number;
  source?: string[];
  severity?: string[];
  status?: string[];
  since?: string;
  until?: string;
  limit: number;
  cursor?: string;
  /** The caller's scope: only alerts whose incident it covers. */
  scope?: ScopeLimit;
}

const ALERT_COLUMNS = `a.id, a.source, a.external_id AS "externalId", a.detection_source AS "detectionSource", a.title,
  a.description, a.type, a.severity, a.category, a.mitre_techniques AS "mitreTechniques",
  a.first_activity_at AS "firstActivityAt", a.last_activity_at AS "lastActivityAt", a.entities, a.format, a.status,
  a.assigned_to AS "assignedTo", a.incident_id::int AS "incidentId", a.correlation, a.received_at AS "receivedAt",
  a.correlated_at AS "correlatedAt", a.investigation_id AS "investigationId", a.investigation_state AS "investigationState",
  a.vendor_updated_at AS "lastUpdatedAt", a.revision, a.updated_at AS "updatedAt"`;

/** An alert as correlation reads it, under its row lock. */
export interface CorrelatingAlert {
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
  correlation: object | null;
  assigned_to: string | null;
  /** The vendor's grouping taken as a hint (see `vendorIncidentKey`), or null. */
  vendor_group: string | null;
}

type Db = EntityManager | DataSource;

/** `(source, externalId)`, the business key of an alert, as one map key. */
export const alertKey = (a: { source: string; externalId: string }) => `${a.source}\u0000${a.externalId}`;

/** The PostgreSQL channel a commit of new or updated alerts notifies; the dispatchers listen on it. */
export const ALERTS_STORED_CHANNEL = 'quell_alerts_stored';

/** The fields of an alert a detector may change, as stored. */
export interface AlertContent {
  detectionSource: string | null;
  title: string;
  description: string | null;
  type: string;
  severity: Severity;
  category: string | null;
  mitreTechniques: string[];
  firstActivityAt: Date;
  lastActivityAt: Date;
  entities: Entity[];
  status: AlertStatus;
  vendorUpdatedAt: Date | null;
}

/** A stored alert under its row lock, as an update compares it. */
export interface StoredAlert extends AlertContent {
  id: string;
  source: string;
  externalId: string;
  incidentId: number | null;
  revision: number;
  dispatched: boolean;
}

export interface AlertActivity {
  id: string;
  at: Date;
  actor: string;
  origin: ChangeOrigin;
  kind: string;
  details: Record<string, unknown>;
}

/** An alert a vendor writer may update: its id at the vendor, the last update Quell knows of, and its stored payload. */
export interface WritebackAlert {
  id: string;
  externalId: string;
  format: string;
  vendorUpdatedAt: Date | null;
  raw: unknown;
}

/** What correlation stored on an alert, as far as feedback reads it. */
export interface CorrelationRecord {
  reason?: string;
  matchedKeys?: string[];
  skippedKeys?: { key: string; reason: string }[];
}

/** Owns `alerts` and `alert_keys`: every write to them is here; callers pass their transaction. */
@Injectable()
export class AlertsRepository {
  constructor(private readonly db: DataSource) {}

  /**
   * Stores a whole batch in one transaction. `(source, externalId)` is unique, so a resend (even a
   * concurrent one) finds the row the first delivery wrote and reports it as a duplicate.
   */
  async insertBatch(alerts: NativeAlert[], format: string, receivedAt: Date): Promise<StoredAlertRef[]> {
    return this.db.transaction(async (m) => {
      const fresh = await this.insertNew(m, alerts, format, receivedAt);
      const missing = alerts.filter((a) => !fresh.has(alertKey(a)));
      const existing = new Map((await this.lockByKeys(m, missing)).map((f) => [alertKey(f), f]));
      const claimed = new Set<string>();
      return alerts.map((a, index) => {
        const k = alertKey(a);
        const id = fresh.get(k);
        if (id && !claimed.has(k)) {
          claimed.add(k);
          return { index, id, status: 'accepted', dispatched: false };
        }
        const prior = existing.get(k);
        return { index, id: id ?? prior!.id, status: 'duplicate', dispatched: id ? false : prior!.dispatched };
      });
    });
  }

  /** Inserts the alerts whose `(source, externalId)` is new; returns their ids by `alertKey`. A concurrent insert of the same key waits, then finds it taken. */
  async insertNew(
    m: Db,
    alerts: NativeAlert[],
    format: string,
    receivedAt: Date,
    vendorGroups: (string | undefined)[] = [],
    traceparent: string | null = null,
  ): Promise<Map<string, string>> {
    // One JSON document for the batch. Fields the alert leaves out stay out (`JSON.stringify` drops
    // undefined, and a missing key is NULL to `jsonb_to_recordset`); their defaults are applied in SQL,
    // so a batch of 500 is serialized, sent and parsed with nothing it does not carry.
    const rows = alerts.map((a, i) => ({
      source: a.source,
      external_id: a.externalId,
      detection_source: a.detectionSource,
      title: a.title,
      description: a.description,
      type: a.type,
      severity: a.severity,
      category: a.category,
      mitre_techniques: a.mitreTechniques,
      first_activity_at: a.firstActivityAt,
      last_activity_at: a.lastActivityAt,
      entities: a.entities,
      raw: a.raw,
      status: a.status,
      vendor_updated_at: a.lastUpdatedAt,
      vendor_group: vendorGroups[i],
    }));
    const inserted: { id: string; source: string; external_id: string }[] = await m.query(
      `INSERT INTO alerts (source, external_id, detection_source, title, description, type, severity, category,
                           mitre_techniques, first_activity_at, last_activity_at, entities, raw, format, status, vendor_updated_at, vendor_group,
                           received_at, traceparent)
       SELECT r.source, r.external_id, r.detection_source, r.title, r.description, coalesce(r.type, r.title), r.severity, r.category,
              coalesce(r.mitre_techniques, '{}'), coalesce(r.first_activity_at, $2), coalesce(r.last_activity_at, r.first_activity_at, $2),
              r.entities, r.raw, $4, coalesce(r.status, 'new'), r.vendor_updated_at, r.vendor_group, $2, $3
       FROM jsonb_to_recordset($1::jsonb) AS r(source text, external_id text, detection_source text, title text,
            description text, type text, severity text, category text, mitre_techniques text[],
            first_activity_at timestamptz, last_activity_at timestamptz, entities jsonb, raw jsonb, status text,
            vendor_updated_at timestamptz, vendor_group text)
       ON CONFLICT (source, external_id) DO NOTHING
       RETURNING id, source, external_id`,
      [JSON.stringify(rows), receivedAt, traceparent, format],
    );
    return new Map(inserted.map((r) => [alertKey({ source: r.source, externalId: r.external_id }), r.id]));
  }

  /** The stored alerts with these keys, locked (in id order, so two batches never deadlock), as an update compares them. */
  lockByKeys(m: Db, alerts: { source: string; externalId: string }[]): Promise<StoredAlert[]> {
    if (!alerts.length) return Promise.resolve([]);
    return m.query(
      `SELECT id, source, external_id AS "externalId", detection_source AS "detectionSource", title, description, type, severity,
              category, mitre_techniques AS "mitreTechniques", first_activity_at AS "firstActivityAt",
              last_activity_at AS "lastActivityAt", entities, status, vendor_updated_at AS "vendorUpdatedAt",
              incident_id::int AS "incidentId", revision, dispatched_at IS NOT NULL AS dispatched
       FROM alerts WHERE (source, external_id) IN (SELECT * FROM unnest($1::text[], $2::text[]))
       ORDER BY id FOR UPDATE`,
      [alerts.map((a) => a.source), alerts.map((a) => a.externalId)],
    );
  }

  /** Stores a detector's newer content of an alert as its next revision (and the trace that brought it, if any); returns that revision. */
  async applyUpdate(m: Db, id: string, next: AlertContent, raw: unknown, traceparent: string | null = null): Promise<number> {
    // An UPDATE answers [rows, affected count].
    const [[row]]: [{ revision: number }[], number] = await m.query(
      `UPDATE alerts SET detection_source = $2, title = $3, description = $4, type = $5, severity = $6, category = $7,
         mitre_techniques = $8, first_activity_at = $9, last_activity_at = $10, entities = $11, status = $12,
         vendor_updated_at = $13, raw = coalesce($14, raw), traceparent = coalesce($15, traceparent), revision = revision + 1,
         updated_at = now()
       WHERE id = $1 RETURNING revision`,
      [
        id,
        next.detectionSource,
        next.title,
        next.description,
        next.type,
        next.severity,
        next.category,
        next.mitreTechniques,
        next.firstActivityAt,
        next.lastActivityAt,
        JSON.stringify(next.entities),
        next.status,
        next.vendorUpdatedAt,
        raw === undefined ? null : JSON.stringify(raw),
        traceparent,
      ],
    );
    return row.revision;
  }

  /** One entry of the alert's append-only activity log. */
  async recordActivity(
    m: Db,
    alertId: string,
    entry: { actor: string; origin: ChangeOrigin; kind: string; details: object },
  ): Promise<void> {
    await m.query('INSERT INTO alert_activity (alert_id, actor, origin, kind, details) VALUES ($1, $2, $3, $4, $5)', [
      alertId,
      entry.actor,
      entry.origin,
      entry.kind,
      JSON.stringify(entry.details),
    ]);
  }

  activityOf(alertId: string): Promise<AlertActivity[]> {
    return this.db.query(`SELECT id::text, at, actor, origin, kind, details FROM alert_activity WHERE alert_id = $1 ORDER BY id`, [
      alertId,
    ]);
  }

  async markRecorrelated(m: Db, id: string, revision: number): Promise<void> {
    await m.query('UPDATE alerts SET correlated_revision = greatest(correlated_revision, $2) WHERE id = $1', [id, revision]);
  }

  /** What Quell wrote to the vendor is what the vendor now holds: a re-import of it is no change. */
  async recordWrittenBack(m: Db, id: string, vendorUpdatedAt: string | null, status: AlertStatus | undefined): Promise<void> {
    await m.query(
      `UPDATE alerts SET vendor_updated_at = coalesce($2::timestamptz, vendor_updated_at), status = coalesce($3, status) WHERE id = $1`,
      [id, vendorUpdatedAt, status ?? null],
    );
  }

  /** The incident's alerts that came from the given formats, with what a vendor writer needs. */
  writebackTargets(incidentId: number, formats: string[]): Promise<WritebackAlert[]> {
    return this.db.query(
      `SELECT id, external_id AS "externalId", format, vendor_updated_at AS "vendorUpdatedAt", raw
       FROM alerts WHERE incident_id = $1 AND format = ANY($2) ORDER BY first_activity_at, id`,
      [incidentId, formats],
    );
  }

  /** Wakes the dispatchers when the transaction commits (PostgreSQL folds repeats within one transaction into one). */
  async notifyStored(m: Db): Promise<void> {
    await m.query(`SELECT pg_notify($1, '')`, [ALERTS_STORED_CHANNEL]);
  }

  /** The stored `traceparent` of each alert that has one: the trace its workflows continue. */
  async traceparentsOf(ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows: { id: string; traceparent: string }[] = await this.db.query(
      'SELECT id, traceparent FROM alerts WHERE id = ANY($1) AND traceparent IS NOT NULL',
      [ids],
    );
    return new Map(rows.map((r) => [r.id, r.traceparent]));
  }

  /**
   * Up to `limit` alerts whose workflow has not been started, oldest first, locked until the
   * caller's transaction ends; rows another dispatcher holds are skipped, so two never claim one.
   */
  async claimUndispatched(m: Db, limit: number): Promise<string[]> {
    const rows: { id: string }[] = await m.query(
      `SELECT id FROM alerts WHERE dispatched_at IS NULL ORDER BY received_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
    return rows.map((r) => r.id);
  }

  /**
   * Alerts dispatched within `recentSecs` and not correlated yet: the work the workers have in
   * hand, counted no further than `countUpTo`. Read through the index of uncorrelated alerts, oldest
   * first, where the dispatched ones stand (alerts are dispatched in the order they were received).
   */
  async dispatchedUncorrelated(m: Db, recentSecs: number, countUpTo: number): Promise<number> {
    const [row]: { n: number }[] = await m.query(
      `SELECT count(*)::int AS n FROM (
         SELECT 1 FROM alerts WHERE correlated_at IS NULL AND dispatched_at > now() - make_interval(secs => $1)
         ORDER BY received_at LIMIT $2) s`,
      [recentSecs, countUpTo],
    );
    return row.n;
  }

  async markDispatched(m: Db, ids: string[]): Promise<void> {
    if (ids.length) await m.query('UPDATE alerts SET dispatched_at = now() WHERE id = ANY($1) AND dispatched_at IS NULL', [ids]);
  }

  /** Like `claimUndispatched`, for stored revisions of updated alerts whose update workflow has not been started. */
  claimUndispatchedUpdates(m: Db, limit: number): Promise<{ id: string; revision: number }[]> {
    return m.query(
      `SELECT id, revision FROM alerts WHERE revision > dispatched_revision ORDER BY updated_at LIMIT $1 FOR UPDATE SKIP LOCKED`,
      [limit],
    );
  }

  async markUpdatesDispatched(m: Db, updates: { id: string; revision: number }[]): Promise<void> {
    if (!updates.length) return;
    await m.query(
      `UPDATE alerts a SET dispatched_revision = greatest(a.dispatched_revision, u.revision)
       FROM unnest($1::uuid[], $2::int[]) AS u(id, revision) WHERE a.id = u.id`,
      [updates.map((u) => u.id), updates.map((u) => u.revision)],
    );
  }

  /** Alerts committed but not correlated yet, and when the oldest of them was received (a partial index scan). */
  async backlog(): Promise<{ count: number; oldest: Date | null }> {
    const [row]: { count: number; oldest: Date | null }[] = await this.db.query(
      `SELECT count(*)::int AS count, min(received_at) AS oldest FROM alerts WHERE correlated_at IS NULL`,
    );
    return row;
  }

  async findById(id: string): Promise<AlertDetail | undefined> {
    const rows = await this.db.query(`SELECT ${ALERT_COLUMNS}, a.raw FROM alerts a WHERE a.id = $1`, [id]);
    return rows[0];
  }

  /** Alerts of the last `days` that carry a correlation key, newest first (at most `limit`), with their entities and the total. */
  async naming(key: string, days: number, limit: number): Promise<{ total: number; alerts: { id: string; entities: Entity[] }[] }> {
    const rows: { id: string; entities: Entity[]; total: number }[] = await this.db.query(
      `SELECT a.id, a.entities, count(*) OVER ()::int AS total FROM alert_keys k JOIN alerts a ON a.id = k.alert_id
       WHERE k.key = $1 AND k.activity_at >= now() - make_interval(days => $2) ORDER BY k.activity_at DESC LIMIT $3`,
      [key, days, limit],
    );
    return { total: rows[0]?.total ?? 0, alerts: rows.map(({ id, entities }) => ({ id, entities })) };
  }

  async list(f: AlertFilters): Promise<{ items: AlertRecord[]; nextCursor: string | null }> {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => {
      params.push(v);
      return `$${params.length}`;
    };
    if (f.incidentId !== undefined) where.push(`a.incident_id = ${p(f.incidentId)}`);
    if (f.source?.length) where.push(`a.source = ANY(${p(f.source)})`);
    if (f.severity?.length) where.push(`a.severity = ANY(${p(f.severity)})`);
    if (f.status?.length) where.push(`a.status = ANY(${p(f.status)})`);
    if (f.since) where.push(`a.received_at >= ${p(f.since)}`);
    if (f.until) where.push(`a.received_at < ${p(f.until)}`);
    if (f.scope) where.push(alertInScope('a', f.scope, p));
    if (f.cursor) {
      const c = decodeCursor(f.cursor, 'received', { value: 'timestamptz', id: 'uuid' });
      where.push(`(a.received_at, a.id) < (${p(c.value)}::timestamptz, ${p(c.id)}::uuid)`);
    }
    const rows: AlertRecord[] = await this.db.query(
      `SELECT ${ALERT_COLUMNS} FROM alerts a ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY a.received_at DESC, a.id DESC LIMIT ${p(f.limit + 1)}`,
      params,
    );
    const items = rows.slice(0, f.limit);
    const last = items[items.length - 1];
    return { items, nextCursor: rows.length > f.limit && last ? encodeCursor(last.receivedAt.toISOString(), last.id, 'received') : null };
  }

  lockForCorrelation(m: Db, id: string): Promise<CorrelatingAlert | undefined> {
    return m
      .query(
        named(
          'alert-lock-for-correlation',
          `SELECT id, title, severity, source, category, detection_source, first_activity_at, last_activity_at, entities,
                incident_id, correlation, assigned_to, vendor_group
         FROM alerts WHERE id = $1 FOR UPDATE`,
        ),
        [id],
      )
      .then((rows: CorrelatingAlert[]) => rows[0]);
  }

  /** The alert as re-correlation reads it after an update, under its row lock. */
  lockForRecorrelation(
    m: Db,
    id: string,
  ): Promise<(CorrelatingAlert & { status: AlertStatus; revision: number; correlated_revision: number }) | undefined> {
    return m
      .query(
        `SELECT id, title, severity, source, category, detection_source, first_activity_at, last_activity_at, entities,
                incident_id, correlation, assigned_to, vendor_group, status, revision, correlated_revision
         FROM alerts WHERE id = $1 FOR UPDATE`,
        [id],
      )
      .then((rows) => rows[0]);
  }

  /** Per key, how many alerts inside the window carry it, counting no further than `countUpTo`: an index probe each, never a scan. */
  keyPrevalence(m: Db, keys: string[], from: Date, to: Date, windowSecs: number, countUpTo: number): Promise<{ key: string; n: number }[]> {
    return m.query(
      `SELECT k.key, (SELECT count(*)::int FROM (
                SELECT 1 FROM alert_keys a
                WHERE a.key = k.key
                  AND a.activity_at BETWEEN $2::timestamptz - make_interval(secs => $4) AND $3::timestamptz + make_interval(secs => $4)
                LIMIT $5) s) AS n
       FROM unnest($1::text[]) AS k(key)`,
      [keys, from, to, windowSecs, countUpTo],
    );
  }

  /**
   * The latest alerts (up to `limit`) that carried `key` inside the window around [from, to], with
   * their entities, incident, and the keys that placed them there.
   */
  alertsWithKey(
    m: Db,
    key: string,
    from: Date,
    to: Date,
    windowSecs: number,
    limit: number,
  ): Promise<{ alert_id: string; entities: Entity[]; incident_id: string | null; decision: string | null; matched: string[] | null }[]> {
    return m.query(
      `SELECT k.alert_id, a.entities, a.incident_id, a.correlation->>'decision' AS decision,
              ARRAY(SELECT jsonb_array_elements_text(a.correlation->'matchedKeys')) AS matched
       FROM (
         SELECT alert_id, activity_at FROM alert_keys
         WHERE key = $1 AND activity_at BETWEEN $2::timestamptz - make_interval(secs => $4) AND $3::timestamptz + make_interval(secs => $4)
         ORDER BY activity_at DESC LIMIT $5) k
       JOIN alerts a ON a.id = k.alert_id`,
      [key, from, to, windowSecs, limit],
    );
  }

  async recordKeys(m: Db, alertId: string, keys: string[], activityAt: Date): Promise<void> {
    if (!keys.length) return;
    await m.query(
      named(
        'alert-keys-record',
        `INSERT INTO alert_keys (key, activity_at, alert_id) SELECT unnest($1::text[]), $2, $3 ON CONFLICT DO NOTHING`,
      ),
      [keys, activityAt, alertId],
    );
  }

  /** Places the alert in its incident with the reason; an unassigned alert takes the incident's assignee. */
  async recordCorrelation(m: Db, alertId: string, incidentId: number, correlation: object): Promise<void> {
    await m.query(
      named(
        'alert-record-correlation',
        `UPDATE alerts SET incident_id = $2, correlation = $3, correlated_at = now(), dispatched_at = coalesce(dispatched_at, now()),
         assigned_to = coalesce(assigned_to, (SELECT assigned_to FROM incidents WHERE id = $2))
       WHERE id = $1`,
      ),
      [alertId, incidentId, JSON.stringify(correlation)],
    );
  }

  async moveIncidents(m: Db, from: number[], to: number): Promise<void> {
    await m.query('UPDATE alerts SET incident_id = $1 WHERE incident_id = ANY($2)', [to, from]);
  }

  lockForMove(
    m: Db,
    id: string,
  ): Promise<
    | { id: string; title: string; incidentId: number | null; first_activity_at: Date; last_activity_at: Date; severity: Severity }
    | undefined
  > {
    return m
      .query(
        'SELECT id, title, incident_id::int AS "incidentId", first_activity_at, last_activity_at, severity FROM alerts WHERE id = $1 FOR UPDATE',
        [id],
      )
      .then((rows) => rows[0]);
  }

  /** An analyst's move: the stored correlation says who moved the alert and where it is now. */
  async moveByAnalyst(m: Db, alertId: string, incidentId: number, by: string): Promise<void> {
    await m.query(
      `UPDATE alerts SET incident_id = $2::bigint, correlation = jsonb_set(coalesce(correlation, '{}'), '{movedBy}', to_jsonb($3::text)) || jsonb_build_object('incidentId', $2::bigint) WHERE id = $1`,
      [alertId, incidentId, by],
    );
  }

  /** The alerts of incidents with what correlation recorded on them (analyst feedback weighs it). */
  correlationsIn(
    m: Db,
    incidentIds: number[],
  ): Promise<{ id: string; incidentId: number; entities: Entity[]; correlation: CorrelationRecord | null }[]> {
    return m.query('SELECT id, incident_id::int AS "incidentId", entities, correlation FROM alerts WHERE incident_id = ANY($1::bigint[])', [
      incidentIds,
    ]);
  }

  entitiesIn(m: Db, incidentId: number): Promise<{ entities: Entity[] }[]> {
    return m.query('SELECT entities FROM alerts WHERE incident_id = $1', [incidentId]);
  }

  async incidentOf(id: string): Promise<{ incidentId: number | null } | undefined> {
    const [a] = await this.db.query(`SELECT incident_id::int AS "incidentId" FROM alerts WHERE id = $1`, [id]);
    return a;
  }

  async idsIn(incidentId: number): Promise<string[]> {
    return (await this.db.query(`SELECT id FROM alerts WHERE incident_id = $1 ORDER BY first_activity_at, id`, [incidentId])).map(
      (r: { id: string }) => r.id,
    );
  }

  async assignIncident(m: Db, incidentId: number, assignedTo: unknown): Promise<void> {
    await m.query('UPDATE alerts SET assigned_to = $2 WHERE incident_id = $1', [incidentId, assignedTo]);
  }

  async resolveIncident(m: Db, incidentId: number): Promise<void> {
    await m.query(`UPDATE alerts SET status = 'resolved' WHERE incident_id = $1 AND status <> 'resolved'`, [incidentId]);
  }

  async resolveInvestigated(m: Db, investigationId: string): Promise<void> {
    await m.query(`UPDATE alerts SET status = 'resolved' WHERE investigation_id = $1 AND status <> 'resolved'`, [investigationId]);
  }

  /**
   * Of `incidentIds`, those whose every alert is about a mail message and names no device: the
   * delivery of a message, with nothing that happened after it yet. An index probe per incident.
   */
  async messageDeliveriesAmong(m: Db, incidentIds: string[]): Promise<string[]> {
    if (!incidentIds.length) return [];
    const rows: { id: string }[] = await m.query(
      `SELECT incident_id::text AS id FROM alerts WHERE incident_id = ANY($1::bigint[])
       GROUP BY incident_id
       HAVING bool_and(entities @> '[{"type":"email"}]' AND NOT entities @> '[{"type":"device"}]')`,
      [incidentIds],
    );
    return rows.map((r) => r.id);
  }

  async unresolvedIn(m: Db, incidentId: number): Promise<number> {
    const [left] = await m.query(`SELECT count(*)::int AS n FROM alerts WHERE incident_id = $1 AND status <> 'resolved'`, [incidentId]);
    return left.n;
  }

  /** Handed to its incident's investigation: queued, unless the investigation already took it. */
  async queueForInvestigation(m: Db, alertIds: string[]): Promise<void> {
    await m.query(`UPDATE alerts SET investigation_state = coalesce(investigation_state, 'queued') WHERE id = ANY($1)`, [alertIds]);
  }

  async joinInvestigation(m: Db, alertId: string, investigationId: string): Promise<void> {
    await m.query(`UPDATE alerts SET investigation_id = $1, investigation_state = 'running' WHERE id = $2`, [investigationId, alertId]);
  }

  async setInvestigationState(m: Db, alertId: string, state: InvestigationState): Promise<void> {
    await this.setInvestigationStates(m, [{ alertId, state }]);
  }

  /** Each alert takes its own state, in one statement. */
  async setInvestigationStates(m: Db, states: { alertId: string; state: InvestigationState }[]): Promise<void> {
    if (!states.length) return;
    await m.query(
      `UPDATE alerts a SET investigation_state = s.state FROM unnest($1::uuid[], $2::text[]) AS s(id, state) WHERE a.id = s.id`,
      [states.map((s) => s.alertId), states.map((s) => s.state)],
    );
  }

  /** Every alert of the investigation takes its state. */
  async setInvestigationStateOf(m: Db, investigationId: string, state: InvestigationState): Promise<void> {
    await m.query(`UPDATE alerts SET investigation_state = $2 WHERE investigation_id = $1`, [investigationId, state]);
  }
}
