import { Body, Controller, Delete, Get, Headers, HttpCode, Post, Put, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Caller } from '../auth/principal.decorator.js';
import { type Principal, RequireRole } from '../auth/roles.js';
import { automationSettingsSchema, DEFAULT_AUTOMATION } from '../domain/automation.js';
import { jsonSchema, Responds } from '../http/openapi.js';
import { ZodPipe } from '../http/zod.pipe.js';
import { automationPromotionSchema, automationShadowReportSchema, automationShadowViewSchema } from './action.dto.js';
import { ActionsService } from './actions.service.js';
import { automationETag } from './automation.repository.js';
import { AutomationShadowService } from './automation-shadow.service.js';

const promoteSchema = z.strictObject({ comment: z.string().max(2000).optional() });

/** Candidate automation settings in shadow: admin settings with no incident data, except the report's action ids (admin only). */
@ApiTags('actions')
@ApiBearerAuth()
@Controller('api/v1/automation/shadow')
export class AutomationShadowController {
  constructor(
    private readonly shadows: AutomationShadowService,
    private readonly actions: ActionsService,
  ) {}

  @Get()
  @RequireRole('reader')
  @ApiOperation({ operationId: 'getAutomationShadow', summary: 'The candidate automation settings in shadow, who started it and when' })
  @Responds({ ok: { 200: automationShadowViewSchema }, problems: [404] })
  get() {
    return this.shadows.get();
  }

  @Put()
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'putAutomationShadow',
    summary: 'Put candidate automation settings in shadow (same body as PUT /automation); replaces the shadow running before',
  })
  @Responds({ ok: { 200: automationShadowViewSchema } })
  @ApiBody({ schema: jsonSchema(automationSettingsSchema) })
  put(@Body(new ZodPipe(automationSettingsSchema)) body: z.output<typeof automationSettingsSchema>, @Caller() who: Principal) {
    return this.shadows.start(body, who);
  }

  @Delete()
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({ operationId: 'deleteAutomationShadow', summary: 'End the shadow; its decisions stay recorded' })
  @Responds({ ok: { 200: automationShadowViewSchema }, problems: [404] })
  end(@Caller() who: Principal) {
    return this.shadows.end(who);
  }

  @Get('report')
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'getAutomationShadowReport',
    summary: 'Decisions the candidate settings would change since the shadow began, by action type and device group, with action ids',
  })
  @Responds({ ok: { 200: automationShadowReportSchema }, problems: [404] })
  report() {
    return this.shadows.report();
  }

  @Post('promote')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'promoteAutomationShadow',
    summary: 'Make the candidate settings live (If-Match: the live settings’ ETag), record the report it was promoted on, end the shadow',
  })
  @ApiHeader({
    name: 'If-Match',
    required: true,
    description: 'The ETag of the live settings (GET /automation); a stale one is refused with 412',
  })
  @Responds({ ok: { 200: automationPromotionSchema }, problems: [404, 409, 412, 428], headers: { ETag: "The live settings' new version" } })
  @ApiBody({ schema: jsonSchema(promoteSchema) })
  async promote(
    @Body(new ZodPipe(promoteSchema.optional())) body: z.output<typeof promoteSchema> | undefined,
    @Caller() who: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    const promoted = await this.shadows.promote(who, ifMatch, body?.comment);
    const { version, ...view } = await this.actions.automation().read();
    res.setHeader('ETag', automationETag(version));
    return { automation: { ...view, defaults: DEFAULT_AUTOMATION }, ...promoted };
  }
}
