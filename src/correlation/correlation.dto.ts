import { z } from 'zod';
import { correlationSettingsSchema, FEEDBACK_KINDS, PROPOSAL_KINDS, PROPOSAL_STATUSES } from '../domain/correlation.js';
import { component, instant } from '../http/api-schemas.js';

/** Response bodies of /api/v1/correlation. */

export const correlationSettingsResponse = component('CorrelationSettings', correlationSettingsSchema);
export const correlationSettingsViewSchema = component(
  'CorrelationSettingsView',
  z.object({
    settings: correlationSettingsResponse,
    defaults: correlationSettingsResponse,
    version: z.number().int(),
    updatedBy: z.string().optional(),
    updatedAt: instant.optional(),
  }),
  "The correlation settings in force, the environment's defaults, and who last changed them (version 0: never saved)",
);
export type CorrelationSettingsView = z.output<typeof correlationSettingsViewSchema>;

export const correlationSettingsChangeSchema = component(
  'CorrelationSettingsChange',
  z.object({
    version: z.number().int(),
    changedBy: z.string(),
    changedAt: instant,
    before: correlationSettingsResponse,
    after: correlationSettingsResponse,
    proposalId: z.string().nullable(),
  }),
  'One change of the correlation settings: who, when, before and after, and the proposal it accepted if any',
);
export const correlationSettingsHistorySchema = component(
  'CorrelationSettingsHistory',
  z.object({ items: z.array(correlationSettingsChangeSchema) }),
);

export const correlationFeedbackSchema = component(
  'CorrelationFeedback',
  z.object({
    id: z.number().int(),
    kind: z.enum(FEEDBACK_KINDS),
    alertId: z.string().nullable(),
    incidentIds: z.array(z.number().int()),
    keys: z.array(z.string()),
    reason: z.string(),
    actor: z.string(),
    at: instant,
  }),
  "An analyst's correction of correlation: the keys that had joined (or would have joined) the alerts, and both sides' reasons",
);
export const correlationProposalSchema = component(
  'CorrelationProposal',
  z.object({
    id: z.string(),
    kind: z.enum(PROPOSAL_KINDS),
    target: z.string(),
    status: z.enum(PROPOSAL_STATUSES),
    summary: z.string(),
    evidence: z.object({ count: z.number().int(), items: z.array(correlationFeedbackSchema) }),
    createdAt: instant,
    updatedAt: instant,
    decidedBy: z.string().nullable(),
    decidedAt: instant.nullable(),
  }),
  "A tuning change derived from analysts' corrections, with the corrections that support it (the newest, and how many in all)",
);
export const correlationProposalPageSchema = component('CorrelationProposalPage', z.object({ items: z.array(correlationProposalSchema) }));
