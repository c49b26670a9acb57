import { ApplicationFailure, Context } from '@temporalio/activity';
import { ActionImpactAnalyst } from '../src/actions/action-impact.js';
import { ChatNotifier } from '../src/chat/chat-notifier.js';
import { InvalidProposalError, ActionStore } from '../src/actions/action.store.js';
import { entityKey } from '../src/correlation/keys.js';
import { AlertsRepository } from '../src/alerts/alerts.repository.js';
import { CatalogInputError } from '../src/catalog/catalog.service.js';
import type { CatalogFunction } from '../src/domain/catalog.js';
import { entitySchema } from '../src/domain/alert.js';
import type { AlertOutcome, InvestigationState } from '../src/domain/investigation.js';
import type { PlaybookDefinition } from '../src/domain/playbook.js';
import { InvalidVerdictError, InvestigationStore } from '../src/investigations/investigation.store.js';
import { joinInvestigation } from '../src/investigations/join-investigation.js';
import { inParallel } from '../src/infra/in-parallel.js';
import type { PlaybookRunResult, StepRef } from '../src/domain/playbook-run.js';
import type { PlaybookVersionsService } from '../src/playbooks/playbook-versions.service.js';
import type { ActivityDeps } from './deps.js';

/** Signal-with-starts of one batch in flight at once. */
const HANDOFFS_IN_FLIGHT = 8;

/** Errors a retry cannot fix fail the step at once. */
function nonRetryable(err: unknown, types: (new (...a: never[]) => Error)[]): never {
  if (types.some((t) => err instanceof t)) throw ApplicationFailure.nonRetryable((err as Error).message, (err as Error).name);
  throw err;
}

export function createInvestigationActivities(deps: ActivityDeps, versions: Pick<PlaybookVersionsService, 'planFor'>) {
  const store = new InvestigationStore(deps.db);
  const actions = new ActionStore(deps.db);
  const alerts = new AlertsRepository(deps.db);
  const impact = new ActionImpactAnalyst(deps.db, deps.catalog, deps.playbooks);
  const notifier = new ChatNotifier(deps.db, deps.config, deps.log);

  /**
   * What approvers will see, kept as it was at proposal. A look-up that fails here must not lose the
   * proposal: the action center computes the impact again whenever it is viewed.
   */
  async function snapshotImpact(actionId: string): Promise<void> {
    let taken = false;
    try {
      taken = await impact.snapshot(actionId);
    } catch (err) {
      deps.log.warn({ actionId, err: (err as Error).message }, 'impact snapshot at proposal failed');
    }
    // Whoever took the snapshot tells the chat channel, so a retried proposal does not post twice.
    if (taken)
      await notifier.pending(actionId).catch((err: Error) => deps.log.warn({ actionId, err: err.message }, 'chat notification failed'));
  }

  return {
    /** The alert workflow's hand-off: signal-with-start joins the running investigation or starts one. */
    async handOffToInvestigation(input: {
      alertId: string;
      incidentId: number;
    }): Promise<{ state: InvestigationState; workflowId: string }> {
      const workflowId = await joinInvestigation(deps.temporal, deps.config, { incidentId: input.incidentId, alertIds: [input.alertId] });
      await alerts.queueForInvestigation(deps.db, [input.alertId]);
      return { state: 'queued', workflowId };
    },

    /** A batch's alerts to their incidents' investigations: one signal-with-start per incident. Idempotent like the single hand-off. */
    async handOffBatchToInvestigations(incidents: { incidentId: number; alertIds: string[] }[]): Promise<void> {
      await inParallel(incidents, HANDOFFS_IN_FLIGHT, async (i) => void (await joinInvestigation(deps.temporal, deps.config, i)));
      await alerts.queueForInvestigation(
        deps.db,
        incidents.flatMap((i) => i.alertIds),
      );
    },

    async openInvestigation(input: { investigationId: string; incidentId: number; workflowId: string; startedBy: string }): Promise<void> {
      await store.open(input.investigationId, input.incidentId, input.workflowId, input.startedBy);
    },

    /** The alert as playbooks see it, and the playbooks that handle it: the live versions, or those this investigation already ran. */
    async planAlert(input: { investigationId: string; alertId: string }): Promise<{
      alert: Record<string, unknown>;
      incident: { id: number; name: string; severity: string };
      playbooks: PlaybookDefinition[];
      skip?: Exclude<AlertOutcome, 'running' | 'investigated'>;
    }> {
      const { alert, incident } = await store.addAlert(input.investigationId, input.alertId);
      const playbooks = await versions.planFor(input.investigationId, alert);
      return { alert, incident, playbooks, skip: playbooks.length ? undefined : 'unsupported_alert_type' };
    },

    async runCatalogFunction(input: { fn: string; args: Record<string, unknown> }): Promise<{ output: unknown; attempts: number }> {
      try {
        const output = await deps.catalog.run(input.fn as CatalogFunction, input.args);
        return { output, attempts: Context.current().info.attempt };
      } catch (err) {
        nonRetryable(err, [CatalogInputError]);
      }
    },

    async recordVerdict(input: {
      investigationId: string;
      alertId: string;
      step: StepRef;
      entity: unknown;
      verdict: string;
      reason: string;
    }) {
      try {
        return await store.recordVerdict(input);
      } catch (err) {
        nonRetryable(err, [InvalidVerdictError]);
      }
    },

    async proposeAction(input: {
      investigationId: string;
      incidentId: number;
      alertId: string;
      step: StepRef;
      action: string;
      target: unknown;
      reason: string;
      params: Record<string, unknown>;
      containmentSeconds?: number;
    }) {
      try {
        const parsed = entitySchema.safeParse(input.target);
        const verdict = parsed.success ? await store.verdictFor(input.investigationId, entityKey(parsed.data), input.alertId) : undefined;
        const proposal = await actions.propose({
          type: input.action,
          target: input.target,
          reason: input.reason,
          params: input.params,
          incidentId: input.incidentId,
          investigationId: input.investigationId,
          alertId: input.alertId,
          source: 'automated',
          requestedBy: 'system',
          proposedBy: { playbook: input.step.playbook, step: input.step.path },
          verdict: verdict ?? 'suspicious',
          containmentSeconds: input.containmentSeconds,
        });
        // Not awaited: the action's workflow starts when this activity returns, and an approver must not
        // find the action pending but its workflow not yet there while a dry run is taken.
        void snapshotImpact(proposal.actionId);
        return proposal;
      } catch (err) {
        nonRetryable(err, [InvalidProposalError]);
      }
    },

    async recordPlaybookRun(input: { investigationId: string; alertId: string; result: PlaybookRunResult }): Promise<void> {
      await store.recordRun(input.investigationId, input.alertId, input.result);
    },

    async finishAlert(input: { investigationId: string; alertId: string; outcome: Exclude<AlertOutcome, 'running'> }): Promise<void> {
      await store.finishAlert(input.investigationId, input.alertId, input.outcome);
    },

    async setInvestigationState(input: { investigationId: string; state: InvestigationState }): Promise<void> {
      await store.setState(input.investigationId, input.state);
    },

    async closeInvestigation(input: { investigationId: string; cancelledBy?: string }): Promise<{ state: InvestigationState }> {
      return store.close(input.investigationId, input.cancelledBy);
    },
  };
}
