import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Logger } from 'pino';
import { writebackWorkflowId } from '../../../workflows/ids.js';
import { QUELL_CONFIG, type QuellConfig } from '../../config/config.js';
import { LOGGER } from '../../infra/logger.provider.js';
import { PeriodicTask } from '../../infra/periodic-task.js';
import { type WritebackRequest, WritebackStore } from './writeback.store.js';

/** Starts the write-back workflow of each request; idempotent, the workflow id is the incident's version after the change. */
@Injectable()
export class WritebackDispatcher {
  constructor(
    private readonly client: Client,
    private readonly store: WritebackStore,
    @Inject(QUELL_CONFIG) private readonly config: QuellConfig,
  ) {}

  async start(requests: WritebackRequest[]): Promise<void> {
    for (const r of requests) {
      try {
        await this.client.workflow.start('writebackWorkflow', {
          workflowId: writebackWorkflowId(r.incidentId, r.version),
          taskQueue: this.config.temporal.taskQueue,
          args: [{ requestId: r.id, incidentId: r.incidentId, version: r.version }],
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
          workflowIdConflictPolicy: 'USE_EXISTING',
        });
      } catch (err) {
        if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
      }
    }
    await this.store.markStarted(requests.map((r) => r.id));
  }
}

/** Starts write-backs whose workflow start a crash or a Temporal outage left out. Runs in the worker role. */
@Injectable()
export class WritebackRelay extends PeriodicTask {
  static readonly INTERVAL_MS = 5_000;
  static readonly GRACE_MS = 10_000;

  constructor(
    private readonly store: WritebackStore,
    private readonly dispatcher: WritebackDispatcher,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    super(log, WritebackRelay.INTERVAL_MS, 'write-back sweep failed');
  }

  protected tick(): Promise<number> {
    return this.sweep();
  }

  sweep(graceMs = WritebackRelay.GRACE_MS): Promise<number> {
    return this.exclusively(async () => {
      const requests = await this.store.findUnstarted(graceMs, 100);
      if (requests.length) {
        await this.dispatcher.start(requests);
        this.log.info({ count: requests.length }, 'started write-backs left unstarted');
      }
      return requests.length;
    });
  }
}
