import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { DB_TRANSACTION } from './activity-options.js';

const { benchNoop } = proxyActivities<Activities>(DB_TRANSACTION);

/** The benchmark's bare baseline: as many activities as the alert workflow runs, doing nothing. */
export async function benchBaselineWorkflow(activities: number): Promise<void> {
  for (let i = 0; i < activities; i++) await benchNoop();
}
