/** What the action workflow and the action store share: the workflow's input and its retry budget. */

export interface ActionWorkflowInput {
  actionId: string;
  requiresApproval: boolean;
  requiredApprovals: number;
  /** Epoch ms; a pending action still undecided then is expired (counts as rejected). */
  expiresAt?: number;
  requestedBy: string;
  /** The requester's subject (see `Principal.subject`), which self-approval is judged by; absent for actions requested before it. */
  requestedBySubject?: string;
  allowSelfApproval: boolean;
  /** The investigation to tell when the action settles. */
  parentWorkflowId?: string;
  /** Time-boxed containment: once the action succeeds, it is undone this many seconds later unless renewed. */
  containmentSeconds?: number;
}

/**
 * Bounds of a time-boxed containment (`durationSeconds` in the API, `for:` in a playbook): at least
 * a second (tests use seconds), at most 30 days (a longer containment is a decision to take by hand).
 */
export const CONTAINMENT_MIN_SECONDS = 1;
export const CONTAINMENT_MAX_SECONDS = 30 * 86_400;
const CONTAINMENT_UNITS = { s: 1, m: 60, h: 3_600, d: 86_400 } as const;

/** A playbook's `for: 4h` (s, m, h or d) in seconds; undefined when it is not such a duration or out of bounds. */
export function containmentSeconds(text: string): number | undefined {
  const m = /^(\d{1,7})(s|m|h|d)$/.exec(text);
  if (!m) return undefined;
  const seconds = Number(m[1]) * CONTAINMENT_UNITS[m[2] as keyof typeof CONTAINMENT_UNITS];
  return seconds >= CONTAINMENT_MIN_SECONDS && seconds <= CONTAINMENT_MAX_SECONDS ? seconds : undefined;
}

/** Who undoes a time-boxed action when its time is up (the actor in its history). */
export const CONTAINMENT_TIMER = 'system:containment-expired';

/** Attempts at a remediation before its failure is recorded: Temporal's retry policy and the activity agree on it. */
export const REMEDIATION_MAX_ATTEMPTS = 5;

/**
 * Where an action stands after a step of the action workflow. `checkAgainInMs` is set while the
 * product has accepted the request (or its undo) and not reported the outcome: the workflow looks
 * again after that long, on a durable timer.
 */
export interface ActionOutcome {
  status: string;
  checkAgainInMs?: number;
}

/** How long, and how many times, the action workflow looks at an action the product has not finished; then it is `failed`. */
export const FOLLOW_LIMIT_MS = 7 * 86_400_000;
export const FOLLOW_MAX_LOOKS = 2_000;

/** The pause between two looks, whatever the connector asks: at least a second, at most an hour. */
export const followPause = (checkAgainInMs: number): number => Math.min(3_600_000, Math.max(1_000, Math.round(checkAgainInMs)));
