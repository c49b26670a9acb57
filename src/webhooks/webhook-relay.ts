import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { LOGGER } from '../infra/logger.provider.js';
import { PeriodicTask } from '../infra/periodic-task.js';

export const MAX_DELIVERY_ATTEMPTS = 8;
const TIMEOUT_MS = 10_000;
/** How long a claimed delivery stays with its relay: longer than a delivery can take. */
const LEASE_SECONDS = TIMEOUT_MS / 1000 + 20;

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
 * backoff, the last status kept on the webhook. Rows are claimed with SKIP LOCKED and a lease, so
 * several workers share the work without sending anything twice at once, and no transaction stays
 * open while a receiver answers.
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

  /**
   * Claims due deliveries with a lease (one short statement: their next attempt moves past the
   * delivery timeout), sends them outside any transaction, then records each outcome. A relay
   * that dies mid-round leaves its claims to be retried when the lease runs out.
   */
  deliverDue(): Promise<number> {
    return this.exclusively(async () => {
      const [due]: [Due[], number] = await this.db.query(
        `WITH due AS (
           SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now()
           ORDER BY next_attempt_at LIMIT 20 FOR UPDATE SKIP LOCKED
         )
         UPDATE webhook_deliveries d SET next_attempt_at = now() + make_interval(secs => $1)
         FROM due, webhooks w WHERE d.id = due.id AND w.id = d.webhook_id
         RETURNING d.id, d.webhook_id, d.event, d.event_id, d.payload, d.attempts, w.url, w.secret`,
        [LEASE_SECONDS],
      );
      await Promise.all(due.map((d) => this.deliver(d)));
      return due.length;
    });
  }

  private async deliver(d: Due): Promise<void> {
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
    // Only the claim that made this attempt records it (a relay whose lease ran out does not).
    const [, recorded] = await this.db.query(
      `UPDATE webhook_deliveries SET attempts = $2, status = $3, last_status_code = $4, last_error = $5,
         next_attempt_at = now() + make_interval(secs => $6), delivered_at = CASE WHEN $3 = 'delivered' THEN now() END
       WHERE id = $1 AND attempts = $7 AND status = 'pending'`,
      [d.id, attempts, status, code, error, Math.min(2 ** attempts, 3600), d.attempts],
    );
    if (!recorded) return;
    await this.db.query(`UPDATE webhooks SET last_status = $2, last_error = $3, last_delivery_at = now() WHERE id = $1`, [d.webhook_id, error ? `failed (${code ?? 'no response'})` : `delivered (${code})`, error]);
  }
}
