import { z } from 'zod';
import { actionRecordSchema } from '../actions/action.dto.js';
import { entityResponse } from '../alerts/alert.dto.js';
import { REMEDIATION_STATUSES, VERDICTS } from '../domain/actions.js';
import { ALERT_STATUSES, SEVERITIES } from '../domain/alert.js';
import { ALERT_OUTCOMES, INVESTIGATION_STATES } from '../domain/investigation.js';
import { STEP_KINDS } from '../domain/playbook.js';
import { component, instant } from '../http/api-schemas.js';

/** Response bodies of /api/v1/investigations, and the graph shape incidents share. */

const verdict = z.enum(VERDICTS);

export const graphSchema = component(
  'Graph',
  z.object({
    nodes: z.array(
      z.object({
        id: z.string().describe('`alert:<id>`, `entity:<key>` or `action:<id>`'),
        kind: z.enum(['alert', 'entity', 'action']),
        label: z.string(),
        entityType: z.string().optional(),
        verdict: verdict.nullable().optional().describe('Entities: the strongest verdict an investigation gave (null: none yet)'),
        severity: z.enum(SEVERITIES).optional(),
        status: z.string().optional(),
      }),
    ),
    edges: z.array(
      z.object({
        from: z.string(),
        to: z.string(),
        kind: z
          .enum(['names', 'remediated_by', 'seen_with'])
          .describe('alert names entity; entity remediated_by action; entity seen_with entity'),
        alerts: z.number().int().positive().optional().describe('seen_with: in how many alerts the two appear together'),
      }),
    ),
  }),
  'Nodes and edges for drawing an investigation or incident graph',
);
export type Graph = z.output<typeof graphSchema>;

export const stepRecordSchema = component(
  'StepRecord',
  z.object({
    path: z.string(),
    stepId: z.string(),
    kind: z.enum(STEP_KINDS as [string, ...string[]]),
    status: z.enum(['running', 'succeeded', 'failed', 'skipped']),
    startedAt: z.number().describe('Epoch milliseconds'),
    endedAt: z.number().describe('Epoch milliseconds'),
    attempts: z.number().int().nonnegative(),
    reason: z.string().optional(),
    error: z.string().optional(),
    output: z.unknown().optional(),
    values: z.record(z.string(), z.unknown()).optional(),
  }),
  'One step of a playbook run',
);

export const investigationSummarySchema = component(
  'InvestigationSummary',
  z.object({
    id: z.uuid(),
    incidentId: z.number().int().positive().describe('The incident it was started for'),
    currentIncidentId: z.number().int().positive().describe('The incident that incident lives on as, after merges'),
    state: z.enum(INVESTIGATION_STATES),
    startedAt: instant,
    endedAt: instant.nullable(),
    startedBy: z.string(),
    workflowId: z.string(),
    alertCount: z.number().int().nonnegative(),
  }),
);
export type InvestigationSummary = z.output<typeof investigationSummarySchema>;

export const investigationPageSchema = component(
  'InvestigationPage',
  z.object({ items: z.array(investigationSummarySchema), nextCursor: z.string().nullable() }),
);

export const evidenceSchema = component(
  'Evidence',
  z.object({
    key: z.string(),
    entityType: z.string(),
    entity: entityResponse,
    verdict,
    reasons: z.array(
      z.looseObject({
        verdict,
        reason: z.string(),
        alertId: z.uuid(),
        playbook: z.string().optional(),
        step: z.string().optional(),
        detector: z.string().optional(),
      }),
    ),
    alertIds: z.array(z.uuid()),
    remediationStatus: z.enum(REMEDIATION_STATUSES),
  }),
  'An entity the investigation looked at, with its verdict and why',
);

export const investigationSchema = component(
  'Investigation',
  investigationSummarySchema.extend({
    alerts: z.array(
      z.object({
        id: z.uuid(),
        title: z.string(),
        severity: z.enum(SEVERITIES),
        source: z.string(),
        investigationOutcome: z.enum(ALERT_OUTCOMES),
        status: z.enum(ALERT_STATUSES),
      }),
    ),
    playbookRuns: z.array(
      z.object({
        alertId: z.uuid(),
        playbook: z.string(),
        version: z.string(),
        hash: z.string(),
        status: z.string(),
        error: z.string().nullable(),
        steps: z.array(stepRecordSchema),
        startedAt: instant,
        endedAt: instant.nullable(),
      }),
    ),
    evidence: z.array(evidenceSchema),
    actions: z.array(actionRecordSchema),
    log: z.array(z.object({ at: instant, message: z.string(), details: z.record(z.string(), z.unknown()) })),
    graph: graphSchema,
  }),
  'Alerts, playbook runs with every step, evidence with verdicts, actions, log and graph data',
);
export type Investigation = z.output<typeof investigationSchema>;

export const investigationStartSchema = component(
  'InvestigationStart',
  z.object({ incidentId: z.number().int().positive(), workflowId: z.string(), alerts: z.number().int().nonnegative() }),
  'The investigation workflow that took the alerts, and how many',
);
export type InvestigationStart = z.output<typeof investigationStartSchema>;
