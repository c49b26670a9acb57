import { ACTIONS, type ActionSpec, type ActionType, RECORDED, reversalPlan } from './actions.js';

/** What Quell knows around an action's target, the input of the collateral rules below. */
export interface TargetSurroundings {
  /** Accounts signed in to the device (connector look-up and stored alerts). */
  users: string[];
  /** Devices the account was seen on (connector look-up and stored alerts). */
  devices: string[];
  /** Mailboxes the account owns, or that received the message or sender. */
  mailboxes: string[];
}

/** Something else an action would contain or touch besides its target. */
export interface Collateral {
  kind: 'user' | 'device' | 'mailbox' | 'message' | 'file' | 'network';
  what: string;
  effect: string;
}

const each = (kind: Collateral['kind'], names: string[], effect: string): Collateral[] => names.map((what) => ({ kind, what, effect }));

/**
 * What each action does beyond its target, by type: a new action type fails to compile here until
 * someone says what it touches.
 */
export const COLLATERAL: Record<ActionType, (s: TargetSurroundings) => Collateral[]> = {
  isolate_device: (s) => each('user', s.users, 'signed in to the device: loses its sessions and network access until the release'),
  release_device: () => [],
  restrict_app_execution: (s) => each('user', s.users, 'signed in to the device: can run only Microsoft-signed applications'),
  remove_app_restriction: () => [],
  run_av_scan: () => [],
  collect_investigation_package: () => [],
  quarantine_file: (s) => each('device', s.devices, 'holds the file: loses it until it is restored'),
  stop_and_quarantine_file: (s) => each('device', s.devices, 'runs or holds the file: its processes are stopped and the file removed'),
  restore_file: () => [],
  block_file: (s) => each('device', s.devices, 'holds the file: cannot run it while the indicator stands'),
  unblock_file: () => [],
  remove_persistence: (s) => each('user', s.users, 'signed in to the device: a legitimate start-up item removed with it stops running'),
  restore_persistence: () => [],
  soft_delete_email: (s) => each('mailbox', s.mailboxes, 'received the message: it moves to Recoverable Items'),
  restore_email: () => [],
  block_sender: (s) => each('mailbox', s.mailboxes, 'receives mail from the sender: further mail is blocked'),
  unblock_sender: () => [],
  block_url: (s) => each('user', s.users, 'visited or received the URL: cannot open it while the block stands'),
  unblock_url: () => [],
  remove_inbox_rule: (s) => each('mailbox', s.mailboxes, 'owner of the rule: mail it moved or forwarded is no longer handled'),
  restore_inbox_rule: () => [],
  disable_external_forwarding: (s) => each('mailbox', s.mailboxes, 'forwarding stops for every external address'),
  restore_external_forwarding: () => [],
  disable_user: (s) => [
    ...each('device', s.devices, 'the account is signed out and cannot sign in to it'),
    ...each('mailbox', s.mailboxes, 'the owner cannot reach the mailbox; mail still arrives'),
  ],
  enable_user: () => [],
  reset_password: (s) => each('device', s.devices, 'the account must sign in again with the new password'),
  revoke_sessions: (s) => [
    ...each('device', s.devices, 'the account is signed out of its sessions and signs in again'),
    ...each('mailbox', s.mailboxes, 'mail clients must sign in again'),
  ],
  mark_user_compromised: () => [],
  mark_user_safe: () => [],
  block_ip: (s) => [
    ...each('device', s.devices, 'talked to the address: loses that connection'),
    { kind: 'network', what: 'every managed device', effect: 'cannot reach the address while the block stands' },
  ],
  unblock_ip: () => [],
};

/** How an action is undone, if it can be. */
export interface Reversal {
  reversible: boolean;
  /** The inverse action an undo (or a time-box running out) carries out. */
  inverse: string | null;
  inverseTitle: string | null;
  how: string;
  /** Time-boxed: undone this long after it succeeds unless renewed. */
  containmentSeconds: number | null;
}

/**
 * How an action is undone, for the connector that carries it out (`connectorActions`: what it can
 * do; undefined when unknown) and, once it ran, the result it recorded.
 */
export function reversalOf(
  a: { type: ActionType; connector: string; result: unknown; status: string },
  containmentSeconds: number | null,
  connectorActions: readonly string[] | undefined,
): Reversal {
  const spec: ActionSpec = ACTIONS[a.type];
  // Before it runs, an action that restores from a record has none yet: judge it as if it had one.
  const ran = a.status === 'succeeded' || a.status === 'undone';
  const plan = reversalPlan({ ...a, result: ran ? a.result : { [RECORDED]: {} } }, connectorActions);
  if (!plan.inverse)
    return {
      reversible: false,
      inverse: null,
      inverseTitle: null,
      how: spec.inverse ? `It cannot be undone: ${plan.why}. By hand: ${plan.byHand}` : plan.byHand,
      containmentSeconds: null,
    };
  const title = ACTIONS[plan.inverse].title;
  const recorded = spec.restoresRecorded
    ? ` Before it changes anything, the action records what it removes; '${title}' re-creates exactly that.`
    : '';
  return {
    reversible: true,
    inverse: plan.inverse,
    inverseTitle: title,
    how:
      (containmentSeconds
        ? `Time-boxed: '${title}' runs by itself ${containmentSeconds} s after it succeeds unless someone renews it; undo runs it sooner.`
        : `Undo runs '${title}' (POST /api/v1/actions/{id}/undo, or the incident's rollback).`) + recorded,
    containmentSeconds,
  };
}

/** A device that serves others, by what the connector or the alert says about it. */
export function deviceRole(os: string | null | undefined, group: string | null | undefined): 'server' | 'workstation' | 'unknown' {
  if (/server/i.test(os ?? '') || /server/i.test(group ?? '')) return 'server';
  return os ? 'workstation' : 'unknown';
}

/** Admin accounts: the connector's flag, or a group whose name says so. */
export function isPrivileged(user: { isAdmin?: unknown; groups?: unknown }): boolean {
  return (
    user.isAdmin === true || (Array.isArray(user.groups) && user.groups.some((g) => /admin|privileged|domain admins/i.test(String(g))))
  );
}
