import { Body, Controller, Get, Headers, HttpCode, Param, Patch, Post, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { Caller } from '../auth/principal.decorator.js';
import { type Principal, RequireRole } from '../auth/roles.js';
import { SEVERITIES } from '../domain/alert.js';
import { ALL_DETERMINATIONS, CLASSIFICATIONS, INCIDENT_STATUSES, OPEN_STATUSES } from '../domain/incident.js';
import { jsonSchema } from '../http/openapi.js';
import { Problem } from '../http/problem.js';
import { isoTime, limitParam, multi, positiveIntParam } from '../http/query.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { incidentChangesSchema, type IncidentChanges } from './incident-changes.js';
import { IncidentQueueRepository, SORT_FIELDS, type SortField } from './incident-queue.repository.js';
import { IncidentsRepository, type IncidentRow, mapIncidentSummary } from './incidents.repository.js';
import { incidentETag, IncidentsService } from './incidents.service.js';

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
const idPipe = new ZodPipe(positiveIntParam, 'param', 'id');

@ApiTags('incidents')
@ApiBearerAuth()
@Controller('api/v1/incidents')
export class IncidentsController {
  constructor(
    private readonly incidents: IncidentsRepository,
    private readonly queue: IncidentQueueRepository,
    private readonly service: IncidentsService,
  ) {}

  @Get()
  @RequireRole('reader')
  @ApiOperation({
    summary: 'The incident queue',
    description: `Default view: last ${DEFAULT_DAYS} days of activity, status active or in_progress, informational hidden. Keyset cursor paging.`,
  })
  async list(@Query(new ZodPipe(queueQuery, 'query')) q: z.output<typeof queueQuery>) {
    const since = q.since ?? (q.until ? undefined : new Date(Date.now() - DEFAULT_DAYS * 86_400_000).toISOString());
    const page = await this.queue.list({
      ...q,
      status: q.status ?? OPEN_STATUSES,
      includeInformational: q.includeInformational ?? false,
      since,
      count: q.count ?? false,
    });
    return {
      items: page.items.map((i) => ({
        ...mapIncidentSummary(i),
        investigationState: (i as IncidentRow & { investigationState?: string }).investigationState ?? null,
      })),
      nextCursor: page.nextCursor,
      ...(page.total !== undefined ? { total: page.total } : {}),
    };
  }

  @Post('bulk')
  @HttpCode(200)
  @RequireRole('analyst')
  @ApiOperation({ summary: 'The same changes on up to 100 incidents; an invalid request changes nothing' })
  @ApiBody({ schema: jsonSchema(bulkSchema) })
  async bulk(@Body(new ZodPipe(bulkSchema)) body: z.output<typeof bulkSchema>, @Caller() who: Principal) {
    return { results: await this.service.bulk(body.ids, body.changes, who) };
  }

  @Get(':id')
  @RequireRole('reader')
  @ApiOperation({ summary: 'One incident with alerts, impacted assets, comments and activity; returns an ETag' })
  async get(@Param('id', idPipe) id: number, @Res({ passthrough: true }) res: Response) {
    const incident = await this.incidents.findById(id);
    if (!incident) throw Problem.notFound(`Incident ${id}`);
    res.setHeader('ETag', incidentETag(incident));
    const [alerts, comments, activity, investigations] = await Promise.all([
      this.incidents.alertsOf(id),
      this.incidents.commentsOf(id),
      this.incidents.activityOf(id, {}),
      this.incidents.investigationsOf(id),
    ]);
    return { ...mapIncidentSummary(incident), impactedAssets: incident.impactedAssets, alerts, comments, activity, investigations };
  }

  @Patch(':id')
  @RequireRole('analyst')
  @ApiOperation({ summary: 'Rename, assign, change status/severity/classification/tags; If-Match gives 412 on a stale write' })
  @ApiBody({ schema: jsonSchema(incidentChangesSchema) })
  async update(
    @Param('id', idPipe) id: number,
    @Body(new ZodPipe(incidentChangesSchema)) changes: IncidentChanges,
    @Caller() who: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const row = await this.service.update(id, changes, who, ifMatch);
    res.setHeader('ETag', incidentETag(row));
    return { ...mapIncidentSummary(row), impactedAssets: row.impactedAssets };
  }

  @Post(':id/comments')
  @RequireRole('analyst')
  @ApiBody({ schema: jsonSchema(commentSchema) })
  comment(
    @Param('id', idPipe) id: number,
    @Body(new ZodPipe(commentSchema)) body: z.output<typeof commentSchema>,
    @Caller() who: Principal,
  ) {
    return this.service.comment(id, body.text, who);
  }

  @Get(':id/activity')
  @RequireRole('reader')
  @ApiOperation({ summary: 'The append-only audit log (also of incidents merged into this one)' })
  async activity(@Param('id', idPipe) id: number, @Query(new ZodPipe(activityQuery, 'query')) q: z.output<typeof activityQuery>) {
    if (!(await this.incidents.findById(id))) throw Problem.notFound(`Incident ${id}`);
    return { items: await this.incidents.activityOf(id, q) };
  }

  @Post(':id/merge')
  @HttpCode(200)
  @RequireRole('analyst')
  @ApiOperation({ summary: 'Merge up to 5 incidents into this one' })
  @ApiBody({ schema: jsonSchema(mergeSchema) })
  merge(@Param('id', idPipe) id: number, @Body(new ZodPipe(mergeSchema)) body: z.output<typeof mergeSchema>, @Caller() who: Principal) {
    return this.service.merge(id, body.sourceIds, body.reason, who);
  }
}
