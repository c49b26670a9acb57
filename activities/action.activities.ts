import { ApplicationFailure, Context } from '@temporalio/activity';
import { ActionStore } from '../src/actions/action.store.js';
import { PermanentConnectorError } from '../src/connectors/connector.js';
import { REMEDIATION_MAX_ATTEMPTS } from '../workflows/activity-options.js';
import type { ActivityDeps } from './deps.js';

export function createActionActivities(deps: ActivityDeps) {
  const store = new ActionStore(deps.db);
  const connectorFor = (name: string) => {
    const c = deps.connectors[name];
    if (!c) throw ApplicationFailure.nonRetryable(`no connector named '${name}' is configured`, 'PermanentConnectorError');
    return c;
  };

  return {
    async recordDecision(input: { actionId: string; decision: 'approve' | 'reject'; by: string; comment?: string }) {
      return store.decide(input.actionId, input.decision, input.by, input.comment);
    },

    async expireAction(input: { actionId: string }) {
      return store.close(input.actionId, 'expired');
    },

    async withdrawAction(input: { actionId: string; reason: string }) {
      return store.close(input.actionId, 'withdrawn', input.reason);
    },

    /**
     * Executes an approved action through its connector. The action id is the idempotency key the
     * connector honours, so a retry after a worker died mid-call never produces a second effect.
     * A permanent failure ends as `failed`; transient ones are retried by Temporal, and when the
     * retries run out the workflow records the failure.
     */
    async executeAction(actionId: string): Promise<{ status: string }> {
      const action = await store.begin(actionId, Context.current().info.attempt);
      if (!action) return { status: (await store.get(actionId))?.status ?? 'unknown' };
      try {
        const result = await connectorFor(action.connector).execute(store.requestFor(action, 'execute'));
        return { status: await store.finish(actionId, { ok: true, result }) };
      } catch (err) {
        if (err instanceof PermanentConnectorError || (err instanceof ApplicationFailure && err.nonRetryable)) {
          return { status: await store.finish(actionId, { ok: false, error: (err as Error).message }) };
        }
        if (Context.current().info.attempt >= REMEDIATION_MAX_ATTEMPTS) return { status: await store.finish(actionId, { ok: false, error: (err as Error).message }) };
        throw err;
      }
    },

    async undoAction(input: { actionId: string; by: string }): Promise<{ status: string }> {
      const action = await store.get(input.actionId);
      if (!action || action.status !== 'succeeded') return { status: action?.status ?? 'unknown' };
      try {
        const result = await connectorFor(action.connector).execute(store.requestFor(action, 'undo'));
        return { status: await store.markUndone(input.actionId, input.by, result) };
      } catch (err) {
        if (err instanceof PermanentConnectorError) throw ApplicationFailure.nonRetryable(err.message, err.name);
        throw err;
      }
    },
  };
}
