import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { actionWorkflowId, retryWorkflowId, undoWorkflowId } from '../../workflows/ids.js';
import { decideAction } from '../../workflows/messages.js';
import type { Principal } from '../auth/roles.js';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { ACTIONS, type ActionSource, type ActionSpec, type ActionStatus, type Decision } from '../domain/actions.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { Problem } from '../http/problem.js';
import { type ActionRow, ActionStore, InvalidProposalError } from './action.store.js';
import { ActionMetrics } from './action-metrics.js';
import { AutomationRepository } from './automation.repository.js';
import { incidentOrMerged } from '../incidents/merged.js';
import { inParallel } from '../infra/in-parallel.js';

export interface ActionFilters {
  status?: ActionStatus[];
  type?: string[];
  family?: string[];
  source?: ActionSource[];
  incidentId?: number;
  investigationId?: string;
  target?: string;
  decidedBy?: string;
  since?: string;
  until?: string;
  limit: number;
  cursor?: string;
}

const BULK_DECISIONS_IN_FLIGHT = 8;

/** The action center: listing, manual actions, decisions (Temporal updates), undo and retry. */
@Injectable()
export class ActionsService {
  readonly store: ActionStore;

  constructor(
    private readonly db: DataSource,
    private readonly client: Client,
    @Inject(QUELL_CONFIG) private readonly config: QuellConfig,
    private readonly metrics: ActionMetrics,
  ) {
    this.store = new ActionStore(db);
  }

  async list(f: ActionFilters) {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    if (f.status?.length) where.push(`status = ANY(${p(f.status)})`);
    if (f.type?.length) where.push(`type = ANY(${p(f.type)})`);
    if (f.family?.length) where.push(`family = ANY(${p(f.family)})`);
    if (f.source?.length) where.push(`source = ANY(${p(f.source)})`);
    if (f.incidentId) where.push(incidentOrMerged('incident_id', p(f.incidentId)));
    if (f.investigationId) where.push(`investigation_id = ${p(f.investigationId)}`);
    if (f.target) where.push(`(target_key = ${p(f.target.toLowerCase())} OR target_key LIKE ${p(`%:${f.target.toLowerCase()}`)})`);
    if (f.decidedBy) where.push(`(decided_by = ${p(f.decidedBy)} OR approvals @> ${p(JSON.stringify([{ by: f.decidedBy }]))}::jsonb)`);
    if (f.since) where.push(`created_at >= ${p(f.since)}`);
    if (f.until) where.push(`created_at < ${p(f.until)}`);
    if (f.cursor) {
      const c = decodeCursor(f.cursor, 'actions');
      where.push(`(created_at, id) < (${p(c.value)}::timestamptz, ${p(c.id)})`);
    }
    const rows: (ActionRow & { sortValue: string })[] = await this.db.query(
      `SELECT ${ActionStore.columns}, created_at::text AS "sortValue" FROM actions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, id DESC LIMIT ${p(f.limit + 1)}`,
      params,
    );
    const items = rows.slice(0, f.limit);
    const last = items[items.length - 1];
    return { items: await this.map(items), nextCursor: rows.length > f.limit && last ? encodeCursor(last.sortValue, last.id, 'actions') : null };
  }

  /** Actions report the surviving incident when theirs was merged. */
  private async map(rows: ActionRow[]) {
    const ids = [...new Set(rows.map((r) => r.incidentId).filter((x): x is number => x !== null))];
    const redirects = new Map<number, number>();
    if (ids.length) {
      const r: { id: number; to: number }[] = await this.db.query(`SELECT id::int AS id, redirected_to::int AS to FROM incidents WHERE id = ANY($1) AND redirected_to IS NOT NULL`, [ids]);
      for (const x of r) redirects.set(x.id, x.to);
    }
    return rows.map((a) => {
      const { sortValue: _s, ...rest } = a as ActionRow & { sortValue?: string };
      const spec: ActionSpec = ACTIONS[a.type];
      return { ...rest, incidentId: a.incidentId === null ? null : (redirects.get(a.incidentId) ?? a.incidentId), title: spec.title, reversible: Boolean(spec.inverse) };
    });
  }

  async get(id: string) {
    const [a, history] = await Promise.all([
      this.store.get(id),
      this.db.query(`SELECT at, kind, actor, details FROM action_history WHERE action_id = $1 ORDER BY id`, [id]),
    ]);
    if (!a) throw Problem.notFound(`Action ${id}`);
    return { ...(await this.map([a]))[0], history };
  }

  /** A manual action goes through the same policy, approvals and audit as an automated one. */
  async create(input: { type: string; target: unknown; reason: string; incidentId?: number; params?: Record<string, unknown> }, who: Principal) {
    if (input.incidentId) {
      const rows = await this.db.query('SELECT 1 FROM incidents WHERE id = $1', [input.incidentId]);
      if (!rows.length) throw Problem.notFound(`Incident ${input.incidentId}`);
    }
    let proposal;
    try {
      proposal = await this.store.propose(
        { type: input.type, target: input.target, reason: input.reason, params: input.params, incidentId: input.incidentId ?? null, source: 'manual', requestedBy: who.name },
        randomUUID(),
      );
    } catch (err) {
      if (err instanceof InvalidProposalError) throw Problem.validation([{ path: 'target', message: err.message }]);
      throw err;
    }
    await this.client.workflow.start('actionWorkflow', {
      workflowId: actionWorkflowId(proposal.actionId),
      taskQueue: this.config.temporal.taskQueue,
      args: [proposal.workflow],
    });
    return this.get(proposal.actionId);
  }

  /** Delivers a decision to the action's workflow as an update; the validator refuses before anything is written. */
  async decide(id: string, decision: Decision, who: Principal, comment?: string) {
    const a = await this.store.get(id);
    if (!a) throw Problem.notFound(`Action ${id}`);
    if (a.status !== 'pending') throw Problem.conflict(`Action ${id} is ${a.status}, not pending.`, { actionStatus: a.status });
    try {
      const result = await this.client.workflow.getHandle(actionWorkflowId(id)).executeUpdate(decideAction, { args: [{ decision, by: who.name, comment }] });
      this.metrics.decisionLatency.observe({ decision }, (Date.now() - a.createdAt.getTime()) / 1000);
      return { ...(await this.get(id)), decision: result };
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) throw Problem.conflict(`The decision was refused: ${err.cause?.message ?? err.message}`);
      if (err instanceof WorkflowNotFoundError) throw Problem.conflict(`Action ${id} is no longer waiting for a decision.`);
      throw err;
    }
  }

  async decideMany(ids: string[], decision: Decision, who: Principal, comment?: string) {
    const rows: { id: string; type: string }[] = await this.db.query('SELECT id, type FROM actions WHERE id = ANY($1)', [ids]);
    const types = new Set(rows.map((r) => r.type));
    if (types.size > 1) throw Problem.validation([{ path: 'ids', message: `bulk decisions take actions of one type; got ${[...types].join(', ')}` }]);
    // Each decision is its own update to its own workflow: several go at once, results in request order.
    const results: ({ id: string; result: 'decided'; status: string } | { id: string; result: 'refused'; detail: string })[] = new Array(ids.length);
    await inParallel([...ids.keys()], BULK_DECISIONS_IN_FLIGHT, async (i) => {
      const id = ids[i];
      try {
        results[i] = { id, result: 'decided', status: (await this.decide(id, decision, who, comment)).status };
      } catch (err) {
        results[i] = { id, result: 'refused', detail: err instanceof Problem ? (err.getResponse() as { detail: string }).detail : String(err) };
      }
    });
    return { results };
  }

  async undo(id: string, who: Principal) {
    const a = await this.store.get(id);
    if (!a) throw Problem.notFound(`Action ${id}`);
    const spec: ActionSpec = ACTIONS[a.type];
    if (!spec.inverse) throw Problem.conflict(`${a.type} cannot be undone: it has no inverse.`);
    if (a.status !== 'succeeded') throw Problem.conflict(`Only a succeeded action can be undone; action ${id} is ${a.status}.`);
    await this.runOnce(undoWorkflowId(id), { actionId: id, by: who.name, mode: 'undo' });
    return this.get(id);
  }

  async retry(id: string, who: Principal) {
    const a = await this.store.get(id);
    if (!a) throw Problem.notFound(`Action ${id}`);
    if (a.status !== 'failed') throw Problem.conflict(`Only a failed action can be retried; action ${id} is ${a.status}.`);
    const [{ n }] = await this.db.query(`SELECT count(*)::int AS n FROM action_history WHERE action_id = $1 AND kind = 'retry_requested'`, [id]);
    await this.store.history(this.db, id, 'retry_requested', who.name, {});
    await this.runOnce(retryWorkflowId(id, n + 1), { actionId: id, by: who.name, mode: 'retry' });
    return this.get(id);
  }

  private async runOnce(workflowId: string, args: { actionId: string; by: string; mode: 'undo' | 'retry' }) {
    try {
      await this.client.workflow.execute('undoActionWorkflow', { workflowId, taskQueue: this.config.temporal.taskQueue, args: [args], workflowIdReusePolicy: 'REJECT_DUPLICATE' });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      await this.client.workflow.getHandle(workflowId).result();
    }
  }

  automation() {
    return new AutomationRepository(this.db);
  }
}
