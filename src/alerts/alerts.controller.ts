import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { RequireRole } from '../auth/roles.js';
import { ALERT_STATUSES, nativeAlertSchema, SEVERITIES } from '../domain/alert.js';
import { jsonSchema, Responds } from '../http/openapi.js';
import { alertActivitySchema, alertDetailSchema, alertMoveSchema, alertPageSchema, ingestResultSchema } from './alert.dto.js';
import { Problem } from '../http/problem.js';
import { isoTime, limitParam, multi, positiveIntParam, uuidParam } from '../http/query.js';
import { ZodParam, ZodPipe, ZodQuery } from '../http/zod.pipe.js';
import { Caller } from '../auth/principal.decorator.js';
import type { Principal } from '../auth/roles.js';
import { ScopeRepository } from '../auth/scope.repository.js';
import { IncidentsService } from '../incidents/incidents.service.js';
import { ALERT_FORMATS, AlertsService } from './alerts.service.js';
import { MAX_BATCH } from './ingest-rate-limit.js';

const ingestQuery = z.strictObject({ format: z.enum(ALERT_FORMATS).default('native') });
const moveSchema = z.strictObject({
  incidentId: z.number().int().positive().optional(),
  reason: z.string().trim().min(1).max(2000),
});
const listQuery = z.strictObject({
  incidentId: positiveIntParam.optional(),
  source: multi(z.string().max(128)).optional(),
  severity: multi(z.enum(SEVERITIES)).optional(),
  status: multi(z.enum(ALERT_STATUSES)).optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  limit: limitParam(),
  cursor: z.string().max(512).optional(),
});

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('api/v1/alerts')
export class AlertsController {
  constructor(
    private readonly alerts: AlertsService,
    private readonly incidents: IncidentsService,
    private readonly scopes: ScopeRepository,
  ) {}

  @Post()
  @HttpCode(202)
  @RequireRole('ingest')
  @Responds({ ok: { 202: ingestResultSchema }, problems: [429] })
  @ApiOperation({
    operationId: 'ingestAlerts',
    summary: `Ingest one alert or a batch of up to ${MAX_BATCH}`,
    description:
      'Native format by default; `format=msgraph|sentinel|ocsf` maps vendor payloads. An invalid batch stores nothing. ' +
      '202 means committed: the workflows start in the workers, and a committed alert is processed even if every process stops right after. ' +
      '429 with `Retry-After`, storing nothing, while more alerts than `ALERT_BACKLOG_LIMIT` wait to be correlated or the key sends faster than `INGEST_RATE_LIMIT`.',
  })
  @ApiBody({
    schema: { oneOf: [jsonSchema(nativeAlertSchema), { type: 'array', items: jsonSchema(nativeAlertSchema), maxItems: MAX_BATCH }] },
  })
  ingest(@Body() body: unknown, @ZodQuery(ingestQuery) q: z.output<typeof ingestQuery>, @Caller() who: Principal) {
    return this.alerts.ingest(body, q.format, who);
  }

  @Get()
  @RequireRole('reader')
  @ApiOperation({ operationId: 'listAlerts', summary: 'List alerts, newest first, with cursor paging' })
  @Responds({ ok: { 200: alertPageSchema } })
  list(@ZodQuery(listQuery) q: z.output<typeof listQuery>, @Caller() who: Principal) {
    return this.alerts.list({ ...q, scope: who.scope });
  }

  @Get(':id')
  @RequireRole('reader')
  @ApiOperation({ operationId: 'getAlert', summary: 'One alert with its incident and correlation decision' })
  @Responds({ ok: { 200: alertDetailSchema }, problems: [404] })
  async get(@ZodParam('id', uuidParam) id: string, @Caller() who: Principal) {
    await this.scopes.alert(id, who.scope);
    const alert = await this.alerts.get(id);
    if (!alert) throw Problem.notFound(`Alert ${id}`);
    return alert;
  }

  @Get(':id/activity')
  @RequireRole('reader')
  @ApiOperation({
    operationId: 'listAlertActivity',
    summary: "The alert's append-only log: updates from its detector (with what changed) and write-backs to it",
  })
  @Responds({ ok: { 200: alertActivitySchema }, problems: [404] })
  async activity(@ZodParam('id', uuidParam) id: string, @Caller() who: Principal) {
    await this.scopes.alert(id, who.scope);
    if (!(await this.alerts.get(id))) throw Problem.notFound(`Alert ${id}`);
    return { items: await this.alerts.activity(id) };
  }

  @Post(':id/move')
  @HttpCode(200)
  @RequireRole('analyst')
  @ApiOperation({ operationId: 'moveAlert', summary: 'Move an alert to another open incident, or (without incidentId) to a new one' })
  @Responds({ ok: { 200: alertMoveSchema }, problems: [404, 409] })
  @ApiBody({ schema: jsonSchema(moveSchema) })
  async move(
    @ZodParam('id', uuidParam) id: string,
    @Body(new ZodPipe(moveSchema)) body: z.output<typeof moveSchema>,
    @Caller() who: Principal,
  ) {
    // Both ends must be the caller's: the alert (through its incident) and the incident it goes to.
    // A move to a new incident takes the alert's devices along, so a device-group scope keeps
    // seeing it; a tag scope does not (the new incident has no tags yet).
    await this.scopes.alert(id, who.scope);
    if (body.incidentId) await this.scopes.incident(body.incidentId, who.scope);
    return this.incidents.moveAlert(id, body.incidentId, body.reason, who);
  }
}
