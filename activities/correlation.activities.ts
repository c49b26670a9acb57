import { ApplicationFailure } from '@temporalio/common';
import {
  AlertNotFoundError,
  CorrelationEngine,
  type CorrelationResult,
  type RecorrelationResult,
} from '../src/correlation/correlation.engine.js';
import { StoredCorrelationPolicy } from '../src/correlation/correlation-settings.js';
import type { CorrelationDecision } from '../src/domain/incident.js';
import type { InvestigationState } from '../src/domain/investigation.js';
import type { PlaybookVersionsService } from '../src/playbooks/playbook-versions.service.js';
import type { ActivityDeps } from './deps.js';
import { investigationGates } from './investigation-gate.js';

/** What the alert workflow keeps in its history: ids and the decision, never the alert itself. */
export interface CorrelationSummary {
  incidentId: number;
  decision: CorrelationDecision;
  mergedIncidentIds: number[];
  /** Why the alert gets no investigation; absent when it goes to its incident's investigation. */
  noInvestigation?: InvestigationState;
}

export function createCorrelationActivities(deps: Pick<ActivityDeps, 'db' | 'config'>, versions: Pick<PlaybookVersionsService, 'matcher'>) {
  // The settings saved through the API, read for every alert or batch: a change applies to the next without a restart.
  const engine = new CorrelationEngine(deps.db, new StoredCorrelationPolicy(deps.db, deps.config.correlation));
  /** The decisions with what the investigation gate said of each alert (missing alerts stay null). */
  const summarise = async (alertIds: string[], results: (CorrelationResult | null)[]): Promise<(CorrelationSummary | null)[]> => {
    const present = alertIds.filter((_, i) => results[i]);
    const gates = await investigationGates(deps, present, versions);
    const gateOf = new Map(present.map((id, i) => [id, gates[i]]));
    return results.map((r, i) => {
      if (!r) return null;
      const noInvestigation = gateOf.get(alertIds[i]);
      return {
        incidentId: r.incidentId,
        decision: r.decision,
        mergedIncidentIds: r.mergedIncidentIds,
        ...(noInvestigation ? { noInvestigation } : {}),
      };
    });
  };
  return {
    /** Idempotent: a retry after a commit returns the decision already stored on the alert. */
    async correlateAlert(alertId: string): Promise<CorrelationSummary> {
      try {
        return (await summarise([alertId], [await engine.correlate(alertId)]))[0]!;
      } catch (err) {
        if (err instanceof AlertNotFoundError) throw ApplicationFailure.nonRetryable(err.message, 'NotFoundError');
        throw err;
      }
    },

    /**
     * A batch of a backlog through correlation, in order, each alert in its own transaction as
     * `correlateAlert` does; then the investigation gate for all of them at once. Idempotent the
     * same way: a retry after some commits finds their decisions stored. An alert that is gone is
     * `null` in the answer instead of failing the rest.
     */
    async correlateAlerts(alertIds: string[]): Promise<(CorrelationSummary | null)[]> {
      return summarise(alertIds, await engine.correlateEach(alertIds));
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
