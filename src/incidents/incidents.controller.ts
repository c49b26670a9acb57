import { Body, Controller, Get, Headers, HttpCode, Patch, Post, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { ScopeRepository } from '../auth/scope.repository.js';
import { Caller } from '../auth/principal.decorator.js';
import { type Principal, RequireRole } from '../auth/roles.js';
import { SEVERITIES } from '../domain/alert.js';
import type { InvestigationState } from '../domain/investigation.js';
import { ALL_DETERMINATIONS, CLASSIFICATIONS, INCIDENT_STATUSES, OPEN_STATUSES } from '../domain/incident.js';
import { jsonSchema, Responds } from '../http/openapi.js';
import { Problem } from '../http/problem.js';
import { isoTime, limitParam, multi, positiveIntParam } from '../http/query.js';
import { ZodParam, ZodPipe, ZodQuery } from '../http/zod.pipe.js';
import { incidentChangesSchema, type IncidentChanges } from './incident-changes.js';
import { IncidentQueueRepository, SORT_FIELDS, type SortField } from './incident-queue.repository.js';
import {
  activityPageSchema,
  bulkUpdateResultSchema,
  type Incident,
  incidentChangeFeedSchema,
  incidentCommentSchema,
  type IncidentGraph,
  incidentGraphSchema,
  incidentPageSchema,
  incidentSchema,
  incidentWithAssetsSchema,
  mapIncidentSummary,
  mergeResultSchema,
} from './incident.dto.js';
import { GRAPH_LIMITS, incidentGraph, strongestByKey } from './incident-graph.js';
import { CHANGE_SETTLE_SECONDS, IncidentsRepository, type IncidentRow } from './incidents.repository.js';
import { incidentETag, IncidentsService } from './incidents.service.js';
import { RollbackService } from '../actions/rollback.service.js';

const bool = z.enum(['true', 'false']).transform((v) => v === 'true');
const queueQuery = z.strictObject({
  status: multi(z.enum(INCIDENT_STATUSES)).optional(),
  severity: multi(z.enum(SEVERITIES)).optional(),
  includeInformational: bool.optional(),
  assignedTo: multi(z.string().max(256)).optional(),
  unassigned: bool.optional(),
  classification: multi(z.enum(['none', ...CLASSIFICATIONS])).optional(),
  determination: multi(z.enum(ALL_DETERMINATIONS as [string, ...string[]])).optional(),
  tag: multi(z.string().max(64)).optional(),
  source: multi(z.string().max(128)).optional(),
  detectionSource: multi(z.string().max(128)).optional(),
  category: multi(z.string().max(128)).optional(),
  multipleSources: bool.optional(),
  entity: z.string().trim().min(1).max(4096).optional(),
  q: z.string().trim().min(1).max(512).optional(),
  investigationState: multi(z.string().max(64)).optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  sort: z.enum(Object.keys(SORT_FIELDS) as [SortField, ...SortField[]]).default('lastActivityAt'),
  order: z.enum(['asc', 'desc']).default('desc'),
  limit: limitParam(200, 50),
  cursor: z.string().max(512).optional(),
  count: bool.optional(),
});
const DEFAULT_DAYS = 30;

const commentSchema = z.strictObject({ text: z.string().trim().min(1).max(30_000) });
const activityQuery = z.strictObject({ kind: multi(z.string().max(64)).optional(), actor: multi(z.string().max(256)).optional() });
const bulkSchema = z.strictObject({ ids: z.array(z.number().int().positive()).min(1).max(100), changes: incidentChangesSchema });
const mergeSchema = z.strictObject({
  sourceIds: z.array(z.number().int().positive()).min(1).max(5),
  reason: z.string().trim().min(1).max(2000),
});
const changesQuery = z.strictObject({
  since: z.string().max(512).optional().describe('The cursor of the previous answer; absent: from the first change'),
  latest: bool
    .optional()
    .describe(
      '`true`: no items, only the cursor of the newest change so far, where a view that has just read the incidents starts polling',
    ),
  limit: limitParam(1000, 200),
});
const ETAG = { ETag: "The incident's version, for If-Match" };

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsRepository,
    private readonly queue: IncidentQueueRepository,
    private readonly service: IncidentsService,
    private readonly rollbacks: RollbackService,
    private readonly scopes: ScopeRepository,
  ) {}

  @Get()
  @RequireRole('reader')
  @Responds({ ok: { 200: incidentPageSchema } })
  @ApiOperation({
    operationId: 'listIncidents',
    summary: 'The incident queue',
    description: `Default view: last ${DEFAULT_DAYS} days of activity, status active or in_progress, informational hidden. Keyset cursor paging.`,
  })
  async list(@ZodQuery(queueQuery) q: z.output<typeof queueQuery>, @Caller() who: Principal) {
    const since = q.since ?? (q.until ? undefined : new Date(Date.now() - DEFAULT_DAYS * 86_400_000).toISOString());
    const page = await this.queue.list({
      ...q,
      status: q.status ?? OPEN_STATUSES,
      includeInformational: q.includeInformational ?? false,
      since,
      count: q.count ?? false,
      scope: who.scope,
    });
    return {
      items: page.items.map((i) => ({
        ...mapIncidentSummary(i),
        investigationState: (i as IncidentRow & { investigationState?: InvestigationState | null }).investigationState ?? null,
      })),
      nextCursor: page.nextCursor,
      ...(page.total !== undefined ? { total: page.total } : {}),
    };
  }

  @Get('changes')
  @RequireRole('reader')
  @ApiOperation({
    operationId: 'listIncidentChanges',
    summary: 'Incidents changed since a cursor (ids, update times and versions): poll it to keep a view current',
    description: `Oldest change first, keyset on (updatedAt, id). A change shows after ${CHANGE_SETTLE_SECONDS} s, so none committed late is skipped.`,
  })
  @Responds({ ok: { 200: incidentChangeFeedSchema } })
  changes(@ZodQuery(changesQuery) q: z.output<typeof changesQuery>, @Caller() who: Principal) {
    return q.latest ? this.incidents.latestChange() : this.incidents.changesSince(q.since, q.limit, who.scope);
  }

  @Post('bulk')
  @HttpCode(200)
  @RequireRole('analyst')
  @ApiOperation({ operationId: 'updateIncidents', summary: 'The same changes on up to 100 incidents; an invalid request changes nothing' })
  @Responds({ ok: { 200: bulkUpdateResultSchema } })
  @ApiBody({ schema: jsonSchema(bulkSchema) })
  async bulk(@Body(new ZodPipe(bulkSchema)) body: z.output<typeof bulkSchema>, @Caller() who: Principal) {
    return { results: await this.service.bulk(body.ids, body.changes, who) };
  }

  @Get(':id')
  @RequireRole('reader')
  @ApiOperation({
    operationId: 'getIncident',
    summary: 'One incident with alerts, impacted assets, comments and activity; returns an ETag',
  })
  @Responds({ ok: { 200: incidentSchema }, problems: [404], headers: ETAG })
  async get(
    @ZodParam('id', positiveIntParam) id: number,
    @Caller() who: Principal,
    @Res({ passthrough: true }) res: Response,
  ): Promise<Incident> {
    await this.scopes.incident(id, who.scope);
    const incident = await this.incidents.findById(id);
    if (!incident) throw Problem.notFound(`Incident ${id}`);
    res.setHeader('ETag', incidentETag(incident));
    const [alerts, comments, activity, investigations, rollbackAvailable] = await Promise.all([
      this.incidents.alertsOf(id),
      this.incidents.commentsOf(id),
      this.incidents.activityOf(id, {}),
      this.incidents.investigationsOf(id),
      this.rollbacks.available(id),
    ]);
    return {
      ...mapIncidentSummary(incident),
      impactedAssets: incident.impactedAssets,
      rollbackAvailable,
      alerts,
      comments,
      activity,
      investigations,
    };
  }

  @Get(':id/graph')
  @RequireRole('reader')
  @ApiOperation({
    operationId: 'getIncidentGraph',
    summary: `The incident's alerts and the entities they name, with verdicts, as a graph (at most ${GRAPH_LIMITS.alerts} alerts, ${GRAPH_LIMITS.entities} entities)`,
  })
  @Responds({ ok: { 200: incidentGraphSchema }, problems: [404] })
  async graph(@ZodParam('id', positiveIntParam) id: number, @Caller() who: Principal): Promise<IncidentGraph> {
    await this.scopes.incident(id, who.scope);
    if (!(await this.incidents.findById(id))) throw Problem.notFound(`Incident ${id}`);
    const [alerts, verdicts] = await Promise.all([this.incidents.graphAlertsOf(id, GRAPH_LIMITS.alerts), this.incidents.verdictsOf(id)]);
    return { incidentId: id, ...incidentGraph(alerts, strongestByKey(verdicts)) };
  }

  @Patch(':id')
  @RequireRole('analyst')
  @ApiOperation({
    operationId: 'updateIncident',
    summary: 'Rename, assign, change status/severity/classification/tags; If-Match gives 412 on a stale write',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag of the incident as read; a stale one is refused with 412' })
  @Responds({ ok: { 200: incidentWithAssetsSchema }, problems: [404, 409, 412], headers: ETAG })
  @ApiBody({ schema: jsonSchema(incidentChangesSchema) })
  async update(
    @ZodParam('id', positiveIntParam) id: number,
    @Body(new ZodPipe(incidentChangesSchema)) changes: IncidentChanges,
    @Caller() who: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.scopes.incident(id, who.scope);
    const row = await this.service.update(id, changes, who, ifMatch);
    res.setHeader('ETag', incidentETag(row));
    // A false positive's console offers the rollback of what automation did.
    return { ...mapIncidentSummary(row), impactedAssets: row.impactedAssets, rollbackAvailable: await this.rollbacks.available(row.id) };
  }

  @Post(':id/comments')
  @RequireRole('analyst')
  @ApiOperation({
    operationId: 'addIncidentComment',
    summary: 'Comment on an incident (a merged one passes the comment to the incident it lives on as)',
  })
  @Responds({ ok: { 201: incidentCommentSchema }, problems: [404] })
  @ApiBody({ schema: jsonSchema(commentSchema) })
  async comment(
    @ZodParam('id', positiveIntParam) id: number,
    @Body(new ZodPipe(commentSchema)) body: z.output<typeof commentSchema>,
    @Caller() who: Principal,
  ) {
    await this.scopes.incident(id, who.scope);
    return this.service.comment(id, body.text, who);
  }

  @Get(':id/activity')
  @RequireRole('reader')
  @ApiOperation({ operationId: 'listIncidentActivity', summary: 'The append-only audit log (also of incidents merged into this one)' })
  @Responds({ ok: { 200: activityPageSchema }, problems: [404] })
  async activity(
    @ZodParam('id', positiveIntParam) id: number,
    @ZodQuery(activityQuery) q: z.output<typeof activityQuery>,
    @Caller() who: Principal,
  ) {
    await this.scopes.incident(id, who.scope);
    if (!(await this.incidents.findById(id))) throw Problem.notFound(`Incident ${id}`);
    return { items: await this.incidents.activityOf(id, q) };
  }

  @Post(':id/merge')
  @HttpCode(200)
  @RequireRole('analyst')
  @ApiOperation({ operationId: 'mergeIncidents', summary: 'Merge up to 5 incidents into this one' })
  @Responds({ ok: { 200: mergeResultSchema }, problems: [404, 409] })
  @ApiBody({ schema: jsonSchema(mergeSchema) })
  async merge(
    @ZodParam('id', positiveIntParam) id: number,
    @Body(new ZodPipe(mergeSchema)) body: z.output<typeof mergeSchema>,
    @Caller() who: Principal,
  ) {
    await this.scopes.incidents([id, ...body.sourceIds], who.scope);
    return this.service.merge(id, body.sourceIds, body.reason, who);
  }
}
