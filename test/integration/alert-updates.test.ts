import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectRoot } from '../../src/infra/paths.js';
import { startQuell, type TestQuell, workflowResult } from '../support/harness.js';
import { alertUpdateWorkflowId, alertWorkflowId } from '../../workflows/ids.js';

let n = 0;
const uniq = (p: string) => `${p}-${Date.now().toString(36)}-${++n}`;
const T0 = Date.parse('2026-03-01T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

interface Ingested {
  index: number;
  id: string;
  status: string;
  outcome: string;
}

describe('alerts updated in place', () => {
  let q: TestQuell;
  let ingest: { Authorization: string };
  let reader: { Authorization: string };

  beforeAll(async () => {
    q = await startQuell();
    [ingest, reader] = await Promise.all([q.auth('ingest'), q.auth('reader')]);
    // No automated investigation: these tests watch what updates alone do to incidents.
    await q.http
      .put('/api/v1/automation')
      .set(await q.auth('admin'))
      .send({ defaultLevel: 'none' })
      .expect(200);
  });
  afterAll(() => q.close());

  async function post(body: object, format = 'native'): Promise<Ingested> {
    const res = await q.http.post(`/api/v1/alerts?format=${format}`).set(ingest).send(body).expect(202);
    return res.body.results[0];
  }
  const alert = async (id: string) => (await q.http.get(`/api/v1/alerts/${id}`).set(reader).expect(200)).body;
  const incident = async (id: number) => (await q.http.get(`/api/v1/incidents/${id}`).set(reader).expect(200)).body;
  const alertActivity = async (id: string) => (await q.http.get(`/api/v1/alerts/${id}/activity`).set(reader).expect(200)).body.items;

  /** Sends a new alert and waits for its first correlation. */
  async function created(body: object, format = 'native') {
    const r = await post(body, format);
    expect(r.outcome).toBe('created');
    await workflowResult(q.client, alertWorkflowId(r.id));
    return alert(r.id);
  }

  /** Resends an alert that the detector changed and waits for the update's correlation. */
  async function updated(body: object, format = 'native') {
    const r = await post(body, format);
    expect(r).toMatchObject({ outcome: 'updated', status: 'duplicate' });
    const stored = await alert(r.id);
    const result = await workflowResult(q.client, alertUpdateWorkflowId(r.id, stored.revision));
    return { alert: await alert(r.id), result };
  }

  function native(over: Record<string, unknown> = {}) {
    return {
      externalId: uniq('upd'),
      source: 'endpoint',
      title: 'Suspicious service installed',
      severity: 'low',
      status: 'new',
      firstActivityAt: at(0),
      lastUpdatedAt: at(1),
      entities: [{ type: 'device', hostname: uniq('ws') }],
      ...over,
    };
  }

  it('updates the alert when the detector resends it with a newer lastUpdatedAt, and logs the change on the alert and the incident', async () => {
    const body = native();
    const first = await created(body);
    expect(first).toMatchObject({ revision: 0, status: 'new', severity: 'low' });

    const { alert: after } = await updated({ ...body, status: 'in_progress', lastUpdatedAt: at(5), description: 'More detail' });
    expect(after).toMatchObject({ id: first.id, revision: 1, status: 'in_progress', description: 'More detail' });
    expect(after.lastUpdatedAt).toBe(at(5));
    expect(after.incidentId).toBe(first.incidentId);

    const log = await alertActivity(first.id);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ kind: 'updated', origin: 'vendor', actor: 'vendor:endpoint' });
    expect(log[0].details.changes).toMatchObject({
      status: { from: 'new', to: 'in_progress' },
      description: { from: null, to: 'More detail' },
    });
    const inc = await incident(first.incidentId);
    const entry = inc.activity.find((a: { kind: string }) => a.kind === 'alert_updated');
    expect(entry).toMatchObject({ actor: 'vendor:endpoint', details: { alertId: first.id, revision: 1, origin: 'vendor' } });
  });

  it('leaves the alert alone on an identical resend, and on one older than what it holds', async () => {
    const body = native();
    const first = await created(body);
    const again = await post(body);
    expect(again).toEqual({ index: 0, id: first.id, status: 'duplicate', outcome: 'unchanged' });
    // Older than the stored lastUpdatedAt: stale, whatever it says.
    const stale = await post({ ...body, severity: 'high', lastUpdatedAt: at(0) });
    expect(stale.outcome).toBe('unchanged');
    // Fields a push leaves out keep their stored values (no times here: not "now" on every resend).
    const { firstActivityAt: _f, lastUpdatedAt: _l, status: _s, ...bare } = body;
    expect((await post({ ...bare, externalId: body.externalId })).outcome).toBe('unchanged');
    expect(await alert(first.id)).toMatchObject({ revision: 0, severity: 'low', updatedAt: null });
    expect(await alertActivity(first.id)).toEqual([]);
    expect((await incident(first.incidentId)).activity.map((a: { kind: string }) => a.kind)).toEqual(['created']);
  });

  it('re-correlates an update with a new entity: it links the incident of that entity, which merges them, with the reason', async () => {
    const upn = `${uniq('victim')}@corp.com`;
    const older = await created(native({ source: 'identity', title: 'Unfamiliar sign-in', entities: [{ type: 'user', upn }] }));
    const body = native({ title: 'Credential dumping tool' });
    const mine = await created(body);
    expect(mine.incidentId).not.toBe(older.incidentId);

    const { alert: after, result } = await updated({
      ...body,
      lastUpdatedAt: at(7),
      entities: [...body.entities, { type: 'user', upn: upn.toUpperCase() }],
    });
    expect(result).toMatchObject({ incidentId: older.incidentId, merged: true, mergedIncidentIds: [mine.incidentId] });
    expect(after.incidentId).toBe(older.incidentId);
    expect(after.correlation).toMatchObject({ decision: 'merged', matchedKeys: expect.arrayContaining([`user:upn:${upn}`]) });
    expect(after.correlation.reason).toContain(`merged into the oldest, incident ${older.incidentId}`);
    const target = await incident(older.incidentId);
    expect(target.alertCount).toBe(2);
    expect(target.activity.map((a: { kind: string }) => a.kind)).toEqual(expect.arrayContaining(['merged', 'alert_recorrelated']));
    expect(await incident(mine.incidentId)).toMatchObject({ status: 'redirected', redirectedTo: older.incidentId });
  });

  it('recomputes the incident severity from the updated alert', async () => {
    const body = native({ severity: 'low' });
    const first = await created(body);
    expect((await incident(first.incidentId)).severity).toBe('low');
    await updated({ ...body, severity: 'high', lastUpdatedAt: at(3) });
    expect((await incident(first.incidentId)).severity).toBe('high');
    await updated({ ...body, severity: 'medium', lastUpdatedAt: at(4) });
    expect((await incident(first.incidentId)).severity).toBe('medium');
  });

  it('resolves the alert, and its incident once nothing in it is unresolved, when the detector resolves it', async () => {
    const host = uniq('ws');
    const a = native({ entities: [{ type: 'device', hostname: host }] });
    const b = native({ title: 'Second alert on the same host', entities: [{ type: 'device', hostname: host }] });
    const first = await created(a);
    const second = await created(b);
    expect(second.incidentId).toBe(first.incidentId);

    const one = await updated({ ...a, status: 'resolved', lastUpdatedAt: at(9) });
    expect(one.alert.status).toBe('resolved');
    expect(one.result.resolvedIncident).toBe(false);
    expect((await incident(first.incidentId)).status).toBe('active');

    const two = await updated({ ...b, status: 'resolved', lastUpdatedAt: at(9) });
    expect(two.result.resolvedIncident).toBe(true);
    const inc = await incident(first.incidentId);
    expect(inc.status).toBe('resolved');
    expect(inc.activity.find((x: { kind: string }) => x.kind === 'resolved_by_vendor')).toMatchObject({
      actor: 'vendor:endpoint',
      details: { origin: 'vendor', alertId: second.id },
    });
  });

  it('updates a Microsoft Graph alert in place from its lastUpdateDateTime and status', async () => {
    const fixture = JSON.parse(readFileSync(join(projectRoot, 'test', 'fixtures', 'msgraph', 'endpoint-malware.json'), 'utf8'));
    const graph = { ...fixture, id: uniq('da63') };
    const first = await created(graph, 'msgraph');
    expect(first).toMatchObject({ status: 'new', lastUpdatedAt: '2024-05-14T09:20:44.413Z' });
    expect((await post(graph, 'msgraph')).outcome).toBe('unchanged');
    const { alert: after } = await updated(
      { ...graph, status: 'resolved', classification: 'truePositive', lastUpdateDateTime: '2024-05-14T10:00:00Z' },
      'msgraph',
    );
    expect(after).toMatchObject({ status: 'resolved', revision: 1, lastUpdatedAt: '2024-05-14T10:00:00.000Z' });
  });
});
