/** The remediation action catalog: what each action targets, its family, and its inverse (for undo). */
export const ACTION_FAMILIES = ['device', 'file', 'email', 'identity', 'network'] as const;
export type ActionFamily = (typeof ACTION_FAMILIES)[number];

/** An action's lifecycle, as stored in `actions.status` (a CHECK constraint holds the same list). */
export const ACTION_STATUSES = ['pending', 'approved', 'rejected', 'expired', 'running', 'succeeded', 'failed', 'undone'] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
/** Not settled yet: a proposal in one of these still has a decision or an execution ahead. */
export const OPEN_ACTION_STATUSES: readonly ActionStatus[] = ['pending', 'approved', 'running'];
/** An execution may start (or, after a crash or a failure, start again) from these. */
export const EXECUTABLE_ACTION_STATUSES: readonly ActionStatus[] = ['approved', 'running', 'failed'];

export const ACTION_SOURCES = ['automated', 'manual'] as const;
export type ActionSource = (typeof ACTION_SOURCES)[number];

export const DECISIONS = ['approve', 'reject'] as const;
export type Decision = (typeof DECISIONS)[number];

/**
 * Who an approval counts as: the actor's `subject` (a person, whichever of their keys or sessions
 * they used; or a service key), else the name recorded before identities had subjects.
 */
export const approverOf = (a: { by: string; subject?: string }) => a.subject ?? a.by;

/** How a pending action closes without a decision: it expires (counts as rejected), or its investigation withdraws it. */
export type ActionClosing = 'expired' | 'withdrawn';

/** Where the remediation of a piece of evidence stands (`evidence.remediation_status`; `none` until an action targets it). */
export const REMEDIATION_STATUSES = ['none', 'pending', 'approved', 'rejected', 'expired', 'remediated', 'failed', 'undone'] as const;
export type RemediationStatus = (typeof REMEDIATION_STATUSES)[number];

export interface ActionSpec {
  family: ActionFamily;
  /** The entity type the target must be. */
  target: 'device' | 'file' | 'email' | 'mailbox' | 'url' | 'user' | 'ip';
  /** The action that reverses this one; absent = irreversible. */
  inverse?: string;
  /** Inverse actions are only run as an undo, never proposed. */
  undoOnly?: boolean;
  /**
   * The inverse re-creates what this action removed from the state the action recorded before it
   * changed anything (`result.recorded`): without that record (an action taken before Quell kept
   * one) there is nothing to restore from, and `byHand` says what a person must do instead.
   */
  restoresRecorded?: true;
  /** What a person must do when the inverse cannot run (no record, or a connector that cannot re-create it). */
  byHand?: string;
  title: string;
}

export const ACTIONS = {
  isolate_device: { family: 'device', target: 'device', inverse: 'release_device', title: 'Isolate device' },
  release_device: { family: 'device', target: 'device', undoOnly: true, title: 'Release device from isolation' },
  restrict_app_execution: { family: 'device', target: 'device', inverse: 'remove_app_restriction', title: 'Restrict app execution' },
  remove_app_restriction: { family: 'device', target: 'device', undoOnly: true, title: 'Remove app execution restriction' },
  run_av_scan: { family: 'device', target: 'device', title: 'Run antivirus scan' },
  collect_investigation_package: { family: 'device', target: 'device', title: 'Collect investigation package' },
  quarantine_file: { family: 'file', target: 'file', inverse: 'restore_file', title: 'Quarantine file' },
  stop_and_quarantine_file: { family: 'file', target: 'file', inverse: 'restore_file', title: 'Stop and quarantine file' },
  restore_file: { family: 'file', target: 'file', undoOnly: true, title: 'Restore file from quarantine' },
  block_file: { family: 'file', target: 'file', inverse: 'unblock_file', title: 'Block file (hash indicator)' },
  unblock_file: { family: 'file', target: 'file', undoOnly: true, title: 'Unblock file' },
  remove_persistence: {
    family: 'file',
    target: 'device',
    inverse: 'restore_persistence',
    restoresRecorded: true,
    byHand: 'Re-create the registry key, scheduled task or service that was removed, if it was legitimate.',
    title: 'Remove persistence (registry key, scheduled task, service)',
  },
  restore_persistence: {
    family: 'file',
    target: 'device',
    undoOnly: true,
    title: 'Restore removed persistence from its recorded definition',
  },
  soft_delete_email: { family: 'email', target: 'email', inverse: 'restore_email', title: 'Soft-delete e-mail message' },
  restore_email: { family: 'email', target: 'email', undoOnly: true, title: 'Restore e-mail message' },
  block_sender: { family: 'email', target: 'mailbox', inverse: 'unblock_sender', title: 'Block sender' },
  unblock_sender: { family: 'email', target: 'mailbox', undoOnly: true, title: 'Unblock sender' },
  block_url: { family: 'email', target: 'url', inverse: 'unblock_url', title: 'Block URL' },
  unblock_url: { family: 'email', target: 'url', undoOnly: true, title: 'Unblock URL' },
  remove_inbox_rule: {
    family: 'email',
    target: 'mailbox',
    inverse: 'restore_inbox_rule',
    restoresRecorded: true,
    byHand: 'Ask the mailbox owner to re-create the removed inbox rule, if it was legitimate.',
    title: 'Remove inbox rule',
  },
  restore_inbox_rule: { family: 'email', target: 'mailbox', undoOnly: true, title: 'Restore inbox rule from its recorded definition' },
  disable_external_forwarding: {
    family: 'email',
    target: 'mailbox',
    inverse: 'restore_external_forwarding',
    restoresRecorded: true,
    byHand: 'Turn external forwarding back on for the mailbox, if it was legitimate.',
    title: 'Turn off external forwarding',
  },
  restore_external_forwarding: {
    family: 'email',
    target: 'mailbox',
    undoOnly: true,
    title: 'Restore external forwarding from its recorded settings',
  },
  disable_user: { family: 'identity', target: 'user', inverse: 'enable_user', title: 'Disable user' },
  enable_user: { family: 'identity', target: 'user', undoOnly: true, title: 'Enable user' },
  reset_password: { family: 'identity', target: 'user', title: 'Reset password' },
  revoke_sessions: { family: 'identity', target: 'user', title: 'Revoke sessions' },
  mark_user_compromised: { family: 'identity', target: 'user', inverse: 'mark_user_safe', title: 'Mark user compromised' },
  mark_user_safe: { family: 'identity', target: 'user', undoOnly: true, title: 'Mark user safe' },
  block_ip: { family: 'network', target: 'ip', inverse: 'unblock_ip', title: 'Block IP address' },
  unblock_ip: { family: 'network', target: 'ip', undoOnly: true, title: 'Unblock IP address' },
} as const satisfies Record<string, ActionSpec>;

export type ActionType = keyof typeof ACTIONS;
export const ACTION_TYPES = Object.keys(ACTIONS) as ActionType[];
/** Action types a playbook or an analyst may propose (inverses run only as undo). */
export const PROPOSABLE_ACTIONS = ACTION_TYPES.filter((t) => !(ACTIONS[t] as ActionSpec).undoOnly);

export const VERDICTS = ['malicious', 'suspicious', 'unknown', 'no_threats_found'] as const;
export type Verdict = (typeof VERDICTS)[number];
/** Strongest first: an entity seen by several alerts keeps the strongest verdict given. */
export const verdictStrength = (v: Verdict): number => ({ no_threats_found: 0, unknown: 1, suspicious: 2, malicious: 3 })[v];

/** Action types with no inverse: a rollback cannot run them backwards. */
export type IrreversibleActionType = {
  [K in ActionType]: (typeof ACTIONS)[K] extends { inverse: string } ? never : (typeof ACTIONS)[K] extends { undoOnly: true } ? never : K;
}[ActionType];

/** What a person must do by hand to reverse an action that has no inverse (listed by an incident's rollback). */
export const MANUAL_REVERSAL: Record<IrreversibleActionType, string> = {
  run_av_scan: 'Nothing to reverse: a scan changes nothing; review anything it quarantined and restore false detections.',
  collect_investigation_package: 'Nothing to reverse; delete the collected package if it must not be kept.',
  reset_password: 'Tell the user their password was reset and give them a way to set a new one.',
  revoke_sessions: 'Nothing to reverse: the user signs in again.',
};

/** The key of a forward action's result under which it records the state it removes, for its inverse to restore. */
export const RECORDED = 'recorded';

/** How a succeeded action is undone, decided for the connector that carried it out and the result it recorded. */
export type ReversalPlan = { inverse: ActionType } | { inverse: null; why: string; byHand: string };

/**
 * Whether a succeeded action can be undone, and if not, why and what a person must do: no inverse;
 * a connector that cannot run the inverse (decided per connector); or an inverse that restores from
 * a record the action does not have (taken before Quell recorded what it removed).
 */
export function reversalPlan(
  a: { type: ActionType; connector: string; result: unknown },
  connectorActions: readonly string[] | undefined,
): ReversalPlan {
  const spec: ActionSpec = ACTIONS[a.type];
  if (!spec.inverse)
    return {
      inverse: null,
      why: `${a.type} has no inverse`,
      byHand: MANUAL_REVERSAL[a.type as IrreversibleActionType] ?? 'It cannot be undone.',
    };
  const inverse = spec.inverse as ActionType;
  const byHand = spec.byHand ?? `${ACTIONS[inverse].title} in the product's own console.`;
  if (connectorActions && !connectorActions.includes(inverse))
    return { inverse: null, why: `the ${a.connector} connector cannot ${ACTIONS[inverse].title.toLowerCase()} (${inverse})`, byHand };
  if (spec.restoresRecorded && !recordedOf(a.result))
    return {
      inverse: null,
      why: `the action recorded no state to restore from (it was taken before Quell recorded what ${a.type} removes)`,
      byHand,
    };
  return { inverse };
}

/** The state a forward action recorded before it changed anything, when it recorded one. */
export function recordedOf(result: unknown): Record<string, unknown> | undefined {
  const r = result && typeof result === 'object' ? (result as Record<string, unknown>)[RECORDED] : undefined;
  return r && typeof r === 'object' && !Array.isArray(r) ? (r as Record<string, unknown>) : undefined;
}

/** Where a rollback of an incident's automated actions stands, and each action's result in it. */
export const ROLLBACK_STATUSES = ['running', 'completed', 'partially_completed'] as const;
export type RollbackStatus = (typeof ROLLBACK_STATUSES)[number];
export const ROLLBACK_RESULTS = ['pending', 'undone', 'already_undone', 'failed'] as const;
export type RollbackResult = (typeof ROLLBACK_RESULTS)[number];

/** The rollback workflow's input: the reversible actions to undo, in the order to undo them (the last taken first). */
export interface RollbackInput {
  incidentId: number;
  by: string;
  actionIds: string[];
}

export interface RollbackState {
  status: RollbackStatus;
  results: { actionId: string; result: RollbackResult; detail?: string }[];
}
