import { randomBytes } from 'node:crypto';
import type { Role } from '../../src/auth/roles.js';
import { alertWorkflowId } from '../../workflows/ids.js';
import { startQuell, type TestQuell, workflowResult } from '../support/harness.js';
import { addLabDevice } from '../support/lab.js';

const hex = (n: number) => randomBytes(n).toString('hex');
type Auth = { Authorization: string };

describe('scoped role assignments', () => {
  let q: TestQuell;
  let admin: Auth;
  let analyst: Auth;
  let ingest: Auth;
  let financeHost: string;
  let hrHost: string;
  let financeIncident: number;
  let hrIncident: number;
  let vipIncident: number;

  /** A key with a role, and its subject. */
  async function key(role: Role): Promise<{ auth: Auth; subject: string }> {
    const res = await q.http
      .post('/api/v1/keys')
      .set(admin)
      .send({ name: `k-${hex(3)}`, role })
      .expect(201);
    return { auth: { Authorization: `Bearer ${res.body.key}` }, subject: `key:${res.body.id}` };
  }
  const assign = async (subject: string, role: Role, scope: Record<string, string>) =>
    (await q.http.post('/api/v1/role-assignments').set(admin).send({ subject, role, scope }).expect(201)).body;

  async function incidentOn(host: string): Promise<number> {
    const body = {
      externalId: hex(6),
      source: 'endpoint',
      title: 'Scoped',
      severity: 'medium',
      entities: [{ type: 'device', hostname: host }],
    };
    const res = await q.http.post('/api/v1/alerts').set(ingest).send(body).expect(202);
    return (await workflowResult(q.client, alertWorkflowId(res.body.results[0].id))).incidentId;
  }
  const isolate = async (host: string) =>
    (
      await q.http
        .post('/api/v1/actions')
        .set(analyst)
        .send({ type: 'isolate_device', target: { type: 'device', hostname: host }, reason: 'scoped' })
        .expect(201)
    ).body.id as string;
  const status = async (id: string) => (await q.http.get(`/api/v1/actions/${id}`).set(analyst).expect(200)).body.status;

  beforeAll(async () => {
    q = await startQuell();
    [admin, analyst, ingest] = await Promise.all([q.auth('admin'), q.auth('analyst'), q.auth('ingest')]);
    financeHost = await addLabDevice(q.db, { group: 'Finance' });
    hrHost = await addLabDevice(q.db, { group: 'HR' });
    [financeIncident, hrIncident, vipIncident] = [
      await incidentOn(financeHost),
      await incidentOn(hrHost),
      await incidentOn(await addLabDevice(q.db)),
    ];
    await q.http
      .patch(`/api/v1/incidents/${vipIncident}`)
      .set(analyst)
      .send({ tags: ['vip'] })
      .expect(200);
    // Every action waits for a person: the decisions below are the scoped approver's.
    await q.http.put('/api/v1/automation').set(admin).send({ defaultLevel: 'semi_all' }).expect(200);
  });
  afterAll(() => q.close());

  it('lets an approver for Finance devices approve there, and answers 404 outside, singly and in bulk', async () => {
    const { auth: finance, subject } = await key('reader');
    await assign(subject, 'approver', { kind: 'device_group', value: 'Finance' });
    const [fin1, fin2, hr] = [await isolate(financeHost), await isolate(financeHost), await isolate(hrHost)];

    const listed = (await q.http.get('/api/v1/actions?type=isolate_device&limit=100').set(finance).expect(200)).body.items.map(
      (a: { id: string }) => a.id,
    );
    expect(listed).toEqual(expect.arrayContaining([fin1, fin2]));
    expect(listed).not.toContain(hr);
    await q.http.get(`/api/v1/actions/${hr}`).set(finance).expect(404);
    const refused = await q.http.post(`/api/v1/actions/${hr}/approve`).set(finance).send({}).expect(404);
    expect(refused.headers['content-type']).toContain('application/problem+json');
    expect(await status(hr)).toBe('pending');

    // One action out of scope refuses the whole bulk request: nothing is decided.
    await q.http
      .post('/api/v1/actions/decide')
      .set(finance)
      .send({ ids: [fin2, hr], decision: 'approve' })
      .expect(404);
    expect([await status(fin2), await status(hr)]).toEqual(['pending', 'pending']);

    const approved = await q.http.post(`/api/v1/actions/${fin1}/approve`).set(finance).send({}).expect(200);
    expect(approved.body.status).toBe('succeeded');

    // The queue: only Finance's incident, and an analyst's route stays closed (wrong role: 403, not 404).
    const queue = (
      await q.http.get('/api/v1/incidents?limit=100&status=active,in_progress,resolved').set(finance).expect(200)
    ).body.items.map((i: { id: number }) => i.id);
    expect(queue).toContain(financeIncident);
    expect(queue).not.toContain(hrIncident);
    await q.http.get(`/api/v1/incidents/${hrIncident}`).set(finance).expect(404);
    await q.http.get(`/api/v1/incidents/${financeIncident}`).set(finance).expect(200);
    await q.http.patch(`/api/v1/incidents/${financeIncident}`).set(finance).send({ severity: 'high' }).expect(403);
  });

  it('lets an analyst on tagged incidents change only those; a bulk change naming another changes nothing', async () => {
    const { auth: vip, subject } = await key('analyst');
    await assign(subject, 'analyst', { kind: 'incident_tag', value: 'vip' });
    await q.http.patch(`/api/v1/incidents/${hrIncident}`).set(vip).send({ severity: 'high' }).expect(404);
    await q.http.post(`/api/v1/incidents/${hrIncident}/comments`).set(vip).send({ text: 'hi' }).expect(404);
    const before = (await q.http.get(`/api/v1/incidents/${vipIncident}`).set(analyst).expect(200)).body.severity;
    await q.http
      .post('/api/v1/incidents/bulk')
      .set(vip)
      .send({ ids: [vipIncident, hrIncident], changes: { severity: before === 'high' ? 'low' : 'high' } })
      .expect(404);
    expect((await q.http.get(`/api/v1/incidents/${vipIncident}`).set(analyst).expect(200)).body.severity).toBe(before);
    await q.http.patch(`/api/v1/incidents/${vipIncident}`).set(vip).send({ assignedTo: 'vip-desk' }).expect(200);

    // Investigations follow their incident.
    const investigations = (await q.http.get('/api/v1/investigations?limit=100').set(vip).expect(200)).body.items;
    expect(investigations.every((v: { incidentId: number }) => v.incidentId === vipIncident)).toBe(true);
    const hrInvestigation = (await q.http.get(`/api/v1/investigations?incidentId=${hrIncident}`).set(analyst).expect(200)).body.items[0];
    if (hrInvestigation) await q.http.get(`/api/v1/investigations/${hrInvestigation.id}`).set(vip).expect(404);

    // A manual action outside the scope is refused before anything is written.
    await q.http
      .post('/api/v1/actions')
      .set(vip)
      .send({ type: 'isolate_device', target: { type: 'device', hostname: hrHost }, reason: 'no' })
      .expect(403);
  });

  it('shows alerts as their incidents: listed, read and moved only within the scope; tags and SOC metrics count only the scope', async () => {
    const { auth: finance, subject } = await key('reader');
    await assign(subject, 'analyst', { kind: 'device_group', value: 'Finance' });
    const alertOf = async (incident: number) =>
      (await q.http.get(`/api/v1/alerts?incidentId=${incident}`).set(analyst).expect(200)).body.items[0].id as string;
    const [financeAlert, hrAlert] = [await alertOf(financeIncident), await alertOf(hrIncident)];

    const listed = (await q.http.get('/api/v1/alerts?limit=200').set(finance).expect(200)).body.items.map((a: { id: string }) => a.id);
    expect(listed).toContain(financeAlert);
    expect(listed).not.toContain(hrAlert);
    expect((await q.http.get(`/api/v1/alerts?incidentId=${hrIncident}`).set(finance).expect(200)).body.items).toEqual([]);
    await q.http.get(`/api/v1/alerts/${financeAlert}`).set(finance).expect(200);
    for (const path of [`/api/v1/alerts/${hrAlert}`, `/api/v1/alerts/${hrAlert}/activity`]) {
      const res = await q.http.get(path).set(finance).expect(404);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    await q.http
      .post('/api/v1/playbooks/simulate')
      .set(finance)
      .send({ playbook: 'generic-alert', alertId: hrAlert, useLab: false })
      .expect(404);

    // A move needs both ends in scope: an alert of its own to an incident outside it is refused, and nothing moves.
    const moved = await incidentOn(await addLabDevice(q.db, { group: 'Finance' }));
    const movable = await alertOf(moved);
    await q.http.post(`/api/v1/alerts/${movable}/move`).set(finance).send({ incidentId: hrIncident, reason: 'no' }).expect(404);
    await q.http.post(`/api/v1/alerts/${hrAlert}/move`).set(finance).send({ reason: 'no' }).expect(404);
    expect((await q.http.get(`/api/v1/alerts/${movable}`).set(analyst).expect(200)).body.incidentId).toBe(moved);
    expect((await q.http.get(`/api/v1/alerts/${hrAlert}`).set(analyst).expect(200)).body.incidentId).toBe(hrIncident);
    // To a new incident: it holds the alert's Finance device, so the caller still sees both.
    const { to } = (await q.http.post(`/api/v1/alerts/${movable}/move`).set(finance).send({ reason: 'own incident' }).expect(200)).body;
    await q.http.get(`/api/v1/incidents/${to}`).set(finance).expect(200);
    await q.http.get(`/api/v1/alerts/${movable}`).set(finance).expect(200);

    const tags = (await q.http.get('/api/v1/tags').set(finance).expect(200)).body.items.map((t: { tag: string }) => t.tag);
    expect(tags).not.toContain('vip');
    expect((await q.http.get('/api/v1/tags').set(analyst).expect(200)).body.items.map((t: { tag: string }) => t.tag)).toContain('vip');
    const created = async (auth: Auth) => (await q.http.get('/api/v1/metrics/soc').set(auth).expect(200)).body.incidentsCreated as number;
    const financeCount = (await q.http.get('/api/v1/incidents?limit=200&status=active,in_progress,resolved').set(finance).expect(200)).body
      .items.length;
    expect(await created(finance)).toBe(financeCount);
    expect(await created(analyst)).toBeGreaterThan(financeCount);
  });

  it('pages a scoped queue with the keyset cursor: every in-scope incident once, nothing else', async () => {
    const { auth: both, subject } = await key('reader');
    await assign(subject, 'reader', { kind: 'device_group', value: 'Finance' });
    await assign(subject, 'reader', { kind: 'incident_tag', value: 'vip' });
    const extra = [
      await incidentOn(await addLabDevice(q.db, { group: 'Finance' })),
      await incidentOn(await addLabDevice(q.db, { group: 'Finance' })),
    ];
    const seen: number[] = [];
    let cursor: string | null = null;
    do {
      const url: string = `/api/v1/incidents?limit=1&sort=id&status=active,in_progress,resolved${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`;
      const page = (await q.http.get(url).set(both).expect(200)).body;
      seen.push(...page.items.map((i: { id: number }) => i.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual(expect.arrayContaining([financeIncident, vipIncident, ...extra]));
    expect(seen).not.toContain(hrIncident);
    const everything = (await q.http.get('/api/v1/incidents?limit=100&status=active,in_progress,resolved').set(analyst).expect(200)).body
      .items.length;
    expect(everything).toBeGreaterThan(seen.length);
  });

  it('manages assignments through the admin API, audited; without any the key is unrestricted again', async () => {
    const { auth: reader, subject } = await key('reader');
    const created = await assign(subject, 'reader', { kind: 'action_family', value: 'email' });
    expect(created).toMatchObject({ subject, role: 'reader', scope: { kind: 'action_family', value: 'email' } });
    const again = await q.http
      .post('/api/v1/role-assignments')
      .set(admin)
      .send({ subject, role: 'reader', scope: { kind: 'action_family', value: 'email' } })
      .expect(200);
    expect(again.body.id).toBe(created.id);
    await q.http.get(`/api/v1/incidents/${hrIncident}`).set(reader).expect(404);
    const listed = await q.http
      .get(`/api/v1/role-assignments?subject=${encodeURIComponent(subject)}`)
      .set(admin)
      .expect(200);
    expect(listed.body.items).toEqual([expect.objectContaining({ id: created.id })]);

    for (const bad of [
      { subject, role: 'admin', scope: { kind: 'device_group', value: 'Finance' } },
      { subject, role: 'reader', scope: { kind: 'action_family', value: 'printing' } },
      { subject: 'nobody', role: 'reader', scope: { kind: 'all' } },
    ]) {
      const res = await q.http.post('/api/v1/role-assignments').set(admin).send(bad).expect(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    await q.http
      .post('/api/v1/role-assignments')
      .set(reader)
      .send({ subject, role: 'admin', scope: { kind: 'all' } })
      .expect(403);

    await q.http.delete(`/api/v1/role-assignments/${created.id}`).set(admin).expect(200);
    await q.http.delete(`/api/v1/role-assignments/${created.id}`).set(admin).expect(404);
    await q.http.get(`/api/v1/incidents/${hrIncident}`).set(reader).expect(200);

    const audit = (await q.http.get(`/api/v1/audit?targetId=${created.id}`).set(admin).expect(200)).body.items;
    expect(audit.map((r: { action: string }) => r.action).sort()).toEqual(['role_assignment.created', 'role_assignment.deleted']);
    expect(audit.find((r: { action: string }) => r.action === 'role_assignment.deleted').before).toMatchObject({ subject, role: 'reader' });
  });
});
