import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { investigationWorkflowId } from '../../workflows/ids.js';
import { cancelInvestigation } from '../../workflows/messages.js';
import { AlertsRepository } from '../alerts/alerts.repository.js';
import type { Principal } from '../auth/roles.js';
import type { ScopeLimit } from '../domain/scope.js';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { Problem } from '../http/problem.js';
import { joinInvestigation } from './join-investigation.js';
import { IncidentsRepository } from '../incidents/incidents.repository.js';
import { InvestigationStore } from './investigation.store.js';
import type { Graph, Investigation, InvestigationStart, InvestigationSummary } from './investigation.dto.js';

@Injectable()
export class InvestigationsService {
  private readonly store: InvestigationStore;

  constructor(
    db: DataSource,
    private readonly client: Client,
    @Inject(QUELL_CONFIG) private readonly config: QuellConfig,
    private readonly alerts: AlertsRepository,
    private readonly incidents: IncidentsRepository,
  ) {
    this.store = new InvestigationStore(db);
  }

  list(f: { state?: string[]; incidentId?: number; since?: string; limit: number; cursor?: string; scope?: ScopeLimit }): Promise<{
    items: InvestigationSummary[];
    nextCursor: string | null;
  }> {
    return this.store.list(f);
  }

  /** Everything about one investigation, and graph data (alerts → entities → actions) for an investigation graph. */
  async get(id: string): Promise<Investigation> {
    const found = await this.store.find(id);
    if (!found) throw Problem.notFound(`Investigation ${id}`);
    const { inv, alerts, runs, evidence, actions, log } = found;
    const nodes: Graph['nodes'] = [
      ...alerts.map((a: { id: string; title: string }) => ({ id: `alert:${a.id}`, kind: 'alert', label: a.title })),
      ...evidence.map((e) => ({ id: `entity:${e.key}`, kind: 'entity', label: e.key, entityType: e.entityType, verdict: e.verdict })),
      ...actions.map((a) => ({ id: `action:${a.id}`, kind: 'action', label: a.type, status: a.status })),
    ];
    const edges: Graph['edges'] = [
      ...evidence.flatMap((e) =>
        e.alertIds.map((alertId) => ({ from: `alert:${alertId}`, to: `entity:${e.key}`, kind: 'names' as const })),
      ),
      ...actions.map((a) => ({ from: `entity:${a.targetKey}`, to: `action:${a.id}`, kind: 'remediated_by' as const })),
    ];
    return {
      ...inv,
      alerts,
      playbookRuns: runs,
      evidence,
      actions: actions.map((a) => ({ ...a, incidentId: inv.currentIncidentId })),
      log,
      graph: { nodes, edges },
    };
  }

  /** Starts (or joins) the investigation of an incident by hand, with all of its alerts or one alert. */
  async start(input: { incidentId?: number; alertId?: string }, who: Principal): Promise<InvestigationStart> {
    let incidentId = input.incidentId;
    let alertIds: string[];
    if (input.alertId) {
      const a = await this.alerts.incidentOf(input.alertId);
      if (!a) throw Problem.notFound(`Alert ${input.alertId}`);
      if (!a.incidentId) throw Problem.conflict(`Alert ${input.alertId} has not been correlated yet.`);
      incidentId = a.incidentId;
      alertIds = [input.alertId];
    } else {
      const inc = await this.incidents.findById(incidentId!);
      if (!inc) throw Problem.notFound(`Incident ${incidentId}`);
      if (inc.status === 'redirected')
        throw Problem.conflict(`Incident ${incidentId} was merged into ${inc.redirectedTo}.`, { redirectedTo: inc.redirectedTo });
      alertIds = await this.alerts.idsIn(incidentId!);
    }
    const workflowId = investigationWorkflowId(incidentId!);
    for (const alertId of alertIds)
      await joinInvestigation(this.client, this.config, { incidentId: incidentId!, alertIds: [alertId], startedBy: who.name });
    return { incidentId: incidentId!, workflowId, alerts: alertIds.length };
  }

  async cancel(id: string, who: Principal, reason?: string): Promise<Investigation> {
    const inv = await this.store.handle(id);
    if (!inv) throw Problem.notFound(`Investigation ${id}`);
    if (inv.endedAt) throw Problem.conflict(`Investigation ${id} has already ended (${inv.state}).`);
    try {
      await this.client.workflow.getHandle(inv.workflowId).executeUpdate(cancelInvestigation, { args: [{ by: who.name, reason }] });
    } catch (err) {
      if (err instanceof WorkflowUpdateFailedError || err instanceof WorkflowNotFoundError)
        throw Problem.conflict(`Investigation ${id} could not be cancelled: ${err.message}`);
      throw err;
    }
    await this.client.workflow
      .getHandle(inv.workflowId)
      .result()
      .catch(() => undefined);
    return this.get(id);
  }
}
