import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowNotFoundError } from '@temporalio/client';
import type { Logger } from 'pino';
import { pokeSource } from '../../workflows/messages.js';
import { sourceWorkflowId } from '../../workflows/ids.js';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { Problem } from '../http/problem.js';
import { LOGGER } from '../infra/logger.provider.js';
import { initialCursor, type SourceConfig } from './source-config.js';
import { mapSource, type SourceStatus } from './source.dto.js';
import { SourceRepository } from './source.repository.js';

/** Status and control of the configured pull sources (the state is in `sources`; the workflow is poked to act on it now). */
@Injectable()
export class SourcesService {
  constructor(
    private readonly repo: SourceRepository,
    private readonly client: Client,
    @Inject(QUELL_CONFIG) private readonly config: QuellConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async list(): Promise<SourceStatus[]> {
    const rows = new Map((await this.repo.list(this.config.sources.map((s) => s.name))).map((r) => [r.name, r]));
    return this.config.sources.map((s) => mapSource(s, rows.get(s.name)));
  }

  private async configured(name: string): Promise<SourceConfig> {
    const source = this.config.sources.find((s) => s.name === name);
    if (!source) throw Problem.notFound(`Source ${name}`);
    await this.repo.ensure(source.name, source.kind, initialCursor(source));
    return source;
  }

  private async status(source: SourceConfig): Promise<SourceStatus> {
    return mapSource(source, await this.repo.get(source.name));
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
    const source = await this.configured(name);
    await this.repo.setPaused(name, paused);
    this.log.info({ source: name, paused, by }, paused ? 'source paused' : 'source resumed');
    await this.poke(name);
    return this.status(source);
  }

  async backfill(name: string, from: Date, by: string): Promise<SourceStatus> {
    if (from.getTime() > Date.now()) throw Problem.validation([{ path: 'from', message: 'must not be in the future' }]);
    const source = await this.configured(name);
    await this.repo.backfill(name, from);
    this.log.info({ source: name, from, by }, 'source backfill asked for');
    await this.poke(name);
    return this.status(source);
  }
}
