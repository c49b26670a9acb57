import { sleep } from '@temporalio/workflow';
import { type ActionOutcome, FOLLOW_LIMIT_MS, FOLLOW_MAX_LOOKS, followPause } from '../src/domain/remediation.js';

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
  for (let looks = 0; outcome.checkAgainInMs !== undefined; looks++) {
    if (Date.now() >= until || looks >= FOLLOW_MAX_LOOKS) {
      return (
        await giveUp(`the product had not reported the outcome after ${looks} looks over ${FOLLOW_LIMIT_MS / 86_400_000} days at most`)
      ).status;
    }
    await sleep(followPause(outcome.checkAgainInMs));
    outcome = await look();
  }
  return outcome.status;
}
