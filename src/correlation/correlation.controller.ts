import { Body, Controller, Get, Headers, HttpCode, Post, Put, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { z } from 'zod';
import { Caller } from '../auth/principal.decorator.js';
import { type Principal, RequireRole } from '../auth/roles.js';
import { ScopeRepository } from '../auth/scope.repository.js';
import { correlationSettingsInputSchema, PROPOSAL_STATUSES } from '../domain/correlation.js';
import { jsonSchema, Responds } from '../http/openapi.js';
import { limitParam, multi } from '../http/query.js';
import { ZodParam, ZodPipe, ZodQuery } from '../http/zod.pipe.js';
import { CorrelationFeedbackService } from './correlation-feedback.service.js';
import { correlationETag, CorrelationSettingsService } from './correlation-settings.service.js';
import {
  correlationProposalPageSchema,
  correlationProposalSchema,
  type CorrelationSettingsView,
  correlationSettingsHistorySchema,
  correlationSettingsViewSchema,
} from './correlation.dto.js';

const SETTINGS_ETAG = { ETag: "The settings' version, for If-Match" };
const historyQuery = z.strictObject({ limit: limitParam() });
const proposalsQuery = z.strictObject({ status: multi(z.enum(PROPOSAL_STATUSES)).optional(), limit: limitParam() });
const proposalId = z.string().regex(/^prop-[0-9a-f]{24}$/, 'is not a proposal id');

@ApiTags('correlation')
@ApiBearerAuth()
@Controller('api/v1/correlation')
export class CorrelationController {
  constructor(
    private readonly settings: CorrelationSettingsService,
    private readonly feedback: CorrelationFeedbackService,
    private readonly scopes: ScopeRepository,
  ) {}

  @Get('settings')
  @RequireRole('reader')
  @ApiOperation({ operationId: 'getCorrelationSettings', summary: 'Correlation settings in force; returns an ETag' })
  @Responds({ ok: { 200: correlationSettingsViewSchema }, headers: SETTINGS_ETAG })
  async getSettings(@Res({ passthrough: true }) res: Response): Promise<CorrelationSettingsView> {
    const view = await this.settings.view();
    res.setHeader('ETag', correlationETag(view.version));
    return view;
  }

  @Put('settings')
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'putCorrelationSettings',
    summary: "Replace the correlation settings (missing fields take the environment's values); effective from the next alert",
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag of the settings as read; a stale one is refused with 412' })
  @Responds({ ok: { 200: correlationSettingsViewSchema }, problems: [412], headers: SETTINGS_ETAG })
  @ApiBody({ schema: jsonSchema(correlationSettingsInputSchema) })
  async putSettings(
    @Body(new ZodPipe(correlationSettingsInputSchema)) body: z.output<typeof correlationSettingsInputSchema>,
    @Caller() who: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<CorrelationSettingsView> {
    await this.settings.put(body, who, ifMatch);
    return this.getSettings(res);
  }

  @Get('settings/history')
  @RequireRole('reader')
  @ApiOperation({ operationId: 'listCorrelationSettingsChanges', summary: 'Every change of the correlation settings, newest first' })
  @Responds({ ok: { 200: correlationSettingsHistorySchema } })
  async history(@ZodQuery(historyQuery) q: z.output<typeof historyQuery>) {
    return { items: await this.settings.history(q.limit) };
  }

  @Get('proposals')
  @RequireRole('reader')
  @ApiOperation({
    operationId: 'listCorrelationProposals',
    summary: "Tuning changes derived from analysts' corrections (alerts moved out, incidents merged by hand), with their evidence",
  })
  @Responds({ ok: { 200: correlationProposalPageSchema } })
  async proposals(@ZodQuery(proposalsQuery) q: z.output<typeof proposalsQuery>, @Caller() who: Principal) {
    const items = await this.feedback.list(q.status, q.limit);
    // A proposal tunes the engine for everyone (its target is a correlation key, as the settings are);
    // the corrections behind it are about incidents, and a scoped caller sees only those in its scope.
    const visible = await this.scopes.visibleIncidents(
      [...new Set(items.flatMap((p) => p.evidence.items.flatMap((e) => e.incidentIds)))],
      who.scope,
    );
    return {
      items: items.map((p) => ({
        ...p,
        evidence: { ...p.evidence, items: p.evidence.items.filter((e) => e.incidentIds.every((id) => visible.has(id))) },
      })),
    };
  }

  @Post('proposals/:id/accept')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'acceptCorrelationProposal',
    summary: 'Apply a proposal to the correlation settings (recorded as a settings change)',
  })
  @Responds({ ok: { 200: correlationProposalSchema }, problems: [404, 409] })
  accept(@ZodParam('id', proposalId) id: string, @Caller() who: Principal) {
    return this.feedback.accept(id, who);
  }

  @Post('proposals/:id/dismiss')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({ operationId: 'dismissCorrelationProposal', summary: 'Dismiss a proposal; the settings stay as they are' })
  @Responds({ ok: { 200: correlationProposalSchema }, problems: [404, 409] })
  dismiss(@ZodParam('id', proposalId) id: string, @Caller() who: Principal) {
    return this.feedback.dismiss(id, who);
  }
}
