import { z } from 'zod';
import { ALERT_STATUSES, entitySchema, SEVERITIES } from '../domain/alert.js';
import { CHANGE_ORIGINS, INGEST_OUTCOMES } from '../domain/alert-sync.js';
import { CORRELATION_DECISIONS } from '../domain/incident.js';
import { INVESTIGATION_STATES } from '../domain/investigation.js';
import { component, instant } from '../http/api-schemas.js';

/** Response bodies of /api/v1/alerts: what the alerts repository and service return. */

export const entityResponse = component('Entity', entitySchema, 'Something an alert is about (a device, user, mailbox, file, …)');

export const correlationSchema = component(
  'Correlation',
  z.looseObject({
    incidentId: z.number().int().positive(),
    decision: z.enum(CORRELATION_DECISIONS),
    matchedKeys: z.array(z.string()),
    skippedKeys: z.array(z.object({ key: z.string(), reason: z.string() })),
    mergedIncidentIds: z.array(z.number().int().positive()),
    blockedMerge: z.object({ incidentIds: z.array(z.number().int().positive()), reason: z.string() }).optional(),
    reason: z.string(),
    movedBy: z.string().optional().describe('The analyst who moved the alert to its incident by hand'),
  }),
  'Why correlation placed the alert in its incident',
);

export const alertSchema = component(
  'Alert',
  z.object({
    id: z.uuid(),
    source: z.string(),
    externalId: z.string(),
    detectionSource: z.string().nullable(),
    title: z.string(),
    description: z.string().nullable(),
    type: z.string(),
    severity: z.enum(SEVERITIES),
    category: z.string().nullable(),
    mitreTechniques: z.array(z.string()),
    firstActivityAt: instant,
    lastActivityAt: instant,
    entities: z.array(entityResponse),
    format: z.string(),
    status: z.enum(ALERT_STATUSES),
    assignedTo: z.string().nullable(),
    incidentId: z.number().int().positive().nullable(),
    correlation: correlationSchema.nullable(),
    receivedAt: instant,
    correlatedAt: instant.nullable(),
    investigationId: z.uuid().nullable(),
    investigationState: z.enum(INVESTIGATION_STATES).nullable(),
    lastUpdatedAt: instant.nullable().describe('When the detector last changed the alert, as it said'),
    revision: z.number().int().nonnegative().describe('How many times the detector has updated the alert since it was first stored'),
    updatedAt: instant.nullable().describe('When Quell last stored an update of the alert'),
  }),
);
export type AlertRecord = z.output<typeof alertSchema>;

export const alertDetailSchema = component(
  'AlertDetail',
  alertSchema.extend({ raw: z.unknown().describe('The payload as the detector sent it') }),
  'An alert with its raw payload',
);
export type AlertDetail = z.output<typeof alertDetailSchema>;

export const alertPageSchema = component('AlertPage', z.object({ items: z.array(alertSchema), nextCursor: z.string().nullable() }));

export const ingestResultSchema = component(
  'IngestResult',
  z.object({
    results: z.array(
      z.object({
        index: z.number().int().nonnegative(),
        id: z.uuid(),
        status: z.enum(['accepted', 'duplicate']).describe('accepted: stored as a new alert; duplicate: the alert was known (see outcome)'),
        outcome: z
          .enum(INGEST_OUTCOMES)
          .describe('created: a new alert; updated: newer content replaced the stored alert; unchanged: an identical or older resend'),
      }),
    ),
  }),
  'One result per alert sent, in request order',
);

export const alertActivitySchema = component(
  'AlertActivity',
  z.object({
    items: z.array(
      z.object({
        id: z.string(),
        at: instant,
        actor: z.string(),
        origin: z.enum(CHANGE_ORIGINS),
        kind: z.string(),
        details: z.record(z.string(), z.unknown()),
      }),
    ),
  }),
  "The alert's append-only log: updates from its detector and write-backs to it",
);

export const alertMoveSchema = component(
  'AlertMove',
  z.object({ alertId: z.uuid(), from: z.number().int().positive(), to: z.number().int().positive() }),
);
export type AlertMove = z.output<typeof alertMoveSchema>;
