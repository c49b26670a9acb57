import { Controller, Get, Header, Inject, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import { Connection } from '@temporalio/client';
import type { Response } from 'express';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { Public, RequireRole } from '../auth/roles.js';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { LOGGER } from '../infra/logger.provider.js';
import { metricsRegistry } from '../http/metrics.js';

async function within<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

@ApiExcludeController()
@Controller()
export class HealthController {
  constructor(
    private readonly db: DataSource,
    @Inject(Connection) private readonly temporal: Connection,
    @Inject(QUELL_CONFIG) private readonly config: QuellConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  @Get('healthz')
  @Public()
  healthz() {
    return { status: 'ok' };
  }

  /** Ready when PostgreSQL answers and the Temporal namespace is reachable; 503 otherwise. */
  @Get('readyz')
  @Public()
  async readyz(@Res() res: Response) {
    // Anyone may ask, so the answer says only what is down; why (host names, users) goes to the log.
    const check = (name: string, work: Promise<unknown>) =>
      within(2000, work).then(
        () => ({ ok: true }),
        (err: Error) => {
          this.log.warn({ check: name, err: err.message.split('\n')[0] }, 'readiness check failed');
          return { ok: false };
        },
      );
    const [database, temporal] = await Promise.all([
      check('database', this.db.query('SELECT 1')),
      check('temporal', this.temporal.workflowService.describeNamespace({ namespace: this.config.temporal.namespace })),
    ]);
    const ready = database.ok && temporal.ok;
    res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not_ready', checks: { database, temporal } });
  }

  /** Behind a key here; `METRICS_PORT` serves the same text on a listener of its own without one. */
  @Get('metrics')
  @RequireRole('reader')
  @Header('Content-Type', metricsRegistry.contentType)
  metrics() {
    return metricsRegistry.metrics();
  }
}
