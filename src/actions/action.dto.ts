import { z } from 'zod';
import { ACTION_FAMILIES, ACTION_SOURCES, ACTION_STATUSES, ACTION_TYPES, type ActionType } from '../domain/actions.js';
import { automationSettingsSchema, POLICY_MODES } from '../domain/automation.js';
import { SHADOW_OUTCOMES } from '../domain/automation-shadow.js';
import { entityResponse } from '../alerts/alert.dto.js';
import { component, instant } from '../http/api-schemas.js';

/** Response bodies of the action center (/api/v1/actions) and of /api/v1/automation. */

export const actionRecordSchema = component(
  'ActionRecord',
  z.object({
    id: z.string().regex(/^act-[0-9a-f]{24}$/),
    type: z.enum(ACTION_TYPES as [ActionType, ...ActionType[]]),
    family: z.enum(ACTION_FAMILIES),
    targetKey: z.string(),
    target: entityResponse,
    params: z.record(z.string(), z.unknown()),
    incidentId: z.number().int().positive().nullable(),
    investigationId: z.uuid().nullable(),
    alertId: z.uuid().nullable(),
    source: z.enum(ACTION_SOURCES),
    status: z.enum(ACTION_STATUSES),
    reason: z.string(),
    proposedBy: z.record(z.string(), z.unknown()),
    verdict: z.string().nullable(),
    policyMode: z.enum(['automatic', 'approval']),
    policyReason: z.string(),
    requestedBy: z.string(),
    requestedBySubject: z
      .string()
      .nullable()
      .describe('Who requested it as an identity (`person:<id>` or `key:<id>`): that person cannot approve it, whichever key they use'),
    requiredApprovals: z.number().int().positive(),
    approvals: z.array(
      z.object({
        by: z.string(),
        subject: z.string().optional().describe('Who the approval counts as: a person or a service key'),
        at: z.iso.datetime({ offset: true }),
        comment: z.string().optional(),
      }),
    ),
    connector: z.string(),
    error: z.string().nullable(),
    result: z.unknown().describe('What the connector reported'),
    expiresAt: instant.nullable(),
    decidedBy: z.string().nullable(),
    decidedAt: instant.nullable(),
    createdAt: instant,
    updatedAt: instant,
    containmentSeconds: z.number().int().positive().nullable().describe('Time-boxed: undone this long after it succeeded unless renewed'),
    containmentUntil: instant.nullable().describe('When the containment timer undoes the action (set once it succeeded)'),
    renewals: z.array(
      z.object({
        by: z.string(),
        at: z.iso.datetime({ offset: true }),
        until: z.iso.datetime({ offset: true }),
        comment: z.string().optional(),
      }),
    ),
  }),
  'A remediation action as stored',
);

export const actionSchema = component(
  'Action',
  actionRecordSchema.extend({
    title: z.string(),
    reversible: z
      .boolean()
      .describe('Whether undo can run: the action has an inverse its connector carries out and, for a restore, the record to restore from'),
  }),
  'A remediation action in the action center (its incident is the one a merged incident lives on as)',
);
export type ActionView = z.output<typeof actionSchema>;

export const actionHistoryEntrySchema = component(
  'ActionHistoryEntry',
  z.object({ at: instant, kind: z.string(), actor: z.string(), details: z.record(z.string(), z.unknown()) }),
);
export type ActionHistoryEntry = z.output<typeof actionHistoryEntrySchema>;

export const actionDetailSchema = component(
  'ActionDetail',
  actionSchema.extend({ history: z.array(actionHistoryEntrySchema) }),
  'One action with its full history: proposal, policy, decisions, executions, undo',
);
export type ActionDetail = z.output<typeof actionDetailSchema>;

export const actionDecisionSchema = component(
  'ActionDecision',
  actionDetailSchema.extend({
    decision: z.object({ status: z.string(), approvals: z.number().int().nonnegative(), requiredApprovals: z.number().int().positive() }),
  }),
  'The action after a decision, and what the decision did (e.g. one of two required approvals)',
);

export const actionPageSchema = component('ActionPage', z.object({ items: z.array(actionSchema), nextCursor: z.string().nullable() }));

export const bulkDecisionResultSchema = component(
  'BulkDecisionResult',
  z.object({
    results: z.array(
      z.discriminatedUnion('result', [
        z.object({ id: z.string(), result: z.literal('decided'), status: z.enum(ACTION_STATUSES) }),
        z.object({ id: z.string(), result: z.literal('refused'), detail: z.string() }),
      ]),
    ),
  }),
  'One result per action id sent, in request order',
);
export type BulkDecisionResult = z.output<typeof bulkDecisionResultSchema>;

export const automationSettingsResponse = component('AutomationSettings', automationSettingsSchema);
export const automationViewSchema = component(
  'AutomationView',
  z.object({
    settings: automationSettingsResponse,
    defaults: automationSettingsResponse,
    updatedBy: z.string().optional(),
    updatedAt: instant.optional(),
  }),
  'The automation settings in force, the defaults, and who last changed them',
);
export type AutomationView = z.output<typeof automationViewSchema>;

export const automationShadowViewSchema = component(
  'AutomationShadowView',
  z.object({
    id: z.uuid(),
    settings: automationSettingsResponse,
    startedBy: z.string(),
    startedAt: instant,
    endedBy: z.string().optional(),
    endedAt: instant.optional(),
    outcome: z.enum(SHADOW_OUTCOMES).optional(),
  }),
  'Candidate automation settings in shadow: what they would decide is recorded beside every proposal, with no effect',
);
export type AutomationShadowView = z.output<typeof automationShadowViewSchema>;

export const automationShadowReportSchema = component(
  'AutomationShadowReport',
  z.object({
    shadowId: z.uuid(),
    startedBy: z.string(),
    startedAt: instant,
    proposals: z.number().int().describe('Actions proposed since the shadow began'),
    changed: z.number().int().describe('Of those, the ones the candidate settings decide differently'),
    changes: z.array(
      z.object({
        actionType: z.enum(ACTION_TYPES as [ActionType, ...ActionType[]]),
        deviceGroup: z.string().nullable(),
        live: z.enum(POLICY_MODES),
        shadow: z.enum(POLICY_MODES),
        liveApprovals: z.number().int(),
        shadowApprovals: z.number().int(),
        count: z.number().int(),
        summary: z.string().describe('e.g. "12 isolate_device would have run without approval"'),
        actionIds: z.array(z.string()).describe('The actions concerned, oldest first (at most 1000; count counts all)'),
      }),
    ),
  }),
  'Decisions the candidate settings would change, by action type and device group, since the shadow began',
);

export const automationPromotionSchema = component(
  'AutomationPromotion',
  z.object({
    automation: automationViewSchema,
    shadow: automationShadowViewSchema,
    report: automationShadowReportSchema.describe('The report the promotion was decided on (kept with the shadow)'),
  }),
  'Candidate settings made live: the settings now in force, the shadow that ended, and the report it was promoted on',
);
