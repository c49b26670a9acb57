import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { Client } from '@temporalio/client';
import type { Logger } from 'pino';
import { sourceWorkflowId } from '../../workflows/ids.js';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { LOGGER } from '../infra/logger.provider.js';
import { apiSourceConfig, initialCursor, type SourceConfig } from './source-config.js';
import { PullSourceRepository } from './pull-source.repository.js';
import { SourceRepository } from './source.repository.js';

/**
 * Runs in the worker role: makes sure every configured source, and every one created through the
 * API, has its row and its workflow (`source-<name>`). Starting is idempotent (the running workflow
 * is kept), so every worker may do it on boot; a source removed from the configuration or deleted
 * ends its workflow at its next poll.
 */
@Injectable()
export class SourceScheduler implements OnApplicationBootstrap {
  constructor(
    private readonly repo: SourceRepository,
    private readonly pulls: PullSourceRepository,
    private readonly client: Client,
    @Inject(QUELL_CONFIG) private readonly config: QuellConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const created = await this.pulls.list().catch((err: unknown) => {
      this.log.error({ err }, 'could not read the sources created through the API; restart the worker to try again');
      return [];
    });
    const names = new Set(this.config.sources.map((s) => s.name));
    const sources: SourceConfig[] = [
      ...this.config.sources,
      ...created.filter((r) => !names.has(r.name)).map((r) => apiSourceConfig(r.settings)),
    ];
    for (const source of sources) {
      try {
        const row = await this.repo.ensure(source.name, source.kind, initialCursor(source));
        if (row.kind !== source.kind)
          this.log.warn({ source: source.name, was: row.kind, now: source.kind }, 'the source changed kind; its cursor is kept');
        await this.client.workflow.start('sourceWorkflow', {
          workflowId: sourceWorkflowId(source.name),
          taskQueue: this.config.temporal.taskQueue,
          args: [{ name: source.name, cursor: row.cursorAt.toISOString(), intervalMs: source.intervalMs }],
          workflowIdConflictPolicy: 'USE_EXISTING',
        });
        this.log.info({ source: source.name, kind: source.kind }, 'source polling');
      } catch (err) {
        this.log.error({ err, source: source.name }, 'could not start the source workflow; restart the worker to try again');
      }
    }
  }
}
