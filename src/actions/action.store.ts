import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { ConnectorRequest, ConnectorResult } from '../connectors/connector.js';
import {
  type ActionClosing,
  type ActionFamily,
  ACTIONS,
  type ActionSource,
  type ActionSpec,
  type ActionStatus,
  type ActionType,
  type Decision,
  EXECUTABLE_ACTION_STATUSES,
  OPEN_ACTION_STATUSES,
  PROPOSABLE_ACTIONS,
  type RemediationStatus,
  approverOf,
  recordedOf,
} from '../domain/actions.js';
import { type Entity, entitySchema } from '../domain/alert.js';
import { type AutomationSettings, connectorFor, decide } from '../domain/automation.js';
import type { ActionWorkflowInput } from '../domain/remediation.js';
import { entityKey } from '../correlation/keys.js';
import { actionInScope } from '../auth/scope.sql.js';
import type { ScopeLimit } from '../domain/scope.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { incidentOrMerged } from '../incidents/merged.js';
import { EvidenceStore } from '../investigations/evidence.store.js';
import { emitEvent } from '../webhooks/webhook.store.js';
import { type Audited, recordAudit } from '../audit/audit.store.js';
import { personOf } from '../auth/roles.js';
import { PersonRepository } from '../people/person.repository.js';
import { AutomationRepository } from './automation.repository.js';
import { AutomationShadowRepository } from './automation-shadow.repository.js';
import type { ActionHistoryEntry } from './action.dto.js';
import { policyInputFor } from './policy-input.js';

export class InvalidProposalError extends Error {
  override name = 'InvalidProposalError';
}

/** A decision by a person who was deactivated (before it, or while it was being recorded). */
export class InactiveApproverError extends Error {
  override name = 'InactiveApproverError';
}

/** A proposable action type and a target entity of the kind it acts on, or an InvalidProposalError. */
export function checkProposal(action: string, target: unknown): { type: ActionType; spec: ActionSpec; target: Entity } {
  if (!PROPOSABLE_ACTIONS.includes(action as ActionType)) throw new InvalidProposalError(`unknown action type '${action}'`);
  const type = action as ActionType;
  const spec: ActionSpec = ACTIONS[type];
  const parsed = entitySchema.safeParse(target);
  if (!parsed.success) throw new InvalidProposalError(`the target is not a valid entity: ${parsed.error.issues[0]?.message}`);
  if (parsed.data.type !== spec.target) throw new InvalidProposalError(`${type} needs a ${spec.target} target, not a ${parsed.data.type}`);
  return { type, spec, target: parsed.data };
}

/** What an action's workflow starts with (the investigation adds its own id as the parent). */
export type ActionWorkflowArgs = Omit<ActionWorkflowInput, 'parentWorkflowId'>;

export interface Proposal {
  actionId: string;
  status: ActionStatus;
  created: boolean;
  /** Already decided or done: nothing to wait for. */
  settled: boolean;
  policyReason: string;
  workflow: ActionWorkflowArgs;
}

export interface ProposeInput {
  type: string;
  target: unknown;
  reason: string;
  params?: Record<string, unknown>;
  incidentId?: number | null;
  investigationId?: string | null;
  alertId?: string | null;
  source: ActionSource;
  requestedBy: string;
  /** The requester's subject (a person or a key), for the self-approval rule. */
  requestedBySubject?: string;
  proposedBy?: Record<string, unknown>;
  /** Automated proposals: the strongest verdict on the target; manual ones carry none. */
  verdict?: string;
  /** Time-boxed containment: undone this long after it succeeds unless renewed (reversible actions only). */
  containmentSeconds?: number;
}

/** A duration on an action that has no inverse to run when the time is up. */
export class NotTimeBoxableError extends InvalidProposalError {
  override name = 'NotTimeBoxableError';
}

export class NotContainedError extends Error {
  override name = 'NotContainedError';
}

const ACTION_ROW = `id, type, family, target_key AS "targetKey", target, params, incident_id::int AS "incidentId",
  investigation_id AS "investigationId", alert_id AS "alertId", source, status, reason, proposed_by AS "proposedBy", verdict,
  policy_mode AS "policyMode", policy_reason AS "policyReason", requested_by AS "requestedBy", requested_by_subject AS "requestedBySubject",
  required_approvals AS "requiredApprovals", approvals, connector, error, result, expires_at AS "expiresAt",
  decided_by AS "decidedBy", decided_at AS "decidedAt", created_at AS "createdAt", updated_at AS "updatedAt",
  containment_seconds AS "containmentSeconds", containment_until AS "containmentUntil", containment_renewals AS "renewals"`;

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
  /** The caller's scope: only the actions it covers. */
  scope?: ScopeLimit;
}

export interface ActionRow {
  id: string;
  type: ActionType;
  family: ActionFamily;
  targetKey: string;
  target: Entity;
  params: Record<string, unknown>;
  incidentId: number | null;
  investigationId: string | null;
  alertId: string | null;
  source: ActionSource;
  status: ActionStatus;
  reason: string;
  proposedBy: Record<string, unknown>;
  verdict: string | null;
  policyMode: 'automatic' | 'approval';
  policyReason: string;
  requestedBy: string;
  requestedBySubject: string | null;
  requiredApprovals: number;
  approvals: { by: string; subject?: string; at: string; comment?: string }[];
  connector: string;
  error: string | null;
  result: unknown;
  expiresAt: Date | null;
  decidedBy: string | null;
  decidedAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  containmentSeconds: number | null;
  /** When the containment timer undoes the action (set once it succeeded; moved by renewals). */
  containmentUntil: Date | null;
  renewals: ContainmentRenewal[];
}

export interface ContainmentRenewal {
  by: string;
  at: string;
  until: string;
  comment?: string;
}

/**
 * Remediation actions in PostgreSQL: proposal through the automation policy, decisions, execution
 * bookkeeping and undo. Every write is keyed (action id, history dedupe keys) so a retried
 * activity never records anything twice. Owns `actions` and `action_history`; the remediation
 * status of the evidence an action targets goes through the evidence store.
 */
export class ActionStore {
  private readonly automation: AutomationRepository;
  private readonly evidence: EvidenceStore;
  private readonly shadows: AutomationShadowRepository;
  private readonly people: PersonRepository;

  constructor(private readonly db: DataSource) {
    this.automation = new AutomationRepository(db);
    this.people = new PersonRepository(db);
    this.shadows = new AutomationShadowRepository(db);
    this.evidence = new EvidenceStore(db);
  }

  async get(id: string, m: EntityManager | DataSource = this.db, lock = false): Promise<ActionRow | undefined> {
    const rows = await m.query(`SELECT ${ACTION_ROW} FROM actions WHERE id = $1 ${lock ? 'FOR UPDATE' : ''}`, [id]);
    return rows[0];
  }

  async history(
    m: EntityManager | DataSource,
    actionId: string,
    kind: string,
    actor: string,
    details: object,
    dedupe?: string,
  ): Promise<void> {
    await m.query(
      `INSERT INTO action_history (action_id, kind, actor, details, dedupe_key) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (dedupe_key) DO NOTHING`,
      [actionId, kind, actor, JSON.stringify(details), dedupe ?? null],
    );
  }

  /** Proposes an action (idempotent: the same type on the same target in one investigation is one action). */
  /** With `audited` (a person's manual request), the new action's audit entry commits with it. */
  async propose(input: ProposeInput, idSeed?: string, audited?: Audited): Promise<Proposal> {
    const { type, spec, target } = checkProposal(input.type, input.target);
    if (input.containmentSeconds !== undefined && !spec.inverse)
      throw new NotTimeBoxableError(`${type} cannot be time-boxed: it has no inverse to run when the time is up`);
    const targetKey = entityKey(target);
    const id = `act-${createHash('sha256')
      .update(idSeed ?? `${input.investigationId}|${type}|${targetKey}`)
      .digest('hex')
      .slice(0, 24)}`;

    return this.db.transaction(async (m) => {
      const existing = await this.get(id, m, true);
      const settings = await this.automation.get(m);
      if (existing) return this.proposalOf(existing, settings, false);
      const policyInput = await policyInputFor(m, {
        type,
        target,
        verdict: input.verdict,
        params: input.params,
        manual: input.source === 'manual',
      });
      const policy = decide(settings, policyInput);
      const status: ActionStatus = policy.mode === 'automatic' ? 'approved' : 'pending';
      const expiresAt = status === 'pending' ? new Date(Date.now() + settings.pendingExpirySeconds * 1000) : null;
      const [row]: ActionRow[] = await m.query(
        `INSERT INTO actions (id, type, family, target_key, target, params, incident_id, investigation_id, alert_id, source, status,
                              reason, proposed_by, verdict, policy_mode, policy_reason, requested_by, required_approvals, connector, expires_at,
                              containment_seconds, requested_by_subject)
         VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$22)
         RETURNING ${ACTION_ROW}`,
        [
          id,
          type,
          spec.family,
          targetKey,
          JSON.stringify(target),
          JSON.stringify(input.params ?? {}),
          input.incidentId ?? null,
          input.investigationId ?? null,
          input.alertId ?? null,
          input.source,
          status,
          input.reason,
          JSON.stringify(input.proposedBy ?? {}),
          input.verdict ?? null,
          policy.mode,
          policy.reason,
          input.requestedBy,
          policy.requiredApprovals,
          connectorFor(settings, type),
          expiresAt,
          input.containmentSeconds ?? null,
          input.requestedBySubject ?? null,
        ],
      );
      await this.history(
        m,
        id,
        'proposed',
        input.requestedBy,
        {
          source: input.source,
          reason: input.reason,
          proposedBy: input.proposedBy,
          verdict: input.verdict,
          containmentSeconds: input.containmentSeconds,
        },
        `${id}:proposed`,
      );
      await this.history(
        m,
        id,
        status === 'approved' ? 'auto_approved' : 'awaiting_approval',
        'system',
        { policy: policy.reason, requiredApprovals: policy.requiredApprovals },
        `${id}:policy`,
      );
      // Candidate settings in shadow decide the same input with the same function; what they decide has no effect.
      const shadow = await this.shadows.active(m);
      if (shadow)
        await this.shadows.record(
          m,
          shadow.id,
          { id, type, deviceGroup: policyInput.deviceGroup },
          policy,
          decide(shadow.settings, policyInput),
        );
      if (input.investigationId)
        await this.evidenceStatus(m, input.investigationId, targetKey, status === 'pending' ? 'pending' : 'approved');
      if (status === 'pending') await emitEvent(m, 'action.pending', id, { action: row });
      if (audited) {
        await recordAudit(m, {
          ...audited,
          action: 'action.requested',
          target: { type: 'action', id },
          after: {
            type,
            target,
            params: input.params ?? {},
            reason: input.reason,
            incidentId: input.incidentId ?? null,
            status,
            policy: policy.reason,
          },
        });
      }
      return this.proposalOf(row, settings, true);
    });
  }

  private proposalOf(a: ActionRow, settings: AutomationSettings, created: boolean): Proposal {
    return {
      actionId: a.id,
      status: a.status,
      created,
      settled: !OPEN_ACTION_STATUSES.includes(a.status),
      policyReason: a.policyReason,
      workflow: {
        actionId: a.id,
        requiresApproval: a.status === 'pending',
        requiredApprovals: a.requiredApprovals,
        expiresAt: a.expiresAt ? a.expiresAt.getTime() : undefined,
        requestedBy: a.requestedBy,
        ...(a.requestedBySubject ? { requestedBySubject: a.requestedBySubject } : {}),
        allowSelfApproval: settings.allowSelfApproval,
        ...(a.containmentSeconds === null ? {} : { containmentSeconds: a.containmentSeconds }),
      },
    };
  }

  private evidenceStatus(m: EntityManager, investigationId: string, key: string, status: RemediationStatus): Promise<void> {
    return this.evidence.setRemediationStatus(m, investigationId, key, status);
  }

  /**
   * Records one person's decision; enough approvals make the action approved. Given the execution
   * `attempt`, an action this decision approves is also marked running in the same transaction and
   * returned as `started`, ready for its connector.
   */
  async decide(
    actionId: string,
    decision: Decision,
    who: { by: string; subject?: string },
    comment?: string,
    attempt?: number,
    audited?: Audited,
  ): Promise<{ status: ActionStatus; approvals: number; started?: ActionRow }> {
    const { by, subject } = who;
    const person = personOf(subject);
    return this.db.transaction(async (m) => {
      // The decider's standing first (before the action's row, in the order a deactivation takes
      // them): a deactivation under way is waited for and refuses this decision; one that starts
      // now waits for it and withdraws the approval it then finds.
      if (person && !(await this.people.holdActive(m, person)))
        throw new InactiveApproverError(`${by} has been deactivated: their decision is not recorded`);
      const a = await this.get(actionId, m, true);
      if (!a) throw new InvalidProposalError(`action ${actionId} does not exist`);
      if (a.status !== 'pending') return { status: a.status, approvals: a.approvals.length };
      if (decision === 'reject') {
        await m.query(`UPDATE actions SET status = 'rejected', decided_by = $2, decided_at = now(), updated_at = now() WHERE id = $1`, [
          actionId,
          by,
        ]);
        await this.history(m, actionId, 'rejected', by, { comment }, `${actionId}:rejected`);
        await emitEvent(m, 'action.decided', actionId, { actionId, type: a.type, decision: 'rejected', by, comment });
        if (a.investigationId) await this.evidenceStatus(m, a.investigationId, a.targetKey, 'rejected');
        if (audited)
          await recordAudit(m, {
            ...audited,
            action: 'action.rejected',
            target: { type: 'action', id: actionId },
            before: { status: a.status },
            after: { decision, comment: comment ?? null, status: 'rejected' },
          });
        return { status: 'rejected', approvals: a.approvals.length };
      }
      // Counted by person (or service key), not by name: one person's keys and sessions are one approver.
      if (a.approvals.some((x) => approverOf(x) === approverOf(who))) return { status: a.status, approvals: a.approvals.length };
      const approvals = [...a.approvals, { by, ...(subject ? { subject } : {}), at: new Date().toISOString(), comment }];
      const done = approvals.length >= a.requiredApprovals;
      await m.query(
        `UPDATE actions SET approvals = $2, status = $3, decided_by = CASE WHEN $3 = 'approved' THEN $4 ELSE decided_by END,
           decided_at = CASE WHEN $3 = 'approved' THEN now() ELSE decided_at END, updated_at = now() WHERE id = $1`,
        [actionId, JSON.stringify(approvals), done ? 'approved' : 'pending', by],
      );
      await this.history(
        m,
        actionId,
        'approved',
        by,
        { comment, approvals: approvals.length, required: a.requiredApprovals },
        `${actionId}:approved:${by}`,
      );
      if (done) await emitEvent(m, 'action.decided', actionId, { actionId, type: a.type, decision: 'approved', by, approvals });
      if (audited)
        await recordAudit(m, {
          ...audited,
          action: 'action.approved',
          target: { type: 'action', id: actionId },
          before: { status: a.status, approvals: a.approvals.length },
          after: {
            decision,
            comment: comment ?? null,
            status: done ? 'approved' : 'pending',
            approvals: approvals.length,
            requiredApprovals: a.requiredApprovals,
          },
        });
      if (done && attempt !== undefined)
        return { status: 'running', approvals: approvals.length, started: await this.markRunning(m, a, attempt) };
      return { status: done ? 'approved' : 'pending', approvals: approvals.length };
    });
  }

  /**
   * Takes back the approvals `subject` gave to actions still waiting for their quorum (a person who
   * left no longer vouches for what has not happened yet); approvals that completed a quorum stand.
   * Each withdrawal is in the action's history and audited. Runs in the caller's transaction.
   */
  async withdrawApprovals(m: EntityManager, subject: string, by: string, audited: Audited): Promise<string[]> {
    const rows: ActionRow[] = await m.query(
      `SELECT ${ACTION_ROW} FROM actions WHERE status = 'pending' AND approvals @> $1::jsonb ORDER BY id FOR UPDATE`,
      [JSON.stringify([{ subject }])],
    );
    for (const a of rows) {
      const approvals = a.approvals.filter((x) => approverOf(x) !== subject);
      await m.query(`UPDATE actions SET approvals = $2, updated_at = now() WHERE id = $1`, [a.id, JSON.stringify(approvals)]);
      await this.history(m, a.id, 'approval_withdrawn', by, { subject, approvals: approvals.length, required: a.requiredApprovals });
      await recordAudit(m, {
        ...audited,
        action: 'action.approval_withdrawn',
        target: { type: 'action', id: a.id },
        before: { approvals: a.approvals.length },
        after: { subject, approvals: approvals.length, requiredApprovals: a.requiredApprovals },
      });
    }
    return rows.map((a) => a.id);
  }

  /** Closes a still-pending action as expired (counts as rejected) or withdrawn. */
  async close(actionId: string, outcome: ActionClosing, reason?: string): Promise<{ status: string }> {
    return this.db.transaction(async (m) => {
      const a = await this.get(actionId, m, true);
      if (!a || a.status !== 'pending') return { status: a?.status ?? 'unknown' };
      const status: ActionStatus = outcome === 'expired' ? 'expired' : 'rejected';
      await m.query(`UPDATE actions SET status = $2, decided_by = 'system', decided_at = now(), updated_at = now() WHERE id = $1`, [
        actionId,
        status,
      ]);
      await this.history(m, actionId, outcome, 'system', { reason }, `${actionId}:${outcome}`);
      await emitEvent(m, 'action.decided', actionId, { actionId, type: a.type, decision: status, by: 'system', reason });
      if (a.investigationId) await this.evidenceStatus(m, a.investigationId, a.targetKey, status);
      return { status };
    });
  }

  /** Marks an approved (or failed, for a retry) action running; returns it, or undefined when there is nothing to run. */
  async begin(actionId: string, attempt: number): Promise<ActionRow | undefined> {
    return this.db.transaction(async (m) => {
      const a = await this.get(actionId, m, true);
      if (!a || !EXECUTABLE_ACTION_STATUSES.includes(a.status)) return undefined;
      return this.markRunning(m, a, attempt);
    });
  }

  private async markRunning(m: EntityManager, a: ActionRow, attempt: number): Promise<ActionRow> {
    await m.query(`UPDATE actions SET status = 'running', error = NULL, updated_at = now() WHERE id = $1`, [a.id]);
    await this.history(m, a.id, 'execution_started', 'system', { attempt }, `${a.id}:start:${attempt}:${a.updatedAt.toISOString()}`);
    return a;
  }

  async finish(actionId: string, outcome: { ok: true; result: ConnectorResult } | { ok: false; error: string }): Promise<ActionStatus> {
    return this.db.transaction(async (m) => {
      const a = (await this.get(actionId, m, true))!;
      const status: ActionStatus = outcome.ok ? 'succeeded' : 'failed';
      await m.query(`UPDATE actions SET status = $2, result = $3, error = $4, updated_at = now() WHERE id = $1`, [
        actionId,
        status,
        outcome.ok ? JSON.stringify(outcome.result.details) : null,
        outcome.ok ? null : outcome.error,
      ]);
      await this.history(
        m,
        actionId,
        outcome.ok ? 'succeeded' : 'failed',
        'system',
        outcome.ok ? { ...outcome.result.details, replayed: outcome.result.replayed } : { error: outcome.error },
      );
      if (a.investigationId) await this.evidenceStatus(m, a.investigationId, a.targetKey, outcome.ok ? 'remediated' : 'failed');
      if (!outcome.ok)
        await emitEvent(m, 'action.failed', `${actionId}:${a.updatedAt.toISOString()}`, { actionId, type: a.type, error: outcome.error });
      return status;
    });
  }

  /**
   * The product accepted the request (or its undo) and has not reported the outcome: what it said so
   * far goes into the result and, once per state it reports, into the history. The status stays.
   */
  async progress(actionId: string, operation: 'execute' | 'undo', result: ConnectorResult): Promise<void> {
    await this.db.transaction(async (m) => {
      if (operation === 'execute')
        await m.query(`UPDATE actions SET result = $2, updated_at = now() WHERE id = $1 AND status = 'running'`, [
          actionId,
          JSON.stringify(result.details),
        ]);
      const state = typeof result.details.status === 'string' ? result.details.status : 'accepted';
      await this.history(
        m,
        actionId,
        operation === 'execute' ? 'in_progress' : 'undo_in_progress',
        'system',
        { ...result.details, checkAgainInMs: result.checkAgainInMs },
        `${actionId}:${operation}:progress:${state}`,
      );
    });
  }

  /** The action succeeded: its workflow undoes it at `until` unless renewed (written once; a retry changes nothing). */
  async scheduleContainmentEnd(actionId: string, until: number): Promise<void> {
    await this.db.transaction(async (m) => {
      const [, changed] = await m.query(
        `UPDATE actions SET containment_until = $2, updated_at = now() WHERE id = $1 AND containment_until IS NULL`,
        [actionId, new Date(until)],
      );
      if (changed)
        await this.history(m, actionId, 'undo_scheduled', 'system', { at: new Date(until).toISOString() }, `${actionId}:undo_scheduled`);
    });
  }

  /** A person moved the end of a containment; idempotent per new end. Refused when the action is no longer contained. */
  async renewContainment(actionId: string, until: number, by: string, comment?: string, audited?: Audited): Promise<void> {
    await this.db.transaction(async (m) => {
      const a = await this.get(actionId, m, true);
      const at = new Date(until).toISOString();
      if (a?.renewals.some((r) => r.until === at && r.by === by)) return;
      if (a?.status !== 'succeeded' || !a.containmentUntil) throw new NotContainedError(`action ${actionId} is not contained`);
      const renewal: ContainmentRenewal = { by, at: new Date().toISOString(), until: at, ...(comment ? { comment } : {}) };
      await m.query(
        `UPDATE actions SET containment_until = $2, containment_renewals = containment_renewals || $3::jsonb, updated_at = now() WHERE id = $1`,
        [actionId, new Date(until), JSON.stringify([renewal])],
      );
      await this.history(
        m,
        actionId,
        'renewed',
        by,
        { until: at, previous: a.containmentUntil.toISOString(), comment },
        `${actionId}:renewed:${at}`,
      );
      if (audited)
        await recordAudit(m, {
          ...audited,
          action: 'action.renewed',
          target: { type: 'action', id: actionId },
          before: { containmentUntil: a.containmentUntil.toISOString() },
          after: { containmentUntil: at, comment: comment ?? null },
        });
    });
  }

  async markUndone(actionId: string, by: string, result: ConnectorResult): Promise<ActionStatus> {
    return this.db.transaction(async (m): Promise<ActionStatus> => {
      const a = (await this.get(actionId, m, true))!;
      await m.query(`UPDATE actions SET status = 'undone', updated_at = now() WHERE id = $1`, [actionId]);
      await this.history(m, actionId, 'undone', by, { ...result.details, replayed: result.replayed }, `${actionId}:undone`);
      if (a.investigationId) await this.evidenceStatus(m, a.investigationId, a.targetKey, 'undone');
      return 'undone';
    });
  }

  requestFor(a: ActionRow, operation: 'execute' | 'undo'): ConnectorRequest {
    const spec: ActionSpec = ACTIONS[a.type];
    const request = { actionId: a.id, operation, type: operation === 'undo' ? spec.inverse! : a.type, target: a.target, params: a.params };
    const recorded = operation === 'undo' && spec.restoresRecorded ? recordedOf(a.result) : undefined;
    return recorded ? { ...request, recorded } : request;
  }

  async list(f: ActionFilters): Promise<{ items: ActionRow[]; nextCursor: string | null }> {
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
    if (f.scope) where.push(actionInScope('actions', f.scope, p));
    if (f.cursor) {
      const c = decodeCursor(f.cursor, 'actions', { value: 'timestamptz', id: 'text' });
      where.push(`(created_at, id) < (${p(c.value)}::timestamptz, ${p(c.id)})`);
    }
    const rows: (ActionRow & { sortValue: string })[] = await this.db.query(
      `SELECT ${ACTION_ROW}, created_at::text AS "sortValue" FROM actions ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY created_at DESC, id DESC LIMIT ${p(f.limit + 1)}`,
      params,
    );
    const items = rows.slice(0, f.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(({ sortValue: _s, ...a }) => a),
      nextCursor: rows.length > f.limit && last ? encodeCursor(last.sortValue, last.id, 'actions') : null,
    };
  }

  /**
   * The actions automation took for an incident (or the incidents merged into it) that succeeded and
   * stand: the last to succeed first, the order a rollback undoes them in.
   */
  succeededAutomatedActions(incidentId: number): Promise<(ActionRow & { succeededAt: Date })[]> {
    return this.db.query(
      `SELECT ${ACTION_ROW}, s.at AS "succeededAt" FROM actions
         CROSS JOIN LATERAL (SELECT max(at) AS at FROM action_history h WHERE h.action_id = actions.id AND h.kind = 'succeeded') s
       WHERE ${incidentOrMerged('incident_id', '$1')} AND source = 'automated' AND status = 'succeeded'
       ORDER BY s.at DESC NULLS LAST, id DESC`,
      [incidentId],
    );
  }

  /** The actions one playbook proposed for one alert, for comparing them with a shadow run or a backtest. */
  proposedFor(alertId: string, playbook: string): Promise<{ type: string; targetKey: string; policyMode: string }[]> {
    return this.db.query(
      `SELECT type, target_key AS "targetKey", policy_mode AS "policyMode" FROM actions
       WHERE investigation_id = (SELECT investigation_id FROM alerts WHERE id = $1) AND alert_id = $1 AND source = 'automated' AND proposed_by->>'playbook' = $2`,
      [alertId, playbook],
    );
  }

  listByInvestigation(investigationId: string): Promise<ActionRow[]> {
    return this.db.query(`SELECT ${ACTION_ROW} FROM actions WHERE investigation_id = $1 ORDER BY created_at, id`, [investigationId]);
  }

  historyOf(actionId: string): Promise<ActionHistoryEntry[]> {
    return this.db.query(`SELECT at, kind, actor, details FROM action_history WHERE action_id = $1 ORDER BY id`, [actionId]);
  }

  async typesOf(ids: string[]): Promise<string[]> {
    const rows: { type: string }[] = await this.db.query('SELECT id, type FROM actions WHERE id = ANY($1)', [ids]);
    return rows.map((r) => r.type);
  }

  /** Records a person's request to try a failed action again; returns how many there have been, this one included. */
  async requestRetry(actionId: string, by: Audited): Promise<number> {
    return this.db.transaction(async (m) => {
      const [{ n }] = await m.query(`SELECT count(*)::int AS n FROM action_history WHERE action_id = $1 AND kind = 'retry_requested'`, [
        actionId,
      ]);
      await this.history(m, actionId, 'retry_requested', by.actor.name, {});
      await recordAudit(m, {
        ...by,
        action: 'action.retry_requested',
        target: { type: 'action', id: actionId },
        before: { status: 'failed' },
        after: { attempt: n + 1 },
      });
      return n + 1;
    });
  }

  async countByStatus(m: EntityManager, investigationId: string): Promise<Partial<Record<ActionStatus, number>>> {
    const rows: { status: ActionStatus; n: number }[] = await m.query(
      `SELECT status, count(*)::int AS n FROM actions WHERE investigation_id = $1 GROUP BY status`,
      [investigationId],
    );
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** For the metrics scrape: every action type and status with its count, and how many wait for a decision. */
  countByTypeAndStatus(): Promise<{ type: string; status: ActionStatus; n: number }[]> {
    return this.db.query('SELECT type, status, count(*)::int AS n FROM actions GROUP BY 1, 2');
  }

  async countPending(): Promise<number> {
    const rows: { n: number }[] = await this.db.query(`SELECT count(*)::int AS n FROM actions WHERE status = 'pending'`);
    return rows[0].n;
  }
}
