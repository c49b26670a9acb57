/** What the action workflow and the action store share: the workflow's input and its retry budget. */

export interface ActionWorkflowInput {
  actionId: string;
  requiresApproval: boolean;
  requiredApprovals: number;
  /** Epoch ms; a pending action still undecided then is expired (counts as rejected). */
  expiresAt?: number;
  requestedBy: string;
  allowSelfApproval: boolean;
  /** The investigation to tell when the action settles. */
  parentWorkflowId?: string;
}

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
