import { Body, Controller, Get, Headers, HttpCode, Post, Put, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ApiBearerAuth, ApiBody, ApiHeader, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ScopeRepository } from '../auth/scope.repository.js';
import { Caller } from '../auth/principal.decorator.js';
import { type Principal, RequireRole } from '../auth/roles.js';
import { ACTION_FAMILIES, ACTION_SOURCES, ACTION_STATUSES, ACTION_TYPES, DECISIONS, PROPOSABLE_ACTIONS } from '../domain/actions.js';
import { automationSettingsSchema, DEFAULT_AUTOMATION } from '../domain/automation.js';
import { CONTAINMENT_MAX_SECONDS, CONTAINMENT_MIN_SECONDS } from '../domain/remediation.js';
import { jsonSchema, Responds } from '../http/openapi.js';
import {
  actionDecisionSchema,
  actionDetailSchema,
  actionPageSchema,
  type AutomationView,
  automationViewSchema,
  bulkDecisionResultSchema,
} from './action.dto.js';
import { isoTime, limitParam, multi, positiveIntParam } from '../http/query.js';
import { ZodParam, ZodPipe, ZodQuery } from '../http/zod.pipe.js';
import { ActionsService } from './actions.service.js';
import { actionImpactViewSchema } from './action-impact.dto.js';
import { ActionImpactService } from './action-impact.service.js';
import { automationETag } from './automation.repository.js';

const listQuery = z.strictObject({
  status: multi(z.enum(ACTION_STATUSES)).optional(),
  type: multi(z.enum(ACTION_TYPES as [string, ...string[]])).optional(),
  family: multi(z.enum(ACTION_FAMILIES)).optional(),
  source: multi(z.enum(ACTION_SOURCES)).optional(),
  incidentId: positiveIntParam.optional(),
  investigationId: z.uuid().optional(),
  target: z.string().trim().min(1).max(1024).optional(),
  decidedBy: z.string().max(256).optional(),
  since: isoTime.optional(),
  until: isoTime.optional(),
  limit: limitParam(),
  cursor: z.string().max(512).optional(),
});
const containmentDuration = z.number().int().min(CONTAINMENT_MIN_SECONDS).max(CONTAINMENT_MAX_SECONDS);
const AUTOMATION_ETAG = { ETag: "The settings' version, for If-Match" };
const createSchema = z.strictObject({
  type: z.enum(PROPOSABLE_ACTIONS as [string, ...string[]]),
  target: z.record(z.string(), z.unknown()),
  reason: z.string().trim().min(1).max(2000),
  incidentId: z.number().int().positive().optional(),
  params: z.record(z.string(), z.unknown()).optional(),
  durationSeconds: containmentDuration
    .optional()
    .describe(
      'Time-boxed containment: once it succeeds, the action is undone this many seconds later unless renewed (reversible actions only)',
    ),
});
const renewSchema = z.strictObject({
  durationSeconds: containmentDuration.describe('The containment ends this many seconds from now'),
  comment: z.string().max(2000).optional(),
});
const decisionSchema = z.strictObject({ comment: z.string().max(2000).optional() });
const bulkSchema = z.strictObject({
  ids: z.array(z.string().min(1).max(64)).min(1).max(100),
  decision: z.enum(DECISIONS),
  comment: z.string().max(2000).optional(),
});
const actionId = z.string().regex(/^act-[0-9a-f]{24}$/, 'is not an action id');

@ApiTags('actions')
@ApiBearerAuth()
@Controller('api/v1')
export class ActionsController {
  constructor(
    private readonly actions: ActionsService,
    private readonly scopes: ScopeRepository,
    private readonly impacts: ActionImpactService,
  ) {}

  @Get('actions')
  @RequireRole('reader')
  @ApiOperation({ operationId: 'listActions', summary: 'The action center: pending actions and history, newest first' })
  @Responds({ ok: { 200: actionPageSchema } })
  list(@ZodQuery(listQuery) q: z.output<typeof listQuery>, @Caller() who: Principal) {
    return this.actions.list({ ...q, scope: who.scope });
  }

  @Post('actions')
  @RequireRole('analyst')
  @ApiOperation({ operationId: 'requestAction', summary: 'Request a manual action; it goes through the automation policy and approvals' })
  @Responds({ ok: { 201: actionDetailSchema }, problems: [404] })
  @ApiBody({ schema: jsonSchema(createSchema) })
  create(@Body(new ZodPipe(createSchema)) body: z.output<typeof createSchema>, @Caller() who: Principal) {
    return this.actions.create(body, who);
  }

  @Post('actions/decide')
  @HttpCode(200)
  @RequireRole('approver')
  @ApiOperation({ operationId: 'decideActions', summary: 'Approve or reject many actions of one type' })
  @Responds({ ok: { 200: bulkDecisionResultSchema } })
  @ApiBody({ schema: jsonSchema(bulkSchema) })
  async decideMany(@Body(new ZodPipe(bulkSchema)) body: z.output<typeof bulkSchema>, @Caller() who: Principal) {
    await this.scopes.actions(body.ids, who.scope);
    return this.actions.decideMany(body.ids, body.decision, who, body.comment);
  }

  @Get('actions/:id')
  @RequireRole('reader')
  @ApiOperation({ operationId: 'getAction', summary: 'One action with its full history: proposal, policy, decisions, executions, undo' })
  @Responds({ ok: { 200: actionDetailSchema }, problems: [404] })
  async get(@ZodParam('id', actionId) id: string, @Caller() who: Principal) {
    await this.scopes.action(id, who.scope);
    return this.actions.get(id);
  }

  @Get('actions/:id/impact')
  @RequireRole('reader')
  @ApiOperation({
    operationId: 'getActionImpact',
    summary:
      'What approving the action would do — evidence chain, target facts, what else it contains, how it is undone, and the playbook dry run after approval or rejection — now and as it was when proposed',
  })
  @Responds({ ok: { 200: actionImpactViewSchema }, problems: [404] })
  async impact(@ZodParam('id', actionId) id: string, @Caller() who: Principal) {
    await this.scopes.action(id, who.scope);
    return this.impacts.view(id);
  }

  @Post('actions/:id/approve')
  @HttpCode(200)
  @RequireRole('approver')
  @ApiOperation({
    operationId: 'approveAction',
    summary: 'Approve a pending action (409 when it is not pending or the decision is refused)',
  })
  @Responds({ ok: { 200: actionDecisionSchema }, problems: [404, 409] })
  @ApiBody({ schema: jsonSchema(decisionSchema) })
  async approve(
    @ZodParam('id', actionId) id: string,
    @Body(new ZodPipe(decisionSchema.optional())) body: z.output<typeof decisionSchema> | undefined,
    @Caller() who: Principal,
  ) {
    await this.scopes.action(id, who.scope);
    return this.actions.decide(id, 'approve', who, body?.comment);
  }

  @Post('actions/:id/reject')
  @HttpCode(200)
  @RequireRole('approver')
  @ApiOperation({ operationId: 'rejectAction', summary: 'Reject a pending action (409 when it is not pending or the decision is refused)' })
  @Responds({ ok: { 200: actionDecisionSchema }, problems: [404, 409] })
  @ApiBody({ schema: jsonSchema(decisionSchema) })
  async reject(
    @ZodParam('id', actionId) id: string,
    @Body(new ZodPipe(decisionSchema.optional())) body: z.output<typeof decisionSchema> | undefined,
    @Caller() who: Principal,
  ) {
    await this.scopes.action(id, who.scope);
    return this.actions.decide(id, 'reject', who, body?.comment);
  }

  @Post('actions/:id/undo')
  @HttpCode(200)
  @RequireRole('approver')
  @Responds({ ok: { 200: actionDetailSchema, 202: actionDetailSchema }, problems: [404, 409, 502] })
  @ApiOperation({
    operationId: 'undoAction',
    summary:
      'Run the inverse of a succeeded reversible action (409 when there is none): 200 once the product reports it done, 202 while it is still in progress',
  })
  async undo(@ZodParam('id', actionId) id: string, @Caller() who: Principal, @Res({ passthrough: true }) res: Response) {
    await this.scopes.action(id, who.scope);
    return settledOr202(res, await this.actions.undo(id, who));
  }

  @Post('actions/:id/renew')
  @HttpCode(200)
  @RequireRole('approver')
  @ApiOperation({
    operationId: 'renewAction',
    summary: 'Move the end of a time-boxed containment to durationSeconds from now (409 when the action is not contained)',
  })
  @Responds({ ok: { 200: actionDetailSchema }, problems: [404, 409] })
  @ApiBody({ schema: jsonSchema(renewSchema) })
  async renew(
    @ZodParam('id', actionId) id: string,
    @Body(new ZodPipe(renewSchema)) body: z.output<typeof renewSchema>,
    @Caller() who: Principal,
  ) {
    await this.scopes.action(id, who.scope);
    return this.actions.renew(id, body.durationSeconds, who, body.comment);
  }

  @Post('actions/:id/retry')
  @HttpCode(200)
  @RequireRole('approver')
  @ApiOperation({
    operationId: 'retryAction',
    summary: 'Try a failed action again: 200 once the product reports the outcome, 202 while it is still in progress',
  })
  @Responds({ ok: { 200: actionDetailSchema, 202: actionDetailSchema }, problems: [404, 409, 502] })
  async retry(@ZodParam('id', actionId) id: string, @Caller() who: Principal, @Res({ passthrough: true }) res: Response) {
    await this.scopes.action(id, who.scope);
    return settledOr202(res, await this.actions.retry(id, who));
  }

  @Get('automation')
  @RequireRole('reader')
  @ApiOperation({ operationId: 'getAutomation', summary: 'Automation levels and approval rules in force; returns an ETag' })
  @Responds({ ok: { 200: automationViewSchema }, headers: AUTOMATION_ETAG })
  async getAutomation(@Res({ passthrough: true }) res: Response): Promise<AutomationView> {
    const { version, ...view } = await this.actions.automation().read();
    res.setHeader('ETag', automationETag(version));
    return { ...view, defaults: DEFAULT_AUTOMATION };
  }

  @Put('automation')
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'putAutomation',
    summary: 'Replace the automation settings (missing fields take their defaults); If-Match gives 412 on a stale write',
  })
  @ApiHeader({ name: 'If-Match', required: false, description: 'The ETag of the settings as read; a stale one is refused with 412' })
  @Responds({ ok: { 200: automationViewSchema }, problems: [412], headers: AUTOMATION_ETAG })
  @ApiBody({ schema: jsonSchema(automationSettingsSchema) })
  async putAutomation(
    @Body(new ZodPipe(automationSettingsSchema)) body: z.output<typeof automationSettingsSchema>,
    @Caller() who: Principal,
    @Headers('if-match') ifMatch: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ) {
    await this.actions.putAutomation(body, who, ifMatch);
    return this.getAutomation(res);
  }
}

/** The action as it stands; 202 when the product has not reported the outcome yet (the action workflow follows it on). */
function settledOr202<T>(res: Response, r: { settled: boolean; action: T }): T {
  if (!r.settled) res.status(202);
  return r.action;
}
