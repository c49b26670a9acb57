import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ScopeRepository } from '../auth/scope.repository.js';
import { Caller } from '../auth/principal.decorator.js';
import { type Principal, RequireRole } from '../auth/roles.js';
import { jsonSchema, Responds } from '../http/openapi.js';
import { investigationPageSchema, investigationSchema, investigationStartSchema } from './investigation.dto.js';
import { isoTime, limitParam, multi, positiveIntParam, uuidParam } from '../http/query.js';
import { ZodParam, ZodPipe, ZodQuery } from '../http/zod.pipe.js';
import { INVESTIGATION_STATES } from '../domain/investigation.js';
import { InvestigationsService } from './investigations.service.js';

const listQuery = z.strictObject({
  state: multi(z.enum(INVESTIGATION_STATES)).optional(),
  incidentId: positiveIntParam.optional(),
  since: isoTime.optional(),
  limit: limitParam(),
  cursor: z.string().max(512).optional(),
});
const startSchema = z
  .strictObject({ incidentId: z.number().int().positive().optional(), alertId: z.uuid().optional() })
  .refine((b) => Boolean(b.incidentId) !== Boolean(b.alertId), { message: 'give exactly one of incidentId and alertId' });
const cancelSchema = z.strictObject({ reason: z.string().max(2000).optional() });

@ApiTags('investigations')
@ApiBearerAuth()
@Controller('api/v1/investigations')
export class InvestigationsController {
  constructor(
    private readonly investigations: InvestigationsService,
    private readonly scopes: ScopeRepository,
  ) {}

  @Get()
  @RequireRole('reader')
  @ApiOperation({ operationId: 'listInvestigations', summary: 'Investigations, newest first, with cursor paging' })
  @Responds({ ok: { 200: investigationPageSchema } })
  list(@ZodQuery(listQuery) q: z.output<typeof listQuery>, @Caller() who: Principal) {
    return this.investigations.list({ ...q, scope: who.scope });
  }

  @Post()
  @HttpCode(202)
  @RequireRole('analyst')
  @ApiOperation({ operationId: 'startInvestigation', summary: 'Investigate an incident (all its alerts) or one alert by hand' })
  @Responds({ ok: { 202: investigationStartSchema }, problems: [404, 409] })
  @ApiBody({ schema: jsonSchema(startSchema) })
  async start(@Body(new ZodPipe(startSchema)) body: z.output<typeof startSchema>, @Caller() who: Principal) {
    if (body.incidentId) await this.scopes.incident(body.incidentId, who.scope);
    if (body.alertId) await this.scopes.alert(body.alertId, who.scope);
    return this.investigations.start(body, who);
  }

  @Get(':id')
  @RequireRole('reader')
  @ApiOperation({
    operationId: 'getInvestigation',
    summary: 'Alerts, playbook runs with every step, evidence with verdicts, actions, log and graph data',
  })
  @Responds({ ok: { 200: investigationSchema }, problems: [404] })
  async get(@ZodParam('id', uuidParam) id: string, @Caller() who: Principal) {
    await this.scopes.investigation(id, who.scope);
    return this.investigations.get(id);
  }

  @Post(':id/cancel')
  @HttpCode(200)
  @RequireRole('analyst')
  @ApiOperation({
    operationId: 'cancelInvestigation',
    summary: 'Stop the investigation (terminated_by_user); its pending actions are withdrawn',
  })
  @Responds({ ok: { 200: investigationSchema }, problems: [404, 409] })
  @ApiBody({ schema: jsonSchema(cancelSchema) })
  async cancel(
    @ZodParam('id', uuidParam) id: string,
    @Body(new ZodPipe(cancelSchema.optional())) body: z.output<typeof cancelSchema> | undefined,
    @Caller() who: Principal,
  ) {
    await this.scopes.investigation(id, who.scope);
    return this.investigations.cancel(id, who, body?.reason);
  }
}
