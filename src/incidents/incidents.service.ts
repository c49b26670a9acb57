import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/roles.js';
import { CorrelationEngine } from '../correlation/correlation.engine.js';
import { SEVERITIES } from '../domain/alert.js';
import { OPEN_STATUSES } from '../domain/incident.js';
import { type FieldError, Problem } from '../http/problem.js';
import { emitEvent } from '../webhooks/events.js';
import { type IncidentChanges, planChanges } from './incident-changes.js';
import { INCIDENT_COLUMNS, type IncidentRow } from './incidents.repository.js';

export const incidentETag = (i: { id: number; version: number }) => `"${i.id}-${i.version}"`;

export type BulkOutcome = { id: number; result: 'updated' | 'unchanged' | 'not_found' | 'redirected'; changes?: string[]; redirectedTo?: number };

/** Analysts' changes to incidents: every change is one transaction with a row lock and an audit entry. */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly db: DataSource,
    private readonly engine: CorrelationEngine,
  ) {}

  private async lock(m: EntityManager, id: number): Promise<IncidentRow | undefined> {
    const rows = await m.query(`SELECT ${INCIDENT_COLUMNS} FROM incidents i WHERE i.id = $1 FOR UPDATE`, [id]);
    return rows[0];
  }

  /** Applies changes to one incident; `ifMatch` guards against overwriting someone else's edit. */
  async update(id: number, c: IncidentChanges, who: Principal, ifMatch?: string): Promise<IncidentRow> {
    return this.db.transaction(async (m) => {
      const current = await this.lock(m, id);
      if (!current) throw Problem.notFound(`Incident ${id}`);
      if (ifMatch !== undefined && ifMatch !== '*' && !ifMatch.split(',').map((s) => s.trim()).includes(incidentETag(current))) {
        throw new Problem(412, 'stale-etag', `Incident ${id} changed since you read it (now ${incidentETag(current)}); reload and retry.`);
      }
      if (current.status === 'redirected') {
        throw Problem.conflict(`Incident ${id} was merged into incident ${current.redirectedTo}; change that one.`, { redirectedTo: current.redirectedTo });
      }
      const plan = planChanges(current, c);
      if (plan.errors.length) throw Problem.validation(plan.errors);
      await this.apply(m, current, plan.set, plan.changes, who);
      return (await this.lock(m, id))!;
    });
  }

  private async apply(m: EntityManager, current: IncidentRow, set: Record<string, unknown>, changes: Record<string, unknown>, who: Principal): Promise<void> {
    if (!Object.keys(changes).length) return;
    const id = current.id;
    const cols = Object.keys(set);
    const assignments = cols.map((col, i) => `${col} = $${i + 2}`);
    if ('assigned_to' in set && set.assigned_to) assignments.push('first_assigned_at = coalesce(first_assigned_at, now())');
    if (set.status === 'resolved') assignments.push(`resolved_at = now()`, `resolved_by = $${cols.length + 2}`);
    else if ('status' in set) assignments.push('resolved_at = NULL', 'resolved_by = NULL');
    await m.query(
      `UPDATE incidents SET ${assignments.join(', ')}, version = version + 1, updated_at = now() WHERE id = $1`,
      [id, ...cols.map((c) => set[c]), ...(set.status === 'resolved' ? [who.name] : [])],
    );
    if (set.severity_set_by_analyst === false) {
      await m.query(
        `UPDATE incidents SET severity = coalesce((SELECT ($2::text[])[max(array_position($2::text[], a.severity))] FROM alerts a WHERE a.incident_id = $1), severity) WHERE id = $1`,
        [id, SEVERITIES],
      );
    }
    if ('assigned_to' in set) await m.query('UPDATE alerts SET assigned_to = $2 WHERE incident_id = $1', [id, set.assigned_to]);
    if (set.status === 'resolved') await m.query(`UPDATE alerts SET status = 'resolved' WHERE incident_id = $1 AND status <> 'resolved'`, [id]);
    await this.engine.activity(m, id, 'updated', { changes }, who.name);
    await emitEvent(m, 'incident.updated', `${id}:${current.version}`, { incidentId: id, changes, by: who.name });
  }

  /** The same changes on many incidents, all or nothing: any rule violation rejects the whole request. */
  async bulk(ids: number[], c: IncidentChanges, who: Principal): Promise<BulkOutcome[]> {
    return this.db.transaction(async (m) => {
      const unique = [...new Set(ids)].sort((a, b) => a - b);
      const outcomes = new Map<number, BulkOutcome>();
      const errors: FieldError[] = [];
      const plans: { current: IncidentRow; plan: ReturnType<typeof planChanges> }[] = [];
      for (const id of unique) {
        const current = await this.lock(m, id);
        if (!current) outcomes.set(id, { id, result: 'not_found' });
        else if (current.status === 'redirected') outcomes.set(id, { id, result: 'redirected', redirectedTo: current.redirectedTo! });
        else {
          const plan = planChanges(current, c);
          errors.push(...plan.errors.map((e) => ({ path: `incident ${id}: ${e.path}`, message: e.message })));
          plans.push({ current, plan });
        }
      }
      if (errors.length) throw Problem.validation(errors, 'Some incidents cannot take these changes; nothing was changed.');
      for (const { current, plan } of plans) {
        await this.apply(m, current, plan.set, plan.changes, who);
        const changed = Object.keys(plan.changes);
        outcomes.set(current.id, { id: current.id, result: changed.length ? 'updated' : 'unchanged', changes: changed });
      }
      return ids.map((id) => outcomes.get(id)!);
    });
  }

  async comment(id: number, text: string, who: Principal) {
    return this.db.transaction(async (m) => {
      const current = await this.lock(m, id);
      if (!current) throw Problem.notFound(`Incident ${id}`);
      const target = current.status === 'redirected' ? current.redirectedTo! : id;
      const [row] = await m.query(
        `INSERT INTO incident_comments (incident_id, author, text) VALUES ($1, $2, $3)
         RETURNING id::text, incident_id::int AS "incidentId", author, text, created_at AS "createdAt"`,
        [target, who.name, text],
      );
      await m.query('UPDATE incidents SET version = version + 1, updated_at = now() WHERE id = $1', [target]);
      await this.engine.activity(m, target, 'comment', { commentId: row.id, text }, who.name);
      return row;
    });
  }

  /** Manual merge: the same rules as automatic merging, refused with a 409 when they block it. */
  async merge(targetId: number, sourceIds: number[], reason: string, who: Principal) {
    return this.db.transaction(async (m) => {
      const ids = [...new Set([targetId, ...sourceIds])].sort((a, b) => a - b);
      if (ids.length < 2) throw Problem.validation([{ path: 'sourceIds', message: 'name at least one other incident' }]);
      const rows: IncidentRow[] = await m.query(`SELECT ${INCIDENT_COLUMNS} FROM incidents i WHERE i.id = ANY($1) ORDER BY i.id FOR UPDATE`, [ids]);
      const missing = ids.filter((id) => !rows.some((r) => r.id === id));
      if (missing.length) throw Problem.notFound(`Incident ${missing.join(', ')}`);
      const closed = rows.filter((r) => !OPEN_STATUSES.includes(r.status as never));
      if (closed.length) throw Problem.conflict(`Only open incidents can be merged; ${closed.map((r) => `${r.id} is ${r.status}`).join(', ')}.`);
      const assignees = new Set(rows.map((r) => r.assignedTo).filter(Boolean));
      if (assignees.size > 1) throw Problem.conflict(`The incidents have different assignees (${[...assignees].join(', ')}); align them first.`);
      const classes = new Set(rows.map((r) => r.classification).filter(Boolean));
      if (classes.size > 1) throw Problem.conflict(`The incidents have different classifications (${[...classes].join(', ')}); align them first.`);
      const sources = ids.filter((id) => id !== targetId);
      await this.engine.merge(m, targetId, sources, null, who.name);
      await this.engine.activity(m, targetId, 'merge_reason', { from: sources, reason }, who.name);
      return { incidentId: targetId, mergedIncidentIds: sources };
    });
  }

  /** Moves an alert to another open incident, or to a new one; both incidents record why. */
  async moveAlert(alertId: string, toIncident: number | undefined, reason: string, who: Principal) {
    return this.db.transaction(async (m) => {
      const [alert] = await m.query('SELECT id, title, incident_id::int AS "incidentId", first_activity_at, last_activity_at, severity FROM alerts WHERE id = $1 FOR UPDATE', [alertId]);
      if (!alert) throw Problem.notFound(`Alert ${alertId}`);
      if (!alert.incidentId) throw Problem.conflict(`Alert ${alertId} has not been correlated yet; try again in a moment.`);
      const from: number = alert.incidentId;
      let to = toIncident;
      if (to === from) throw Problem.conflict(`Alert ${alertId} is already in incident ${from}.`);
      const lockIds = [from, ...(to ? [to] : [])].sort((a, b) => a - b);
      const rows: IncidentRow[] = await m.query(`SELECT ${INCIDENT_COLUMNS} FROM incidents i WHERE i.id = ANY($1) ORDER BY i.id FOR UPDATE`, [lockIds]);
      if (to) {
        const target = rows.find((r) => r.id === to);
        if (!target) throw Problem.notFound(`Incident ${to}`);
        if (!OPEN_STATUSES.includes(target.status as never)) throw Problem.conflict(`Incident ${to} is ${target.status}; alerts can only move to open incidents.`);
      } else {
        const [row] = await m.query(
          `INSERT INTO incidents (name, severity, first_activity_at, last_activity_at) VALUES ($1, $2, $3, $4) RETURNING id::int AS id`,
          [`'${alert.title}'`, alert.severity, alert.first_activity_at, alert.last_activity_at],
        );
        to = row.id as number;
        await this.engine.activity(m, to, 'created', { alertId, movedFrom: from, reason }, who.name);
      }
      await m.query(
        `UPDATE alerts SET incident_id = $2::bigint, correlation = jsonb_set(coalesce(correlation, '{}'), '{movedBy}', to_jsonb($3::text)) || jsonb_build_object('incidentId', $2::bigint) WHERE id = $1`,
        [alertId, to, who.name],
      );
      await this.engine.rebuildFromAlerts(m, from);
      await this.engine.rebuildFromAlerts(m, to!);
      await this.engine.activity(m, from, 'alert_moved_out', { alertId, to, reason }, who.name);
      await this.engine.activity(m, to!, 'alert_moved_in', { alertId, from, reason }, who.name);
      return { alertId, from, to: to! };
    });
  }
}
