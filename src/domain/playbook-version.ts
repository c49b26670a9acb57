import type { Verdict } from './actions.js';

/**
 * Playbook versions beside the files: where a stored version came from, how a backtest stands, and
 * the outcome of one alert under one playbook version in the shape shadow runs and backtests compare.
 */
export const PLAYBOOK_VERSION_ORIGINS = ['upload', 'file'] as const;
export type PlaybookVersionOrigin = (typeof PLAYBOOK_VERSION_ORIGINS)[number];

export const BACKTEST_STATUSES = ['running', 'completed', 'failed'] as const;
export type BacktestStatus = (typeof BACKTEST_STATUSES)[number];

/** What one playbook did (or would do) for one alert. */
export interface AlertOutcome {
  /** Entity key → verdict, from the detector and this playbook's steps. */
  verdicts: Record<string, Verdict>;
  /** `<action> <target key>`, sorted. */
  actions: string[];
  /** Settled without a person: no threats found, or remediated by actions that needed no approval. */
  autoResolved: boolean;
}

export interface OutcomeDiff {
  changed: boolean;
  verdicts: { key: string; before: Verdict | null; after: Verdict | null }[];
  actionsAdded: string[];
  actionsRemoved: string[];
  autoResolved: { before: boolean; after: boolean };
}

/** `before`: what happened (or the live run); `after`: the candidate. */
export function diffOutcomes(before: AlertOutcome, after: AlertOutcome): OutcomeDiff {
  const keys = [...new Set([...Object.keys(before.verdicts), ...Object.keys(after.verdicts)])].sort();
  const verdicts = keys
    .map((key) => ({ key, before: before.verdicts[key] ?? null, after: after.verdicts[key] ?? null }))
    .filter((v) => v.before !== v.after);
  const actionsAdded = after.actions.filter((a) => !before.actions.includes(a));
  const actionsRemoved = before.actions.filter((a) => !after.actions.includes(a));
  const autoResolved = { before: before.autoResolved, after: after.autoResolved };
  const changed = verdicts.length > 0 || actionsAdded.length > 0 || actionsRemoved.length > 0 || autoResolved.before !== autoResolved.after;
  return { changed, verdicts, actionsAdded, actionsRemoved, autoResolved };
}
