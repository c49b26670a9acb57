import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Logger } from 'pino';
import { alertWorkflowId } from '../../workflows/ids.js';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { LOGGER } from '../infra/logger.provider.js';
import { AlertsRepository } from './alerts.repository.js';

/** Runs `work` over `items` with at most `limit` in flight. */
export async function inParallel<T>(items: T[], limit: number, work: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await work(items[next++]);
  });
  await Promise.all(lanes);
}

/**
 * Starts the alert workflow for stored alerts. Starting is idempotent: the workflow id is the alert
 * id. The workflow's first activity marks the alert dispatched, so the hot path writes nothing
 * more here; the relay marks what it starts itself.
 */
@Injectable()
export class AlertDispatcher {
  constructor(
    private readonly client: Client,
    private readonly alerts: AlertsRepository,
    @Inject(QUELL_CONFIG) private readonly config: QuellConfig,
  ) {}

  async dispatch(alertIds: string[], markDispatched = false): Promise<void> {
    const ids = [...new Set(alertIds)];
    const started: string[] = [];
    await inParallel(ids, 32, async (alertId) => {
      try {
        await this.client.workflow.start('alertWorkflow', {
          workflowId: alertWorkflowId(alertId),
          taskQueue: this.config.temporal.taskQueue,
          args: [{ alertId }],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowIdConflictPolicy: 'USE_EXISTING',
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
      started.push(alertId);
    });
    if (markDispatched) await this.alerts.markDispatched(started);
  }
}

/**
 * The safety net behind "a 202 means it will be processed": alerts committed but never
 * dispatched (the API died between commit and workflow start, or Temporal was briefly away)
 * are started here. Runs in the worker role.
 */
@Injectable()
export class UndispatchedAlertRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private busy = false;
  static readonly INTERVAL_MS = 5_000;
  static readonly GRACE_MS = 10_000;

  constructor(
    private readonly alerts: AlertsRepository,
    private readonly dispatcher: AlertDispatcher,
    @Inject(LOGGER) private readonly log: Logger,
  ) {}

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.sweep(), UndispatchedAlertRelay.INTERVAL_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  async sweep(graceMs = UndispatchedAlertRelay.GRACE_MS): Promise<number> {
    if (this.busy) return 0;
    this.busy = true;
    try {
      const ids = await this.alerts.findUndispatched(graceMs, 500);
      if (ids.length) {
        await this.dispatcher.dispatch(ids, true);
        this.log.info({ count: ids.length }, 'dispatched alerts left undispatched');
      }
      return ids.length;
    } catch (err) {
      this.log.warn({ err }, 'undispatched-alert sweep failed; will retry');
      return 0;
    } finally {
      this.busy = false;
    }
  }
}
