import { Body, Controller, Get, HttpCode, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { Caller } from '../auth/principal.decorator.js';
import { type Principal, RequireRole } from '../auth/roles.js';
import { jsonSchema, Responds } from '../http/openapi.js';
import { isoTime, limitParam, uuidParam } from '../http/query.js';
import { ZodParam, ZodPipe, ZodQuery } from '../http/zod.pipe.js';
import { PLAYBOOK_NAME } from './playbook.schema.js';
import {
  backtestSchema,
  mapVersion,
  playbookRevertSchema,
  playbookVersionListSchema,
  playbookVersionSchema,
  shadowRunListSchema,
} from './playbook-version.dto.js';
import { PlaybookVersionsService } from './playbook-versions.service.js';

const playbookName = z.string().regex(PLAYBOOK_NAME, 'is not a playbook name');
const registerSchema = z.strictObject({ yaml: z.string().min(1).max(256 * 1024) });
const shadowSchema = z.strictObject({ shadow: z.boolean() });
const promoteSchema = z.strictObject({
  evidence: z.strictObject({
    backtestIds: z.array(z.uuid()).max(20).default([]),
    shadowAlertIds: z.array(z.uuid()).max(200).default([]),
  }),
  comment: z.string().max(2000).optional(),
});
const backtestBodySchema = z.strictObject({ versionId: z.uuid(), from: isoTime, to: isoTime });
const shadowQuerySchema = z.strictObject({ versionId: uuidParam.optional(), alertId: uuidParam.optional(), limit: limitParam() });

@ApiTags('playbooks')
@ApiBearerAuth()
@Controller('api/v1/playbooks')
export class PlaybookVersionsController {
  constructor(private readonly versions: PlaybookVersionsService) {}

  @Get(':name/versions')
  @RequireRole('reader')
  @ApiOperation({ operationId: 'listPlaybookVersions', summary: "A playbook's stored versions and which one is live (the file or a promoted version)" })
  @Responds({ ok: { 200: playbookVersionListSchema }, problems: [404] })
  async list(@ZodParam('name', playbookName) name: string) {
    const r = await this.versions.versions(name);
    return { ...r, items: r.items.map(mapVersion) };
  }

  @Post(':name/versions')
  @HttpCode(201)
  @RequireRole('analyst')
  @ApiOperation({
    operationId: 'registerPlaybookVersion',
    summary: 'Register a candidate version (validated like a file; the same YAML twice is one version); it changes nothing until promoted',
  })
  @Responds({ ok: { 201: playbookVersionSchema } })
  @ApiBody({ schema: jsonSchema(registerSchema) })
  async register(@ZodParam('name', playbookName) name: string, @Body(new ZodPipe(registerSchema)) body: z.output<typeof registerSchema>, @Caller() who: Principal) {
    return mapVersion((await this.versions.register(name, body.yaml, who)).version);
  }

  @Patch(':name/versions/:versionId')
  @RequireRole('admin')
  @ApiOperation({ operationId: 'setPlaybookVersionShadow', summary: 'Run a version in shadow beside the live one on live alerts (no effects), or stop it' })
  @Responds({ ok: { 200: playbookVersionSchema }, problems: [404, 409] })
  @ApiBody({ schema: jsonSchema(shadowSchema) })
  async shadow(
    @ZodParam('name', playbookName) name: string,
    @ZodParam('versionId', uuidParam) versionId: string,
    @Body(new ZodPipe(shadowSchema)) body: z.output<typeof shadowSchema>,
    @Caller() who: Principal,
  ) {
    return mapVersion(await this.versions.setShadow(name, versionId, body.shadow, who));
  }

  @Post(':name/versions/:versionId/promote')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'promotePlaybookVersion',
    summary: 'Make a version live on the evidence of its completed backtests or shadow runs; audited. New investigations run it; running ones keep theirs',
  })
  @Responds({ ok: { 200: playbookVersionSchema }, problems: [404, 409] })
  @ApiBody({ schema: jsonSchema(promoteSchema) })
  async promote(
    @ZodParam('name', playbookName) name: string,
    @ZodParam('versionId', uuidParam) versionId: string,
    @Body(new ZodPipe(promoteSchema)) body: z.output<typeof promoteSchema>,
    @Caller() who: Principal,
  ) {
    return mapVersion(await this.versions.promote(name, versionId, { ...body.evidence, ...(body.comment ? { comment: body.comment } : {}) }, who));
  }

  @Post(':name/revert')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({ operationId: 'revertPlaybook', summary: 'Withdraw the promoted version: the file in playbooks/ is live again; audited' })
  @Responds({ ok: { 200: playbookRevertSchema }, problems: [409] })
  revert(@ZodParam('name', playbookName) name: string, @Caller() who: Principal) {
    return this.versions.revert(name, who);
  }

  @Get(':name/shadow-runs')
  @RequireRole('reader')
  @ApiOperation({ operationId: 'listShadowRuns', summary: "Shadow runs of the playbook's versions, each diffed against the live run on the same alert" })
  @Responds({ ok: { 200: shadowRunListSchema } })
  shadowRuns(
    @ZodParam('name', playbookName) name: string,
    @ZodQuery(shadowQuerySchema) q: z.output<typeof shadowQuerySchema>,
    @Caller() who: Principal,
  ) {
    return this.versions.shadowRuns(name, { ...q, scope: who.scope });
  }

  @Post(':name/backtests')
  @HttpCode(202)
  @RequireRole('analyst')
  @ApiOperation({
    operationId: 'startBacktest',
    summary: 'Run a version over the stored alerts received in [from, to) as a workflow, with read-only look-ups and no effects',
  })
  @Responds({ ok: { 202: backtestSchema }, problems: [404] })
  @ApiBody({ schema: jsonSchema(backtestBodySchema) })
  async startBacktest(
    @ZodParam('name', playbookName) name: string,
    @Body(new ZodPipe(backtestBodySchema)) body: z.output<typeof backtestBodySchema>,
    @Caller() who: Principal,
  ) {
    const b = await this.versions.startBacktest(name, body, who);
    return this.versions.backtest(name, b.id, who.scope);
  }

  @Get(':name/backtests/:id')
  @RequireRole('reader')
  @ApiOperation({ operationId: 'getBacktest', summary: 'A backtest: progress (done/total) and per alert type what would have changed, with examples' })
  @Responds({ ok: { 200: backtestSchema }, problems: [404] })
  backtest(@ZodParam('name', playbookName) name: string, @ZodParam('id', uuidParam) id: string, @Caller() who: Principal) {
    return this.versions.backtest(name, id, who.scope);
  }
}
