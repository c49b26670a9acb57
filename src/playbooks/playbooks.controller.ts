import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiOperation, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { z } from 'zod';
import { auditedBy, recordAudit } from '../audit/audit.store.js';
import { Caller } from '../auth/principal.decorator.js';
import { type Principal, RequireRole } from '../auth/roles.js';
import { ScopeRepository } from '../auth/scope.repository.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { nativeAlertSchema } from '../domain/alert.js';
import { CATALOG } from '../domain/catalog.js';
import type { PlaybookDefinition } from '../domain/playbook.js';
import { projectRoot } from '../infra/paths.js';
import { InvestigationStore } from '../investigations/investigation.store.js';
import { jsonSchema, Responds } from '../http/openapi.js';
import {
  playbookDetailSchema,
  playbookListSchema,
  playbookLoadReportSchema,
  playbookValidationSchema,
  simulationSchema,
  summary,
} from './playbook.dto.js';
import { Problem, zodErrors } from '../http/problem.js';
import { ZodParam, ZodPipe } from '../http/zod.pipe.js';
import { parsePlaybook } from './playbook.parser.js';
import { PLAYBOOK_NAME } from './playbook.schema.js';
import { PlaybookRegistry } from './playbook.registry.js';
import { PlaybookSimulator } from './playbook.simulator.js';
import { PlaybookVersionsService } from './playbook-versions.service.js';

const MAX_YAML = 256 * 1024;
const playbookName = z.string().regex(PLAYBOOK_NAME, 'is not a playbook name');
const validateSchema = z.strictObject({ yaml: z.string().min(1).max(MAX_YAML) });
const simulateSchema = z
  .strictObject({
    playbook: z.string().min(1).max(128).optional(),
    yaml: z.string().min(1).max(MAX_YAML).optional(),
    alert: z.unknown().optional(),
    alertId: z.uuid().optional(),
    fixtures: z.record(z.string(), z.unknown()).optional(),
    useLab: z.boolean().default(true),
  })
  .refine((b) => Boolean(b.playbook) !== Boolean(b.yaml), { message: 'give exactly one of playbook (a name) and yaml', path: ['playbook'] })
  .refine((b) => (b.alert === undefined) !== (b.alertId === undefined), { message: 'give exactly one of alert and alertId', path: ['alert'] });

@ApiTags('playbooks')
@ApiBearerAuth()
@Controller('api/v1/playbooks')
export class PlaybooksController {
  private readonly simulator: PlaybookSimulator;

  constructor(
    private readonly registry: PlaybookRegistry,
    private readonly db: DataSource,
    catalog: CatalogService,
    private readonly versions: PlaybookVersionsService,
    private readonly scopes: ScopeRepository,
  ) {
    this.simulator = new PlaybookSimulator(db, catalog);
  }

  @Get()
  @RequireRole('reader')
  @ApiOperation({ operationId: 'listPlaybooks', summary: 'Live playbooks (a promoted version in place of its file), and the files that were skipped with their errors' })
  @Responds({ ok: { 200: playbookListSchema } })
  async list() {
    return { items: (await this.versions.live()).map(summary), invalid: this.registry.errors(), catalog: Object.entries(CATALOG).map(([name, c]) => ({ name, description: c.description, output: c.output })) };
  }

  @Post('validate')
  @HttpCode(200)
  @RequireRole('analyst')
  @ApiOperation({
    operationId: 'validatePlaybook',
    summary: 'Validate playbook YAML (send text/yaml, or JSON {yaml}); errors carry line, column and field path',
  })
  @Responds({ ok: { 200: playbookValidationSchema } })
  @ApiConsumes('application/yaml', 'application/json')
  @ApiBody({ schema: jsonSchema(validateSchema) })
  validate(@Body() body: unknown) {
    const text = this.yamlOf(body);
    const { definition, errors } = parsePlaybook(text, 'request');
    return { valid: errors.length === 0, errors, playbook: definition ? summary(definition) : undefined };
  }

  @Post('simulate')
  @HttpCode(200)
  @RequireRole('analyst')
  @ApiOperation({ operationId: 'simulatePlaybook', summary: 'Dry-run a playbook against an alert: no writes, no remediation; the full trace' })
  @Responds({ ok: { 200: simulationSchema }, problems: [404] })
  @ApiBody({ schema: jsonSchema(simulateSchema) })
  async simulate(@Body(new ZodPipe(simulateSchema)) body: z.output<typeof simulateSchema>, @Caller() who: Principal) {
    let playbook: PlaybookDefinition | undefined;
    if (body.playbook) {
      playbook = await this.versions.liveOne(body.playbook);
      if (!playbook) throw Problem.notFound(`Playbook ${body.playbook}`);
    } else {
      const parsed = parsePlaybook(body.yaml!, 'request');
      if (!parsed.definition) throw Problem.validation(parsed.errors.map((e) => ({ path: `yaml:${e.line}:${e.column} ${e.path}`, message: e.message })), 'The playbook is invalid.');
      playbook = parsed.definition;
    }
    let alert: Record<string, unknown>;
    let incident: Record<string, unknown> | null = null;
    if (body.alertId) {
      await this.scopes.alert(body.alertId, who.scope);
      const view = await new InvestigationStore(this.db).playbookView(this.db, body.alertId);
      if (!view) throw Problem.notFound(`Alert ${body.alertId}`);
      ({ alert, incident } = view);
    } else {
      const parsed = nativeAlertSchema.safeParse(body.alert);
      if (!parsed.success) throw Problem.validation(zodErrors(parsed.error, ['alert']));
      alert = { ...parsed.data, type: parsed.data.type ?? parsed.data.title };
    }
    return this.simulator.simulate({ playbook, alert, incident, fixtures: body.fixtures, useLab: body.useLab });
  }

  @Post('reload')
  @HttpCode(200)
  @RequireRole('admin')
  @ApiOperation({ operationId: 'reloadPlaybooks', summary: 'Reload playbooks from disk; running investigations keep the versions they pinned' })
  @Responds({ ok: { 200: playbookLoadReportSchema } })
  async reload(@Caller() who: Principal) {
    const versions = () => Object.fromEntries(this.registry.list().map((p) => [p.name, p.hash]));
    const before = versions();
    const report = this.registry.reload();
    await this.db.transaction((m) =>
      recordAudit(m, {
        ...auditedBy(who),
        action: 'playbooks.reloaded',
        target: { type: 'playbooks', id: 'registry' },
        before: { versions: before },
        after: { versions: versions(), skipped: report.skipped.map((s) => s.file) },
      }),
    );
    return report;
  }

  @Get(':name')
  @RequireRole('reader')
  @ApiOperation({ operationId: 'getPlaybook', summary: 'The live version of a playbook: source, parsed form, hash and the alerts it covers' })
  @Responds({ ok: { 200: playbookDetailSchema }, problems: [404] })
  async get(@ZodParam('name', playbookName) name: string) {
    const p = await this.versions.liveOne(name);
    if (!p) throw Problem.notFound(`Playbook ${name}`);
    let source = this.versions.sourceOf(p);
    try {
      source ??= readFileSync(resolve(projectRoot, p.file), 'utf8');
    } catch {
      source = undefined;
    }
    return { ...summary(p), source, definition: p };
  }

  private yamlOf(body: unknown): string {
    if (typeof body === 'string') {
      if (!body.trim()) throw Problem.validation([{ path: '(root)', message: 'the YAML is empty' }]);
      return body;
    }
    const parsed = validateSchema.safeParse(body);
    if (!parsed.success) throw Problem.validation(zodErrors(parsed.error));
    return parsed.data.yaml;
  }
}
