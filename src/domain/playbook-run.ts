import type { StepKind } from './playbook.js';

/**
 * What one run of a playbook produces: the interpreter (in the investigation workflow and in the
 * simulator) writes it, the investigation activities and store record it.
 */

export interface StepRef {
  playbook: string;
  stepId: string;
  /** e.g. `enrich_files[1].rep` inside a forEach */
  path: string;
}

/** `running` only until the step's kind has been handled: a record never claims success in advance. */
export type StepStatus = 'running' | 'succeeded' | 'failed' | 'skipped';
export interface StepRecord {
  path: string;
  stepId: string;
  kind: StepKind;
  status: StepStatus;
  startedAt: number;
  endedAt: number;
  attempts: number;
  reason?: string;
  error?: string;
  output?: unknown;
  /** Values of the step's expressions, for the simulator's trace. */
  values?: Record<string, unknown>;
}

export interface PlaybookRunResult {
  playbook: string;
  version: string;
  hash: string;
  status: 'succeeded' | 'failed';
  error?: string;
  steps: StepRecord[];
}
