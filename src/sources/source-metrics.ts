import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { metricsRegistry } from '../http/metrics.js';
import { PullSourceRepository } from './pull-source.repository.js';
import { SourceRepository } from './source.repository.js';
import type { SourceRow } from './source.repository.js';

/**
 * Prometheus: per source, the lag and the counts kept with its cursor. They are read from
 * PostgreSQL at scrape time, so every process (API or worker) reports the same numbers.
 */
@Injectable()
export class SourceMetrics implements OnModuleInit {
  constructor(
    private readonly repo: SourceRepository,
    private readonly pulls: PullSourceRepository,
    @Inject(QUELL_CONFIG) private readonly config: QuellConfig,
  ) {}

  onModuleInit(): void {
    if (metricsRegistry.getSingleMetric('quell_source_lag_seconds')) return;
    const configured = this.config.sources.map((s) => s.name);
    let rows: Promise<SourceRow[]> | undefined;
    // One read per scrape for all the metrics below: the configured sources and those created through the API.
    const read = () => {
      rows ??= this.pulls
        .list()
        .then((created) => this.repo.list([...configured, ...created.map((r) => r.name)]))
        .catch(() => [])
        .finally(() => setTimeout(() => (rows = undefined), 1000).unref());
      return rows;
    };
    metricsRegistry.registerMetric(
      new Gauge({
        name: 'quell_source_lag_seconds',
        help: 'Seconds since the start of the last complete sweep of a pull source',
        labelNames: ['source'] as const,
        registers: [],
        async collect() {
          this.reset();
          for (const r of await read()) if (r.caughtUpAt) this.set({ source: r.name }, (Date.now() - r.caughtUpAt.getTime()) / 1000);
        },
      }),
    );
    const counter = (name: string, help: string, value: (r: SourceRow) => number) =>
      new Counter({
        name,
        help,
        labelNames: ['source'] as const,
        registers: [metricsRegistry],
        async collect() {
          this.reset();
          for (const r of await read()) this.inc({ source: r.name }, value(r));
        },
      });
    counter('quell_source_alerts_pulled_total', 'Alerts a pull source read from the vendor', (r) => r.pulled);
    counter('quell_source_errors_total', 'Failed pages of a pull source', (r) => r.errors);
    new Counter({
      name: 'quell_source_alerts_ingested_total',
      help: 'Pulled alerts by what ingestion did (created, updated, unchanged, rejected)',
      labelNames: ['source', 'outcome'] as const,
      registers: [metricsRegistry],
      async collect() {
        this.reset();
        for (const r of await read())
          for (const [outcome, n] of Object.entries(r.outcomes)) this.inc({ source: r.name, outcome }, Number(n));
      },
    });
  }
}
