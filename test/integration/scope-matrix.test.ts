import { randomBytes } from 'node:crypto';
import { type Access, ROLES, type Role, roleSatisfies } from '../../src/auth/roles.js';
import { alertWorkflowId } from '../../workflows/ids.js';
import { routesOf } from '../support/routes.js';
import { eventually, startQuell, type TestQuell, workflowResult } from '../support/harness.js';
import { addLabDevice } from '../support/lab.js';

const hex = (n: number) => randomBytes(n).toString('hex');
type Auth = { Authorization: string };

/** What an operation's target is, for scope: it names one (in its path or body), lists them, or is not scoped. */
type Target =
  | 'incident'
  | 'action'
  | 'investigation'
  | 'alert'
  | 'incident-list'
  | 'action-list'
  | 'investigation-list'
  | 'alert-list'
  | 'tag-list'
  | 'none';
interface Fixture {
  incident: number;
  /** The incident's alert. */
  alert: string;
  /** A tag only this fixture's incident carries. */
  tag: string;
  /** A second incident in the same scope, to merge. */
  other: number;
  action: string;
  investigation: string;
}
interface ScopedCall {
  target: Target;
  /** The path parameters and body of a well-formed call on the fixture (so validation passes and scope decides). */
  params?: (f: Fixture) => Record<string, string | number>;
  body?: (f: Fixture) => unknown;
  query?: string;
  /** Within scope the operation may still answer 404 (it names something that does not exist), and why. */
  notFoundInScope?: string;
  /**
   * For an unscoped operation that still touches incident, alert, action or investigation data: why no
   * scope applies, or where the scope that does apply is tested instead.
   */
  why?: string;
}

const onIncident = (f: Fixture) => ({ id: f.incident });
const onAction = (f: Fixture) => ({ id: f.action });
const onInvestigation = (f: Fixture) => ({ id: f.investigation });
const onAlert = (f: Fixture) => ({ id: f.alert });

/** Whether a list answer names the fixture's object. */
const LISTED: Partial<Record<Target, (body: { items?: Record<string, unknown>[] }, f: Fixture) => boolean>> = {
  'incident-list': (b, f) => (b.items ?? []).some((x) => x.id === f.incident),
  'action-list': (b, f) => (b.items ?? []).some((x) => x.id === f.action),
  'investigation-list': (b, f) => (b.items ?? []).some((x) => x.id === f.investigation),
  'alert-list': (b, f) => (b.items ?? []).some((x) => x.id === f.alert),
  'tag-list': (b, f) => (b.items ?? []).some((x) => x.tag === f.tag),
};

/**
 * Every operation of the OpenAPI document and what scope applies to it. A new operation fails this
 * file until it has an entry: someone decides whether a scoped role restricts it.
 */
const SCOPED: Record<string, ScopedCall> = {
  'POST /api/v1/alerts': { target: 'none' },
  'GET /api/v1/alerts': { target: 'alert-list', query: 'limit=200' },
  'GET /api/v1/alerts/{id}': { target: 'alert', params: onAlert },
  'GET /api/v1/alerts/{id}/activity': { target: 'alert', params: onAlert },
  // Within scope: a move to the incident the alert is in already (409), so the fixture stays as it is.
  'POST /api/v1/alerts/{id}/move': { target: 'alert', params: onAlert, body: (f) => ({ incidentId: f.incident, reason: 'matrix' }) },
  'GET /api/v1/incidents': { target: 'incident-list', query: 'status=active,in_progress,resolved&limit=200' },
  'POST /api/v1/incidents/bulk': { target: 'incident', body: (f) => ({ ids: [f.incident], changes: { assignedTo: 'matrix' } }) },
  'GET /api/v1/incidents/changes': {
    target: 'none',
    why: 'ids and versions only, filtered by scope in the query (a change shows only after it settles, so this table cannot wait for it)',
  },
  'GET /api/v1/incidents/{id}': { target: 'incident', params: onIncident },
  'GET /api/v1/incidents/{id}/graph': { target: 'incident', params: onIncident },
  'PATCH /api/v1/incidents/{id}': { target: 'incident', params: onIncident, body: () => ({ assignedTo: 'matrix' }) },
  'POST /api/v1/incidents/{id}/comments': { target: 'incident', params: onIncident, body: () => ({ text: 'matrix' }) },
  'GET /api/v1/incidents/{id}/activity': { target: 'incident', params: onIncident },
  'POST /api/v1/incidents/{id}/merge': {
    target: 'incident',
    params: onIncident,
    body: (f) => ({ sourceIds: [f.other], reason: 'matrix' }),
  },
  'GET /api/v1/tags': { target: 'tag-list' },
  'GET /api/v1/metrics/soc': { target: 'none', why: "counts over the caller's scope only: scoped-roles.test" },
  'GET /api/v1/investigations': { target: 'investigation-list', query: 'limit=200' },
  'POST /api/v1/investigations': { target: 'incident', body: (f) => ({ incidentId: f.incident }) },
  'GET /api/v1/investigations/{id}': { target: 'investigation', params: onInvestigation },
  'POST /api/v1/investigations/{id}/cancel': { target: 'investigation', params: onInvestigation, body: () => ({}) },
  'GET /api/v1/actions': { target: 'action-list', query: 'limit=200' },
  'POST /api/v1/actions': {
    target: 'incident',
    body: (f) => ({
      type: 'run_av_scan',
      target: { type: 'device', hostname: `host-of-${f.incident}` },
      reason: 'matrix',
      incidentId: f.incident,
    }),
  },
  'POST /api/v1/actions/decide': { target: 'action', body: (f) => ({ ids: [f.action], decision: 'reject' }) },
  'GET /api/v1/actions/{id}': { target: 'action', params: onAction },
  'GET /api/v1/actions/{id}/impact': { target: 'action', params: onAction },
  'POST /api/v1/actions/{id}/approve': { target: 'action', params: onAction, body: () => ({}) },
  'POST /api/v1/actions/{id}/reject': { target: 'action', params: onAction, body: () => ({}) },
  'POST /api/v1/actions/{id}/undo': { target: 'action', params: onAction },
  'POST /api/v1/actions/{id}/retry': { target: 'action', params: onAction },
  'POST /api/v1/actions/{id}/renew': { target: 'action', params: onAction, body: () => ({ durationSeconds: 600 }) },
  'GET /api/v1/incidents/{id}/rollback': { target: 'incident', params: onIncident },
  'POST /api/v1/incidents/{id}/rollback': { target: 'incident', params: onIncident, body: () => ({ confirm: false }) },
  'GET /api/v1/incidents/{id}/rollback/{operationId}': {
    target: 'incident',
    // Workflow ids are business keys, and test files share Temporal namespaces: another file's database
    // may have started `rollback-<this id>-1`. No incident here has a thousandth rollback.
    params: (f) => ({ id: f.incident, operationId: `rollback-${f.incident}-1000` }),
    notFoundInScope: 'no rollback of the incident has been started',
  },
  'GET /api/v1/automation': { target: 'none', why: 'settings: automation levels per device group and family, no incident data' },
  'PUT /api/v1/automation': { target: 'none' },
  // Candidate settings in shadow carry no incident data; the report names actions but is admin-only (admins are never scoped).
  'GET /api/v1/automation/shadow': { target: 'none' },
  'PUT /api/v1/automation/shadow': { target: 'none' },
  'DELETE /api/v1/automation/shadow': { target: 'none' },
  'GET /api/v1/automation/shadow/report': { target: 'none' },
  'POST /api/v1/automation/shadow/promote': { target: 'none' },
  'GET /api/v1/correlation/settings': { target: 'none' },
  'PUT /api/v1/correlation/settings': { target: 'none' },
  'GET /api/v1/correlation/settings/history': { target: 'none' },
  'GET /api/v1/correlation/proposals': {
    target: 'none',
    why: "engine tuning for everyone; the corrections shown as evidence are only those on incidents in the caller's scope",
  },
  'POST /api/v1/correlation/proposals/{id}/accept': { target: 'none' },
  'POST /api/v1/correlation/proposals/{id}/dismiss': { target: 'none' },
  'GET /api/v1/playbooks': { target: 'none' },
  'GET /api/v1/playbooks/{name}': { target: 'none' },
  'GET /api/v1/playbooks/{name}/versions': { target: 'none' },
  'POST /api/v1/playbooks/{name}/versions': { target: 'none' },
  'PATCH /api/v1/playbooks/{name}/versions/{versionId}': { target: 'none' },
  'POST /api/v1/playbooks/{name}/versions/{versionId}/promote': { target: 'none' },
  'POST /api/v1/playbooks/{name}/revert': { target: 'none' },
  'GET /api/v1/playbooks/{name}/shadow-runs': { target: 'none', why: "filtered to runs on alerts in the caller's scope" },
  'POST /api/v1/playbooks/{name}/backtests': {
    target: 'none',
    why: "runs over every alert (a playbook serves them all); the report a scoped caller reads covers its scope's alerts",
  },
  'GET /api/v1/playbooks/{name}/backtests/{id}': { target: 'none', why: "the report covers the alerts in the caller's scope" },
  'POST /api/v1/playbooks/validate': { target: 'none' },
  'POST /api/v1/playbooks/simulate': {
    target: 'alert',
    body: (f) => ({ playbook: 'generic-alert', alertId: f.alert, useLab: false, fixtures: {} }),
  },
  'POST /api/v1/playbooks/reload': { target: 'none' },
  'GET /api/v1/audit': { target: 'none', why: 'admin only, and admin assignments are unscoped' },
  'POST /api/v1/indicators': { target: 'none' },
  'GET /api/v1/indicators': { target: 'none' },
  'DELETE /api/v1/indicators/{id}': { target: 'none' },
  'POST /api/v1/indicators/import': { target: 'none' },
  'POST /api/v1/lab/seed': { target: 'none' },
  'GET /api/v1/lab/devices': { target: 'none' },
  'GET /api/v1/lab/users': { target: 'none' },
  'GET /api/v1/lab/mailboxes': { target: 'none' },
  'GET /api/v1/lab/messages': { target: 'none' },
  'GET /api/v1/lab/files': { target: 'none' },
  'GET /api/v1/lab/persistence': { target: 'none' },
  'GET /api/v1/lab/blocks': { target: 'none' },
  'GET /api/v1/lab/signins': { target: 'none' },
  'GET /api/v1/lab/effects': {
    target: 'none',
    why: 'the simulated estate, read as its own console shows it: devices, accounts and effects, not incidents',
  },
  'GET /api/v1/connectors': { target: 'none' },
  'GET /api/v1/me': { target: 'none' },
  'GET /api/v1/auth/options': { target: 'none' },
  'POST /api/v1/auth/sign-out': { target: 'none' },
  'POST /api/v1/keys': { target: 'none' },
  'GET /api/v1/keys': { target: 'none' },
  'DELETE /api/v1/keys/{id}': { target: 'none' },
  'GET /api/v1/role-assignments': { target: 'none' },
  'POST /api/v1/role-assignments': { target: 'none' },
  'DELETE /api/v1/role-assignments/{id}': { target: 'none' },
  'GET /api/v1/people': { target: 'none' },
  'POST /api/v1/people/{id}/deactivate': { target: 'none' },
  'POST /api/v1/people/{id}/reactivate': { target: 'none' },
  'POST /api/v1/webhooks': { target: 'none' },
  'GET /api/v1/webhooks': { target: 'none' },
  'GET /api/v1/webhooks/{id}/deliveries': { target: 'none' },
  'DELETE /api/v1/webhooks/{id}': { target: 'none' },
  'GET /api/v1/sources': { target: 'none' },
  'POST /api/v1/sources': { target: 'none' },
  'PUT /api/v1/sources/{name}': { target: 'none' },
  'DELETE /api/v1/sources/{name}': { target: 'none' },
  'POST /api/v1/sources/{name}/pause': { target: 'none' },
  'POST /api/v1/sources/{name}/resume': { target: 'none' },
  'POST /api/v1/sources/{name}/backfill': { target: 'none' },
};
/** A path parameter that names nothing (unscoped operations are called with it: their role is what is checked). */
const NOBODY = '00000000-0000-4000-8000-00000000dead';

/** The component schemas whose data scope restricts: an operation answering with one must be scoped or say why not. */
const SCOPED_DATA = /^(Incident|Alert|Action|Investigation)/;
interface OpenApi {
  paths: Record<string, Record<string, unknown>>;
  components?: { schemas?: Record<string, unknown> };
}
/** The names of the component schemas an operation's responses reach, through every `$ref`. */
function reachableSchemas(doc: OpenApi, operation: unknown): Set<string> {
  const seen = new Set<string>();
  const walk = (node: unknown, depth: number): void => {
    if (!node || typeof node !== 'object' || depth > 50) return;
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string' && v.startsWith('#/components/schemas/')) {
        const name = v.slice('#/components/schemas/'.length);
        if (!seen.has(name)) {
          seen.add(name);
          walk(doc.components?.schemas?.[name], depth + 1);
        }
      } else walk(v, depth + 1);
    }
  };
  walk((operation as { responses?: unknown }).responses, 0);
  return seen;
}

interface Operation {
  key: string;
  method: string;
  path: string;
  access: Access;
}

describe('role × route × scope matrix, from the OpenAPI document', () => {
  let q: TestQuell;
  let ops: Operation[];
  let doc: OpenApi;
  /** For each role: a key whose only assignment is that role on device group Finance (ingest and admin: on everything). */
  const scoped = new Map<Role, Auth>();
  let inScope: Fixture;
  let outOfScope: Fixture;
  const failures: string[] = [];
  let cells = 0;

  async function fixture(group: string): Promise<Fixture> {
    const ingest = await q.auth('ingest');
    const analyst = await q.auth('analyst');
    const incidentOn = async (host: string): Promise<{ incidentId: number; alertId: string }> => {
      const res = await q.http
        .post('/api/v1/alerts')
        .set(ingest)
        .send({
          externalId: hex(6),
          source: 'endpoint',
          title: 'Matrix',
          severity: 'medium',
          entities: [{ type: 'device', hostname: host }],
        })
        .expect(202);
      const alertId: string = res.body.results[0].id;
      return { incidentId: (await workflowResult(q.client, alertWorkflowId(alertId))).incidentId, alertId };
    };
    const host = await addLabDevice(q.db, { group });
    const { incidentId, alertId } = await incidentOn(host);
    const other = (await incidentOn(await addLabDevice(q.db, { group }))).incidentId;
    const tag = `matrix-${group.toLowerCase()}`;
    await q.http
      .patch(`/api/v1/incidents/${incidentId}`)
      .set(analyst)
      .send({ tags: [tag] })
      .expect(200);
    await q.db.query(
      `INSERT INTO lab_devices (device_id, hostname, os, device_group, risk, isolated, app_restricted, logged_on_users, ips, last_seen_at)
      VALUES ($1, $2, 'Windows 11', $3, 'low', false, false, '{}', '{}', now())`,
      [`dev-host-of-${incidentId}`, `host-of-${incidentId}`, group],
    );
    const action = await q.http
      .post('/api/v1/actions')
      .set(analyst)
      .send({ type: 'isolate_device', target: { type: 'device', hostname: host }, reason: 'matrix', incidentId })
      .expect(201);
    const investigation = await eventually(async () => {
      const page = await q.http.get(`/api/v1/investigations?incidentId=${incidentId}`).set(analyst).expect(200);
      return page.body.items[0]?.id as string | undefined;
    });
    return { incident: incidentId, alert: alertId, tag, other, action: action.body.id, investigation };
  }

  beforeAll(async () => {
    q = await startQuell({ env: { AUTH_FAILURE_LIMIT: '0', INGEST_RATE_LIMIT: '0' } });
    const admin = await q.auth('admin');
    await q.http.put('/api/v1/automation').set(admin).send({ defaultLevel: 'semi_all' }).expect(200);
    [inScope, outOfScope] = [await fixture('Finance'), await fixture('HR')];
    for (const role of ROLES) {
      const key = await q.http
        .post('/api/v1/keys')
        .set(admin)
        .send({ name: `scoped-${role}`, role: 'reader' })
        .expect(201);
      const scope = role === 'ingest' || role === 'admin' ? { kind: 'all' } : { kind: 'device_group', value: 'Finance' };
      await q.http
        .post('/api/v1/role-assignments')
        .set(admin)
        .send({ subject: `key:${key.body.id}`, role, scope })
        .expect(201);
      scoped.set(role, { Authorization: `Bearer ${key.body.key}` });
    }
    const access = new Map(routesOf(q.app).map((r) => [r.key, r.access]));
    doc = (await q.http.get('/openapi.json').expect(200)).body as OpenApi;
    ops = Object.entries(doc.paths).flatMap(([path, item]) =>
      Object.keys(item).map((m) => ({
        key: `${m.toUpperCase()} ${path}`,
        method: m.toUpperCase(),
        path,
        access: access.get(`${m.toUpperCase()} ${path}`)!,
      })),
    );
  });
  afterAll(async () => {
    process.stderr.write(`role × route × scope matrix: ${ops?.length ?? 0} operations, ${cells} cells\n`);
    await q?.close();
  });

  function send(op: Operation, auth: Auth | undefined, params: Record<string, string | number>, body: unknown) {
    const query = SCOPED[op.key]?.query;
    const path =
      op.path.replace(/\{(\w+)\}/g, (_, name: string) => encodeURIComponent(String(params[name] ?? NOBODY))) + (query ? `?${query}` : '');
    const req = q.http[op.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete'](path);
    if (auth) req.set(auth);
    return ['POST', 'PUT', 'PATCH'].includes(op.method) ? req.send(body ?? {}) : req;
  }
  const check = (cell: string, ok: boolean, status: number) => {
    cells++;
    if (!ok) failures.push(`${cell}: got ${status}`);
  };

  it('has a scope entry for every operation of the document, and none for an operation it lacks', () => {
    expect(ops.map((o) => o.key).sort()).toEqual(Object.keys(SCOPED).sort());
  });

  it('scopes, or says why not, every operation that answers with incidents, alerts, actions or investigations', () => {
    const unjustified = ops
      .filter((o) => SCOPED[o.key]?.target === 'none' && !SCOPED[o.key].why)
      .filter((o) => [...reachableSchemas(doc, doc.paths[o.path][o.method.toLowerCase()])].some((n) => SCOPED_DATA.test(n)))
      .map((o) => o.key);
    expect(unjustified).toEqual([]);
  });

  it('answers every operation × role × target as the matrix says: 401, 403 for the wrong role, 404 outside the scope', async () => {
    for (const op of ops) {
      const entry = SCOPED[op.key];
      const anonymous = await send(op, undefined, {}, {});
      check(`${op.key} without a key`, op.access === 'public' ? anonymous.status < 400 : anonymous.status === 401, anonymous.status);
      for (const role of ROLES) {
        const auth = scoped.get(role)!;
        const allowed = op.access === 'public' || roleSatisfies(role, op.access);
        const targets: [string, Fixture | undefined][] =
          entry.target === 'none'
            ? [['', undefined]]
            : [
                ['in scope', inScope],
                ['out of scope', outOfScope],
              ];
        for (const [where, f] of targets) {
          const res = await send(op, auth, f && entry.params ? entry.params(f) : {}, f && entry.body ? entry.body(f) : {});
          const cell = `${op.key} as scoped ${role}${where ? ` ${where}` : ''}`;
          if (!allowed) {
            check(cell, res.status === 403, res.status);
            continue;
          }
          const unrestricted = role === 'ingest' || role === 'admin';
          if (entry.target === 'none') check(cell, res.status !== 401 && res.status !== 403 && res.status < 500, res.status);
          else if (LISTED[entry.target]) {
            const listed = LISTED[entry.target]!(res.body, f!);
            check(cell, res.status === 200 && listed === (where === 'in scope' || unrestricted), res.status);
          } else if (where === 'out of scope' && !unrestricted) check(cell, res.status === 404, res.status);
          // Within scope the call reaches its handler: done, or refused for the object's state (409), never a validation error that would hide the scope check.
          else check(cell, res.status < 300 || res.status === 409 || (res.status === 404 && Boolean(entry.notFoundInScope)), res.status);
        }
      }
    }
    expect(failures).toEqual([]);
  }, 300_000);
});
