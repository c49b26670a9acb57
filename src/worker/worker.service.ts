import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import {
  makeWorkflowExporter,
  OpenTelemetryActivityInboundInterceptor,
  OpenTelemetryActivityOutboundInterceptor,
  type OpenTelemetrySinks,
} from '@temporalio/interceptors-opentelemetry';
import { type InjectedSinks, NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import type { Logger } from 'pino';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { LOGGER } from '../infra/logger.provider.js';
import { BACKENDS, type BackendAddresses } from '../infra/tokens.js';
import { TRACING, type Tracing } from '../infra/tracing.js';
import { temporalConnectionOptions } from '../temporal/connection.js';
import { WORKFLOW_BUNDLE_OPTIONS, WORKFLOW_INTERCEPTOR_MODULES } from './bundle-options.js';
import { installTemporalRuntime } from './temporal-runtime.js';
import { ACTIVITIES, type Activities } from './activities.provider.js';

/** The workflow code: a prebuilt bundle when there is one, else the workflows folder next to this build. */
export function workflowSource(
  config: QuellConfig,
): { workflowBundle: { codePath: string } } | { workflowsPath: string; bundlerOptions: typeof WORKFLOW_BUNDLE_OPTIONS } {
  if (config.temporal.workflowBundlePath) return { workflowBundle: { codePath: config.temporal.workflowBundlePath } };
  const built = fileURLToPath(new URL('../../workflow-bundle.js', import.meta.url));
  if (built.includes('/dist/') && existsSync(built)) return { workflowBundle: { codePath: built } };
  const js = fileURLToPath(new URL('../../workflows/index.js', import.meta.url));
  return { workflowsPath: existsSync(js) ? js : js.replace(/\.js$/, '.ts'), bundlerOptions: WORKFLOW_BUNDLE_OPTIONS };
}

/**
 * The worker's half of tracing. The interceptor module is in every bundle (it is used only when
 * the worker bundles at start; a prebuilt bundle has it built in); with tracing on, activities run
 * in spans continuing their workflow's, and workflow spans leave the sandbox through the `exporter`
 * sink. With tracing off the sink drops what a run started by a tracing client would send.
 */
export function workerTracing(tracing: Tracing): Pick<WorkerOptions, 'interceptors' | 'sinks'> {
  const interceptors = { workflowModules: WORKFLOW_INTERCEPTOR_MODULES };
  if (!tracing.enabled || !tracing.spanProcessor || !tracing.resource) {
    const drop: InjectedSinks<OpenTelemetrySinks> = { exporter: { export: { fn: () => undefined } } };
    return { interceptors, sinks: drop };
  }
  const sinks: InjectedSinks<OpenTelemetrySinks> = { exporter: makeWorkflowExporter(tracing.spanProcessor, tracing.resource) };
  return {
    interceptors: {
      ...interceptors,
      activity: [
        (ctx) => ({
          inbound: new OpenTelemetryActivityInboundInterceptor(ctx),
          outbound: new OpenTelemetryActivityOutboundInterceptor(ctx),
        }),
      ],
    },
    sinks,
  };
}

/** Owns the Temporal Worker: creates it on boot, runs it, and drains it on shutdown. */
@Injectable()
export class WorkerService implements OnApplicationBootstrap, OnApplicationShutdown {
  private worker?: Worker;
  private connection?: NativeConnection;
  private running?: Promise<void>;

  constructor(
    @Inject(QUELL_CONFIG) private readonly config: QuellConfig,
    @Inject(BACKENDS) private readonly backends: BackendAddresses,
    @Inject(ACTIVITIES) private readonly activities: Activities,
    @Inject(LOGGER) private readonly log: Logger,
    @Inject(TRACING) private readonly tracing: Tracing,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    installTemporalRuntime(this.log);
    this.connection = await NativeConnection.connect(temporalConnectionOptions(this.config, this.backends.temporalAddress));
    this.worker = await Worker.create({
      connection: this.connection,
      namespace: this.config.temporal.namespace,
      taskQueue: this.config.temporal.taskQueue,
      ...workflowSource(this.config),
      activities: this.activities,
      ...workerTracing(this.tracing),
      maxConcurrentActivityTaskExecutions: this.config.worker.maxConcurrentActivities,
      maxConcurrentWorkflowTaskExecutions: this.config.worker.maxConcurrentWorkflowTasks,
      maxCachedWorkflows: this.config.worker.maxCachedWorkflows,
      shutdownGraceTime: '10s',
    });
    this.running = this.worker.run().catch((err) => {
      this.log.fatal({ err }, 'Temporal worker stopped with an error');
      throw err;
    });
    this.log.info({ taskQueue: this.config.temporal.taskQueue, namespace: this.config.temporal.namespace }, 'worker running');
  }

  get state(): string {
    return this.worker?.getState() ?? 'UNINITIALIZED';
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.worker && this.worker.getState() === 'RUNNING') this.worker.shutdown();
    await this.running?.catch(() => undefined);
    await this.connection?.close();
  }
}
