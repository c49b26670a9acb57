import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { LOGGER } from '../infra/logger.provider.js';
import { PeriodicTask } from '../infra/periodic-task.js';
import { AuditStreamRepository } from './audit-stream.repository.js';
import { AuditStore, type AuditRecord } from './audit.store.js';
import { toOcsfApiActivity } from './ocsf.js';

/** The cursor row of the HTTP receiver (one per kind of receiver). */
export const HTTP_RECEIVER = 'http';

/** Seconds until the next attempt after `failures` failures in a row: 1, 2, 4, … up to the cap. */
export function backoffSeconds(failures: number, capMs: number): number {
  return Math.min(2 ** Math.max(0, failures - 1), capMs / 1000);
}

/**
 * Streams committed audit rows to the SIEM's HTTP receiver (worker role), never on a request's
 * path: batches of OCSF API Activity events in sequence order, the cursor advanced only after a
 * 2xx, so delivery is at least once and a receiver that was down gets everything, in order, when
 * it is back. The cursor row's lease keeps one sender at a time across workers; failures back off
 * exponentially up to AUDIT_STREAM_RETRY_MAX_SECONDS.
 */
@Injectable()
export class AuditStreamRelay extends PeriodicTask {
  static intervalMs = 1_000;
  private stopped = false;

  constructor(
    private readonly store: AuditStore,
    private readonly cursors: AuditStreamRepository,
    @Inject(QUELL_CONFIG) private readonly config: QuellConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    super(log, AuditStreamRelay.intervalMs, 'audit stream round failed');
  }

  protected tick(): Promise<number> {
    return this.deliver();
  }

  override onApplicationShutdown(): void {
    this.stopped = true;
    super.onApplicationShutdown();
  }

  private get settings(): NonNullable<QuellConfig['auditStream']> {
    return this.config.auditStream!;
  }

  /** How long a claim is kept: longer than one POST can take. */
  private get leaseSeconds(): number {
    return this.settings.timeoutMs / 1000 + 20;
  }

  /** Sends every row after the cursor, a batch at a time, until caught up or a batch fails; returns the rows delivered. */
  deliver(): Promise<number> {
    return this.exclusively(async () => {
      const cursor = await this.cursors.claim(HTTP_RECEIVER, this.leaseSeconds);
      if (!cursor) return 0;
      let at = cursor.deliveredSeq;
      let sent = 0;
      while (!this.stopped) {
        const rows = await this.store.after(at, this.settings.batchSize);
        if (!rows.length) break;
        const error = await this.post(rows);
        if (error) {
          const retryInSeconds = backoffSeconds(cursor.consecutiveFailures + 1, this.settings.retryMaxMs);
          await this.cursors.fail(HTTP_RECEIVER, error, retryInSeconds);
          this.log.warn(
            { receiver: new URL(this.settings.url).origin, fromSeq: rows[0].seq, count: rows.length, error, retryInSeconds },
            'audit stream: the receiver did not accept a batch; will retry',
          );
          return sent;
        }
        const last = rows[rows.length - 1].seq;
        if (!(await this.cursors.advance(HTTP_RECEIVER, at, last, rows.length, this.leaseSeconds))) return sent;
        at = last;
        sent += rows.length;
      }
      await this.cursors.release(HTTP_RECEIVER);
      if (sent) this.log.debug({ count: sent, seq: at }, 'audit stream: delivered');
      return sent;
    });
  }

  /** One POST of a JSON array of events; the failure in words, or null after a 2xx. */
  private async post(rows: AuditRecord[]): Promise<string | null> {
    const { url, token, timeoutMs } = this.settings;
    try {
      const res = await fetch(url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Quell-Audit-Stream/1',
          ...(token ? { authorization: `Bearer ${token()}` } : {}),
        },
        body: JSON.stringify(rows.map(toOcsfApiActivity)),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'manual',
      });
      await res.body?.cancel();
      return res.status >= 200 && res.status < 300 ? null : `HTTP ${res.status}`;
    } catch (err) {
      return (err as Error).message;
    }
  }
}
