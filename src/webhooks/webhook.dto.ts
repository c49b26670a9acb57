import { z } from 'zod';
import { component, instant } from '../http/api-schemas.js';
import { WEBHOOK_EVENTS } from './events.js';

/** Response bodies of /api/v1/webhooks: subscriptions (never their secrets, except once) and deliveries. */

export const webhookSchema = component(
  'Webhook',
  z.object({
    id: z.uuid(),
    url: z.string(),
    events: z.array(z.enum(WEBHOOK_EVENTS)),
    createdBy: z.string(),
    createdAt: instant,
    lastStatus: z.string().nullable(),
    lastDeliveryAt: instant.nullable(),
    lastError: z.string().nullable(),
    secretPrefix: z.string().describe('The first characters of the signing secret'),
  }),
);
export type WebhookView = z.output<typeof webhookSchema>;
export const newWebhookSchema = component(
  'NewWebhook',
  webhookSchema.extend({ secret: z.string().describe('The signing secret: shown only in this response') }),
);
export const webhookListSchema = component('WebhookList', z.object({ items: z.array(webhookSchema) }));

export const webhookDeliverySchema = component(
  'WebhookDelivery',
  z.object({
    id: z.string(),
    event: z.enum(WEBHOOK_EVENTS),
    eventId: z.uuid(),
    status: z.enum(['pending', 'delivered', 'failed']),
    attempts: z.number().int().nonnegative(),
    lastStatusCode: z.number().int().nullable(),
    lastError: z.string().nullable(),
    createdAt: instant,
    deliveredAt: instant.nullable(),
    nextAttemptAt: instant,
  }),
);
export type WebhookDelivery = z.output<typeof webhookDeliverySchema>;
export const webhookDeliveryListSchema = component('WebhookDeliveryList', z.object({ items: z.array(webhookDeliverySchema) }));
