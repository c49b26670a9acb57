import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { rollbackWorkflowId } from '../../workflows/ids.js';
import { rollbackProgress } from '../../workflows/messages.js';
import type { Principal } from '../auth/roles.js';
import { auditedBy, recordAudit } from '../audit/audit.store.js';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import type { Connector } from '../connectors/connector.js';
import { CONNECTORS } from '../connectors/connectors.provider.js';
import { ACTIONS, type ActionSpec, type RollbackInput, type RollbackState, reversalPlan } from '../domain/actions.js';
import { Problem } from '../http/problem.js';
import { IncidentWriter } from '../incidents/incident.writer.js';
import { IncidentsRepository } from '../incidents/incidents.repository.js';
import { ActionStore } from './action.store.js';
import type { RollbackOperation, RollbackPlan } from './rollback.dto.js';

const ROLLBACK_ACTIVITY = 'rollback_started';

/**
 * One-call rollback of an incident: the plan (what automation did that can be undone, newest
 * first, and what a person must reverse by hand), and, once confirmed by an approver, one tracked
 * workflow that undoes each action through the same undo path as POST /actions/:id/undo.
 */
@Injectable()
export class RollbackService {
  private readonly store: ActionStore;
  private readonly writer: IncidentWriter;

  constructor(
    private readonly db: DataSource,
    private readonly client: Client,
    @Inject(QUELL_CONFIG) private readonly config: QuellConfig,
    private readonly incidents: IncidentsRepository,
    @Inject(CONNECTORS) private readonly connectors: Record<string, Connector>,
  ) {
    this.store = new ActionStore(db);
    this.writer = new IncidentWriter(db);
  }

  async plan(incidentId: number): Promise<RollbackPlan> {
    if (!(await this.incidents.findById(incidentId))) throw Problem.notFound(`Incident ${incidentId}`);
    const plan: RollbackPlan = { incidentId, reversible: [], irreversible: [] };
    for (const a of await this.store.succeededAutomatedActions(incidentId)) {
      const spec: ActionSpec = ACTIONS[a.type];
      const planned = { actionId: a.id, type: a.type, title: spec.title, target: a.target, succeededAt: a.succeededAt };
      const how = reversalPlan(a, this.connectors[a.connector]?.actions);
      if (how.inverse) plan.reversible.push({ ...planned, inverse: how.inverse });
      // An action with an inverse that cannot run here (its connector, or no record to restore from) says why.
      else
        plan.irreversible.push({ ...planned, byHand: spec.inverse ? `${how.byHand} (Not undone automatically: ${how.why}.)` : how.byHand });
    }
    return plan;
  }

  /** How many actions a rollback of the incident would undo now. */
  async available(incidentId: number): Promise<number> {
    return (await this.store.succeededAutomatedActions(incidentId)).filter(
      (a) => reversalPlan(a, this.connectors[a.connector]?.actions).inverse !== null,
    ).length;
  }

  /** Without `confirm`, the plan and nothing else; with it, the operation, started once per request and recorded on the incident. */
  async rollback(incidentId: number, confirm: boolean, who: Principal, comment?: string) {
    const plan = await this.plan(incidentId);
    if (!confirm) return { confirmed: false as const, plan };
    if (plan.reversible.length === 0) throw Problem.conflict(`Incident ${incidentId} has no automated action left to undo.`);
    const operationId = await this.db.transaction(async (m) => {
      await this.writer.lock(m, incidentId);
      const id = rollbackWorkflowId(incidentId, (await this.writer.countActivity(m, incidentId, ROLLBACK_ACTIVITY)) + 1);
      await this.writer.activity(
        m,
        incidentId,
        ROLLBACK_ACTIVITY,
        { operationId: id, actionIds: plan.reversible.map((a) => a.actionId), comment },
        who.name,
      );
      const input: RollbackInput = { incidentId, by: who.name, actionIds: plan.reversible.map((a) => a.actionId) };
      // Started inside the transaction: a failed start leaves no activity entry behind.
      await this.client.workflow.start('rollbackWorkflow', { workflowId: id, taskQueue: this.config.temporal.taskQueue, args: [input] });
      // Last: the audit chain's head stays locked only for the insert.
      await recordAudit(m, {
        ...auditedBy(who),
        action: 'incident.rollback_requested',
        target: { type: 'incident', id: incidentId },
        after: { operationId: id, actionIds: input.actionIds, comment: comment ?? null },
      });
      return id;
    });
    return { confirmed: true as const, operation: await this.operation(incidentId, operationId, plan) };
  }

  async operation(incidentId: number, operationId: string, plan?: RollbackPlan): Promise<RollbackOperation> {
    if (!operationId.startsWith(`rollback-${incidentId}-`)) throw Problem.notFound(`Rollback ${operationId} of incident ${incidentId}`);
    let state: RollbackState;
    try {
      state = await this.client.workflow.getHandle(operationId).query(rollbackProgress);
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) throw Problem.notFound(`Rollback ${operationId} of incident ${incidentId}`);
      throw err;
    }
    return { id: operationId, incidentId, ...state, irreversible: (plan ?? (await this.plan(incidentId))).irreversible };
  }
}
