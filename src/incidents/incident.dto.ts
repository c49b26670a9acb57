import { z } from 'zod';
import { ALERT_STATUSES, SEVERITIES } from '../domain/alert.js';
import { ALL_DETERMINATIONS, CLASSIFICATIONS, type Classification, INCIDENT_STATUSES } from '../domain/incident.js';
import { INVESTIGATION_STATES } from '../domain/investigation.js';
import { component, instant } from '../http/api-schemas.js';
import { correlationSchema } from '../alerts/alert.dto.js';
import { graphSchema } from '../investigations/investigation.dto.js';
import { ASSET_TYPES, assetCounts } from './incident-summary.js';
import type { IncidentRow } from './incidents.repository.js';

/** Response bodies of /api/v1/incidents, and the mapper from a stored incident to its list-item view. */

const incidentId = z.number().int().positive();
const determination = z.enum(ALL_DETERMINATIONS as [string, ...string[]]);

const assetSchema = component('Asset', z.object({ id: z.string(), name: z.string(), alertCount: z.number().int().nonnegative() }));
export const impactedAssetsSchema = component(
  'ImpactedAssets',
  z.object(
    Object.fromEntries(ASSET_TYPES.map((t) => [t, z.array(assetSchema).optional()])) as Record<
      (typeof ASSET_TYPES)[number],
      z.ZodOptional<z.ZodArray<typeof assetSchema>>
    >,
  ),
  "The assets the incident's alerts name, by type, each with how many alerts name it",
);

export const incidentSummarySchema = component(
  'IncidentSummary',
  z.object({
    id: incidentId,
    name: z.string(),
    severity: z.enum(SEVERITIES),
    severitySource: z.enum(['analyst', 'automatic']),
    status: z.enum(INCIDENT_STATUSES),
    classification: z.enum(CLASSIFICATIONS as [Classification, ...Classification[]]).nullable(),
    determination: determination.nullable(),
    assignedTo: z.string().nullable(),
    tags: z.array(z.string()),
    systemTags: z.array(z.string()),
    alertCount: z.number().int().nonnegative(),
    categories: z.array(z.string()),
    sources: z.array(z.string()),
    detectionSources: z.array(z.string()),
    impactedAssetCounts: z.object(
      Object.fromEntries(ASSET_TYPES.map((t) => [t, z.number().int().nonnegative()])) as Record<(typeof ASSET_TYPES)[number], z.ZodNumber>,
    ),
    firstActivityAt: instant,
    lastActivityAt: instant,
    createdAt: instant,
    updatedAt: instant,
    resolvedAt: instant.nullable(),
    redirectedTo: incidentId.nullable().describe('The incident this one was merged into (status `redirected`)'),
  }),
);
export type IncidentSummary = z.output<typeof incidentSummarySchema>;

/** The list-item view of an incident, shared by the queue and the detail view. */
export function mapIncidentSummary(i: IncidentRow): IncidentSummary {
  return {
    id: i.id,
    name: i.name,
    severity: i.severity,
    severitySource: i.severitySetByAnalyst ? 'analyst' : 'automatic',
    status: i.status,
    classification: i.classification,
    determination: i.determination,
    assignedTo: i.assignedTo,
    tags: i.tags,
    systemTags: i.systemTags,
    alertCount: i.alertCount,
    categories: i.categories,
    sources: i.sources,
    detectionSources: i.detectionSources,
    impactedAssetCounts: assetCounts(i.impactedAssets),
    firstActivityAt: i.firstActivityAt,
    lastActivityAt: i.lastActivityAt,
    createdAt: i.createdAt,
    updatedAt: i.updatedAt,
    resolvedAt: i.resolvedAt,
    redirectedTo: i.redirectedTo,
  };
}

const investigationState = z.enum(INVESTIGATION_STATES);

export const incidentListItemSchema = component(
  'IncidentListItem',
  incidentSummarySchema.extend({ investigationState: investigationState.nullable() }),
);
export const incidentPageSchema = component(
  'IncidentPage',
  z.object({
    items: z.array(incidentListItemSchema),
    nextCursor: z.string().nullable(),
    total: z.number().int().nonnegative().optional().describe('Only with `count=true`'),
  }),
);

export const incidentAlertSchema = component(
  'IncidentAlert',
  z.object({
    id: z.uuid(),
    title: z.string(),
    severity: z.enum(SEVERITIES),
    category: z.string().nullable(),
    mitreTechniques: z.array(z.string()),
    source: z.string(),
    detectionSource: z.string().nullable(),
    status: z.enum(ALERT_STATUSES),
    investigationId: z.uuid().nullable(),
    investigationState: investigationState.nullable(),
    firstActivityAt: instant,
    lastActivityAt: instant,
    correlation: correlationSchema.nullable(),
  }),
);
export type IncidentAlert = z.output<typeof incidentAlertSchema>;

export const incidentCommentSchema = component(
  'IncidentComment',
  z.object({ id: z.string(), incidentId, author: z.string(), text: z.string(), createdAt: instant }),
);
export type IncidentComment = z.output<typeof incidentCommentSchema>;

export const activityEntrySchema = component(
  'ActivityEntry',
  z.object({
    id: z.string(),
    incidentId,
    at: instant,
    actor: z.string(),
    kind: z.string().describe('e.g. created, updated, comment, merged, redirected, alert_added, auto_resolved'),
    details: z.record(z.string(), z.unknown()),
  }),
);
export type ActivityEntry = z.output<typeof activityEntrySchema>;
export const activityPageSchema = component('ActivityPage', z.object({ items: z.array(activityEntrySchema) }));

export const incidentInvestigationSchema = component(
  'IncidentInvestigation',
  z.object({
    id: z.uuid(),
    incidentId,
    state: investigationState,
    startedAt: instant,
    endedAt: instant.nullable(),
    pendingActions: z.number().int().nonnegative(),
  }),
);
export type IncidentInvestigation = z.output<typeof incidentInvestigationSchema>;

export const incidentWithAssetsSchema = component(
  'IncidentWithAssets',
  incidentSummarySchema.extend({
    impactedAssets: impactedAssetsSchema,
    rollbackAvailable: z
      .number()
      .int()
      .nonnegative()
      .describe('Reversible actions automation took for the incident that still stand: what POST /incidents/{id}/rollback would undo'),
  }),
  'An incident as a change leaves it',
);
export const incidentSchema = component(
  'Incident',
  incidentWithAssetsSchema.extend({
    alerts: z.array(incidentAlertSchema),
    comments: z.array(incidentCommentSchema),
    activity: z.array(activityEntrySchema),
    investigations: z.array(incidentInvestigationSchema),
  }),
  'One incident with its alerts, comments, activity log and investigations',
);
export type Incident = z.output<typeof incidentSchema>;

export const bulkUpdateResultSchema = component(
  'BulkUpdateResult',
  z.object({
    results: z.array(
      z.object({
        id: incidentId,
        result: z.enum(['updated', 'unchanged', 'not_found', 'redirected']),
        changes: z.array(z.string()).optional(),
        redirectedTo: incidentId.optional(),
      }),
    ),
  }),
  'One result per incident id sent, in request order',
);
export type BulkOutcome = z.output<typeof bulkUpdateResultSchema>['results'][number];

export const mergeResultSchema = component('MergeResult', z.object({ incidentId, mergedIncidentIds: z.array(incidentId) }));

export const tagListSchema = component(
  'TagList',
  z.object({ items: z.array(z.object({ tag: z.string(), kind: z.enum(['custom', 'system']), count: z.number().int().positive() })) }),
);

const durationStats = z.object({
  mean: z.number().int().nullable(),
  p90: z.number().int().nullable(),
  incidents: z.number().int().nonnegative(),
});
export const socMetricsSchema = component(
  'SocMetrics',
  z.object({
    since: instant,
    until: instant,
    incidentsCreated: z.number().int().nonnegative(),
    incidentsResolved: z.number().int().nonnegative(),
    resolvedBy: z.object({ automation: z.number().int().nonnegative(), people: z.number().int().nonnegative() }),
    automationShare: z.number().min(0).max(1).nullable(),
    timeToAssignSeconds: durationStats,
    timeToResolveSeconds: durationStats,
    classifications: z.array(
      z.object({ classification: z.string().nullable(), determination: z.string().nullable(), count: z.number().int() }),
    ),
    openBySeverityAndAge: z.record(z.string(), z.record(z.string(), z.number().int())),
  }),
);
export type SocMetrics = z.output<typeof socMetricsSchema>;
export type MergeResult = z.output<typeof mergeResultSchema>;

export const incidentGraphSchema = component(
  'IncidentGraph',
  graphSchema.extend({
    incidentId,
    truncated: z.boolean().describe('Whether alerts, entities or edges were left out to keep the graph bounded'),
  }),
  "An incident's alerts and the entities they name, with verdicts, as nodes and edges",
);
export type IncidentGraph = z.output<typeof incidentGraphSchema>;

export const incidentChangeFeedSchema = component(
  'IncidentChangeFeed',
  z.object({
    items: z.array(
      z.object({ id: incidentId, updatedAt: instant, version: z.number().int().positive(), status: z.enum(INCIDENT_STATUSES) }),
    ),
    cursor: z.string().describe('Pass as `since` to get what changed after these'),
    hasMore: z.boolean().describe('More changes are waiting: ask again at once'),
  }),
  'Incidents changed since a cursor, oldest change first',
);
export type IncidentChangeFeed = z.output<typeof incidentChangeFeedSchema>;
