import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';

export const WEBHOOK_EVENTS = ['action.pending', 'action.decided', 'action.failed', 'investigation.completed', 'incident.created', 'incident.updated'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

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
    `INSERT INTO webhook_deliveries (webhook_id, event_id, event, payload)
     SELECT id, $1, $2, $3 FROM webhooks WHERE $2 = ANY(events)
     ON CONFLICT (webhook_id, event_id) DO NOTHING`,
    [id, event, JSON.stringify(payload)],
  );
}
