import type { ActivityOptions, LocalActivityOptions } from '@temporalio/workflow';
import type { RetrySpec } from '../src/domain/playbook.js';
import { REMEDIATION_MAX_ATTEMPTS } from '../src/domain/remediation.js';

/** Named presets: every activity proxy picks one, so timeouts and retries are never forgotten. */
export const DB_TRANSACTION: ActivityOptions = {
  startToCloseTimeout: '30s',
  retry: {
    initialInterval: '200ms',
    backoffCoefficient: 2,
    maximumInterval: '10s',
    maximumAttempts: 10,
    nonRetryableErrorTypes: ['NotFoundError'],
  },
};

/** Enrichment calls: a playbook step may override the timeout and the retry policy. */
export const ENRICHMENT: ActivityOptions = {
  startToCloseTimeout: '30s',
  retry: {
    initialInterval: '500ms',
    backoffCoefficient: 2,
    maximumInterval: '10s',
    maximumAttempts: 3,
    nonRetryableErrorTypes: ['CatalogInputError', 'NotFoundError'],
  },
};

/** A playbook step's own timeout and retry on top of the enrichment defaults (`maxAttempts` is Temporal's `maximumAttempts`). */
export function enrichmentOptions(step: { timeout?: string; retry?: RetrySpec }): ActivityOptions {
  if (!step.timeout && !step.retry) return ENRICHMENT;
  const { maxAttempts, initialInterval, backoffCoefficient } = step.retry ?? {};
  return {
    ...ENRICHMENT,
    ...(step.timeout ? { startToCloseTimeout: step.timeout } : {}),
    retry: {
      ...ENRICHMENT.retry,
      ...(maxAttempts ? { maximumAttempts: maxAttempts } : {}),
      ...(initialInterval ? { initialInterval } : {}),
      ...(backoffCoefficient ? { backoffCoefficient } : {}),
    },
  };
}

/**
 * Remediation through a connector: idempotent on the action id, so retries are safe. A product's
 * action can take minutes (Defender isolating a device), so an attempt may run ten; a worker that
 * dies is noticed by the missing heartbeat instead, and the action retried on another one.
 */
export const REMEDIATION: ActivityOptions = {
  startToCloseTimeout: '10m',
  heartbeatTimeout: '30s',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '30s',
    maximumAttempts: REMEDIATION_MAX_ATTEMPTS,
    nonRetryableErrorTypes: ['PermanentConnectorError', 'NotFoundError'],
  },
};

/** Signal-with-start into another workflow: one short call to the Temporal server, run as a local activity. */
export const HANDOFF: LocalActivityOptions = {
  startToCloseTimeout: '20s',
  localRetryThreshold: '2s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '5s', maximumAttempts: 20 },
};

/** A batch's signal-with-starts, one per incident, as one local activity. */
export const HANDOFF_BATCH: LocalActivityOptions = { ...HANDOFF, startToCloseTimeout: '1m' };

/**
 * The same remediation, run as a local activity: the worker executes it inside the workflow task
 * that asked for it, with no activity task round trip through the server. Used where a person is
 * waiting on the answer (an approval). The connector's ledger keeps it exactly once when a worker
 * dies mid-call and the task is replayed elsewhere. Kept short: the approver's call waits on it, and
 * a product that takes longer leaves the action to its retries.
 */
export const REMEDIATION_NOW: LocalActivityOptions = { startToCloseTimeout: '15s', retry: REMEDIATION.retry, localRetryThreshold: '2s' };

/** A short bookkeeping transaction as a local activity: no activity task round trip through the server either. */
export const DB_NOW: LocalActivityOptions = { ...DB_TRANSACTION, startToCloseTimeout: '10s', localRetryThreshold: '2s' };

/** A batch of short transactions (a backlog's alerts one after another) as one local activity: the same retries, more time. */
export const DB_BATCH: LocalActivityOptions = { ...DB_NOW, startToCloseTimeout: '2m' };

/**
 * A write-back to a vendor's API: each attempt reads the object, then sends at most one update,
 * so retries are safe; bounded, so a vendor down for long leaves a recorded failure instead.
 */
export const WRITEBACK: ActivityOptions = {
  startToCloseTimeout: '1m',
  retry: {
    initialInterval: '2s',
    backoffCoefficient: 2,
    maximumInterval: '1m',
    maximumAttempts: 6,
    nonRetryableErrorTypes: ['NotFoundError'],
  },
};

/**
 * One page of a pull source: a vendor call (its own retries honour `Retry-After` for a few seconds)
 * and the ingestion of up to a page of alerts. A worker killed mid-page is noticed by the missing
 * heartbeat and the page pulled again elsewhere; a refusal retrying cannot fix is not retried.
 */
export const SOURCE_PAGE: ActivityOptions = {
  startToCloseTimeout: '5m',
  heartbeatTimeout: '20s',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '30s',
    maximumAttempts: 5,
    nonRetryableErrorTypes: ['PermanentSourceError'],
  },
};

/**
 * A dry run of a playbook version: a shadow run on one alert, or one page of a backtest. Read-only
 * look-ups only, so a retry is harmless; bounded, so a version that cannot run leaves a recorded failure.
 */
export const SIMULATION: ActivityOptions = {
  startToCloseTimeout: '5m',
  retry: {
    initialInterval: '1s',
    backoffCoefficient: 2,
    maximumInterval: '30s',
    maximumAttempts: 3,
    nonRetryableErrorTypes: ['NotFoundError'],
  },
};
