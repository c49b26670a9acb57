export const WEBHOOK_EVENTS = [
  'action.pending',
  'action.decided',
  'action.failed',
  'investigation.completed',
  'incident.created',
  'incident.updated',
] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];
