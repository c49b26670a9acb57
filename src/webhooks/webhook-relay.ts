import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER } from '../infra/logger.provider.js';
import { PeriodicTask } from '../infra/periodic-task.js';

export const MAX_DELIVERY_ATTEMPTS = 8;
const TIMEOUT_MS = 10_000;

/** `sha256=<hex>` over `<timestamp>.<body>`: receivers recompute it with the shared secret. */
export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
}

interface Due {
  id: string;
  webhook_id: string;
  event: string;
  event_id: string;
  payload: unknown;
  attempts: number;
  url: string;
  secret: string;
}

/**
 * Delivers queued webhook events (worker role): signed with HMAC-SHA256, retried with exponential
 * backoff, the last status kept on the webhook. Rows are claimed with SKIP LOCKED, so several
 * workers share the work without sending anything twice at once.
 */
@Injectable()
export class WebhookRelay extends PeriodicTask {
  static intervalMs = 1_000;

  constructor(
    private readonly db: DataSource,
    @Inject(LOGGER) log: Logger,
  ) {
    super(log, WebhookRelay.intervalMs, 'webhook delivery round failed');
  }

  protected tick(): Promise<number> {
    return this.deliverDue();
  }

  deliverDue(): Promise<number> {
    return this.exclusively(() =>
      this.db.transaction(async (m) => {
        const due: Due[] = await m.query(
          `SELECT d.id, d.webhook_id, d.event, d.event_id, d.payload, d.attempts, w.url, w.secret
           FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id
           WHERE d.status = 'pending' AND d.next_attempt_at <= now()
           ORDER BY d.next_attempt_at LIMIT 20 FOR UPDATE OF d SKIP LOCKED`,
        );
        await Promise.all(due.map((d) => this.deliver(m, d)));
        return due.length;
      }),
    );
  }

  private async deliver(m: { query(sql: string, params?: unknown[]): Promise<unknown> }, d: Due): Promise<void> {
    const body = JSON.stringify(d.payload);
    const timestamp = String(Math.floor(Date.now() / 1000));
    let code: number | null = null;
    let error: string | null = null;
    try {
      const res = await fetch(d.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          'user-agent': 'Quell-Webhooks/1',
          'x-quell-event': d.event,
          'x-quell-delivery': d.event_id,
          'x-quell-timestamp': timestamp,
          'x-quell-signature': signature(d.secret, timestamp, body),
        },
        body,
        signal: AbortSignal.timeout(TIMEOUT_MS),
        redirect: 'manual',
      });
      code = res.status;
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (err) {
      error = (err as Error).message;
    }
    const attempts = d.attempts + 1;
    const status = !error ? 'delivered' : attempts >= MAX_DELIVERY_ATTEMPTS ? 'failed' : 'pending';
    await m.query(
      `UPDATE webhook_deliveries SET attempts = $2, status = $3, last_status_code = $4, last_error = $5,
         next_attempt_at = now() + make_interval(secs => $6), delivered_at = CASE WHEN $3 = 'delivered' THEN now() END
       WHERE id = $1`,
      [d.id, attempts, status, code, error, Math.min(2 ** attempts, 3600)],
    );
    await m.query(`UPDATE webhooks SET last_status = $2, last_error = $3, last_delivery_at = now() WHERE id = $1`, [d.webhook_id, error ? `failed (${code ?? 'no response'})` : `delivered (${code})`, error]);
  }
}
