import { createHash } from 'node:crypto';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { context } from '@opentelemetry/api';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import pg from 'pg';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { alertBatchWorkflowId, alertUpdateWorkflowId, alertWorkflowId } from '../../workflows/ids.js';
import { ALERT_CLAIM, QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { inParallel } from '../infra/in-parallel.js';
import { LOGGER } from '../infra/logger.provider.js';
import { BACKENDS, type BackendAddresses } from '../infra/tokens.js';
import { contextFromTraceparent, TRACING, type Tracing } from '../infra/tracing.js';
import { ALERTS_STORED_CHANNEL, AlertsRepository } from './alerts.repository.js';

/** Workflow starts in flight at once. */
const STARTS_IN_FLIGHT = 32;
/** After the notification connection drops, how long until listening again (the poll covers the gap). */
const RELISTEN_MS = 2_000;
/**
 * How long a dispatched alert counts as in the workers' hands: as long as a batch may take. One
 * whose workflow ended without correlating it (it failed) stops holding a place in the window.
 */
const IN_HAND_SECS = 120;

/**
 * Starts the workflows of committed alerts, off the request path (worker role): the alert workflow
 * of each new alert, the update workflow of each updated revision. A claim that finds a backlog
 * (`ALERT_BATCH_FROM` alerts or more) starts batch workflows of `ALERT_BATCH_SIZE` alerts instead,
 * which correlate many alerts per workflow task and hand them off per incident. It keeps no more
 * than `ALERT_DISPATCH_AHEAD` alerts dispatched and not yet correlated, across all workers: a storm
 * waits in the table, where it costs nothing, instead of as thousands of open workflows whose
 * tasks and local activities queue in the workers (a backlog of 50,000 dispatched at once drained
 * at a third of the rate). A commit's notification wakes it at once; a poll every
 * `ALERT_DISPATCH_POLL_MS` finds what no notification announced (alerts committed while no worker
 * ran, a dropped connection, room made in the window). Each claim is taken with
 * `FOR UPDATE SKIP LOCKED` and marked dispatched in the transaction that claimed it, after its
 * workflows started, so several workers never claim one alert and a crash in between leaves the
 * alert to the next claim. Starting is idempotent (the workflow id is the business key), so a start
 * repeated after such a crash is harmless; a batch formed otherwise on the next claim finds its
 * alerts' decisions stored (see `batchKey`).
 *
 * With tracing on, each start runs in the trace stored with the alert: the workflow continues the
 * request that accepted the alert, whichever worker starts it and however much later.
 */
@Injectable()
export class AlertDispatcher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly alerts: AlertsRepository;
  private timer?: NodeJS.Timeout;
  private relisten?: NodeJS.Timeout;
  private listener?: pg.Client;
  private running?: Promise<number>;
  private again = false;
  private stopped = false;

  constructor(
    private readonly client: Client,
    private readonly db: DataSource,
    @Inject(QUELL_CONFIG) private readonly config: QuellConfig,
    @Inject(BACKENDS) private readonly backends: BackendAddresses,
    @Inject(TRACING) private readonly tracing: Tracing,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    this.alerts = new AlertsRepository(db);
  }

  async onApplicationBootstrap(): Promise<void> {
    this.timer = setInterval(() => void this.drain(), this.config.alerts.dispatchPollMs);
    this.timer.unref();
    await this.listen();
    void this.drain();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    clearTimeout(this.relisten);
    await this.listener?.end().catch(() => undefined);
    await this.running;
  }

  /**
   * Starts the workflows of everything committed and not yet dispatched; resolves with how many
   * alerts and revisions this run dispatched. A call during a run joins it, and the run goes round
   * once more, so what was committed before the call is covered.
   */
  drain(): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    const run = async () => {
      let total = 0;
      try {
        do {
          this.again = false;
          for (let n = -1; n !== 0 && !this.stopped; total += n) n = await this.dispatchBatch();
        } while (this.again && !this.stopped);
      } catch (err) {
        this.log.warn({ err }, 'could not dispatch committed alerts now; will retry');
      }
      return total;
    };
    this.running = run().finally(() => (this.running = undefined));
    return this.running;
  }

  private dispatchBatch(): Promise<number> {
    return this.db.transaction(async (m) => {
      const { batchFrom, batchSize, dispatchAhead } = this.config.alerts;
      // What all workers have in hand; a full claim more would pass the window, so new alerts wait.
      const inHand = await this.alerts.dispatchedUncorrelated(m, IN_HAND_SECS, dispatchAhead);
      const ids = dispatchAhead - inHand >= ALERT_CLAIM ? await this.alerts.claimUndispatched(m, ALERT_CLAIM) : [];
      const updates = await this.alerts.claimUndispatchedUpdates(m, ALERT_CLAIM);
      if (!ids.length && !updates.length) return 0;
      const inTrace = await this.inStoredTrace([...ids, ...updates.map((u) => u.id)]);
      if (batchSize > 1 && ids.length >= batchFrom)
        // A batch runs in the trace of its first alert.
        await inParallel(chunks(ids, batchSize), STARTS_IN_FLIGHT, (alertIds) =>
          inTrace(alertIds[0], () => this.start('alertBatchWorkflow', alertBatchWorkflowId(batchKey(alertIds)), { alertIds })),
        );
      else
        await inParallel(ids, STARTS_IN_FLIGHT, (alertId) =>
          inTrace(alertId, () => this.start('alertWorkflow', alertWorkflowId(alertId), { alertId })),
        );
      await inParallel(updates, STARTS_IN_FLIGHT, ({ id, revision }) =>
        inTrace(id, () => this.start('alertUpdateWorkflow', alertUpdateWorkflowId(id, revision), { alertId: id, revision })),
      );
      await this.alerts.markDispatched(m, ids);
      await this.alerts.markUpdatesDispatched(m, updates);
      this.log.debug({ alerts: ids.length, updates: updates.length }, 'dispatched committed alerts');
      return ids.length + updates.length;
    });
  }

  /** Runs a start in the context of the trace stored with its alert (directly with tracing off). */
  private async inStoredTrace(alertIds: string[]): Promise<(alertId: string, start: () => Promise<void>) => Promise<void>> {
    if (!this.tracing.enabled || !alertIds.length) return (_alertId, start) => start();
    const traces = await this.alerts.traceparentsOf([...new Set(alertIds)]);
    return (alertId, start) => context.with(contextFromTraceparent(traces.get(alertId)), start);
  }

  private async start(workflowType: string, workflowId: string, input: object): Promise<void> {
    try {
      await this.client.workflow.start(workflowType, {
        workflowId,
        taskQueue: this.config.temporal.taskQueue,
        args: [input],
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        workflowIdConflictPolicy: 'USE_EXISTING',
      });
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }

  /** A connection of its own for LISTEN (a pooled one would be handed to queries). Failing to listen is not fatal: the poll dispatches. */
  private async listen(): Promise<void> {
    if (this.stopped) return;
    const listener = new pg.Client({ connectionString: this.backends.databaseUrl });
    const retry = (err?: unknown) => {
      if (this.listener !== listener || this.stopped) return;
      this.listener = undefined;
      this.log.warn({ err }, 'alert notifications lost; polling until listening again');
      void listener.end().catch(() => undefined);
      this.relisten = setTimeout(() => void this.listen(), RELISTEN_MS);
      this.relisten.unref();
    };
    listener.on('notification', () => void this.drain());
    listener.on('error', retry);
    listener.on('end', () => retry());
    this.listener = listener;
    try {
      await listener.connect();
      await listener.query(`LISTEN ${ALERTS_STORED_CHANNEL}`);
    } catch (err) {
      retry(err);
    }
  }
}

function chunks<T>(items: T[], size: number): T[][] {
  return Array.from({ length: Math.ceil(items.length / size) }, (_, i) => items.slice(i * size, (i + 1) * size));
}

/**
 * A batch's business key: a digest of its alert ids, in order. Starting it again after a crash
 * before the claim committed finds the same workflow; a re-claim that groups the alerts otherwise
 * starts another batch, which finds the decisions already stored (correlation is idempotent per alert).
 */
export function batchKey(alertIds: string[]): string {
  return createHash('sha256').update(alertIds.join(',')).digest('hex').slice(0, 32);
}
