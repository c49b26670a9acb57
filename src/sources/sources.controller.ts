import { Body, Controller, Delete, Get, HttpCode, Post, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiOperation, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { auditedBy } from '../audit/audit.store.js';
import { Caller } from '../auth/principal.decorator.js';
import { type Principal, RequireRole } from '../auth/roles.js';
import { SOURCE_NAME } from '../domain/source.js';
import { jsonSchema, Responds } from '../http/openapi.js';
import { isoTime } from '../http/query.js';
import { ZodParam, ZodPipe } from '../http/zod.pipe.js';
import { apiSourceSchema } from './source-config.js';
import { sourceListSchema, sourceStatusSchema } from './source.dto.js';
import { SourcesService } from './sources.service.js';

const nameParam = z.string().regex(SOURCE_NAME, 'must be a source name (lower-case letters, digits and dashes)');
const backfillSchema = z.strictObject({ from: isoTime.describe('Pull again everything the vendor updated since this time') });

@ApiTags('sources')
@ApiBearerAuth()
@Controller('api/v1/sources')
export class SourcesController {
  constructor(private readonly sources: SourcesService) {}

  @Get()
  @RequireRole('reader')
  @ApiOperation({ operationId: 'listSources', summary: 'Pull sources with their cursor, lag, counts and last error' })
  @Responds({ ok: { 200: sourceListSchema } })
  async list() {
    return { items: await this.sources.list() };
  }

  @Post()
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'createSource',
    summary: 'Create a pull source (the SOURCES_CONFIG shape, its client secret as env:NAME or file:/path) and start polling it',
  })
  @Responds({ ok: { 201: sourceStatusSchema }, problems: [409] })
  @ApiBody({ schema: jsonSchema(apiSourceSchema) })
  create(@Body(new ZodPipe(apiSourceSchema)) body: z.output<typeof apiSourceSchema>, @Caller() who: Principal) {
    return this.sources.create(body, auditedBy(who));
  }

  @Put(':name')
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'replaceSource',
    summary: 'Replace the settings of a source created through the API (its kind and cursor are kept); the next page uses them',
  })
  @Responds({ ok: { 200: sourceStatusSchema }, problems: [404, 409] })
  @ApiBody({ schema: jsonSchema(apiSourceSchema) })
  replace(@ZodParam('name', nameParam) name: string, @Body() body: unknown, @Caller() who: Principal) {
    return this.sources.update(name, body, auditedBy(who));
  }

  @Delete(':name')
  @HttpCode(204)
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'deleteSource',
    summary: 'Delete a source created through the API: its polling and cursor end, the alerts it pulled stay',
  })
  @Responds({ ok: { 204: null }, problems: [404, 409] })
  async remove(@ZodParam('name', nameParam) name: string, @Caller() who: Principal) {
    await this.sources.remove(name, auditedBy(who));
  }

  @Post(':name/pause')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({ operationId: 'pauseSource', summary: 'Stop polling a source (its cursor is kept)' })
  @Responds({ ok: { 200: sourceStatusSchema }, problems: [404] })
  pause(@ZodParam('name', nameParam) name: string, @Caller() who: Principal) {
    return this.sources.setPaused(name, true, who.name);
  }

  @Post(':name/resume')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({ operationId: 'resumeSource', summary: 'Poll a paused source again, from where it stopped' })
  @Responds({ ok: { 200: sourceStatusSchema }, problems: [404] })
  resume(@ZodParam('name', nameParam) name: string, @Caller() who: Principal) {
    return this.sources.setPaused(name, false, who.name);
  }

  @Post(':name/backfill')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({
    operationId: 'backfillSource',
    summary: 'Move the cursor back: pull again everything updated since `from` (alerts already stored stay one each)',
  })
  @Responds({ ok: { 200: sourceStatusSchema }, problems: [404] })
  @ApiBody({ schema: jsonSchema(backfillSchema) })
  backfill(
    @ZodParam('name', nameParam) name: string,
    @Body(new ZodPipe(backfillSchema)) body: z.output<typeof backfillSchema>,
    @Caller() who: Principal,
  ) {
    return this.sources.backfill(name, new Date(body.from), who.name);
  }
}
