import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { type Audited, recordAudit } from '../audit/audit.store.js';
import type { WebhookEvent } from './events.js';
import type { WebhookDelivery, WebhookView } from './webhook.dto.js';
import { named } from '../db/named-statement.js';

/** A delivery claimed by a relay, with where and how to send it. */
export interface DueDelivery {
  id: string;
  webhook_id: string;
  event: string;
  event_id: string;
  payload: unknown;
  attempts: number;
  url: string;
  secret: string;
}

const COLUMNS = `id, url, events, created_by AS "createdBy", created_at AS "createdAt", last_status AS "lastStatus",
  last_delivery_at AS "lastDeliveryAt", last_error AS "lastError", left(secret, 10) AS "secretPrefix"`;

/** A subscription as the audit log keeps it: without any part of its signing secret. */
function auditView(w: WebhookView): Omit<WebhookView, 'secretPrefix'> {
  const { secretPrefix: _omitted, ...rest } = w;
  return rest;
}

/** A UUID derived from a business key, so a retried write queues the same event, not a second one. */
function eventId(event: string, key: string): string {
  const h = createHash('sha256').update(`${event}|${key}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * Queues an event for every webhook subscribed to it, inside the caller's transaction: the event
 * is delivered if and only if the change that caused it commits (a transactional outbox).
 */
export async function emitEvent(m: EntityManager | DataSource, event: WebhookEvent, key: string, data: object): Promise<void> {
  const id = eventId(event, key);
  const payload = { id, event, at: new Date().toISOString(), data };
  await m.query(
    named(
      'webhook-event-queue',
      `INSERT INTO webhook_deliveries (webhook_id, event_id, event, payload)
     SELECT id, $1, $2, $3 FROM webhooks WHERE $2 = ANY(events)
     ON CONFLICT (webhook_id, event_id) DO NOTHING`,
    ),
    [id, event, JSON.stringify(payload)],
  );
}

/** Owns `webhooks` and `webhook_deliveries` (the outbox that `emitEvent` fills and relays drain). */
@Injectable()
export class WebhookStore {
  constructor(private readonly db: DataSource) {}

  /** The subscription and its audit entry commit together; the audit entry never holds the secret or its prefix. */
  async create(url: string, events: WebhookEvent[], secret: string, by: Audited): Promise<WebhookView> {
    return this.db.transaction(async (m) => {
      const [row]: WebhookView[] = await m.query(
        `INSERT INTO webhooks (url, events, secret, created_by) VALUES ($1, $2, $3, $4) RETURNING ${COLUMNS}`,
        [url, events, secret, by.actor.name],
      );
      await recordAudit(m, { ...by, action: 'webhook.created', target: { type: 'webhook', id: row.id }, after: auditView(row) });
      return row;
    });
  }

  list(): Promise<WebhookView[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM webhooks ORDER BY created_at, id`);
  }

  async exists(id: string): Promise<boolean> {
    return (await this.db.query('SELECT 1 FROM webhooks WHERE id = $1', [id])).length > 0;
  }

  /** Whether there was one to remove. */
  async remove(id: string, by: Audited): Promise<boolean> {
    return this.db.transaction(async (m) => {
      const [removed]: [WebhookView[], number] = await m.query(`DELETE FROM webhooks WHERE id = $1 RETURNING ${COLUMNS}`, [id]);
      if (!removed.length) return false;
      await recordAudit(m, { ...by, action: 'webhook.deleted', target: { type: 'webhook', id }, before: auditView(removed[0]) });
      return true;
    });
  }

  recentDeliveries(webhookId: string): Promise<WebhookDelivery[]> {
    return this.db.query(
      `SELECT id::text, event, event_id AS "eventId", status, attempts, last_status_code AS "lastStatusCode", last_error AS "lastError",
              created_at AS "createdAt", delivered_at AS "deliveredAt", next_attempt_at AS "nextAttemptAt"
       FROM webhook_deliveries WHERE webhook_id = $1 ORDER BY id DESC LIMIT 100`,
      [webhookId],
    );
  }

  /**
   * Claims due deliveries with a lease in one short statement: their next attempt moves past the
   * lease, so a relay that dies mid-round leaves them to be retried when it runs out.
   */
  async claimDue(leaseSeconds: number, limit: number): Promise<DueDelivery[]> {
    const [due]: [DueDelivery[], number] = await this.db.query(
      `WITH due AS (
         SELECT id FROM webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= now()
         ORDER BY next_attempt_at LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       UPDATE webhook_deliveries d SET next_attempt_at = now() + make_interval(secs => $1)
       FROM due, webhooks w WHERE d.id = due.id AND w.id = d.webhook_id
       RETURNING d.id, d.webhook_id, d.event, d.event_id, d.payload, d.attempts, w.url, w.secret`,
      [leaseSeconds, limit],
    );
    return due;
  }

  /**
   * Records an attempt, and the webhook's last status with it. Only the claim that made the
   * attempt records it (a relay whose lease ran out does not).
   */
  async recordAttempt(
    d: DueDelivery,
    outcome: {
      attempts: number;
      status: 'pending' | 'delivered' | 'failed';
      code: number | null;
      error: string | null;
      retryInSeconds: number;
    },
  ): Promise<void> {
    const [, recorded] = await this.db.query(
      `UPDATE webhook_deliveries SET attempts = $2, status = $3, last_status_code = $4, last_error = $5,
         next_attempt_at = now() + make_interval(secs => $6), delivered_at = CASE WHEN $3 = 'delivered' THEN now() END
       WHERE id = $1 AND attempts = $7 AND status = 'pending'`,
      [d.id, outcome.attempts, outcome.status, outcome.code, outcome.error, outcome.retryInSeconds, d.attempts],
    );
    if (!recorded) return;
    await this.db.query(`UPDATE webhooks SET last_status = $2, last_error = $3, last_delivery_at = now() WHERE id = $1`, [
      d.webhook_id,
      outcome.error ? `failed (${outcome.code ?? 'no response'})` : `delivered (${outcome.code})`,
      outcome.error,
    ]);
  }
}
