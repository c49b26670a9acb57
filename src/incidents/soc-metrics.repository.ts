import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { incidentInScope } from '../auth/scope.sql.js';
import type { ScopeLimit } from '../domain/scope.js';
import type { SocMetrics } from './incident.dto.js';

const seconds = (v: unknown) => (v === null || v === undefined ? null : Math.round(Number(v)));

/** `incidents` as the caller's scope sees them (the table itself when unrestricted), for a FROM clause; pushes its parameters. */
function scopedIncidents(scope: ScopeLimit | undefined, params: unknown[]): string {
  if (!scope) return 'incidents';
  return `(SELECT * FROM incidents i WHERE ${incidentInScope('i', scope, (v) => `$${params.push(v)}`)}) incidents`;
}

/**
 * The numbers SOC leads ask for, computed by PostgreSQL over the given period. Reads only. A scoped
 * caller's numbers count only the incidents its scope covers, so they reveal nothing of the rest.
 */
@Injectable()
export class SocMetricsRepository {
  constructor(private readonly db: DataSource) {}

  async compute(since: Date, until: Date, scope?: ScopeLimit): Promise<SocMetrics> {
    const range: unknown[] = [since, until];
    const incidents = scopedIncidents(scope, range);
    const [counts] = await this.db.query(
      `SELECT
         count(*) FILTER (WHERE created_at >= $1 AND created_at < $2 AND status <> 'redirected')::int AS created,
         count(*) FILTER (WHERE resolved_at >= $1 AND resolved_at < $2 AND status = 'resolved')::int AS resolved,
         count(*) FILTER (WHERE resolved_at >= $1 AND resolved_at < $2 AND status = 'resolved' AND resolved_by = 'system')::int AS resolved_by_automation
       FROM ${incidents}`,
      range,
    );
    const [assign] = await this.db.query(
      `SELECT avg(extract(epoch FROM first_assigned_at - created_at)) AS mean,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM first_assigned_at - created_at)) AS p90,
              count(*)::int AS n
       FROM ${incidents} WHERE created_at >= $1 AND created_at < $2 AND first_assigned_at IS NOT NULL AND status <> 'redirected'`,
      range,
    );
    const [resolve] = await this.db.query(
      `SELECT avg(extract(epoch FROM resolved_at - created_at)) AS mean,
              percentile_cont(0.9) WITHIN GROUP (ORDER BY extract(epoch FROM resolved_at - created_at)) AS p90,
              count(*)::int AS n
       FROM ${incidents} WHERE resolved_at >= $1 AND resolved_at < $2 AND status = 'resolved'`,
      range,
    );
    const classification: { classification: string | null; determination: string | null; count: number }[] = await this.db.query(
      `SELECT classification, determination, count(*)::int AS count FROM ${incidents}
       WHERE resolved_at >= $1 AND resolved_at < $2 AND status = 'resolved'
       GROUP BY 1, 2 ORDER BY 3 DESC, 1, 2`,
      range,
    );
    const openParams: unknown[] = [];
    const open: { severity: string; age: string; count: number }[] = await this.db.query(
      `SELECT severity, CASE WHEN now() - created_at < interval '1 day' THEN 'under_1d'
                             WHEN now() - created_at < interval '7 days' THEN '1d_to_7d'
                             WHEN now() - created_at < interval '30 days' THEN '7d_to_30d'
                             ELSE 'over_30d' END AS age, count(*)::int AS count
       FROM ${scopedIncidents(scope, openParams)} WHERE status IN ('active','in_progress') GROUP BY 1, 2`,
      openParams,
    );
    const openBySeverity: Record<string, Record<string, number>> = {};
    for (const o of open) (openBySeverity[o.severity] ??= {})[o.age] = o.count;
    return {
      since,
      until,
      incidentsCreated: counts.created,
      incidentsResolved: counts.resolved,
      resolvedBy: { automation: counts.resolved_by_automation, people: counts.resolved - counts.resolved_by_automation },
      automationShare: counts.resolved ? counts.resolved_by_automation / counts.resolved : null,
      timeToAssignSeconds: { mean: seconds(assign.mean), p90: seconds(assign.p90), incidents: assign.n },
      timeToResolveSeconds: { mean: seconds(resolve.mean), p90: seconds(resolve.p90), incidents: resolve.n },
      classifications: classification,
      openBySeverityAndAge: openBySeverity,
    };
  }

  tags(scope?: ScopeLimit): Promise<{ tag: string; kind: 'custom' | 'system'; count: number }[]> {
    const params: unknown[] = [];
    const incidents = scopedIncidents(scope, params);
    return this.db.query(
      `SELECT tag, kind, count(*)::int AS count FROM (
         SELECT unnest(tags) AS tag, 'custom' AS kind FROM ${incidents} WHERE status <> 'redirected'
         UNION ALL SELECT unnest(system_tags), 'system' FROM ${incidents} WHERE status <> 'redirected') t
       GROUP BY tag, kind ORDER BY count DESC, tag`,
      params,
    );
  }
}
