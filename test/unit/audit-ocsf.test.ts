import { backoffSeconds } from '../../src/audit/audit-stream.relay.js';
import type { AuditRecord } from '../../src/audit/audit.store.js';
import { toOcsfApiActivity } from '../../src/audit/ocsf.js';

const row = (over: Partial<AuditRecord> = {}): AuditRecord => ({
  seq: 7,
  at: new Date('2026-03-01T10:00:00.000Z'),
  actor: { kind: 'person', id: 'sub-1', name: 'Ada', issuer: 'https://idp.example', email: 'ada@example.com' },
  source: { ip: '10.0.0.9', userAgent: 'console/1' },
  action: 'webhook.deleted',
  target: { type: 'webhook', id: '12' },
  before: { url: 'https://hooks.example' },
  after: null,
  prevHash: 'a'.repeat(64),
  hash: 'b'.repeat(64),
  ...over,
});

describe('an audit row as an OCSF API Activity event', () => {
  it('maps who, what, where, on what, and keeps the chain and the change', () => {
    const sut = toOcsfApiActivity(row());
    expect(sut).toEqual({
      class_uid: 6003,
      class_name: 'API Activity',
      category_uid: 6,
      category_name: 'Application Activity',
      activity_id: 4,
      activity_name: 'Delete',
      type_uid: 600304,
      type_name: 'API Activity: Delete',
      time: Date.parse('2026-03-01T10:00:00.000Z'),
      severity_id: 1,
      severity: 'Informational',
      status_id: 1,
      status: 'Success',
      actor: { user: { uid: 'sub-1', name: 'Ada', email_addr: 'ada@example.com', type_id: 1, type: 'User' } },
      api: { operation: 'webhook.deleted', service: { name: 'Quell' } },
      src_endpoint: { ip: '10.0.0.9' },
      http_request: { user_agent: 'console/1' },
      resources: [{ type: 'webhook', uid: '12' }],
      metadata: { version: '1.3.0', product: { name: 'Quell', vendor_name: 'Quell' }, log_name: 'audit', uid: 'b'.repeat(64), sequence: 7 },
      unmapped: {
        actor_kind: 'person',
        actor_issuer: 'https://idp.example',
        before: { url: 'https://hooks.example' },
        after: null,
        prev_hash: 'a'.repeat(64),
      },
    });
  });

  it('marks failed authentications as failures and Quell itself as the system actor', () => {
    const failed = toOcsfApiActivity(
      row({ action: 'auth.failed', actor: { kind: 'key', id: null, name: 'unknown', issuer: null, email: null } }),
    );
    expect(failed).toMatchObject({ activity_id: 99, type_uid: 600399, status_id: 2, status: 'Failure' });
    expect(failed.actor).toEqual({ user: { uid: 'unknown', name: 'unknown', type_id: 99, type: 'API key' } });
    const system = toOcsfApiActivity(
      row({
        action: 'playbooks.reloaded',
        actor: { kind: 'system', id: null, name: 'cli', issuer: null, email: null },
        source: { ip: null, userAgent: null },
        target: null,
      }),
    );
    expect(system).toMatchObject({
      activity_id: 3,
      actor: { app_name: 'Quell', user: { type: 'System' } },
      src_endpoint: { name: 'quell' },
    });
    expect(system).not.toHaveProperty('resources');
    expect(system).not.toHaveProperty('http_request');
  });
});

describe('backoffSeconds', () => {
  it('doubles from one second up to the cap', () => {
    expect([1, 2, 3, 4, 5, 9, 20].map((n) => backoffSeconds(n, 30_000))).toEqual([1, 2, 4, 8, 16, 30, 30]);
  });
});
