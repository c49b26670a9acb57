import { condition, defineUpdate, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { DB_NOW, DB_TRANSACTION } from './activity-options.js';

const { benchNoop } = proxyActivities<Activities>(DB_TRANSACTION);
const { benchNoop: benchNoopNow } = proxyLocalActivities<Activities>(DB_NOW);

/** The benchmark's bare baseline: as many activities as the alert workflow runs, doing nothing. */
export async function benchBaselineWorkflow(activities: number): Promise<void> {
  for (let i = 0; i < activities; i++) await benchNoop();
}

export const benchPing = defineUpdate<void>('benchPing');

/**
 * The approval baseline: a workflow waiting for one update whose handler runs `localActivities`
 * no-op local activities (an approval runs one: record the decision and execute the action).
 */
export async function benchWaitingWorkflow(localActivities = 1): Promise<void> {
  let answered = false;
  setHandler(benchPing, async () => {
    for (let i = 0; i < localActivities; i++) await benchNoopNow();
    answered = true;
  });
  await condition(() => answered);
}
