/**
 * A validated playbook, as the investigation workflow receives it (pure data: no functions, no
 * classes). The YAML is parsed and checked outside the workflow; this is the contract between
 * the loader and the interpreter.
 *
 * Expressions are CEL with variables `alert`, `incident`, `steps`, `item` (or the `as` name).
 * A string field may embed `${{ expression }}`; a string that is exactly one `${{ … }}` takes the
 * expression's value (a list, map, number…), anything else is text with the values interpolated.
 */
export interface PlaybookDefinition {
  name: string;
  version: string;
  description: string;
  priority: number;
  /** Runs only for alerts that no other playbook claims (the generic investigation). */
  fallback: boolean;
  triggers: PlaybookTrigger[];
  steps: PlaybookStep[];
  /** sha256 of the YAML text: a run pins this. */
  hash: string;
  /** Where it came from (file path relative to the project, or `inline`). */
  file: string;
}

/** A trigger matches when every field it sets matches; a playbook runs when any trigger matches. */
export interface PlaybookTrigger {
  source?: string[];
  type?: string[];
  category?: string[];
  severityAtLeast?: 'informational' | 'low' | 'medium' | 'high';
  titleMatches?: string;
  when?: string;
}

export interface RetrySpec {
  maxAttempts: number;
  initialInterval: string;
  backoffCoefficient: number;
}

interface StepCommon {
  id: string;
  name?: string;
  if?: string;
  forEach?: string;
  as?: string;
  /** e.g. `30s`, `2m` */
  timeout?: string;
  retry?: RetrySpec;
  continueOnError?: boolean;
}

/** What each kind of step carries besides the common fields. */
interface StepBodies {
  uses: { uses: string; with: Record<string, unknown> };
  verdict: { verdict: { entity: string; verdict: string; reason: string } };
  /** `for`: a time-boxed containment, e.g. `4h`, undone when the time is up unless renewed. */
  remediate: { remediate: { action: string; target: string; reason: string; params?: Record<string, unknown>; for?: string } };
  parallel: { parallel: PlaybookStep[] };
  group: { steps: PlaybookStep[] };
}

export type StepKind = keyof StepBodies;
export type PlaybookStep = { [K in StepKind]: StepCommon & { kind: K } & StepBodies[K] }[StepKind];

/**
 * The one table of step kinds: each kind and the YAML field that makes a step that kind. The
 * parser, its semantic checks and the interpreter derive from it, so a kind added here fails to
 * compile until each of them handles it.
 */
export const STEP_KIND_FIELDS = {
  uses: 'uses',
  verdict: 'verdict',
  remediate: 'remediate',
  parallel: 'parallel',
  group: 'steps',
} as const satisfies { [K in StepKind]: keyof StepBodies[K] };

export const STEP_KINDS = Object.keys(STEP_KIND_FIELDS) as StepKind[];

/** `${{ expr }}` occurrences in a template string. */
export const TEMPLATE = /\$\{\{\s*([\s\S]+?)\s*\}\}/g;
