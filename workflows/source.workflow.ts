import { ActivityFailure, allHandlersFinished, condition, continueAsNew, proxyActivities, setHandler } from '@temporalio/workflow';
import type { Activities } from '../activities/index.js';
import type { PullOutcome } from '../activities/source.activities.js';
import { SOURCE_PAGE } from './activity-options.js';
import { pokeSource, sourceCursor } from './messages.js';

export interface SourceWorkflowInput {
  name: string;
  /** The cursor carried over from the previous run (ISO time). */
  cursor?: string | null;
  /** The polling interval last learned, used after a failed page. */
  intervalMs?: number;
}

const { pullSourcePage } = proxyActivities<Activities>(SOURCE_PAGE);

/** Pages a run handles before it continues as new, so its history stays small. */
export const PAGES_PER_RUN = 200;
const DEFAULT_INTERVAL_MS = 60_000;

/**
 * One per pull source (id `source-<name>`): pull a page, go on at once while the sweep has more,
 * then wait for the interval (or a poke from the API). PostgreSQL holds the durable cursor, stored
 * by the page activity; the workflow carries the last one it learned across continue-as-new.
 */
export async function sourceWorkflow(input: SourceWorkflowInput): Promise<void> {
  let cursor = input.cursor ?? null;
  let intervalMs = input.intervalMs ?? DEFAULT_INTERVAL_MS;
  let poked = false;
  setHandler(pokeSource, () => void (poked = true));
  setHandler(sourceCursor, () => cursor);
  for (let page = 0; page < PAGES_PER_RUN; page++) {
    poked = false;
    let outcome: PullOutcome | undefined;
    try {
      outcome = await pullSourcePage({ name: input.name });
    } catch (err) {
      // The activity recorded the failure in the source's status; the next attempt waits an interval.
      if (!(err instanceof ActivityFailure)) throw err;
    }
    if (outcome?.state === 'removed') return;
    if (outcome) {
      cursor = outcome.cursor;
      intervalMs = outcome.intervalMs;
      if (outcome.more) continue;
    }
    await condition(() => poked, intervalMs);
  }
  await condition(allHandlersFinished);
  await continueAsNew<typeof sourceWorkflow>({ name: input.name, cursor, intervalMs });
}
