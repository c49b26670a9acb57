import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { assetCounts, type ImpactedAssets } from './incident-summary.js';
import { incidentOrMerged } from './merged.js';

export interface IncidentRow {
  id: number;
  name: string;
  nameSetByAnalyst: boolean;
  severity: string;
  severitySetByAnalyst: boolean;
  status: string;
  classification: string | null;
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

/** The list-item view of an incident, shared by the queue and the detail view. */
export function mapIncidentSummary(i: IncidentRow) {
  return {
    id: i.id,
    name: i.name,
    severity: i.severity,
    severitySource: i.severitySetByAnalyst ? 'analyst' : 'automatic',
    status: i.status,
    classification: i.classification,
    determination: i.determination,
    assignedTo: i.assignedTo,
    tags: i.tags,
    systemTags: i.systemTags,
    alertCount: i.alertCount,
    categories: i.categories,
    sources: i.sources,
    detectionSources: i.detectionSources,
    impactedAssetCounts: assetCounts(i.impactedAssets),
    firstActivityAt: i.firstActivityAt,
    lastActivityAt: i.lastActivityAt,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    resolvedAt: i.resolvedAt,
    redirectedTo: i.redirectedTo,
  };
}

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

  alertsOf(id: number): Promise<Record<string, unknown>[]> {
    return this.db.query(
      `SELECT a.id, a.title, a.severity, a.category, a.mitre_techniques AS "mitreTechniques", a.source,
              a.detection_source AS "detectionSource", a.status, a.investigation_id AS "investigationId", a.investigation_state AS "investigationState",
              a.first_activity_at AS "firstActivityAt", a.last_activity_at AS "lastActivityAt", a.correlation
       FROM alerts a WHERE a.incident_id = $1 ORDER BY a.first_activity_at, a.id`,
      [id],
    );
  }

  /** The log of this incident and of every incident merged into it. */
  activityOf(id: number, f: { kind?: string[]; actor?: string[] }): Promise<Record<string, unknown>[]> {
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
  investigationsOf(id: number): Promise<Record<string, unknown>[]> {
    return this.db.query(
      `SELECT v.id, v.incident_id::int AS "incidentId", v.state, v.started_at AS "startedAt", v.ended_at AS "endedAt",
              (SELECT count(*)::int FROM actions a WHERE a.investigation_id = v.id AND a.status = 'pending') AS "pendingActions"
       FROM investigations v
       WHERE ${incidentOrMerged('v.incident_id', '$1')} ORDER BY v.started_at, v.id`,
      [id],
    );
  }

  commentsOf(id: number): Promise<Record<string, unknown>[]> {
    return this.db.query(
      `SELECT id::text, incident_id::int AS "incidentId", author, text, created_at AS "createdAt" FROM incident_comments
       WHERE ${incidentOrMerged('incident_id', '$1')} ORDER BY id`,
      [id],
    );
  }
}
