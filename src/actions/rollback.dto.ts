import { z } from 'zod';
import { ACTION_TYPES, type ActionType, ROLLBACK_RESULTS, ROLLBACK_STATUSES } from '../domain/actions.js';
import { entityResponse } from '../alerts/alert.dto.js';
import { component, instant } from '../http/api-schemas.js';

/** Bodies of /api/v1/incidents/:id/rollback: the plan and the tracked operation that carries it out. */

const plannedAction = z.object({
  actionId: z.string(),
  type: z.enum(ACTION_TYPES as [ActionType, ...ActionType[]]),
  title: z.string(),
  target: entityResponse,
  succeededAt: instant.nullable(),
});

export const rollbackPlanSchema = component(
  'RollbackPlan',
  z.object({
    incidentId: z.number().int().positive(),
    reversible: z
      .array(plannedAction.extend({ inverse: z.enum(ACTION_TYPES as [ActionType, ...ActionType[]]) }))
      .describe('Succeeded actions automation took for the incident, in the order a rollback undoes them (the last taken first)'),
    irreversible: z
      .array(plannedAction.extend({ byHand: z.string() }))
      .describe('Succeeded automated actions without an inverse, with what a person must do by hand'),
  }),
  'What a rollback of the incident would undo, and what it cannot',
);
export type RollbackPlan = z.output<typeof rollbackPlanSchema>;

export const rollbackOperationSchema = component(
  'RollbackOperation',
  z.object({
    id: z.string().describe('The operation id, rollback-<incidentId>-<n>'),
    incidentId: z.number().int().positive(),
    status: z.enum(ROLLBACK_STATUSES),
    results: z.array(z.object({ actionId: z.string(), result: z.enum(ROLLBACK_RESULTS), detail: z.string().optional() })),
    irreversible: rollbackPlanSchema.shape.irreversible,
  }),
  'A confirmed rollback: one result per reversible action, in the order they are undone',
);
export type RollbackOperation = z.output<typeof rollbackOperationSchema>;

export const rollbackAnswerSchema = component(
  'RollbackAnswer',
  z.discriminatedUnion('confirmed', [
    z.object({ confirmed: z.literal(false), plan: rollbackPlanSchema }),
    z.object({ confirmed: z.literal(true), operation: rollbackOperationSchema }),
  ]),
  'Without confirm: the plan, nothing changed. With confirm: the operation started',
);
