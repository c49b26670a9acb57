import { sleep } from '@temporalio/workflow';
import { type ActionOutcome, FOLLOW_LIMIT_MS, followPause } from '../src/domain/remediation.js';

/**
 * Looks again, on a durable timer, at an action the product accepted and has not finished (a
 * device that has not picked up its isolation yet), until it settles; past the follow limit,
 * `giveUp` ends it. A worker restart in between costs nothing: the timer lives in Temporal.
 */
export async function followUntilSettled(
  first: ActionOutcome,
  look: () => Promise<ActionOutcome>,
  giveUp: (reason: string) => Promise<ActionOutcome>,
): Promise<string> {
  const until = Date.now() + FOLLOW_LIMIT_MS;
  let outcome = first;
  while (outcome.checkAgainInMs !== undefined) {
    if (Date.now() >= until) {
      return (await giveUp(`the product had not reported the outcome after ${FOLLOW_LIMIT_MS / 86_400_000} days`)).status;
    }
    await sleep(followPause(outcome.checkAgainInMs));
    outcome = await look();
  }
  return outcome.status;
}
