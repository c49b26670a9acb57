import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import { SIMULATION } from './activity-options.js';

export interface ShadowInput {
  alertId: string;
  versionId: string;
}

const { runShadow } = proxyActivities<Activities>(SIMULATION);

/**
 * A shadow run (id `shadow-<versionId>-<alertId>`): a candidate playbook version on a live alert,
 * beside the live investigation and apart from it — real read-only enrichment, no effects; its
 * verdicts and proposed actions are recorded for comparison with the live run.
 */
export async function shadowWorkflow(input: ShadowInput): Promise<{ status: string; verdicts: number; actions: number }> {
  return runShadow(input);
}
