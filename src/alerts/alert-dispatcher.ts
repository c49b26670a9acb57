import { Inject, Injectable } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Logger } from 'pino';
import { alertUpdateWorkflowId, alertWorkflowId } from '../../workflows/ids.js';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { inParallel } from '../infra/in-parallel.js';
import { LOGGER } from '../infra/logger.provider.js';
import { PeriodicTask } from '../infra/periodic-task.js';
import { contextFromTraceparent, TRACING, type Tracing } from '../infra/tracing.js';
import { AlertsRepository } from './alerts.repository.js';

/**
 * Starts the alert workflow for stored alerts. Starting is idempotent: the workflow id is the alert
 * id. The workflow's first activity marks the alert dispatched, so the hot path writes nothing
 * more; the relay marks what it starts itself.
 *
 * With tracing on, each start runs in the trace stored with the alert: the workflow continues the
 * request that accepted the alert, whichever process starts it and however much later.
 */
@Injectable()
export class AlertDispatcher {
  constructor(
    private readonly client: Client,
    @Inject(QUELL_CONFIG) private readonly config: QuellConfig,
    private readonly alerts: AlertsRepository,
    @Inject(TRACING) private readonly tracing: Tracing,
  ) {}

  /** `start`, run in the context of the trace stored with the item's alert (unwrapped with tracing off). */
  private async inStoredTrace<T extends { alertId: string }>(items: T[], start: (item: T) => Promise<void>) {
    if (!this.tracing.enabled) return start;
    const traces = await this.alerts.traceparentsOf([...new Set(items.map((i) => i.alertId))]);
    return (item: T) => context.with(contextFromTraceparent(traces.get(item.alertId)), () => start(item));
  }

  /** Returns the ids whose workflow is now running (started here or before). */
  async dispatch(alertIds: string[]): Promise<string[]> {
    const items = [...new Set(alertIds)].map((alertId) => ({ alertId }));
    const started: string[] = [];
    const start = await this.inStoredTrace(items, async ({ alertId }) => {
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
    await inParallel(items, 32, start);
    return started;
  }

  /** Starts the update workflow of each stored revision (idempotent: the revision is in the workflow id). */
  async dispatchUpdates(updates: { alertId: string; revision: number }[]): Promise<void> {
    const start = await this.inStoredTrace(updates, async ({ alertId, revision }) => {
      try {
        await this.client.workflow.start('alertUpdateWorkflow', {
          workflowId: alertUpdateWorkflowId(alertId, revision),
          taskQueue: this.config.temporal.taskQueue,
          args: [{ alertId, revision }],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowIdConflictPolicy: 'USE_EXISTING',
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    });
    await inParallel(updates, 32, start);
  }
}

/**
 * The safety net behind "a 202 means it will be processed": alerts committed but never
 * dispatched (the API died between commit and workflow start, or Temporal was briefly away)
 * are started here. Runs in the worker role.
 */
@Injectable()
export class UndispatchedAlertRelay extends PeriodicTask {
  static readonly INTERVAL_MS = 5_000;
  static readonly GRACE_MS = 10_000;

  constructor(
    private readonly alerts: AlertsRepository,
    private readonly dispatcher: AlertDispatcher,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    super(log, UndispatchedAlertRelay.INTERVAL_MS, 'undispatched-alert sweep failed');
  }

  protected tick(): Promise<number> {
    return this.sweep();
  }

  sweep(graceMs = UndispatchedAlertRelay.GRACE_MS): Promise<number> {
    return this.exclusively(async () => {
      const ids = await this.alerts.findUndispatched(graceMs, 500);
      if (ids.length) {
        await this.alerts.markDispatched(await this.dispatcher.dispatch(ids));
        this.log.info({ count: ids.length }, 'dispatched alerts left undispatched');
      }
      // An update's workflow marks its revision correlated when it has run.
      const updates = await this.alerts.findUnrecorrelated(graceMs, 500);
      if (updates.length) {
        await this.dispatcher.dispatchUpdates(updates.map((u) => ({ alertId: u.id, revision: u.revision })));
        this.log.info({ count: updates.length }, 'dispatched alert updates left undispatched');
      }
      return ids.length + updates.length;
    });
  }
}
