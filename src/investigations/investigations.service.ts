import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { investigationWorkflowId } from '../../workflows/ids.js';
import { cancelInvestigation } from '../../workflows/messages.js';
import { ActionStore } from '../actions/action.store.js';
import type { Principal } from '../auth/roles.js';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { Problem } from '../http/problem.js';
import { joinInvestigation } from './join-investigation.js';
import { incidentOrMerged } from '../incidents/merged.js';

const INVESTIGATION = `v.id, v.incident_id::int AS "incidentId", coalesce(i.redirected_to, i.id)::int AS "currentIncidentId", v.state,
  v.started_at AS "startedAt", v.ended_at AS "endedAt", v.started_by AS "startedBy", v.workflow_id AS "workflowId",
  (SELECT count(*)::int FROM investigation_alerts x WHERE x.investigation_id = v.id) AS "alertCount"`;

@Injectable()
export class InvestigationsService {
  constructor(
    private readonly db: DataSource,
    private readonly client: Client,
    @Inject(QUELL_CONFIG) private readonly config: QuellConfig,
  ) {}

  async list(f: { state?: string[]; incidentId?: number; since?: string; limit: number; cursor?: string }) {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    if (f.state?.length) where.push(`v.state = ANY(${p(f.state)})`);
    if (f.incidentId) where.push(incidentOrMerged('v.incident_id', p(f.incidentId)));
    if (f.since) where.push(`v.started_at >= ${p(f.since)}`);
    if (f.cursor) {
      const c = decodeCursor(f.cursor, 'investigations', { value: 'timestamptz', id: 'uuid' });
      where.push(`(v.started_at, v.id) < (${p(c.value)}::timestamptz, ${p(c.id)}::uuid)`);
    }
    const rows = await this.db.query(
      `SELECT ${INVESTIGATION}, v.started_at::text AS "sortValue" FROM investigations v JOIN incidents i ON i.id = v.incident_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY v.started_at DESC, v.id DESC LIMIT ${p(f.limit + 1)}`,
      params,
    );
    const items = rows.slice(0, f.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(({ sortValue: _s, ...r }: { sortValue: string }) => r),
      nextCursor: rows.length > f.limit && last ? encodeCursor(last.sortValue, last.id, 'investigations') : null,
    };
  }

  /** Everything about one investigation, and graph data (alerts → entities → actions) for an investigation graph. */
  async get(id: string) {
    const [inv] = await this.db.query(`SELECT ${INVESTIGATION} FROM investigations v JOIN incidents i ON i.id = v.incident_id WHERE v.id = $1`, [id]);
    if (!inv) throw Problem.notFound(`Investigation ${id}`);
    const [alerts, runs, evidence, actions, log] = await Promise.all([
      this.db.query(
        `SELECT a.id, a.title, a.severity, a.source, x.state AS "investigationOutcome", a.status FROM investigation_alerts x JOIN alerts a ON a.id = x.alert_id
         WHERE x.investigation_id = $1 ORDER BY x.added_at, a.id`,
        [id],
      ),
      this.db.query(
        `SELECT alert_id AS "alertId", playbook, version, hash, status, error, steps, started_at AS "startedAt", ended_at AS "endedAt"
         FROM playbook_runs WHERE investigation_id = $1 ORDER BY started_at, id`,
        [id],
      ),
      this.db.query(
        `SELECT key, entity_type AS "entityType", entity, verdict, reasons, alert_ids AS "alertIds", remediation_status AS "remediationStatus"
         FROM evidence WHERE investigation_id = $1 ORDER BY key`,
        [id],
      ),
      this.db.query(`SELECT ${ActionStore.columns} FROM actions WHERE investigation_id = $1 ORDER BY created_at, id`, [id]),
      this.db.query(`SELECT at, message, details FROM investigation_log WHERE investigation_id = $1 ORDER BY id`, [id]),
    ]);
    const nodes = [
      ...alerts.map((a: { id: string; title: string }) => ({ id: `alert:${a.id}`, kind: 'alert', label: a.title })),
      ...evidence.map((e: { key: string; entityType: string; verdict: string }) => ({ id: `entity:${e.key}`, kind: 'entity', label: e.key, entityType: e.entityType, verdict: e.verdict })),
      ...actions.map((a: { id: string; type: string; status: string }) => ({ id: `action:${a.id}`, kind: 'action', label: a.type, status: a.status })),
    ];
    const edges = [
      ...evidence.flatMap((e: { key: string; alertIds: string[] }) => e.alertIds.map((alertId) => ({ from: `alert:${alertId}`, to: `entity:${e.key}`, kind: 'names' }))),
      ...actions.map((a: { id: string; targetKey: string }) => ({ from: `entity:${a.targetKey}`, to: `action:${a.id}`, kind: 'remediated_by' })),
    ];
    return { ...inv, alerts, playbookRuns: runs, evidence, actions: actions.map((a: { incidentId: number }) => ({ ...a, incidentId: inv.currentIncidentId })), log, graph: { nodes, edges } };
  }

  /** Starts (or joins) the investigation of an incident by hand, with all of its alerts or one alert. */
  async start(input: { incidentId?: number; alertId?: string }, who: Principal) {
    let incidentId = input.incidentId;
    let alertIds: string[];
    if (input.alertId) {
      const [a] = await this.db.query(`SELECT incident_id::int AS "incidentId" FROM alerts WHERE id = $1`, [input.alertId]);
      if (!a) throw Problem.notFound(`Alert ${input.alertId}`);
      if (!a.incidentId) throw Problem.conflict(`Alert ${input.alertId} has not been correlated yet.`);
      incidentId = a.incidentId;
      alertIds = [input.alertId];
    } else {
      const [inc] = await this.db.query(`SELECT id::int AS id, status, redirected_to::int AS "redirectedTo" FROM incidents WHERE id = $1`, [incidentId]);
      if (!inc) throw Problem.notFound(`Incident ${incidentId}`);
      if (inc.status === 'redirected') throw Problem.conflict(`Incident ${incidentId} was merged into ${inc.redirectedTo}.`, { redirectedTo: inc.redirectedTo });
      alertIds = (await this.db.query(`SELECT id FROM alerts WHERE incident_id = $1 ORDER BY first_activity_at, id`, [incidentId])).map((r: { id: string }) => r.id);
    }
    const workflowId = investigationWorkflowId(incidentId!);
    for (const alertId of alertIds) await joinInvestigation(this.client, this.config, { incidentId: incidentId!, alertId, startedBy: who.name });
    return { incidentId, workflowId, alerts: alertIds.length };
  }

  async cancel(id: string, who: Principal, reason?: string) {
    const [inv] = await this.db.query(`SELECT workflow_id AS "workflowId", ended_at AS "endedAt", state FROM investigations WHERE id = $1`, [id]);
    if (!inv) throw Problem.notFound(`Investigation ${id}`);
    if (inv.endedAt) throw Problem.conflict(`Investigation ${id} has already ended (${inv.state}).`);
    try {
      await this.client.workflow.getHandle(inv.workflowId).executeUpdate(cancelInvestigation, { args: [{ by: who.name, reason }] });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError) throw Problem.conflict(`Investigation ${id} could not be cancelled: ${err.message}`);
      throw err;
    }
    await this.client.workflow.getHandle(inv.workflowId).result().catch(() => undefined);
    return this.get(id);
  }
}
