/**
 * The audit log's vocabulary: who can act, and every kind of change it records. A new kind of
 * audited change is added here first; the log refuses anything else.
 */
export const AUDIT_ACTOR_KINDS = ['key', 'person', 'system'] as const;
export type AuditActorKind = (typeof AUDIT_ACTOR_KINDS)[number];

export const AUDIT_ACTIONS = [
  'auth.failed',
  'auth.signed_in',
  'auth.sign_in_failed',
  'auth.signed_out',
  'key.created',
  'key.revoked',
  'incident.updated',
  'incident.commented',
  'incident.merged',
  'alert.moved',
  'action.requested',
  'action.approved',
  'action.rejected',
  'action.undo_requested',
  'action.retry_requested',
  'action.renewed',
  'action.approval_withdrawn',
  'incident.rollback_requested',
  'automation.updated',
  'automation.shadow_started',
  'automation.shadow_ended',
  'automation.shadow_promoted',
  'webhook.created',
  'webhook.deleted',
  'playbooks.reloaded',
  'role_assignment.created',
  'role_assignment.deleted',
  'person.deactivated',
  'person.reactivated',
  'playbook.version_registered',
  'playbook.shadow_changed',
  'playbook.promoted',
  'playbook.reverted',
  'playbook.backtest_started',
  'source.created',
  'source.updated',
  'source.deleted',
] as const;
export type AuditAction = (typeof AUDIT_ACTIONS)[number];

/** Who acted: an API key today; a person (issuer + subject, name, e-mail) once sign-in arrives; or Quell itself. */
export interface AuditActor {
  kind: AuditActorKind;
  /** The key's id, the person's subject, or null for the system. */
  id: string | null;
  name: string;
  /** The identity provider that vouched for a person. */
  issuer?: string | null;
  email?: string | null;
}

/** Who did something and from where: what every audited change carries (also through a workflow, to the transaction that records it). */
export interface Audited {
  actor: AuditActor;
  source?: AuditSource;
}

/** Where a request came from. */
export interface AuditSource {
  ip?: string | null;
  userAgent?: string | null;
}
