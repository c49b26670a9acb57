import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { WritebackOutcome } from '../src/domain/alert-sync.js';
import { DB_TRANSACTION, WRITEBACK } from './activity-options.js';

export interface WritebackWorkflowInput {
  requestId: string;
  incidentId: number;
  version: number;
}

const db = proxyActivities<Activities>(DB_TRANSACTION);
const { writeBack } = proxyActivities<Activities>(WRITEBACK);

/**
 * One per analyst change of an incident that goes back to the vendor (id
 * `writeback-<incidentId>-<version>`): the change is written to each of the incident's vendor
 * alerts and vendor incidents, one at a time, each with bounded retries; a conflict or a refusal is
 * recorded on the incident and the alert, never forced.
 */
export async function writebackWorkflow(input: WritebackWorkflowInput): Promise<Partial<Record<WritebackOutcome, number>>> {
  const targets = await db.planWriteback(input.requestId);
  const counts: Partial<Record<WritebackOutcome, number>> = {};
  for (const target of targets) {
    let outcome: WritebackOutcome;
    try {
      outcome = await writeBack({ requestId: input.requestId, target });
    } catch {
      // Retries exhausted (the vendor unreachable for minutes): recorded, and the other targets still go.
      outcome = await db.recordWritebackFailure({ requestId: input.requestId, target });
    }
    counts[outcome] = (counts[outcome] ?? 0) + 1;
  }
  await db.finishWriteback(input.requestId);
  return counts;
}
