import { startQuell, type TestQuell, workflowResult } from '../support/harness.js';
import { alertWorkflowId } from '../../workflows/ids.js';

let n = 0;
const uniq = () => `${Date.now().toString(36)}-${++n}`;

describe('incident queue and management', () => {
  let q: TestQuell;
  let reader: { Authorization: string };
  let analyst: { Authorization: string };
  let ingest: { Authorization: string };

  beforeAll(async () => {
    q = await startQuell();
    [reader, analyst, ingest] = await Promise.all([q.auth('reader'), q.auth('analyst'), q.auth('ingest')]);
  });
  afterAll(() => q.close());

  /** Posts one alert and waits until it is in an incident; returns the incident id. */
  async function incidentFor(over: Record<string, unknown>): Promise<number> {
    const body = {
      externalId: uniq(),
      source: 'endpoint',
      title: 'Queue alert',
      severity: 'medium',
      entities: [{ type: 'device', hostname: `h-${uniq()}` }],
      ...over,
    };
    const res = await q.http.post('/api/v1/alerts').set(ingest).send(body).expect(202);
    const id = res.body.results[0].id;
    const result = await workflowResult(q.client, alertWorkflowId(id));
    return result.incidentId;
  }
  const get = async (id: number) => q.http.get(`/api/v1/incidents/${id}`).set(reader).expect(200);
  const patch = (id: number, body: object, headers: Record<string, string> = {}) =>
    q.http.patch(`/api/v1/incidents/${id}`).set(analyst).set(headers).send(body);

  it('filters the queue by status, severity, source, category, entity, text and tags, hiding informational by default', async () => {
    const host = `filter-${uniq()}`;
    const a = await incidentFor({
      severity: 'high',
      source: 'identity',
      category: 'Collection',
      title: 'Credential probe against Contoso',
      entities: [{ type: 'device', hostname: host }],
    });
    const info = await incidentFor({ severity: 'informational' });
    await patch(a, { tags: ['vip'] }).expect(200);
    const ids = async (query: string) =>
      (await q.http.get(`/api/v1/incidents?${query}`).set(reader).expect(200)).body.items.map((i: { id: number }) => i.id);
    expect(await ids('')).toContain(a);
    expect(await ids('')).not.toContain(info);
    expect(await ids('includeInformational=true')).toContain(info);
    expect(await ids('severity=informational')).toEqual([info]);
    expect(await ids('severity=high&source=identity')).toContain(a);
    expect(await ids('source=email')).not.toContain(a);
    expect(await ids('category=Collection')).toContain(a);
    expect(await ids(`entity=${host.toUpperCase()}`)).toEqual([a]);
    expect(await ids('q=credential%20probe')).toContain(a);
    expect(await ids(`q=${a}`)).toContain(a);
    expect(await ids('tag=vip')).toEqual([a]);
    expect(await ids('unassigned=true')).toContain(a);
    expect(await ids('status=resolved')).not.toContain(a);
    expect(await ids('until=2000-01-01T00:00:00Z')).toEqual([]);
    const item = (await q.http.get(`/api/v1/incidents?q=${a}`).set(reader)).body.items.find((i: { id: number }) => i.id === a);
    expect(item).toMatchObject({
      severity: 'high',
      status: 'active',
      alertCount: 1,
      sources: ['identity'],
      impactedAssetCounts: { devices: 1 },
      tags: ['vip'],
    });
  });

  it('rejects bad queue parameters with paths', async () => {
    const res = await q.http.get('/api/v1/incidents?severity=urgent&sort=name&limit=500&bogus=1').set(reader).expect(400);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['query.severity[0]', 'query.sort', 'query.limit']));
    await q.http.get('/api/v1/incidents?cursor=abc').set(reader).expect(400);
    await q.http.get('/api/v1/incidents/0').set(reader).expect(400);
    await q.http.get('/api/v1/incidents/abc').set(reader).expect(400);
    await q.http.get('/api/v1/incidents/999999').set(reader).expect(404);
  });

  it('pages with a stable cursor while new incidents arrive, in every sort order', async () => {
    const tag = `page-${uniq()}`;
    for (let i = 0; i < 7; i++) await patch(await incidentFor({ severity: ['low', 'medium', 'high'][i % 3] }), { tags: [tag] }).expect(200);
    for (const sort of ['lastActivityAt', 'severity', 'createdAt', 'alertCount', 'id']) {
      for (const order of ['asc', 'desc']) {
        const seen: number[] = [];
        let cursor: string | null = null;
        let inserted = false;
        do {
          const res: { body: { items: { id: number }[]; nextCursor: string | null } } = await q.http
            .get(`/api/v1/incidents?tag=${tag}&sort=${sort}&order=${order}&limit=3${cursor ? `&cursor=${cursor}` : ''}`)
            .set(reader)
            .expect(200);
          seen.push(...res.body.items.map((i) => i.id));
          cursor = res.body.nextCursor;
          if (!inserted) {
            inserted = true;
            await incidentFor({});
          }
        } while (cursor);
        expect(new Set(seen).size).toBe(seen.length);
        expect(seen).toHaveLength(7);
      }
    }
    const counted = await q.http.get(`/api/v1/incidents?tag=${tag}&count=true&limit=2`).set(reader).expect(200);
    expect(counted.body.total).toBe(7);
    const bySeverity = await q.http.get(`/api/v1/incidents?tag=${tag}&sort=severity&order=desc`).set(reader).expect(200);
    expect(bySeverity.body.items[0].severity).toBe('high');
  });

  it('updates with ETags: a stale If-Match gets 412 and changes nothing', async () => {
    const id = await incidentFor({});
    const first = await get(id);
    const etag = first.headers.etag;
    const ok = await patch(id, { name: 'Renamed by Ann', assignedTo: 'ann' }, { 'If-Match': etag }).expect(200);
    expect(ok.body).toMatchObject({ name: 'Renamed by Ann', assignedTo: 'ann' });
    expect(ok.headers.etag).not.toBe(etag);
    const stale = await patch(id, { assignedTo: 'ben' }, { 'If-Match': etag }).expect(412);
    expect(stale.body.status).toBe(412);
    expect((await get(id)).body.assignedTo).toBe('ann');
    const alerts = await q.db.query('SELECT assigned_to FROM alerts WHERE incident_id = $1', [id]);
    expect(alerts.every((a: { assigned_to: string }) => a.assigned_to === 'ann')).toBe(true);
  });

  it('enforces classification/determination pairs and severity overrides', async () => {
    const id = await incidentFor({ severity: 'low' });
    const bad = await patch(id, { classification: 'false_positive', determination: 'malware' }).expect(400);
    expect(bad.body.errors[0]).toMatchObject({ path: 'determination' });
    await patch(id, { determination: 'malware' }).expect(400);
    await patch(id, { classification: 'true_positive', determination: 'malware' }).expect(200);
    await patch(id, { severity: 'high' }).expect(200);
    expect((await get(id)).body).toMatchObject({
      severity: 'high',
      severitySource: 'analyst',
      classification: 'true_positive',
      determination: 'malware',
    });
    await patch(id, { severity: null }).expect(200);
    expect((await get(id)).body).toMatchObject({ severity: 'low', severitySource: 'automatic' });
    const unknown = await patch(id, { colour: 'red' }).expect(400);
    expect(unknown.body.errors.length).toBeGreaterThan(0);
    await patch(id, { tags: Array.from({ length: 51 }, (_, i) => `t${i}`) }).expect(400);
    await patch(id, { tags: ['x'.repeat(65)] }).expect(400);
    await patch(id, {}).expect(400);
  });

  it('resolving resolves the alerts; reopening is allowed; every change is in the activity log', async () => {
    const id = await incidentFor({});
    await patch(id, { status: 'resolved', resolutionComment: 'contained' }).expect(200);
    const alerts = await q.db.query('SELECT status FROM alerts WHERE incident_id = $1', [id]);
    expect(alerts.map((a: { status: string }) => a.status)).toEqual(['resolved']);
    await patch(id, { status: 'active' }).expect(200);
    await q.http.post(`/api/v1/incidents/${id}/comments`).set(analyst).send({ text: '**Escalated** to IR' }).expect(201);
    const activity = await q.http.get(`/api/v1/incidents/${id}/activity?kind=updated`).set(reader).expect(200);
    expect(activity.body.items.map((a: { details: { changes: Record<string, { to: unknown }> } }) => a.details.changes.status?.to)).toEqual(
      ['resolved', 'active'],
    );
    expect(activity.body.items[0].actor).toBe('test-analyst');
    const detail = await get(id);
    expect(detail.body.comments[0]).toMatchObject({ text: '**Escalated** to IR', author: 'test-analyst' });
    expect(detail.body.activity.map((a: { kind: string }) => a.kind)).toEqual(['created', 'updated', 'updated', 'comment']);
    await q.http
      .post(`/api/v1/incidents/${id}/comments`)
      .set(analyst)
      .send({ text: 'x'.repeat(30_001) })
      .expect(400);
  });

  it('applies bulk changes atomically and reports per incident', async () => {
    const a = await incidentFor({});
    const b = await incidentFor({});
    const res = await q.http
      .post('/api/v1/incidents/bulk')
      .set(analyst)
      .send({ ids: [a, b, 987654], changes: { addTags: ['bulk'], status: 'in_progress' } })
      .expect(200);
    expect(res.body.results).toEqual([
      expect.objectContaining({ id: a, result: 'updated' }),
      expect.objectContaining({ id: b, result: 'updated' }),
      { id: 987654, result: 'not_found' },
    ]);
    await patch(a, { classification: 'false_positive' }).expect(200);
    const bad = await q.http
      .post('/api/v1/incidents/bulk')
      .set(analyst)
      .send({ ids: [a, b], changes: { determination: 'not_malicious', addTags: ['never'] } })
      .expect(400);
    expect(bad.body.errors[0].path).toContain(`incident ${b}`);
    expect((await get(a)).body.tags).not.toContain('never');
    await q.http
      .post('/api/v1/incidents/bulk')
      .set(analyst)
      .send({ ids: Array.from({ length: 101 }, (_, i) => i + 1), changes: { status: 'active' } })
      .expect(400);
  });

  it('starts the changes feed at the newest change with latest=true, then lists only what changed after it', async () => {
    const untouched = await incidentFor({});
    const touched = await incidentFor({});
    const feed = async (query: string) => (await q.http.get(`/api/v1/incidents/changes?${query}`).set(reader).expect(200)).body;
    // Past the settling time, both incidents are behind the newest change the feed shows.
    await new Promise((r) => setTimeout(r, 2_500));
    const start = await feed('latest=true');
    expect(start).toMatchObject({ items: [], hasMore: false });
    await patch(touched, { addTags: ['fed'] }).expect(200);
    let changed: number[] = [];
    for (let tries = 0; tries < 20 && !changed.includes(touched); tries++) {
      await new Promise((r) => setTimeout(r, 500));
      changed = (await feed(`since=${start.cursor}&limit=1000`)).items.map((c: { id: number }) => c.id);
    }
    expect(changed).toContain(touched);
    expect(changed).not.toContain(untouched);
    expect((await feed('limit=1000')).items.map((c: { id: number }) => c.id)).toContain(untouched);
  });

  it('merges by hand with the same rules, and moves alerts with reasons in both logs', async () => {
    const a = await incidentFor({});
    const b = await incidentFor({});
    const c = await incidentFor({});
    await patch(b, { assignedTo: 'ann' }).expect(200);
    await patch(c, { assignedTo: 'ben' }).expect(200);
    const blocked = await q.http
      .post(`/api/v1/incidents/${a}/merge`)
      .set(analyst)
      .send({ sourceIds: [b, c], reason: 'same actor' })
      .expect(409);
    expect(blocked.body.detail).toContain('different assignees');
    await q.http.post(`/api/v1/incidents/${a}/comments`).set(analyst).send({ text: 'before merge' }).expect(201);
    await q.http
      .post(`/api/v1/incidents/${b}/merge`)
      .set(analyst)
      .send({ sourceIds: [a], reason: 'same actor' })
      .expect(200);
    const merged = await get(b);
    expect(merged.body.alertCount).toBe(2);
    expect(merged.body.comments.map((x: { text: string }) => x.text)).toContain('before merge');
    expect((await get(a)).body).toMatchObject({ status: 'redirected', redirectedTo: b });
    await patch(a, { name: 'x' }).expect(409);

    const alertId = merged.body.alerts[0].id;
    const moved = await q.http
      .post(`/api/v1/alerts/${alertId}/move`)
      .set(analyst)
      .send({ incidentId: c, reason: 'belongs to Ben' })
      .expect(200);
    expect(moved.body).toEqual({ alertId, from: b, to: c });
    expect((await get(c)).body.alertCount).toBe(2);
    expect((await get(b)).body.alertCount).toBe(1);
    const fresh = await q.http.post(`/api/v1/alerts/${alertId}/move`).set(analyst).send({ reason: 'unrelated' }).expect(200);
    expect(fresh.body.to).not.toBe(c);
    const logC = await q.http.get(`/api/v1/incidents/${c}/activity?kind=alert_moved_in&kind=alert_moved_out`).set(reader).expect(200);
    expect(logC.body.items.map((x: { kind: string; details: { reason: string } }) => [x.kind, x.details.reason])).toEqual([
      ['alert_moved_in', 'belongs to Ben'],
      ['alert_moved_out', 'unrelated'],
    ]);
  });

  it('lists tags and computes SOC metrics', async () => {
    const id = await incidentFor({});
    await patch(id, { assignedTo: 'cleo', addTags: ['metrics'] }).expect(200);
    await patch(id, { status: 'resolved', classification: 'true_positive', determination: 'phishing' }).expect(200);
    const tags = await q.http.get('/api/v1/tags').set(reader).expect(200);
    expect(tags.body.items).toEqual(expect.arrayContaining([{ tag: 'metrics', kind: 'custom', count: 1 }]));
    const m = await q.http.get('/api/v1/metrics/soc').set(reader).expect(200);
    expect(m.body.incidentsResolved).toBeGreaterThanOrEqual(1);
    expect(m.body.resolvedBy.people).toBeGreaterThanOrEqual(1);
    expect(m.body.timeToAssignSeconds.incidents).toBeGreaterThanOrEqual(1);
    expect(m.body.classifications).toEqual(
      expect.arrayContaining([expect.objectContaining({ classification: 'true_positive', determination: 'phishing' })]),
    );
    await q.http.get('/api/v1/metrics/soc?since=2030-01-01T00:00:00Z&until=2020-01-01T00:00:00Z').set(reader).expect(400);
  });

  it('lets readers read but not change', async () => {
    const id = await incidentFor({});
    await q.http.patch(`/api/v1/incidents/${id}`).set(reader).send({ name: 'nope' }).expect(403);
    await q.http.post(`/api/v1/incidents/${id}/comments`).set(reader).send({ text: 'nope' }).expect(403);
    await q.http
      .post('/api/v1/incidents/bulk')
      .set(reader)
      .send({ ids: [id], changes: { status: 'resolved' } })
      .expect(403);
    expect((await get(id)).body.name).not.toBe('nope');
  });
});
