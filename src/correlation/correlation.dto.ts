import { z } from 'zod';
import { correlationSettingsSchema } from '../domain/correlation.js';
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
