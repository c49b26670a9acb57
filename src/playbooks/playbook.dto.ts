import { z } from 'zod';
import { entityResponse } from '../alerts/alert.dto.js';
import { VERDICTS } from '../domain/actions.js';
import { FINAL_INVESTIGATION_STATES } from '../domain/investigation.js';
import { SEVERITIES } from '../domain/alert.js';
import type { PlaybookDefinition } from '../domain/playbook.js';
import { component } from '../http/api-schemas.js';
import { stepRecordSchema } from '../investigations/investigation.dto.js';

/** Response bodies of /api/v1/playbooks: summaries, validation errors, the full definition and dry-run traces. */

export const playbookErrorSchema = component(
  'PlaybookError',
  z.object({
    file: z.string(),
    line: z.number().int().describe('1-based, of the offending node'),
    column: z.number().int(),
    path: z.string().describe('e.g. `steps[2].with.device`; empty for the document itself'),
    message: z.string(),
  }),
  'A precise error in a playbook file',
);

const triggerSchema = z.object({
  source: z.array(z.string()).optional(),
  type: z.array(z.string()).optional(),
  category: z.array(z.string()).optional(),
  severityAtLeast: z.enum(SEVERITIES).optional(),
  titleMatches: z.string().optional(),
  when: z.string().optional(),
});

export const playbookSummarySchema = component(
  'PlaybookSummary',
  z.object({
    name: z.string(),
    version: z.string(),
    description: z.string(),
    priority: z.number(),
    hash: z.string().describe('sha256 of the YAML: a run pins this'),
    file: z.string(),
    triggers: z.array(triggerSchema),
  }),
);
export type PlaybookSummary = z.output<typeof playbookSummarySchema>;

export function summary(p: PlaybookDefinition): PlaybookSummary {
  return { name: p.name, version: p.version, description: p.description, priority: p.priority, hash: p.hash, file: p.file, triggers: p.triggers };
}

export const playbookListSchema = component(
  'PlaybookList',
  z.object({
    items: z.array(playbookSummarySchema),
    invalid: z.array(playbookErrorSchema).describe('Files that were skipped, with their errors'),
    catalog: z.array(z.object({ name: z.string(), description: z.string(), output: z.string() })).describe('The enrichment functions steps can use'),
  }),
);

export const playbookDetailSchema = component(
  'PlaybookDetail',
  playbookSummarySchema.extend({
    source: z.string().optional().describe('The YAML text, when the file can be read'),
    definition: z
      .looseObject({ name: z.string(), fallback: z.boolean(), steps: z.array(z.looseObject({ id: z.string(), kind: z.string() })) })
      .describe('The parsed, validated playbook the investigation workflow runs'),
  }),
);

export const playbookValidationSchema = component(
  'PlaybookValidation',
  z.object({ valid: z.boolean(), errors: z.array(playbookErrorSchema), playbook: playbookSummarySchema.optional() }),
);

export const playbookLoadReportSchema = component(
  'PlaybookLoadReport',
  z.object({ loaded: z.array(z.string()), skipped: z.array(z.object({ file: z.string(), errors: z.array(playbookErrorSchema) })) }),
);

export const simulationSchema = component(
  'Simulation',
  z.object({
    dryRun: z.literal(true),
    playbook: z.object({ name: z.string(), version: z.string(), hash: z.string() }),
    triggers: z.object({ matches: z.boolean(), detail: z.array(z.object({ index: z.number().int(), matches: z.boolean() })) }),
    status: z.enum(['succeeded', 'failed']),
    error: z.string().optional(),
    steps: z.array(stepRecordSchema),
    enrichment: z.array(
      z
        .object({ step: z.string(), fn: z.string(), source: z.string(), args: z.unknown() })
        .describe("Where a step's answer came from: `fixture`, or who the catalog routes the function to (`lab`, a connector, `quell`)"),
    ),
    verdicts: z.array(
      z.object({
        key: z.string(),
        entity: entityResponse,
        verdict: z.enum(VERDICTS),
        reasons: z.array(
          z.object({
            reason: z.string(),
            verdict: z.enum(VERDICTS),
            playbook: z.string().optional(),
            step: z.string().optional(),
            detector: z.string().optional().describe('Set when the detector that raised the alert named the entity'),
          }),
        ),
      }),
    ),
    actions: z.array(
      z.object({
        step: z.string(),
        action: z.string(),
        target: entityResponse,
        targetKey: z.string(),
        reason: z.string(),
        params: z.record(z.string(), z.unknown()).optional(),
        verdict: z.string(),
        wouldRun: z.enum(['immediately', 'after approval']),
        policy: z.string(),
        requiredApprovals: z.number().int().positive(),
      }),
    ),
    outcome: z
      .object({ ifActionsSucceed: z.enum(FINAL_INVESTIGATION_STATES), unsettled: z.array(z.string()) })
      .describe('How the investigation would end if every proposed action succeeded, and the evidence keys that would stay unsettled'),
  }),
  'A dry run: the full trace, the verdicts it would give and the actions it would propose, with what the policy would do now',
);
export type Simulation = z.output<typeof simulationSchema>;
