import type { AuditAction, AuditActorKind } from '../domain/audit.js';
import type { AuditRecord } from './audit.store.js';

/** OCSF schema version the events follow. */
export const OCSF_VERSION = '1.3.0';

/** API Activity (class 6003) activity ids. */
const ACTIVITY = { create: 1, read: 2, update: 3, delete: 4, other: 99 } as const;
type Activity = keyof typeof ACTIVITY;
const ACTIVITY_NAME: Record<Activity, string> = { create: 'Create', read: 'Read', update: 'Update', delete: 'Delete', other: 'Other' };

/** What each audited change is to OCSF; a Record, so a new audit action does not compile until it is mapped. */
const ACTIVITY_OF: Record<AuditAction, Activity> = {
  'auth.failed': 'other',
  'auth.signed_in': 'create',
  'auth.sign_in_failed': 'other',
  'auth.signed_out': 'delete',
  'key.created': 'create',
  'key.revoked': 'delete',
  'incident.updated': 'update',
  'incident.commented': 'create',
  'incident.merged': 'update',
  'alert.moved': 'update',
  'action.requested': 'create',
  'action.approved': 'update',
  'action.rejected': 'update',
  'action.undo_requested': 'create',
  'action.retry_requested': 'create',
  'action.renewed': 'update',
  'action.approval_withdrawn': 'update',
  'incident.rollback_requested': 'create',
  'automation.updated': 'update',
  'automation.shadow_started': 'create',
  'automation.shadow_ended': 'delete',
  'automation.shadow_promoted': 'update',
  'webhook.created': 'create',
  'webhook.deleted': 'delete',
  'playbooks.reloaded': 'update',
  'role_assignment.created': 'create',
  'role_assignment.deleted': 'delete',
  'person.deactivated': 'update',
  'person.reactivated': 'update',
  'playbook.version_registered': 'create',
  'playbook.shadow_changed': 'update',
  'playbook.promoted': 'update',
  'playbook.reverted': 'update',
  'playbook.backtest_started': 'create',
  'source.created': 'create',
  'source.updated': 'update',
  'source.deleted': 'delete',
};

/** OCSF user type: a person is a User, Quell itself is System, an API key is Other ("API key"). */
const USER_TYPE: Record<AuditActorKind, { type_id: number; type: string }> = {
  person: { type_id: 1, type: 'User' },
  key: { type_id: 99, type: 'API key' },
  system: { type_id: 3, type: 'System' },
};

/**
 * One audit row as an OCSF "API Activity" event: the action is `api.operation`, the actor a user,
 * the request's address `src_endpoint`, the target a resource; the chain's sequence number and
 * hash go to `metadata` (a SIEM can spot gaps and duplicates), before/after to `unmapped`.
 */
export function toOcsfApiActivity(r: AuditRecord): Record<string, unknown> {
  const activity = ACTIVITY_OF[r.action];
  const activityId = ACTIVITY[activity];
  const failed = r.action === 'auth.failed' || r.action === 'auth.sign_in_failed';
  const user: Record<string, unknown> = { uid: r.actor.id ?? r.actor.name, name: r.actor.name, ...USER_TYPE[r.actor.kind] };
  if (r.actor.email) user.email_addr = r.actor.email;
  return {
    class_uid: 6003,
    class_name: 'API Activity',
    category_uid: 6,
    category_name: 'Application Activity',
    activity_id: activityId,
    activity_name: ACTIVITY_NAME[activity],
    type_uid: 6003 * 100 + activityId,
    type_name: `API Activity: ${ACTIVITY_NAME[activity]}`,
    time: r.at.getTime(),
    severity_id: 1,
    severity: 'Informational',
    status_id: failed ? 2 : 1,
    status: failed ? 'Failure' : 'Success',
    actor: { user, ...(r.actor.kind === 'system' ? { app_name: 'Quell' } : {}) },
    api: { operation: r.action, service: { name: 'Quell' } },
    src_endpoint: r.source.ip ? { ip: r.source.ip } : { name: 'quell' },
    ...(r.source.userAgent ? { http_request: { user_agent: r.source.userAgent } } : {}),
    ...(r.target ? { resources: [{ type: r.target.type, uid: r.target.id }] } : {}),
    metadata: {
      version: OCSF_VERSION,
      product: { name: 'Quell', vendor_name: 'Quell' },
      log_name: 'audit',
      uid: r.hash,
      sequence: r.seq,
    },
    unmapped: {
      actor_kind: r.actor.kind,
      actor_issuer: r.actor.issuer,
      before: r.before,
      after: r.after,
      prev_hash: r.prevHash,
    },
  };
}
