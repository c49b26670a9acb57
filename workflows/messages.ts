import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Decision, RollbackState } from '../src/domain/actions.js';
import type { Audited } from '../src/domain/audit.js';
import type { InvestigationState } from '../src/domain/investigation.js';

/** Messages shared by the workflows and the API that sends them. */
export const alertAdded = defineSignal<[{ alertId: string }]>('alertAdded');
/** Several alerts of one incident at once: what a batch of a storm hands to the investigation. */
export const alertsAdded = defineSignal<[{ alertIds: string[] }]>('alertsAdded');
export const actionSettled = defineSignal<[{ actionId: string; status: string }]>('actionSettled');
export const cancelInvestigation = defineUpdate<{ state: InvestigationState }, [{ by: string; reason?: string }]>('cancelInvestigation');

export interface DecisionInput {
  decision: Decision;
  /** The decider's name, as shown. */
  by: string;
  /** The decider's stable identity: four-eyes and self-approval count this, not the name. */
  subject?: string;
  comment?: string;
  /** Who decided and from where: the decision's audit entry is written in the decision's own transaction. */
  audit?: Audited;
}
export const decideAction = defineUpdate<{ status: string; approvals: number; requiredApprovals: number }, [DecisionInput]>('decideAction');
export const withdrawAction = defineSignal<[{ reason: string }]>('withdrawAction');

/** A source's state changed (paused, resumed, backfill asked for): poll now rather than at the end of the interval. */
export const pokeSource = defineSignal('pokeSource');
/** The cursor the source workflow holds (ISO time), for whoever asks Temporal. */
export const sourceCursor = defineQuery<string | null>('sourceCursor');

/** Moves the end of a time-boxed containment to `durationSeconds` from now. */
export interface RenewalInput {
  durationSeconds: number;
  by: string;
  comment?: string;
  /** Who renewed and from where, for the audit entry written with the renewal. */
  audit?: Audited;
}
export const renewContainment = defineUpdate<{ containmentUntil: string }, [RenewalInput]>('renewContainment');

/** Where a rollback stands: each action's result so far. */
export const rollbackProgress = defineQuery<RollbackState>('rollbackProgress');
