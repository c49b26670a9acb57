import { z } from 'zod';
import { VERDICTS } from '../domain/actions.js';
import { BACKTEST_STATUSES, PLAYBOOK_VERSION_ORIGINS } from '../domain/playbook-version.js';
import { component, instant } from '../http/api-schemas.js';
import type { PlaybookVersionRow } from './playbook-version.repository.js';

/** Bodies of /api/v1/playbooks/:name/versions, shadow runs and backtests. */

const evidenceSchema = z.object({
  backtestIds: z.array(z.string()),
  shadowAlertIds: z.array(z.string()),
  comment: z.string().optional(),
});

export const playbookVersionSchema = component(
  'PlaybookVersion',
  z.object({
    id: z.string(),
    name: z.string(),
    version: z.string().describe("The YAML's own `version` field"),
    hash: z.string().describe('sha256 of the YAML'),
    origin: z.enum(PLAYBOOK_VERSION_ORIGINS).describe('`upload`: registered through the API; `file`: a version of the file an investigation ran'),
    shadow: z.boolean().describe('Runs beside the live version on live alerts, without effects'),
    live: z.boolean().describe('Promoted: stands in for the file until reverted'),
    yaml: z.string(),
    createdBy: z.string(),
    createdAt: instant,
    promotedBy: z.string().nullable(),
    promotedAt: instant.nullable(),
    evidence: evidenceSchema.nullable().describe('What the last promotion of this version rested on'),
  }),
  'A stored version of a playbook',
);

export function mapVersion(v: PlaybookVersionRow): z.output<typeof playbookVersionSchema> {
  return {
    id: v.id,
    name: v.name,
    version: v.version,
    hash: v.hash,
    origin: v.origin,
    shadow: v.shadow,
    live: v.live,
    yaml: v.yaml,
    createdBy: v.createdBy,
    createdAt: v.createdAt,
    promotedBy: v.promotedBy,
    promotedAt: v.promotedAt,
    evidence: v.evidence,
  };
}

export const playbookVersionListSchema = component(
  'PlaybookVersionList',
  z.object({
    name: z.string(),
    live: z
      .object({ source: z.enum(['file', 'promoted']), hash: z.string().nullable(), versionId: z.string().nullable() })
      .describe('What runs for new investigations: the file, or a promoted version'),
    items: z.array(playbookVersionSchema),
  }),
);

export const playbookRevertSchema = component(
  'PlaybookRevert',
  z.object({ name: z.string(), source: z.literal('file'), hash: z.string().nullable() }),
  'The playbook runs from its file again',
);

const outcomeSchema = z.object({
  verdicts: z.record(z.string(), z.enum(VERDICTS)).describe('Entity key → verdict, from the detector and this playbook'),
  actions: z.array(z.string()).describe('`<action> <target key>`'),
  autoResolved: z.boolean().describe('Settled without a person: no threats found, or remediated by actions that needed no approval'),
});

export const outcomeDiffSchema = component(
  'OutcomeDiff',
  z.object({
    changed: z.boolean(),
    verdicts: z.array(z.object({ key: z.string(), before: z.enum(VERDICTS).nullable(), after: z.enum(VERDICTS).nullable() })),
    actionsAdded: z.array(z.string()),
    actionsRemoved: z.array(z.string()),
    autoResolved: z.object({ before: z.boolean(), after: z.boolean() }),
  }),
  'What the candidate version changes against what happened (before) for one alert',
);

export const shadowRunListSchema = component(
  'ShadowRunList',
  z.object({
    items: z.array(
      z.object({
        versionId: z.string(),
        hash: z.string(),
        alertId: z.string(),
        alertType: z.string(),
        alertTitle: z.string(),
        ranAt: instant,
        status: z.enum(['succeeded', 'failed']),
        error: z.string().optional(),
        shadow: outcomeSchema.extend({ matched: z.boolean() }),
        live: outcomeSchema.extend({
          ran: z.boolean().describe('Whether the live playbook of this name ran for the alert'),
          state: z.string().nullable().describe("The alert's investigation state now"),
        }),
        diff: outcomeDiffSchema,
      }),
    ),
  }),
  'Shadow runs, newest first, each beside what the live playbook did for the same alert',
);

export const backtestSchema = component(
  'Backtest',
  z.object({
    id: z.string(),
    playbook: z.string(),
    versionId: z.string(),
    hash: z.string(),
    from: instant,
    to: instant,
    status: z.enum(BACKTEST_STATUSES),
    error: z.string().nullable(),
    progress: z.object({ done: z.number().int(), total: z.number().int() }).describe('Stored alerts of the range gone through, of all of them'),
    createdBy: z.string(),
    createdAt: instant,
    finishedAt: instant.nullable(),
    enrichment: z.string().describe('Where the steps got their answers'),
    report: z.object({
      compared: z.number().int().describe('Alerts the version would handle or the live playbook handled'),
      changed: z.number().int(),
      byType: z.array(
        z.object({
          alertType: z.string(),
          alerts: z.number().int(),
          changed: z.number().int(),
          failed: z.number().int(),
          noLongerHandled: z.number().int(),
          newlyHandled: z.number().int(),
          verdictChanges: z.number().int(),
          actionsAdded: z.number().int(),
          actionsRemoved: z.number().int(),
          autoResolved: z.object({ before: z.number().int(), after: z.number().int() }),
          examples: z.array(z.object({ alertId: z.string(), title: z.string(), diff: outcomeDiffSchema })),
        }),
      ),
    }),
  }),
  'A backtest: progress, and per alert type what the version would have changed compared with what happened',
);
