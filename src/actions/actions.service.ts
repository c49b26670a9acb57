import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import {
  Client,
  WorkflowExecutionAlreadyStartedError,
  WorkflowFailedError,
  type WorkflowHandle,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
} from '@temporalio/client';
import { DataSource, type EntityManager } from 'typeorm';
import { actionWorkflowId, retryWorkflowId, undoWorkflowId } from '../../workflows/ids.js';
import { decideAction, renewContainment } from '../../workflows/messages.js';
import type { Principal } from '../auth/roles.js';
import { type AuditEntry, auditedBy, recordAudit } from '../audit/audit.store.js';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import type { Connector } from '../connectors/connector.js';
import { CONNECTORS } from '../connectors/connectors.provider.js';
import { ACTIONS, type ActionSpec, type Decision, type ReversalPlan, reversalPlan } from '../domain/actions.js';
import type { AutomationSettings } from '../domain/automation.js';
import { Problem } from '../http/problem.js';
import {
  type ActionFilters,
  type ActionRow,
  ActionStore,
  checkProposal,
  InvalidProposalError,
  NotTimeBoxableError,
} from './action.store.js';
import { deviceGroupOf } from './device-group.js';
import { ScopeRepository } from '../auth/scope.repository.js';
import { ActionMetrics } from './action-metrics.js';
import { ActionImpactService } from './action-impact.service.js';
import { automationETag, AutomationRepository, expectedVersion } from './automation.repository.js';
import type { ActionDetail, ActionView, BulkDecisionResult } from './action.dto.js';
import { IncidentsRepository } from '../incidents/incidents.repository.js';
import { inParallel } from '../infra/in-parallel.js';
import { LOGGER } from '../infra/logger.provider.js';
import { ChatNotifier, type ChatOrigin } from '../chat/chat-notifier.js';
import type { Logger } from 'pino';

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
    private readonly incidents: IncidentsRepository,
    @Inject(CONNECTORS) private readonly connectors: Record<string, Connector>,
    private readonly scopes: ScopeRepository,
    private readonly impacts: ActionImpactService,
    private readonly notifier: ChatNotifier,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    this.store = new ActionStore(db);
  }

  /**
   * Every route must name a connector this Quell has, and a route of one action type a connector
   * that carries it out (a family may go to a connector that covers only part of it: GET /connectors
   * lists the types left without one). A 400 problem otherwise.
   */
  checkRoutes(settings: AutomationSettings): void {
    const configured = Object.keys(this.connectors).join(', ');
    const errors = Object.entries(settings.connectors).flatMap(([key, name]) => {
      const connector = this.connectors[name as string];
      const path = `connectors.${key}`;
      if (!connector) return [{ path, message: `no connector named '${name}' is configured (configured: ${configured})` }];
      if (key in ACTIONS && !connector.actions.includes(key))
        return [{ path, message: `the ${name} connector does not carry out ${key} (it carries out: ${connector.actions.join(', ')})` }];
      return [];
    });
    if (errors.length) throw Problem.validation(errors);
  }

  /**
   * Replaces the automation settings; `ifMatch` (an ETag of GET /automation) refuses the write with
   * 412 if someone saved since. `alongside` runs in the same transaction once the settings are
   * written (a promotion ends its shadow there); what it throws undoes the write.
   */
  async putAutomation(
    settings: AutomationSettings,
    who: Principal,
    ifMatch?: string,
    alongside?: (m: EntityManager) => Promise<void>,
  ): Promise<void> {
    this.checkRoutes(settings);
    const expected = expectedVersion(ifMatch);
    const saved =
      expected !== null &&
      (await this.db.transaction(async (m) => {
        const before = await this.automation().lock(m);
        if (!(await this.automation().put(settings, who.name, expected, m))) return false;
        await recordAudit(m, {
          ...auditedBy(who),
          action: 'automation.updated',
          target: { type: 'automation', id: 'settings' },
          before,
          after: settings,
        });
        await alongside?.(m);
        return true;
      }));
    if (!saved) {
      const now = automationETag((await this.automation().read()).version);
      throw new Problem(412, 'stale-etag', `The automation settings changed since you read them (now ${now}); reload and retry.`);
    }
  }

  async list(f: ActionFilters): Promise<{ items: ActionView[]; nextCursor: string | null }> {
    const { items, nextCursor } = await this.store.list(f);
    return { items: await this.map(items), nextCursor };
  }

  /** Actions report the surviving incident when theirs was merged. */
  private async map(rows: ActionRow[]): Promise<ActionView[]> {
    const redirects = await this.incidents.redirectsOf([...new Set(rows.map((r) => r.incidentId).filter((x): x is number => x !== null))]);
    return rows.map((a) => {
      const spec: ActionSpec = ACTIONS[a.type];
      return {
        ...a,
        incidentId: a.incidentId === null ? null : (redirects.get(a.incidentId) ?? a.incidentId),
        title: spec.title,
        reversible: a.status === 'succeeded' || a.status === 'undone' ? this.reversal(a).inverse !== null : Boolean(spec.inverse),
      };
    });
  }

  /** How this action is undone by the connector that ran it, with the state it recorded. */
  private reversal(a: ActionRow): ReversalPlan {
    return reversalPlan(a, this.connectors[a.connector]?.actions);
  }

  async get(id: string): Promise<ActionDetail> {
    const [a, history] = await Promise.all([this.store.get(id), this.store.historyOf(id)]);
    if (!a) throw Problem.notFound(`Action ${id}`);
    return { ...(await this.map([a]))[0], history };
  }

  /** A manual action goes through the same policy, approvals and audit as an automated one. */
  async create(
    input: {
      type: string;
      target: unknown;
      reason: string;
      incidentId?: number;
      params?: Record<string, unknown>;
      durationSeconds?: number;
    },
    who: Principal,
  ) {
    if (input.incidentId) {
      await this.scopes.incident(input.incidentId, who.scope);
      if (!(await this.incidents.findById(input.incidentId))) throw Problem.notFound(`Incident ${input.incidentId}`);
    }
    if (who.scope) await this.checkScope(input, who);
    let proposal;
    try {
      proposal = await this.store.propose(
        {
          type: input.type,
          target: input.target,
          reason: input.reason,
          params: input.params,
          incidentId: input.incidentId ?? null,
          source: 'manual',
          requestedBy: who.name,
          requestedBySubject: who.subject,
          containmentSeconds: input.durationSeconds,
        },
        randomUUID(),
        auditedBy(who),
      );
    } catch (err) {
      if (err instanceof InvalidProposalError)
        throw Problem.validation([{ path: err instanceof NotTimeBoxableError ? 'durationSeconds' : 'target', message: err.message }]);
      throw err;
    }
    await this.client.workflow.start('actionWorkflow', {
      workflowId: actionWorkflowId(proposal.actionId),
      taskQueue: this.config.temporal.taskQueue,
      args: [proposal.workflow],
    });
    await this.impacts.proposed(proposal.actionId);
    return this.get(proposal.actionId);
  }

  /** A scoped caller requests only actions its scope covers: of its families, on its groups' devices, or for its tags' incidents. */
  private async checkScope(input: { type: string; target: unknown; incidentId?: number }, who: Principal): Promise<void> {
    let proposed;
    try {
      proposed = checkProposal(input.type, input.target);
    } catch (err) {
      if (err instanceof InvalidProposalError) throw Problem.validation([{ path: 'target', message: err.message }]);
      throw err;
    }
    const deviceGroup = proposed.target.type === 'device' ? await deviceGroupOf(this.db, proposed.target) : undefined;
    if (!(await this.scopes.proposal({ family: proposed.spec.family, deviceGroup, incidentId: input.incidentId }, who.scope)))
      throw new Problem(403, 'out-of-scope', `A ${proposed.type} on this target is outside the scope of your role assignments.`);
  }

  /** Delivers a decision to the action's workflow as an update; the validator refuses before anything is written. */
  async decide(id: string, decision: Decision, who: Principal, comment?: string, origin?: ChatOrigin) {
    const a = await this.store.get(id);
    if (!a) throw Problem.notFound(`Action ${id}`);
    if (a.status !== 'pending') throw Problem.conflict(`Action ${id} is ${a.status}, not pending.`, { actionStatus: a.status });
    try {
      const result = await this.whenStarted(a.createdAt, () =>
        this.client.workflow
          .getHandle(actionWorkflowId(id))
          // The decision commits in the action's workflow (a Temporal update and its activity); its
          // audit entry travels with it and is written in the same transaction.
          .executeUpdate(decideAction, { args: [{ decision, by: who.name, subject: who.subject, comment, audit: auditedBy(who) }] }),
      );
      this.metrics.decisionLatency.observe({ decision }, (Date.now() - a.createdAt.getTime()) / 1000);
      // The chat messages that asked for the decision show it (or the approvals so far); the caller does not wait for the chat.
      void this.notifier.decided(id, origin).catch((err: Error) => this.log.warn({ actionId: id, err: err.message }, 'chat update failed'));
      return { ...(await this.get(id)), decision: result };
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) {
        // The reason is the innermost cause: the validator's refusal, or the recording activity's.
        let why: Error = err;
        while (why.cause instanceof Error) why = why.cause;
        throw Problem.conflict(`The decision was refused: ${why.message}`);
      }
      if (err instanceof WorkflowNotFoundError) throw Problem.conflict(`Action ${id} is no longer waiting for a decision.`);
      throw err;
    }
  }

  /**
   * A proposal is visible as pending a moment before its workflow exists (the proposer's activity
   * returns, then the workflow starts it): within that first minute a missing workflow is waited for.
   */
  private async whenStarted<T>(createdAt: Date, call: () => Promise<T>): Promise<T> {
    for (let wait = 100; ; wait = Math.min(wait * 2, 1000)) {
      try {
        return await call();
      } catch (err) {
        if (!(err instanceof WorkflowNotFoundError) || Date.now() - createdAt.getTime() > 60_000) throw err;
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  async decideMany(ids: string[], decision: Decision, who: Principal, comment?: string): Promise<BulkDecisionResult> {
    const types = new Set(await this.store.typesOf(ids));
    if (types.size > 1)
      throw Problem.validation([{ path: 'ids', message: `bulk decisions take actions of one type; got ${[...types].join(', ')}` }]);
    // Each decision is its own update to its own workflow: several go at once, results in request order.
    const results: BulkDecisionResult['results'] = new Array(ids.length);
    await inParallel([...ids.keys()], BULK_DECISIONS_IN_FLIGHT, async (i) => {
      const id = ids[i];
      try {
        results[i] = { id, result: 'decided', status: (await this.decide(id, decision, who, comment)).status };
      } catch (err) {
        results[i] = {
          id,
          result: 'refused',
          detail: err instanceof Problem ? (err.getResponse() as { detail: string }).detail : String(err),
        };
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
    const plan = this.reversal(a);
    if (!plan.inverse)
      throw Problem.conflict(`Action ${id} cannot be undone: ${plan.why}. By hand: ${plan.byHand}`, { byHand: plan.byHand });
    await this.audit({
      ...auditedBy(who),
      action: 'action.undo_requested',
      target: { type: 'action', id },
      before: { status: a.status },
    });
    const settled = await this.runOnce(undoWorkflowId(id), { actionId: id, by: who.name, mode: 'undo' });
    return { settled, action: await this.get(id) };
  }

  /** Moves the end of a time-boxed containment: an update to the action's workflow, which holds the timer. */
  async renew(id: string, durationSeconds: number, who: Principal, comment?: string) {
    const a = await this.store.get(id);
    if (!a) throw Problem.notFound(`Action ${id}`);
    if (a.status !== 'succeeded' || !a.containmentUntil)
      throw Problem.conflict(
        `Only a succeeded time-boxed action can be renewed; action ${id} is ${a.status}${a.containmentSeconds ? '' : ' and not time-boxed'}.`,
        {
          actionStatus: a.status,
        },
      );
    try {
      await this.client.workflow
        .getHandle(actionWorkflowId(id))
        .executeUpdate(renewContainment, { args: [{ durationSeconds, by: who.name, comment, audit: auditedBy(who) }] });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError) throw Problem.conflict(`The renewal was refused: ${err.cause?.message ?? err.message}`);
      if (err instanceof WorkflowNotFoundError) throw Problem.conflict(`Action ${id} is no longer contained.`);
      throw err;
    }
    return this.get(id);
  }

  async retry(id: string, who: Principal) {
    const a = await this.store.get(id);
    if (!a) throw Problem.notFound(`Action ${id}`);
    if (a.status !== 'failed') throw Problem.conflict(`Only a failed action can be retried; action ${id} is ${a.status}.`);
    const settled = await this.runOnce(retryWorkflowId(id, await this.store.requestRetry(id, auditedBy(who))), {
      actionId: id,
      by: who.name,
      mode: 'retry',
    });
    return { settled, action: await this.get(id) };
  }

  /**
   * Starts the undo or retry once (a second call joins the first) and waits for it, at most
   * `ACTION_WAIT_SECONDS`: a product that has not reported by then is followed on in the background, and
   * the answer is `false` (the action's history shows it in progress).
   */
  private async runOnce(workflowId: string, args: { actionId: string; by: string; mode: 'undo' | 'retry' }): Promise<boolean> {
    let handle: WorkflowHandle;
    try {
      handle = await this.client.workflow.start('undoActionWorkflow', {
        workflowId,
        taskQueue: this.config.temporal.taskQueue,
        args: [args],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      handle = this.client.workflow.getHandle(workflowId);
    }
    // The wait ends with the deadline: no long poll is left running for an action followed for days.
    const deadline = AbortSignal.timeout(this.config.actions.waitMs);
    try {
      await this.client.withAbortSignal(deadline, () => handle.result());
      return true;
    } catch (err) {
      if (deadline.aborted) return false;
      if (!(err instanceof WorkflowFailedError)) throw err;
      // The connector refused or failed (its message is already free of secrets): the product's answer, not ours.
      let cause: Error = err;
      while (cause.cause instanceof Error) cause = cause.cause;
      throw new Problem(502, 'connector-failed', `The ${args.mode} of action ${args.actionId} did not succeed: ${cause.message}`);
    }
  }

  private audit(entry: AuditEntry): Promise<void> {
    return this.db.transaction((m) => recordAudit(m, entry));
  }

  automation() {
    return new AutomationRepository(this.db);
  }
}
