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
