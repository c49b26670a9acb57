import { ApplicationFailure } from '@temporalio/common';
import { AlertNotFoundError, CorrelationEngine, type RecorrelationResult } from '../src/correlation/correlation.engine.js';
import { StoredCorrelationPolicy } from '../src/correlation/correlation-settings.js';
import type { CorrelationDecision } from '../src/domain/incident.js';
import type { InvestigationState } from '../src/domain/investigation.js';
import type { PlaybookVersionsService } from '../src/playbooks/playbook-versions.service.js';
import type { ActivityDeps } from './deps.js';
import { investigationGate } from './investigation-gate.js';

/** What the alert workflow keeps in its history: ids and the decision, never the alert itself. */
export interface CorrelationSummary {
  incidentId: number;
  decision: CorrelationDecision;
  mergedIncidentIds: number[];
  /** Why the alert gets no investigation; absent when it goes to its incident's investigation. */
  noInvestigation?: InvestigationState;
}

export function createCorrelationActivities(deps: Pick<ActivityDeps, 'db' | 'config'>, versions: Pick<PlaybookVersionsService, 'match'>) {
  // The settings saved through the API, checked for every alert: a change applies to the next alert without a restart.
  const engine = new CorrelationEngine(deps.db, new StoredCorrelationPolicy(deps.db, deps.config.correlation));
  const correlate = async (alertId: string): Promise<CorrelationSummary> => {
    const r = await engine.correlate(alertId);
    const noInvestigation = await investigationGate(deps, alertId, versions);
    return {
      incidentId: r.incidentId,
      decision: r.decision,
      mergedIncidentIds: r.mergedIncidentIds,
      ...(noInvestigation ? { noInvestigation } : {}),
    };
  };
  return {
    /** Idempotent: a retry after a commit returns the decision already stored on the alert. */
    async correlateAlert(alertId: string): Promise<CorrelationSummary> {
      try {
        return await correlate(alertId);
      } catch (err) {
        if (err instanceof AlertNotFoundError) throw ApplicationFailure.nonRetryable(err.message, 'NotFoundError');
        throw err;
      }
    },

    /**
     * A batch of a backlog through correlation, in order, each alert in its own transaction as
     * `correlateAlert` does (so concurrent batches take the engine's locks one alert at a time).
     * Idempotent the same way: a retry after some commits finds their decisions stored. An alert
     * that is gone is `null` in the answer instead of failing the rest.
     */
    async correlateAlerts(alertIds: string[]): Promise<(CorrelationSummary | null)[]> {
      const out: (CorrelationSummary | null)[] = [];
      for (const alertId of alertIds) {
        try {
          out.push(await correlate(alertId));
        } catch (err) {
          if (!(err instanceof AlertNotFoundError)) throw err;
          out.push(null);
        }
      }
      return out;
    },

    /** An updated alert through correlation again. Idempotent per revision: a retry after a commit changes nothing. */
    async recorrelateAlert(input: { alertId: string; revision: number }): Promise<RecorrelationResult> {
      try {
        return await engine.recorrelate(input.alertId, input.revision);
      } catch (err) {
        if (err instanceof AlertNotFoundError) throw ApplicationFailure.nonRetryable(err.message, 'NotFoundError');
        throw err;
      }
    },
  };
}
