import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { pokeSource } from '../../workflows/messages.js';
import { sourceWorkflowId } from '../../workflows/ids.js';
import { type Audited, recordAudit } from '../audit/audit.store.js';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import type { SourceOrigin } from '../domain/source.js';
import { Problem } from '../http/problem.js';
import { LOGGER } from '../infra/logger.provider.js';
import {
  apiSourceConfig,
  apiSourceSchema,
  type ApiSourceSettings,
  initialCursor,
  resolveSecretReference,
  type SourceConfig,
  toSourceConfig,
} from './source-config.js';
import { mapSource, type SourceStatus } from './source.dto.js';
import { PullSourceRepository, type PullSourceRow } from './pull-source.repository.js';
import { SourceRepository } from './source.repository.js';
import { zodErrors } from '../http/problem.js';

interface Known {
  source: SourceConfig;
  origin: SourceOrigin;
}

/** A source as the audit log keeps it: its settings, the secret reference masked by the log's redaction. */
const auditView = (row: PullSourceRow) => ({ kind: row.kind, settings: row.settings, updatedBy: row.updatedBy });

/**
 * Status and control of the pull sources, from SOURCES_CONFIG (read-only here) and created through
 * the API (`pull_sources`). The cursor state is in `sources`; the workflow is poked to act on a change now.
 */
@Injectable()
export class SourcesService {
  constructor(
    private readonly db: DataSource,
    private readonly repo: SourceRepository,
    private readonly pulls: PullSourceRepository,
    private readonly client: Client,
    @Inject(QUELL_CONFIG) private readonly config: QuellConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async list(): Promise<SourceStatus[]> {
    const known: Known[] = [
      ...this.config.sources.map((source) => ({ source, origin: 'file' as const })),
      ...(await this.pulls.list())
        .filter((r) => !this.fileSource(r.name))
        .map((r) => ({ source: apiSourceConfig(r.settings), origin: 'api' as const })),
    ];
    const rows = new Map((await this.repo.list(known.map((k) => k.source.name))).map((r) => [r.name, r]));
    return known.map((k) => mapSource(k.source, k.origin, rows.get(k.source.name)));
  }

  private fileSource(name: string): SourceConfig | undefined {
    return this.config.sources.find((s) => s.name === name);
  }

  private async known(name: string): Promise<Known> {
    const file = this.fileSource(name);
    if (file) {
      await this.repo.ensure(file.name, file.kind, initialCursor(file));
      return { source: file, origin: 'file' };
    }
    const row = await this.pulls.get(name);
    if (!row) throw Problem.notFound(`Source ${name}`);
    return { source: apiSourceConfig(row.settings), origin: 'api' };
  }

  private async status({ source, origin }: Known): Promise<SourceStatus> {
    return mapSource(source, origin, await this.repo.get(source.name));
  }

  /** The workflow acts on the new state at once; if it is not running yet, it reads the state when it starts. */
  private async poke(name: string): Promise<void> {
    try {
      await this.client.workflow.getHandle(sourceWorkflowId(name)).signal(pokeSource);
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError))
        this.log.warn({ err, source: name }, 'could not poke the source workflow; it acts at its next poll');
    }
  }

  async setPaused(name: string, paused: boolean, by: string): Promise<SourceStatus> {
    const known = await this.known(name);
    await this.repo.setPaused(name, paused);
    this.log.info({ source: name, paused, by }, paused ? 'source paused' : 'source resumed');
    await this.poke(name);
    return this.status(known);
  }

  async backfill(name: string, from: Date, by: string): Promise<SourceStatus> {
    if (from.getTime() > Date.now()) throw Problem.validation([{ path: 'from', message: 'must not be in the future' }]);
    const known = await this.known(name);
    await this.repo.backfill(name, from);
    this.log.info({ source: name, from, by }, 'source backfill asked for');
    await this.poke(name);
    return this.status(known);
  }

  /** Refuses settings that could not run: plain-http URLs and a secret reference that resolves to nothing now. */
  private checked(settings: ApiSourceSettings): SourceConfig {
    const problems: string[] = [];
    const source = toSourceConfig(settings, problems, () => '');
    const errors = problems.map((p) => {
      const [, path, message] = /^SOURCES_CONFIG [\w-]+\.(\w+): (.*)$/.exec(p) ?? [undefined, '', p];
      return { path, message };
    });
    const secret = resolveSecretReference(settings.clientSecret);
    if ('problem' in secret) errors.push({ path: 'clientSecret', message: `the reference cannot be resolved: ${secret.problem}` });
    if (errors.length) throw Problem.validation(errors);
    return source;
  }

  private readOnly(name: string): void {
    if (this.fileSource(name)) throw Problem.conflict(`Source ${name} is defined in SOURCES_CONFIG; change it there.`);
  }

  /**
   * The source, its cursor row, its workflow and its audit entry together: the workflow is started
   * inside the transaction, so a failed start leaves no row, and a first page waits for the commit.
   */
  async create(settings: ApiSourceSettings, by: Audited): Promise<SourceStatus> {
    if (this.fileSource(settings.name)) throw Problem.conflict(`A source named ${settings.name} is defined in SOURCES_CONFIG.`);
    const source = this.checked(settings);
    await this.db.transaction(async (m) => {
      const row = await this.pulls.insert(m, settings, by.actor.name);
      if (!row) throw Problem.conflict(`A source named ${settings.name} exists.`);
      const cursor = initialCursor(source);
      await this.repo.create(m, source.name, source.kind, cursor);
      await this.client.workflow.start('sourceWorkflow', {
        workflowId: sourceWorkflowId(source.name),
        taskQueue: this.config.temporal.taskQueue,
        args: [{ name: source.name, cursor: cursor.toISOString(), intervalMs: source.intervalMs }],
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
      await recordAudit(m, { ...by, action: 'source.created', target: { type: 'source', id: source.name }, after: auditView(row) });
    });
    this.log.info({ source: source.name, kind: source.kind, by: by.actor.name }, 'source created');
    return this.status({ source, origin: 'api' });
  }

  /** New settings for the next page (the workflow reads them each page); the cursor is kept, and the kind cannot change. */
  async update(name: string, body: unknown, by: Audited): Promise<SourceStatus> {
    this.readOnly(name);
    const given = body && typeof body === 'object' && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
    if (given.name !== undefined && given.name !== name)
      throw Problem.validation([{ path: 'name', message: 'must be the name in the path (a source cannot be renamed)' }]);
    const parsed = apiSourceSchema.safeParse(body && typeof body === 'object' ? { ...given, name } : body);
    if (!parsed.success) throw Problem.validation(zodErrors(parsed.error));
    const source = this.checked(parsed.data);
    await this.db.transaction(async (m) => {
      const changed = await this.pulls.replace(m, parsed.data, by.actor.name);
      if (!changed) throw Problem.notFound(`Source ${name}`);
      if (changed.before.kind !== parsed.data.kind)
        throw Problem.validation([
          { path: 'kind', message: `the source is ${changed.before.kind}; a source keeps its kind (delete it and create another)` },
        ]);
      await recordAudit(m, {
        ...by,
        action: 'source.updated',
        target: { type: 'source', id: name },
        before: auditView(changed.before),
        after: auditView(changed.after),
      });
    });
    this.log.info({ source: name, by: by.actor.name }, 'source settings replaced');
    await this.poke(name);
    return this.status({ source, origin: 'api' });
  }

  /** The source and its cursor go; the alerts it pulled stay. Its workflow ends at its next page, which the poke makes now. */
  async remove(name: string, by: Audited): Promise<void> {
    this.readOnly(name);
    await this.db.transaction(async (m) => {
      const removed = await this.pulls.remove(m, name);
      if (!removed) throw Problem.notFound(`Source ${name}`);
      await this.repo.remove(m, name);
      await recordAudit(m, { ...by, action: 'source.deleted', target: { type: 'source', id: name }, before: auditView(removed) });
    });
    this.log.info({ source: name, by: by.actor.name }, 'source deleted');
    await this.poke(name);
  }
}
