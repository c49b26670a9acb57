import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Severity } from '../domain/alert.js';
import type { Classification, IncidentStatus } from '../domain/incident.js';
import type { Verdict } from '../domain/actions.js';
import { incidentInScope } from '../auth/scope.sql.js';
import type { ScopeLimit } from '../domain/scope.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import type { ActivityEntry, IncidentAlert, IncidentChangeFeed, IncidentComment, IncidentInvestigation } from './incident.dto.js';
import type { GraphAlert } from './incident-graph.js';
import type { ImpactedAssets } from './incident-summary.js';
import { incidentOrMerged } from './merged.js';

export interface IncidentRow {
  id: number;
  name: string;
  nameSetByAnalyst: boolean;
  severity: Severity;
  severitySetByAnalyst: boolean;
  status: IncidentStatus;
  classification: Classification | null;
  determination: string | null;
  assignedTo: string | null;
  tags: string[];
  systemTags: string[];
  categories: string[];
  sources: string[];
  detectionSources: string[];
  impactedAssets: ImpactedAssets;
  alertCount: number;
  firstActivityAt: Date;
  lastActivityAt: Date;
  redirectedTo: number | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
  resolvedAt: Date | null;
}

export const INCIDENT_COLUMNS = `i.id::int AS id, i.name, i.name_set_by_analyst AS "nameSetByAnalyst", i.severity,
  i.severity_set_by_analyst AS "severitySetByAnalyst", i.status, i.classification, i.determination,
  i.assigned_to AS "assignedTo", i.tags, i.system_tags AS "systemTags", i.categories, i.sources,
  i.detection_sources AS "detectionSources", i.impacted_assets AS "impactedAssets", i.alert_count AS "alertCount",
  i.first_activity_at AS "firstActivityAt", i.last_activity_at AS "lastActivityAt", i.redirected_to::int AS "redirectedTo",
  i.version, i.created_at AS "createdAt", i.updated_at AS "updatedAt", i.resolved_at AS "resolvedAt"`;

/** How old a change must be before the changes feed shows it (see `changesSince`). */
export const CHANGE_SETTLE_SECONDS = 2;
const CHANGES_SORT = 'changes';
const BEFORE_ANY_CHANGE = { position: '1970-01-01 00:00:00+00', id: 0 };

/** Reads incidents and what hangs off them for the API; owns no table (`IncidentWriter` writes incidents). */
@Injectable()
export class IncidentsRepository {
  constructor(private readonly db: DataSource) {}

  /** Incidents among `ids` that were merged, and the incident each now lives on as. */
  async redirectsOf(ids: number[]): Promise<Map<number, number>> {
    const redirects = new Map<number, number>();
    if (!ids.length) return redirects;
    const rows: { id: number; to: number }[] = await this.db.query(
      `SELECT id::int AS id, redirected_to::int AS to FROM incidents WHERE id = ANY($1) AND redirected_to IS NOT NULL`,
      [ids],
    );
    for (const x of rows) redirects.set(x.id, x.to);
    return redirects;
  }

  async findById(id: number): Promise<IncidentRow | undefined> {
    const rows = await this.db.query(`SELECT ${INCIDENT_COLUMNS} FROM incidents i WHERE i.id = $1`, [id]);
    return rows[0];
  }

  alertsOf(id: number): Promise<IncidentAlert[]> {
    return this.db.query(
      `SELECT a.id, a.title, a.severity, a.category, a.mitre_techniques AS "mitreTechniques", a.source,
              a.detection_source AS "detectionSource", a.status, a.investigation_id AS "investigationId", a.investigation_state AS "investigationState",
              a.first_activity_at AS "firstActivityAt", a.last_activity_at AS "lastActivityAt", a.correlation
       FROM alerts a WHERE a.incident_id = $1 ORDER BY a.first_activity_at, a.id`,
      [id],
    );
  }

  /** The log of this incident and of every incident merged into it. */
  activityOf(id: number, f: { kind?: string[]; actor?: string[] }): Promise<ActivityEntry[]> {
    const params: unknown[] = [id];
    const where = [incidentOrMerged('incident_id', '$1')];
    if (f.kind?.length) where.push(`kind = ANY($${params.push(f.kind)})`);
    if (f.actor?.length) where.push(`actor = ANY($${params.push(f.actor)})`);
    return this.db.query(
      `SELECT id::text, incident_id::int AS "incidentId", at, actor, kind, details FROM incident_activity
       WHERE ${where.join(' AND ')} ORDER BY id`,
      params,
    );
  }

  /** Investigations of this incident and of incidents merged into it. */
  investigationsOf(id: number): Promise<IncidentInvestigation[]> {
    return this.db.query(
      `SELECT v.id, v.incident_id::int AS "incidentId", v.state, v.started_at AS "startedAt", v.ended_at AS "endedAt",
              (SELECT count(*)::int FROM actions a WHERE a.investigation_id = v.id AND a.status = 'pending') AS "pendingActions"
       FROM investigations v
       WHERE ${incidentOrMerged('v.incident_id', '$1')} ORDER BY v.started_at, v.id`,
      [id],
    );
  }

  commentsOf(id: number): Promise<IncidentComment[]> {
    return this.db.query(
      `SELECT id::text, incident_id::int AS "incidentId", author, text, created_at AS "createdAt" FROM incident_comments
       WHERE ${incidentOrMerged('incident_id', '$1')} ORDER BY id`,
      [id],
    );
  }

  /**
   * Incidents changed after the cursor, oldest change first: keyset on (updated_at, id). A change
   * becomes visible once it is `CHANGE_SETTLE_SECONDS` old, so a transaction that commits a little
   * after it stamped `updated_at` is not skipped by a reader who has already moved past that time.
   */
  async changesSince(since: string | undefined, limit: number, scope?: ScopeLimit): Promise<IncidentChangeFeed> {
    const params: unknown[] = [CHANGE_SETTLE_SECONDS];
    const where = ['updated_at < now() - make_interval(secs => $1)'];
    if (scope) where.push(incidentInScope('incidents', scope, (v) => `$${params.push(v)}`));
    if (since) {
      const c = decodeCursor(since, CHANGES_SORT, { value: 'timestamptz', id: 'bigint' });
      where.push(`(updated_at, id) > ($${params.push(c.value)}::timestamptz, $${params.push(c.id)}::bigint)`);
    }
    const rows: (IncidentChangeFeed['items'][number] & { position: string })[] = await this.db.query(
      `SELECT id::int AS id, updated_at AS "updatedAt", updated_at::text AS position, version, status FROM incidents
       WHERE ${where.join(' AND ')} ORDER BY updated_at, id LIMIT $${params.push(limit + 1)}`,
      params,
    );
    const items = rows.slice(0, limit);
    const last = items[items.length - 1];
    return {
      items: items.map(({ position: _p, ...item }) => item),
      cursor: last
        ? encodeCursor(last.position, last.id, CHANGES_SORT)
        : (since ?? encodeCursor(BEFORE_ANY_CHANGE.position, BEFORE_ANY_CHANGE.id, CHANGES_SORT)),
      hasMore: rows.length > limit,
    };
  }

  /** No changes, only the cursor after the newest change the feed shows now (the same settling rule as `changesSince`). */
  async latestChange(): Promise<IncidentChangeFeed> {
    const rows: { id: number; position: string }[] = await this.db.query(
      `SELECT id::int AS id, updated_at::text AS position FROM incidents
       WHERE updated_at < now() - make_interval(secs => $1) ORDER BY updated_at DESC, id DESC LIMIT 1`,
      [CHANGE_SETTLE_SECONDS],
    );
    const last = rows[0] ?? BEFORE_ANY_CHANGE;
    return {
      items: [],
      cursor: encodeCursor(last.position, last.id, CHANGES_SORT),
      hasMore: false,
    };
  }

  /** The newest alerts of an incident (one more than `limit`, to tell whether there are more) with their entities. */
  graphAlertsOf(id: number, limit: number): Promise<GraphAlert[]> {
    return this.db.query(
      `SELECT id, title, severity, entities FROM alerts WHERE incident_id = $1 ORDER BY last_activity_at DESC, id LIMIT $2`,
      [id, limit + 1],
    );
  }

  /** Every verdict the investigations of this incident (and of incidents merged into it) gave, by entity key. */
  verdictsOf(id: number): Promise<{ key: string; verdict: Verdict }[]> {
    return this.db.query(
      `SELECT e.key, e.verdict FROM evidence e JOIN investigations v ON v.id = e.investigation_id
       WHERE ${incidentOrMerged('v.incident_id', '$1')}`,
      [id],
    );
  }
}
