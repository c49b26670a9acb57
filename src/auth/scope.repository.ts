import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { ActionFamily } from '../domain/actions.js';
import type { ScopeLimit } from '../domain/scope.js';
import { Problem } from '../http/problem.js';
import { actionInScope, incidentInScope } from './scope.sql.js';

/**
 * Refuses what lies outside a caller's scope as if it did not exist (404): existence does not leak.
 * Ids that do not exist at all pass (the route answers for them as it always did); an unrestricted
 * caller costs no query.
 */
@Injectable()
export class ScopeRepository {
  constructor(private readonly db: DataSource) {}

  /** Refuses the whole request when any of the incidents is out of scope. */
  async incidents(ids: number[], scope: ScopeLimit | undefined, m: EntityManager | DataSource = this.db): Promise<void> {
    if (!scope || !ids.length) return;
    const params: unknown[] = [ids];
    const rows: { id: string }[] = await m.query(
      `SELECT i.id FROM incidents i WHERE i.id = ANY($1::bigint[]) AND NOT ${incidentInScope('i', scope, (v) => `$${params.push(v)}`)}
       ORDER BY i.id LIMIT 1`,
      params,
    );
    if (rows.length) throw Problem.notFound(`Incident ${rows[0].id}`);
  }

  /** Which of the incidents the scope covers (all of them when unrestricted): for views that drop what lies outside instead of refusing. */
  async visibleIncidents(ids: number[], scope: ScopeLimit | undefined): Promise<Set<number>> {
    if (!scope || !ids.length) return new Set(ids);
    const params: unknown[] = [ids];
    const rows: { id: number }[] = await this.db.query(
      `SELECT i.id::int AS id FROM incidents i WHERE i.id = ANY($1::bigint[]) AND ${incidentInScope('i', scope, (v) => `$${params.push(v)}`)}`,
      params,
    );
    return new Set(rows.map((r) => r.id));
  }

  incident(id: number, scope: ScopeLimit | undefined, m?: EntityManager | DataSource): Promise<void> {
    return this.incidents([id], scope, m);
  }

  /** Refuses the whole request when any of the actions is out of scope. */
  async actions(ids: string[], scope: ScopeLimit | undefined, m: EntityManager | DataSource = this.db): Promise<void> {
    if (!scope || !ids.length) return;
    const params: unknown[] = [ids];
    const rows: { id: string }[] = await m.query(
      `SELECT a.id FROM actions a WHERE a.id = ANY($1::text[]) AND NOT ${actionInScope('a', scope, (v) => `$${params.push(v)}`)}
       ORDER BY a.id LIMIT 1`,
      params,
    );
    if (rows.length) throw Problem.notFound(`Action ${rows[0].id}`);
  }

  action(id: string, scope: ScopeLimit | undefined): Promise<void> {
    return this.actions([id], scope);
  }

  async investigation(id: string, scope: ScopeLimit | undefined): Promise<void> {
    if (!scope) return;
    const params: unknown[] = [id];
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM investigations v JOIN incidents i ON i.id = v.incident_id
       WHERE v.id = $1 AND NOT ${incidentInScope('i', scope, (v) => `$${params.push(v)}`)}`,
      params,
    );
    if (rows.length) throw Problem.notFound(`Investigation ${id}`);
  }

  /** The incident an alert belongs to, for a route that acts on an alert's incident. */
  async alert(id: string, scope: ScopeLimit | undefined): Promise<void> {
    if (!scope) return;
    const params: unknown[] = [id];
    const rows: unknown[] = await this.db.query(
      `SELECT 1 FROM alerts a LEFT JOIN incidents i ON i.id = a.incident_id
       WHERE a.id = $1 AND (i.id IS NULL OR NOT ${incidentInScope('i', scope, (v) => `$${params.push(v)}`)})`,
      params,
    );
    if (rows.length) throw Problem.notFound(`Alert ${id}`);
  }

  /**
   * Whether an action not yet proposed would be in scope: of a family in it, on a device of a group
   * in it, or for an incident in it (the incident's own check applies too).
   */
  async proposal(p: { family: ActionFamily; deviceGroup?: string; incidentId?: number }, scope: ScopeLimit | undefined): Promise<boolean> {
    if (!scope) return true;
    if (scope.families.includes(p.family)) return true;
    if (p.deviceGroup && scope.deviceGroups.includes(p.deviceGroup)) return true;
    if (p.incidentId === undefined || !scope.tags.length) return false;
    const rows: unknown[] = await this.db.query(
      'SELECT 1 FROM incidents WHERE id = $1 AND (tags && $2::text[] OR system_tags && $2::text[])',
      [p.incidentId, scope.tags],
    );
    return rows.length > 0;
  }
}
