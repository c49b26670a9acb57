import { z } from 'zod';
import { ACTIONS, type ActionSpec, PROPOSABLE_ACTIONS, VERDICTS } from '../domain/actions.js';
import { CONTAINMENT_MAX_SECONDS, CONTAINMENT_MIN_SECONDS, containmentSeconds } from '../domain/remediation.js';
import { SEVERITIES } from '../domain/alert.js';
import { CATALOG_FUNCTIONS } from '../domain/catalog.js';

/**
 * The shape of a playbook YAML file, as an author writes it. Field-local rules live here (formats,
 * ranges, vocabularies); rules that need the whole playbook (unique ids, references between steps,
 * CEL syntax, catalog arguments) are checked by the parser.
 */

export const PLAYBOOK_NAME = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
/** Step ids are CEL identifiers so that `steps.<id>` works in expressions. */
export const STEP_ID = /^[a-z][a-z0-9_]*$/;
const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;
/** Names an `as` may not take: the expression variables it would hide, and CEL's own words. */
const RESERVED_NAMES = new Set(['alert', 'incident', 'steps', 'true', 'false', 'null', 'in']);
/** `${{ … }}` spanning the whole string. */
export const WHOLE_TEMPLATE = /^\s*\$\{\{\s*([\s\S]+?)\s*\}\}\s*$/;

const DURATION = /^(\d+)(ms|s|m|h)$/;
const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 } as const;
const MAX_DURATION_MS = UNIT_MS.h;

/** `30s` → 30000; undefined when the text is not a duration. */
export function durationMs(text: string): number | undefined {
  const m = DURATION.exec(text);
  return m ? Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS] : undefined;
}

function compilesAsRegex(source: string): boolean {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}

const nonEmpty = z.string().min(1, 'must not be empty');

const duration = z.string().refine((s) => {
  const ms = durationMs(s);
  return ms !== undefined && ms > 0 && ms <= MAX_DURATION_MS;
}, 'must be a duration like 500ms, 30s, 2m or 1h, greater than 0 and at most 1h');

/** One value or a list of them; the definition always carries a list. */
const oneOrMany = z
  .union([nonEmpty, z.array(nonEmpty).min(1, 'must list at least one value')], { error: 'must be a string or a list of strings' })
  .transform((v) => (Array.isArray(v) ? v : [v]));

const expression = nonEmpty;

/** A field whose value is an entity: only an expression can produce one. */
const entityExpression = z.string().regex(WHOLE_TEMPLATE, 'must be a ${{ … }} expression that yields an entity, e.g. ${{ item }}');

export const triggerSchema = z
  .strictObject({
    source: oneOrMany.optional(),
    type: oneOrMany.optional(),
    category: oneOrMany.optional(),
    severityAtLeast: z.enum(SEVERITIES, { error: `must be one of ${SEVERITIES.join(', ')}` }).optional(),
    titleMatches: nonEmpty.refine(compilesAsRegex, 'is not a valid regular expression').optional(),
    when: expression.optional(),
  })
  .refine((t) => Object.values(t).some((v) => v !== undefined), {
    message: 'a trigger needs at least one of source, type, category, severityAtLeast, titleMatches, when (use severityAtLeast: informational to match every alert)',
  });

const retrySchema = z.strictObject({
  maxAttempts: z.number().int().min(1).max(10).default(3),
  initialInterval: duration.default('1s'),
  backoffCoefficient: z.number().min(1).max(10).default(2),
});

const verdictSchema = z.strictObject({
  entity: entityExpression,
  verdict: z
    .string()
    .refine((v) => (VERDICTS as readonly string[]).includes(v) || WHOLE_TEMPLATE.test(v), `must be one of ${VERDICTS.join(', ')} or a \${{ … }} expression`),
  reason: nonEmpty,
});

const remediateSchema = z
  .strictObject({
    action: z.enum(PROPOSABLE_ACTIONS, { error: `must be one of the proposable actions: ${PROPOSABLE_ACTIONS.join(', ')}` }),
    target: entityExpression,
    reason: nonEmpty,
    params: z.record(z.string(), z.unknown()).optional(),
    for: z
      .string()
      .refine(
        (s) => containmentSeconds(s) !== undefined,
        `must be a duration like 90s, 30m, 4h or 2d, from ${CONTAINMENT_MIN_SECONDS}s to ${CONTAINMENT_MAX_SECONDS / 86_400}d`,
      )
      .optional(),
  })
  .superRefine((r, ctx) => {
    const spec: ActionSpec = ACTIONS[r.action];
    if (r.for !== undefined && !spec.inverse)
      ctx.addIssue({ code: 'custom', path: ['for'], message: `${r.action} cannot be time-boxed: it has no inverse to run when the time is up` });
  });

/** Every field a step may carry; which combination is allowed is the parser's concern. */
export interface StepInput {
  id: string;
  name?: string;
  if?: string;
  forEach?: string;
  as?: string;
  timeout?: string;
  retry?: z.output<typeof retrySchema>;
  continueOnError?: boolean;
  uses?: string;
  with?: Record<string, unknown>;
  verdict?: z.output<typeof verdictSchema>;
  remediate?: z.output<typeof remediateSchema>;
  parallel?: StepInput[];
  steps?: StepInput[];
}

/** The fields a step may carry, kept complete by its type; anything else is an unknown field. */
const STEP_FIELD_SET: Record<keyof StepInput, true> = {
  id: true, name: true, if: true, forEach: true, as: true, timeout: true, retry: true, continueOnError: true,
  uses: true, with: true, verdict: true, remediate: true, parallel: true, steps: true,
};
export const STEP_FIELDS: ReadonlySet<string> = new Set(Object.keys(STEP_FIELD_SET));

export const stepSchema: z.ZodType<StepInput> = z.strictObject({
  id: z.string().regex(STEP_ID, 'must start with a lower-case letter and contain only a-z, 0-9 and _ (it is used as steps.<id> in expressions)'),
  name: nonEmpty.optional(),
  if: expression.optional(),
  forEach: expression.optional(),
  as: z
    .string()
    .regex(IDENTIFIER, 'must be an identifier (letters, digits and _)')
    .refine((s) => !RESERVED_NAMES.has(s), 'is a reserved name')
    .optional(),
  timeout: duration.optional(),
  retry: retrySchema.optional(),
  continueOnError: z.boolean().optional(),
  uses: z.enum(CATALOG_FUNCTIONS, { error: `must name a catalog function: ${CATALOG_FUNCTIONS.join(', ')}` }).optional(),
  with: z.record(z.string(), z.unknown()).optional(),
  verdict: verdictSchema.optional(),
  remediate: remediateSchema.optional(),
  get parallel() {
    return z.array(stepSchema).min(1, 'a parallel block needs at least one step').optional();
  },
  get steps() {
    return z.array(stepSchema).min(1, 'a group needs at least one step').optional();
  },
});

export const playbookFileSchema = z.strictObject({
  name: z.string().regex(PLAYBOOK_NAME, 'must be kebab-case (lower-case letters and digits separated by single hyphens)'),
  version: z.string({ error: 'must be a string (quote it: version: "1")' }).min(1, 'must not be empty'),
  description: z.string().default(''),
  priority: z.number({ error: 'must be an integer' }).int({ error: 'must be an integer' }).default(100),
  fallback: z.boolean({ error: 'must be true or false' }).default(false),
  triggers: z.array(triggerSchema).min(1, 'a playbook needs at least one trigger'),
  steps: z.array(stepSchema).min(1, 'a playbook needs at least one step'),
});
export type PlaybookFile = z.output<typeof playbookFileSchema>;
