import type { PolicyDecision } from './automation.js';

/** How a shadow of candidate automation settings ended: an admin ended it, replaced it with another, or promoted it. */
export const SHADOW_OUTCOMES = ['ended', 'replaced', 'promoted'] as const;
export type ShadowOutcome = (typeof SHADOW_OUTCOMES)[number];

/** Whether the candidate settings decide an action differently from the live ones (mode or approvals needed). */
export function decisionChanges(live: PolicyDecision, shadow: PolicyDecision): boolean {
  return live.mode !== shadow.mode || (shadow.mode === 'approval' && live.requiredApprovals !== shadow.requiredApprovals);
}

/** One line a person reads: "12 isolate_device would have run without approval". */
export function describeChange(c: {
  count: number;
  actionType: string;
  live: PolicyDecision['mode'];
  shadow: PolicyDecision['mode'];
  liveApprovals: number;
  shadowApprovals: number;
}): string {
  const what = `${c.count} ${c.actionType}`;
  if (c.live === 'approval' && c.shadow === 'automatic') return `${what} would have run without approval`;
  if (c.live === 'automatic' && c.shadow === 'approval') return `${what} would have waited for approval`;
  return `${what} would have needed ${c.shadowApprovals} approval(s) instead of ${c.liveApprovals}`;
}
