import { ApplicationFailure, Context } from '@temporalio/activity';
import { type ActionRow, ActionStore, InactiveApproverError, NotContainedError } from '../src/actions/action.store.js';
import { ChatNotifier } from '../src/chat/chat-notifier.js';
import { PermanentConnectorError } from '../src/connectors/connector.js';
import { type Decision, reversalPlan } from '../src/domain/actions.js';
import type { Audited } from '../src/domain/audit.js';
import type { ActionOutcome as Outcome } from '../src/domain/remediation.js';
import { REMEDIATION_MAX_ATTEMPTS } from '../src/domain/remediation.js';
import type { ActivityDeps } from './deps.js';

export function createActionActivities(deps: ActivityDeps) {
  const store = new ActionStore(deps.db);
  const connectorFor = (name: string) => {
    const c = deps.connectors[name];
    if (!c) throw ApplicationFailure.nonRetryable(`no connector named '${name}' is configured`, 'PermanentConnectorError');
    return c;
  };

  const notifier = new ChatNotifier(deps.db, deps.config, deps.log);
  /** The chat messages that asked for a decision show how the action closed without one; the chat never fails the activity. */
  const chatShows = (actionId: string) =>
    notifier.decided(actionId).catch((err: Error) => deps.log.warn({ actionId, err: err.message }, 'chat update failed'));

  /**
   * Runs a running action through its connector. The action id is the idempotency key the
   * connector honours, so a retry after a worker died mid-call never produces a second effect. A
   * permanent failure ends as `failed`; transient ones are retried by Temporal, and when the retries
   * run out the failure is recorded.
   */
  const run = async (action: ActionRow, attempt: number): Promise<Outcome> => {
    try {
      const result = await connectorFor(action.connector).execute(store.requestFor(action, 'execute'));
      deps.log.info(
        { actionId: action.id, type: action.type, connector: action.connector, following: result.checkAgainInMs !== undefined },
        'connector carried out the action',
      );
      if (result.checkAgainInMs === undefined) return { status: await store.finish(action.id, { ok: true, result }) };
      await store.progress(action.id, 'execute', result);
      return { status: 'running', checkAgainInMs: result.checkAgainInMs };
    } catch (err) {
      const permanent = err instanceof PermanentConnectorError || (err instanceof ApplicationFailure && err.nonRetryable);
      if (permanent || attempt >= REMEDIATION_MAX_ATTEMPTS)
        return { status: await store.finish(action.id, { ok: false, error: (err as Error).message }) };
      throw err;
    }
  };

  /** Executes an approved action (or one a retry finds running or failed). */
  const execute = async (actionId: string, attempt: number): Promise<Outcome> => {
    const action = await store.begin(actionId, attempt);
    if (!action) return { status: (await store.get(actionId))?.status ?? 'unknown' };
    return run(action, attempt);
  };

  return {
    /**
     * One person's decision, and when it completes the approvals, the execution: one step, because
     * the person is waiting for the effect. A retry finds the decision recorded and the action
     * running, and finishes the execution.
     */
    async decideAndExecute(input: {
      actionId: string;
      decision: Decision;
      by: string;
      subject?: string;
      comment?: string;
      audit?: Audited;
    }): Promise<Outcome & { approvals: number }> {
      const attempt = Context.current().info.attempt;
      const d = await store
        .decide(input.actionId, input.decision, { by: input.by, subject: input.subject }, input.comment, attempt, input.audit)
        .catch((err: Error) => {
          throw err instanceof InactiveApproverError ? ApplicationFailure.nonRetryable(err.message, err.name) : err;
        });
      if (d.started) return { ...(await run(d.started, attempt)), approvals: d.approvals };
      if (d.status === 'approved' || d.status === 'running') return { ...(await execute(input.actionId, attempt)), approvals: d.approvals };
      return { status: d.status, approvals: d.approvals };
    },

    async expireAction(input: { actionId: string }) {
      const closed = await store.close(input.actionId, 'expired');
      await chatShows(input.actionId);
      return closed;
    },

    async withdrawAction(input: { actionId: string; reason: string }) {
      const closed = await store.close(input.actionId, 'withdrawn', input.reason);
      await chatShows(input.actionId);
      return closed;
    },

    /** Executes an action the policy approved at once. */
    async executeAction(actionId: string): Promise<Outcome> {
      return execute(actionId, Context.current().info.attempt);
    },

    /** Looks again at a running action the product had not finished: the same request, which has no second effect. */
    async followAction(actionId: string): Promise<Outcome> {
      const action = await store.get(actionId);
      if (action?.status !== 'running') return { status: action?.status ?? 'unknown' };
      return run(action, Context.current().info.attempt);
    },

    /** Ends an action the product never finished within the follow limit. */
    async abandonAction(input: { actionId: string; reason: string }): Promise<Outcome> {
      const action = await store.get(input.actionId);
      if (action?.status !== 'running') return { status: action?.status ?? 'unknown' };
      return { status: await store.finish(input.actionId, { ok: false, error: input.reason }) };
    },

    /** A time-boxed action succeeded: when its timer will undo it. */
    async scheduleContainmentEnd(input: { actionId: string; until: number }): Promise<void> {
      await store.scheduleContainmentEnd(input.actionId, input.until);
    },

    /** A person moved the end of a containment (refused for good when the action is no longer contained). */
    async renewContainment(input: { actionId: string; until: number; by: string; comment?: string; audit?: Audited }): Promise<void> {
      try {
        await store.renewContainment(input.actionId, input.until, input.by, input.comment, input.audit);
      } catch (err) {
        if (err instanceof NotContainedError) throw ApplicationFailure.nonRetryable(err.message, err.name);
        throw err;
      }
    },

    /** The inverse of a succeeded action; while the product has not finished it, the action stays `succeeded`. */
    async undoAction(input: { actionId: string; by: string }): Promise<Outcome> {
      const action = await store.get(input.actionId);
      if (!action || action.status !== 'succeeded') return { status: action?.status ?? 'unknown' };
      const plan = reversalPlan(action, deps.connectors[action.connector]?.actions);
      if (!plan.inverse)
        throw ApplicationFailure.nonRetryable(
          `action ${action.id} cannot be undone: ${plan.why}. By hand: ${plan.byHand}`,
          'NotReversible',
        );
      try {
        const result = await connectorFor(action.connector).execute(store.requestFor(action, 'undo'));
        if (result.checkAgainInMs !== undefined) {
          await store.progress(input.actionId, 'undo', result);
          return { status: action.status, checkAgainInMs: result.checkAgainInMs };
        }
        return { status: await store.markUndone(input.actionId, input.by, result) };
      } catch (err) {
        if (err instanceof PermanentConnectorError) throw ApplicationFailure.nonRetryable(err.message, err.name);
        throw err;
      }
    },
  };
}
