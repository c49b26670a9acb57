import { Injectable, type OnModuleInit } from '@nestjs/common';
import { Gauge, Histogram } from 'prom-client';
import { DataSource } from 'typeorm';
import { metricsRegistry } from '../http/metrics.js';
import { ActionStore } from './action.store.js';

/** Prometheus: pending actions, actions by type and status (read at scrape time), decision latency. */
@Injectable()
export class ActionMetrics implements OnModuleInit {
  readonly decisionLatency = new Histogram({
    name: 'quell_action_decision_latency_seconds',
    help: 'Time from an action being proposed to a person deciding it',
    labelNames: ['decision'] as const,
    buckets: [1, 10, 60, 300, 900, 3600, 4 * 3600, 24 * 3600, 7 * 24 * 3600],
    registers: [],
  });

  constructor(private readonly db: DataSource) {}

  onModuleInit(): void {
    if (metricsRegistry.getSingleMetric('quell_actions')) return;
    const store = new ActionStore(this.db);
    metricsRegistry.registerMetric(this.decisionLatency);
    metricsRegistry.registerMetric(
      new Gauge({
        name: 'quell_actions',
        help: 'Remediation actions by type and status',
        labelNames: ['type', 'status'] as const,
        registers: [],
        async collect() {
          this.reset();
          const rows = await store.countByTypeAndStatus().catch(() => []);
          for (const r of rows) this.set({ type: r.type, status: r.status }, r.n);
        },
      }),
    );
    metricsRegistry.registerMetric(
      new Gauge({
        name: 'quell_actions_pending',
        help: 'Actions waiting for approval',
        registers: [],
        async collect() {
          this.set(await store.countPending().catch(() => 0));
        },
      }),
    );
  }
}
