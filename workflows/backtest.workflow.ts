import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { BacktestStatus } from '../src/domain/playbook-version.js';
import { DB_TRANSACTION, SIMULATION } from './activity-options.js';

export interface BacktestInput {
  backtestId: string;
}

const { runBacktestPage } = proxyActivities<Activities>(SIMULATION);
const { finishBacktest } = proxyActivities<Activities>(DB_TRANSACTION);

/**
 * A backtest (id `backtest-<id>`): a playbook version dry-run over the stored alerts of a time range,
 * a page at a time. The cursor and the done/total progress live in the database with each page's
 * results, so the history stays small and a continued run picks up where it was.
 */
export async function backtestWorkflow(input: BacktestInput): Promise<BacktestStatus> {
  for (;;) {
    let more: boolean;
    try {
      ({ more } = await runBacktestPage(input));
    } catch (err) {
      let cause = err as Error;
      while (cause.cause instanceof Error) cause = cause.cause;
      await finishBacktest({ ...input, status: 'failed', error: cause.message });
      return 'failed';
    }
    if (!more) break;
    if (workflowInfo().continueAsNewSuggested) await continueAsNew<typeof backtestWorkflow>(input);
  }
  await finishBacktest({ ...input, status: 'completed' });
  return 'completed';
}
