import type { ActivityOptions } from '@temporalio/workflow';

/** Named presets: every activity proxy picks one, so timeouts and retries are never forgotten. */
export const DB_TRANSACTION: ActivityOptions = {
  startToCloseTimeout: '30s',
  retry: { initialInterval: '200ms', backoffCoefficient: 2, maximumInterval: '10s', maximumAttempts: 10, nonRetryableErrorTypes: ['NotFoundError'] },
};
