import { Inject, Injectable, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import { Gauge } from 'prom-client';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { metricsRegistry } from '../http/metrics.js';
import { Problem } from '../http/problem.js';
import { AlertsRepository } from './alerts.repository.js';

export interface Backlog {
  /** Alerts committed but not correlated yet. */
  count: number;
  /** When the oldest of them was received. */
  oldest: Date | null;
}

/** How long a refused sender is asked to wait before the drain rate is known. */
const RETRY_AFTER_UNKNOWN_MS = 5_000;
/** The longest wait asked for: also what is asked while nothing drains (no worker running). */
const RETRY_AFTER_MAX_MS = 60_000;

/**
 * How long a refused sender should wait: until the workers have taken the alerts past the limit
 * off the backlog at the rate they drained it lately, between 1 s and a minute; 5 s while the rate
 * is not known yet.
 */
export function retryAfterMs(pastLimit: number, drainPerSec: number | undefined): number {
  if (drainPerSec === undefined) return RETRY_AFTER_UNKNOWN_MS;
  if (drainPerSec <= 0) return RETRY_AFTER_MAX_MS;
  return Math.min(RETRY_AFTER_MAX_MS, Math.max(1_000, Math.ceil((pastLimit / drainPerSec) * 1000)));
}

/**
 * The backlog behind backpressure: alerts committed but not yet correlated. Past
 * `ALERT_BACKLOG_LIMIT`, `POST /alerts` answers 429 with `Retry-After` and stores nothing, so a
 * storm cannot pile up faster than the workers drain it, and the rest of the API is untouched. The
 * count is read through a partial index, at most once a second per process (concurrent callers
 * share one read, and go on with the previous count while it runs); alerts this process commits in
 * between are added to it. Two reads give the drain rate the `Retry-After` is computed from: what
 * left the backlog between them (alerts other API processes committed meanwhile make it an
 * underestimate, so the wait asked for errs long).
 */
@Injectable()
export class AlertBacklog implements OnModuleInit, OnModuleDestroy {
  static readonly REFRESH_MS = 1_000;
  /** A count this old is not used while a newer one is read. */
  static readonly MAX_STALE_MS = 5_000;
  /** The instance the scrape reads (the last one initialised: tests boot several applications in one process). */
  private static scraped?: AlertBacklog;
  private cached?: Backlog & { readAt: number };
  private reading?: Promise<Backlog>;
  /** Alerts per second that left the backlog, smoothed over the last reads. */
  private drainPerSec?: number;

  constructor(
    private readonly alerts: AlertsRepository,
    @Inject(QUELL_CONFIG) private readonly config: QuellConfig,
  ) {}

  onModuleInit(): void {
    AlertBacklog.scraped = this;
    if (metricsRegistry.getSingleMetric('quell_alert_backlog')) return;
    new Gauge({
      name: 'quell_alert_backlog',
      help: 'Alerts committed but not yet correlated',
      registers: [metricsRegistry],
      async collect() {
        const b = await AlertBacklog.scraped?.current().catch(() => undefined);
        if (b) this.set(b.count);
      },
    });
    new Gauge({
      name: 'quell_alert_backlog_age_seconds',
      help: 'Seconds since the oldest alert not yet correlated was received (0 when none waits)',
      registers: [metricsRegistry],
      async collect() {
        const b = await AlertBacklog.scraped?.current().catch(() => undefined);
        if (b) this.set(b.oldest ? Math.max(0, (Date.now() - b.oldest.getTime()) / 1000) : 0);
      },
    });
  }

  onModuleDestroy(): void {
    if (AlertBacklog.scraped === this) AlertBacklog.scraped = undefined;
  }

  /**
   * The backlog as last read. Past `REFRESH_MS` a read starts, and callers go on with the last count
   * while it runs (the count takes tens of milliseconds per hundred thousand waiting alerts, and
   * every POST would otherwise wait for it); only a count older than `MAX_STALE_MS`, or none yet,
   * is waited for.
   */
  current(): Promise<Backlog> {
    const age = this.cached ? Date.now() - this.cached.readAt : Infinity;
    if (age < AlertBacklog.REFRESH_MS) return Promise.resolve(this.cached!);
    const reading = (this.reading ??= this.alerts
      .backlog()
      .then((b) => this.took(b))
      .finally(() => (this.reading = undefined)));
    if (age < AlertBacklog.MAX_STALE_MS) {
      // Nobody waits for this read: a failure shows in the next read, which waits once the count is too old.
      reading.catch(() => undefined);
      return Promise.resolve(this.cached!);
    }
    return reading;
  }

  /** Refuses more alerts while the backlog exceeds the configured limit (0 = no limit). */
  async admit(): Promise<void> {
    const limit = this.config.alerts.backlogLimit;
    if (!limit) return;
    const { count } = await this.current();
    if (count > limit) {
      throw Problem.tooManyRequests(
        `${count} alerts are waiting to be correlated, more than the configured backlog limit of ${limit}; nothing was stored.`,
        retryAfterMs(count - limit, this.drainPerSec),
      );
    }
  }

  private took(b: Backlog): Backlog {
    const now = Date.now();
    const prev = this.cached;
    // Only an interval the backlog never emptied measures how fast the workers go.
    if (prev && prev.count > 0 && b.count > 0 && now > prev.readAt) {
      const rate = Math.max(0, prev.count - b.count) / ((now - prev.readAt) / 1000);
      this.drainPerSec = this.drainPerSec === undefined ? rate : (this.drainPerSec + rate) / 2;
    }
    this.cached = { ...b, readAt: now };
    return this.cached;
  }

  /** Alerts this process has just committed: counted until the next read sees them. */
  added(count: number): void {
    if (this.cached && count > 0) this.cached.count += count;
  }
}
