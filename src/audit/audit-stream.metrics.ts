import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { Counter, Gauge } from 'prom-client';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { metricsRegistry } from '../http/metrics.js';
import { AuditStreamRepository, type StreamCursor } from './audit-stream.repository.js';
import { AuditStore } from './audit.store.js';
import { HTTP_RECEIVER } from './audit-stream.relay.js';

interface StreamState {
  cursor?: StreamCursor;
  behind: { rows: number; oldestAt: Date | null };
}

/**
 * Prometheus, when the audit stream is configured: rows delivered, failed attempts, and how far
 * the receiver is behind (rows, and seconds since the oldest undelivered row was written). Read
 * from PostgreSQL at scrape time, so the API and the worker report the same numbers.
 */
@Injectable()
export class AuditStreamMetrics implements OnModuleInit {
  constructor(
    private readonly cursors: AuditStreamRepository,
    private readonly store: AuditStore,
    @Inject(QUELL_CONFIG) private readonly config: QuellConfig,
  ) {}

  onModuleInit(): void {
    if (!this.config.auditStream || metricsRegistry.getSingleMetric('quell_audit_stream_lag_rows')) return;
    let state: Promise<StreamState | undefined> | undefined;
    // One read per scrape for all four metrics.
    const read = () => {
      state ??= (async () => {
        const cursor = await this.cursors.get(HTTP_RECEIVER);
        return { cursor, behind: await this.store.behind(cursor?.deliveredSeq ?? 0) };
      })()
        .catch(() => undefined)
        .finally(() => setTimeout(() => (state = undefined), 1000).unref());
      return state;
    };
    new Counter({
      name: 'quell_audit_stream_delivered_total',
      help: 'Audit rows the SIEM receiver acknowledged',
      registers: [metricsRegistry],
      async collect() {
        const s = await read();
        if (s) {
          this.reset();
          this.inc(s.cursor?.deliveredTotal ?? 0);
        }
      },
    });
    new Counter({
      name: 'quell_audit_stream_failures_total',
      help: 'Batches of audit rows the SIEM receiver did not accept (error, timeout or non-2xx)',
      registers: [metricsRegistry],
      async collect() {
        const s = await read();
        if (s) {
          this.reset();
          this.inc(s.cursor?.failuresTotal ?? 0);
        }
      },
    });
    new Gauge({
      name: 'quell_audit_stream_lag_rows',
      help: 'Audit rows not yet delivered to the SIEM receiver',
      registers: [metricsRegistry],
      async collect() {
        const s = await read();
        if (s) this.set(s.behind.rows);
      },
    });
    new Gauge({
      name: 'quell_audit_stream_lag_seconds',
      help: 'Seconds since the oldest audit row not yet delivered to the SIEM receiver was written (0 when caught up)',
      registers: [metricsRegistry],
      async collect() {
        const s = await read();
        if (s) this.set(s.behind.oldestAt ? (Date.now() - s.behind.oldestAt.getTime()) / 1000 : 0);
      },
    });
  }
}
