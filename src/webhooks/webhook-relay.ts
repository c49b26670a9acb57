import { createHmac } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../infra/logger.provider.js';
import { PeriodicTask } from '../infra/periodic-task.js';
import { type DueDelivery, WebhookStore } from './webhook.store.js';

export const MAX_DELIVERY_ATTEMPTS = 8;
const TIMEOUT_MS = 10_000;
/** How long a claimed delivery stays with its relay: longer than a delivery can take. */
const LEASE_SECONDS = TIMEOUT_MS / 1000 + 20;

/** `sha256=<hex>` over `<timestamp>.<body>`: receivers recompute it with the shared secret. */
export function signature(secret: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`;
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
    private readonly store: WebhookStore,
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
      const due = await this.store.claimDue(LEASE_SECONDS, 20);
      await Promise.all(due.map((d) => this.deliver(d)));
      return due.length;
    });
  }

  private async deliver(d: DueDelivery): Promise<void> {
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
    await this.store.recordAttempt(d, { attempts, status, code, error, retryInSeconds: Math.min(2 ** attempts, 3600) });
  }
}
