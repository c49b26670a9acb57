import { AlertDispatcher } from '../../src/alerts/alert-dispatcher.js';
import { AlertsRepository } from '../../src/alerts/alerts.repository.js';
import { nativeAlertSchema } from '../../src/domain/alert.js';
import { IncidentWriter } from '../../src/incidents/incident.writer.js';
import { eventually, startQuell, type TestQuell, workflowResult } from '../support/harness.js';
import { alertWorkflowId } from '../../workflows/ids.js';

let seq = 0;
const T0 = Date.parse('2026-03-01T10:00:00Z');
const at = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

function alert(over: Record<string, unknown> = {}) {
  seq += 1;
  return {
    externalId: `ext-${seq}-${Math.random().toString(36).slice(2)}`,
    source: 'endpoint',
    title: `Alert ${seq}`,
    severity: 'low',
    firstActivityAt: at(0),
    entities: [],
    ...over,
  };
}

describe('ingestion and correlation', () => {
  let q: TestQuell;
  let ingest: { Authorization: string };
  let reader: { Authorization: string };

  beforeAll(async () => {
    q = await startQuell({ env: { CORRELATION_PREVALENCE_LIMIT: '5' } });
    ingest = await q.auth('ingest');
    reader = await q.auth('reader');
  });
  afterAll(() => q.close());

  async function post(body: unknown) {
    const res = await q.http
      .post('/api/v1/alerts')
      .set(ingest)
      .send(body as object);
    expect(res.status).toBe(202);
    return res.body.results as { index: number; id: string; status: string }[];
  }

  /** Waits for the alert workflow and returns the stored alert. */
  async function correlated(id: string) {
    await workflowResult(q.client, alertWorkflowId(id));
    return (await q.http.get(`/api/v1/alerts/${id}`).set(reader).expect(200)).body;
  }

  async function send(over: Record<string, unknown>) {
    const [r] = await post(alert(over));
    return correlated(r.id);
  }

  const incident = async (id: number) => (await q.http.get(`/api/v1/incidents/${id}`).set(reader).expect(200)).body;

  it('rejects an invalid batch whole, with a path per bad field, and stores nothing', async () => {
    const before = (await q.db.query('SELECT count(*)::int AS n FROM alerts'))[0].n;
    const res = await q.http
      .post('/api/v1/alerts')
      .set(ingest)
      .send([alert(), alert({ severity: 'urgent' }), alert({ entities: [{ type: 'device' }], mitreTechniques: ['X1'] })])
      .expect(400);
    const paths = res.body.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['[1].severity', '[2].entities[0]', '[2].mitreTechniques[0]']));
    expect(res.body.errors.find((e: { path: string }) => e.path === '[2].entities[0]').message).toContain('needs at least one of');
    expect((await q.db.query('SELECT count(*)::int AS n FROM alerts'))[0].n).toBe(before);
    await q.http.post('/api/v1/alerts').set(ingest).send([]).expect(400);
    await q.http.post('/api/v1/alerts?format=splunk').set(ingest).send(alert()).expect(400);
    await q.http
      .post('/api/v1/alerts')
      .set(ingest)
      .send(Array.from({ length: 501 }, () => alert()))
      .expect(400);
  });

  it('treats a resend, even many concurrent ones, as a duplicate with the same id', async () => {
    const a = alert({ entities: [{ type: 'device', hostname: 'dup-host' }] });
    const results = await Promise.all(Array.from({ length: 10 }, () => post(a)));
    const ids = new Set(results.map((r) => r[0].id));
    expect(ids.size).toBe(1);
    expect(results.filter((r) => r[0].status === 'accepted')).toHaveLength(1);
    const batch = await post([a, a]);
    expect(batch.map((r) => r.status)).toEqual(['duplicate', 'duplicate']);
    const rows = await q.db.query('SELECT count(*)::int AS n FROM alerts WHERE external_id = $1', [a.externalId]);
    expect(rows[0].n).toBe(1);
  });

  it('starts a new incident, then joins alerts that share a key within the window, and says why', async () => {
    const first = await send({
      title: 'Suspicious PowerShell command line',
      severity: 'low',
      category: 'Execution',
      entities: [{ type: 'device', hostname: 'WS-01.corp.local' }],
    });
    expect(first.correlation).toMatchObject({ decision: 'new', matchedKeys: [] });
    const inc1 = await incident(first.incidentId);
    expect(inc1.name).toBe("'Suspicious PowerShell command line' on WS-01.corp.local");

    const second = await send({
      source: 'identity',
      severity: 'high',
      category: 'InitialAccess',
      firstActivityAt: at(120),
      entities: [
        { type: 'device', hostname: 'ws-01' },
        { type: 'user', upn: 'carol@corp.com' },
      ],
    });
    expect(second.incidentId).toBe(first.incidentId);
    expect(second.correlation).toMatchObject({ decision: 'joined', matchedKeys: ['device:host:ws-01'] });
    expect(second.correlation.reason).toContain('device:host:ws-01');

    const inc = await incident(first.incidentId);
    expect(inc).toMatchObject({
      alertCount: 2,
      severity: 'high',
      status: 'active',
      categories: ['InitialAccess', 'Execution'],
      sources: ['endpoint', 'identity'],
    });
    expect(inc.name).toBe('Multi-stage incident involving Initial access & Execution on one endpoint reported by multiple sources');
    expect(inc.impactedAssets.devices).toEqual([expect.objectContaining({ id: 'host:ws-01', alertCount: 2 })]);
    expect(inc.impactedAssetCounts).toMatchObject({ devices: 1, users: 1 });
    expect(inc.activity.map((a: { kind: string }) => a.kind)).toEqual(['created', 'alert_joined']);
    expect(inc.alerts).toHaveLength(2);
  });

  it('does not join outside the correlation window', async () => {
    const a = await send({ entities: [{ type: 'user', upn: 'window@corp.com' }], firstActivityAt: at(0) });
    const b = await send({ entities: [{ type: 'user', upn: 'window@corp.com' }], firstActivityAt: at(7 * 60) });
    expect(b.incidentId).not.toBe(a.incidentId);
    expect(b.correlation.decision).toBe('new');
    const c = await send({ entities: [{ type: 'user', upn: 'window@corp.com' }], firstActivityAt: at(6 * 60) });
    expect([a.incidentId, b.incidentId]).toContain(c.incidentId);
  });

  it('links identifiers: an alert naming only the Entra object id joins the incident of the UPN', async () => {
    const a = await send({ entities: [{ type: 'user', upn: 'dave@corp.com', aadObjectId: '11111111-2222-3333-4444-555555555555' }] });
    const b = await send({ source: 'identity', entities: [{ type: 'user', aadObjectId: '11111111-2222-3333-4444-555555555555' }] });
    expect(b.incidentId).toBe(a.incidentId);
    const c = await send({ source: 'email', entities: [{ type: 'mailbox', address: 'Dave@corp.com' }] });
    expect(c.incidentId).toBe(a.incidentId);
  });

  it('links through what a Graph alert says belongs together: a mailbox and its owner, a device and its logged-on user, a process and its image', async () => {
    const graph = async (id: string, evidence: Record<string, unknown>[], minutes = 0) => {
      const body = { id: `graph-${id}-${seq++}`, title: `Graph ${id}`, severity: 'medium', firstActivityDateTime: at(minutes), evidence };
      const res = await q.http.post('/api/v1/alerts?format=msgraph').set(ingest).send(body).expect(202);
      return correlated(res.body.results[0].id);
    };
    const ev = (type: string, fields: Record<string, unknown>) => ({ '@odata.type': `#microsoft.graph.security.${type}`, ...fields });
    const phish = await graph('phish', [
      ev('mailboxEvidence', {
        primaryAddress: 'sales-desk@corp.com',
        userAccount: { accountName: 'rlowe', domainName: 'CORP', userSid: 'S-1-5-21-77-88-99-3104', userPrincipalName: 'r.lowe@corp.com' },
      }),
      ev('urlEvidence', { url: 'https://mail.lowe-invoices.example/view' }),
    ]);
    // Named only by the owner's SID: joins through the alias the mailbox alert stated.
    const logon = await graph(
      'logon',
      [ev('userEvidence', { userAccount: { accountName: 'rlowe', userSid: 'S-1-5-21-77-88-99-3104' } })],
      30,
    );
    expect(logon.incidentId).toBe(phish.incidentId);
    const aliases = await q.db.query('SELECT alias, alert_id FROM entity_aliases WHERE key = $1', ['user:sid:S-1-5-21-77-88-99-3104']);
    expect(aliases).toEqual(expect.arrayContaining([{ alias: 'user:upn:r.lowe@corp.com', alert_id: phish.id }]));

    // A device whose logged-on user is that account, reaching another host of the same domain, with a
    // hashed process image: the logged-on user is one weak link, the domain another; together they agree.
    const sha256 = 'e1'.repeat(32);
    const device = (host: string, loggedOnUsers: unknown[]) => ev('deviceEvidence', { deviceDnsName: host, loggedOnUsers });
    const process = ev('processEvidence', { processId: 812, imageFile: { fileName: 'upd.exe', filePath: 'C:\\Users\\rlowe', sha256 } });
    const url = ev('urlEvidence', { url: 'https://cdn.lowe-invoices.example/upd.exe' });
    const alone = await graph('alone', [device('corp-ws-310', []), url], 40);
    expect(alone.incidentId).not.toBe(phish.incidentId);
    const ws = await graph('ws', [device('corp-ws-311', [{ accountName: 'rlowe', domainName: 'CORP' }]), process, url], 45);
    expect(ws.incidentId).toBe(phish.incidentId);
    expect(ws.correlation.reason).toContain('independent weak links agree (domain:lowe-invoices.example, user:name:corp\\rlowe)');
    // The image file's hash ties a server that ran the same binary within minutes.
    const srv = await graph(
      'srv',
      [ev('deviceEvidence', { deviceDnsName: 'corp-srv-02' }), ev('fileEvidence', { fileDetails: { sha256 } })],
      50,
    );
    expect(srv.incidentId).toBe(phish.incidentId);
    expect(srv.correlation.matchedKeys).toContain(`file:sha256:${sha256}`);
  });

  it("joins the click that follows a phishing mail through the link's site, and nothing else by the site alone", async () => {
    const mail = (box: string, id: string, url: string, minutes: number) =>
      send({
        source: 'email',
        firstActivityAt: at(minutes),
        entities: [
          { type: 'mailbox', address: box },
          { type: 'email', networkMessageId: id, sender: 'billing@click-lure.example', recipient: box },
          { type: 'url', url },
        ],
      });
    const phish = await mail('gina.weiss@corp.com', 'c1a2b3c4-0000-4000-8000-000000000001', 'https://www.click-lure.example/invoice', 600);
    // Minutes later a workstation, whose account the mail detector never named, fetches a file from another host of that site.
    const click = await send({
      firstActivityAt: at(607),
      entities: [
        { type: 'device', hostname: 'corp-ws-514', loggedOnUsers: [{ accountName: 'gweiss', domain: 'CORP' }] },
        { type: 'file', name: 'invoice.exe', sha256: 'c1'.repeat(32) },
        { type: 'url', url: 'https://download.click-lure.example/invoice.exe' },
      ],
    });
    expect(click.incidentId).toBe(phish.incidentId);
    expect(click.correlation.reason).toContain(
      `incident ${phish.incidentId} is the delivery of a mail message linking to domain:click-lure.example, which this alert's device reached 7 min later`,
    );
    // Another mail to someone else, with a link to the same site: no device reached it, and the site alone links nothing.
    const other = await mail('olaf.brandt@corp.com', 'c1a2b3c4-0000-4000-8000-000000000002', 'https://files.click-lure.example/doc', 612);
    expect(other.incidentId).not.toBe(phish.incidentId);
    expect(other.correlation.skippedKeys).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'domain:click-lure.example', reason: expect.stringContaining('weak link') })]),
    );
  });

  it('merges incidents that a new alert links, into the oldest, and redirects the others', async () => {
    const a = await send({ entities: [{ type: 'device', hostname: 'merge-a' }], category: 'Execution' });
    const b = await send({ entities: [{ type: 'device', hostname: 'merge-b' }], category: 'LateralMovement' });
    expect(b.incidentId).not.toBe(a.incidentId);
    await q.db.query(`UPDATE incidents SET tags = '{phish}' WHERE id = $1`, [b.incidentId]);
    const c = await send({
      entities: [
        { type: 'device', hostname: 'merge-a' },
        { type: 'device', hostname: 'merge-b' },
      ],
    });
    const target = Math.min(a.incidentId, b.incidentId);
    const other = Math.max(a.incidentId, b.incidentId);
    expect(c.correlation).toMatchObject({ decision: 'merged', incidentId: target, mergedIncidentIds: [other] });
    const merged = await incident(target);
    expect(merged.alertCount).toBe(3);
    expect(merged.tags).toContain('phish');
    expect(merged.impactedAssetCounts.devices).toBe(2);
    const redirected = await incident(other);
    expect(redirected).toMatchObject({ status: 'redirected', redirectedTo: target });
    expect(merged.activity.map((x: { kind: string }) => x.kind)).toEqual(expect.arrayContaining(['merged', 'redirected']));
    // The redirected incident takes no new alerts; its keys now live on the target.
    const d = await send({ entities: [{ type: 'device', hostname: 'merge-b' }] });
    expect(d.incidentId).toBe(target);
  });

  it('blocks a merge of incidents with different assignees; the alert joins the best match', async () => {
    const a = await send({ entities: [{ type: 'device', hostname: 'block-a' }] });
    const b = await send({
      entities: [
        { type: 'device', hostname: 'block-b' },
        { type: 'user', upn: 'block@corp.com' },
      ],
    });
    await q.db.query(`UPDATE incidents SET assigned_to = 'ann' WHERE id = $1`, [a.incidentId]);
    await q.db.query(`UPDATE incidents SET assigned_to = 'ben' WHERE id = $1`, [b.incidentId]);
    const c = await send({
      entities: [
        { type: 'device', hostname: 'block-a' },
        { type: 'device', hostname: 'block-b' },
        { type: 'user', upn: 'block@corp.com' },
      ],
    });
    expect(c.incidentId).toBe(b.incidentId);
    expect(c.correlation.decision).toBe('joined');
    expect(c.correlation.blockedMerge.reason).toContain('different assignees');
    expect((await incident(a.incidentId)).status).toBe('active');
  });

  it('judges a shared IP by its evidence when the alert names its own device or account', async () => {
    const ip = { type: 'ip', address: '192.0.2.77' };
    const a = await send({ entities: [{ type: 'device', hostname: 'weak-a' }, ip] });
    // Hours apart, one shared address is not enough.
    const b = await send({
      firstActivityAt: at(300),
      entities: [{ type: 'device', hostname: 'weak-b' }, { type: 'user', upn: 'weak-b@corp.com' }, ip],
    });
    expect(b.incidentId).not.toBe(a.incidentId);
    expect(b.correlation.skippedKeys).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'ip:192.0.2.77', reason: expect.stringContaining('weak link') })]),
    );
    // Within the same hour (the first alert now outside the window), the same address ties two halves of one attack.
    const c = await send({ firstActivityAt: at(370), entities: [{ type: 'device', hostname: 'weak-c' }, ip] });
    expect(c.incidentId).toBe(b.incidentId);
    expect(c.correlation.reason).toContain('ip:192.0.2.77 was seen in incident');
    // A third unrelated device behind it within the window: a shared address (a proxy), which links nothing.
    const d = await send({ firstActivityAt: at(375), entities: [{ type: 'device', hostname: 'weak-d' }, ip] });
    expect(d.incidentId).not.toBe(b.incidentId);
    expect(d.correlation.skippedKeys).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'ip:192.0.2.77', reason: expect.stringContaining('shared address') })]),
    );
    const onlyIp = await send({ entities: [ip] });
    expect([a.incidentId, b.incidentId]).toContain(onlyIp.incidentId);
  });

  it('never adds alerts to a resolved incident', async () => {
    const a = await send({ entities: [{ type: 'ip', address: '198.51.100.7' }] });
    await q.db.query(`UPDATE incidents SET status = 'resolved' WHERE id = $1`, [a.incidentId]);
    const b = await send({ entities: [{ type: 'ip', address: '198.51.100.7' }] });
    expect(b.incidentId).not.toBe(a.incidentId);
    expect((await incident(a.incidentId)).alertCount).toBe(1);
  });

  it('skips high-prevalence keys and records why', async () => {
    const shared = { type: 'ip', address: '203.0.113.50' };
    const ids: number[] = [];
    for (let i = 0; i < 5; i++) {
      ids.push((await send({ entities: [shared, { type: 'device', hostname: `prev-${i}` }], firstActivityAt: at(i) })).incidentId);
    }
    const last = await send({ entities: [shared, { type: 'device', hostname: 'prev-last' }], firstActivityAt: at(6) });
    expect(last.correlation.skippedKeys).toEqual(
      expect.arrayContaining([expect.objectContaining({ key: 'ip:203.0.113.50', reason: expect.stringContaining('high prevalence') })]),
    );
    expect(last.correlation.decision).toBe('new');
  });

  it('ends 100 concurrent alerts that share a key in exactly one incident', async () => {
    const batch = Array.from({ length: 100 }, (_, i) =>
      alert({
        entities: [
          { type: 'user', upn: 'race@corp.com' },
          { type: 'device', hostname: `race-${i}` },
        ],
        firstActivityAt: at(i % 50),
      }),
    );
    await q.http.post('/api/v1/alerts').set(ingest).send(batch).expect(202);
    const rows = await eventually(
      async () => {
        const r = await q.db.query(`SELECT incident_id FROM alerts WHERE entities @> '[{"upn":"race@corp.com"}]'`);
        return r.length === 100 && r.every((x: { incident_id: string | null }) => x.incident_id) ? r : undefined;
      },
      60_000,
      '100 alerts correlated',
    );
    expect(new Set(rows.map((r: { incident_id: string }) => r.incident_id)).size).toBe(1);
    const inc = await incident(Number(rows[0].incident_id));
    expect(inc.alertCount).toBe(100);
  });

  it("keeps an incident's summary, alert by alert and through a merge, as a recount of its alerts gives it", async () => {
    const SUMMARY = `alert_count, severity, first_activity_at, last_activity_at, categories, sources, detection_sources, name, asset_names, impacted_assets`;
    const summary = async (id: number) => (await q.db.query(`SELECT ${SUMMARY} FROM incidents WHERE id = $1`, [id]))[0];
    const host = (n: string) => ({ type: 'device', hostname: `sum-${n}` });
    const first = await send({ entities: [host('a')], severity: 'low', category: 'Execution', firstActivityAt: at(30) });
    // Earlier than the first, higher, from another source and detector, with a new asset.
    await send({
      entities: [host('a'), { type: 'user', upn: 'sum-user@corp.com' }],
      severity: 'medium',
      category: 'CredentialAccess',
      source: 'identity',
      detectionSource: 'entraIdProtection',
      firstActivityAt: at(10),
      lastActivityAt: at(40),
    });
    // Lower and repeating what the incident has: nothing but the count changes.
    await send({ entities: [host('a')], severity: 'informational', category: 'Execution', firstActivityAt: at(20) });
    const other = await send({ entities: [host('b')], severity: 'low', category: 'Persistence', firstActivityAt: at(15) });
    const merging = await send({ entities: [host('a'), host('b')], severity: 'low', category: 'Discovery', firstActivityAt: at(45) });
    expect(merging.correlation).toMatchObject({ decision: 'merged', mergedIncidentIds: [Math.max(first.incidentId, other.incidentId)] });
    const id = merging.incidentId as number;
    await send({ entities: [host('b')], severity: 'high', category: 'Impact', detectionSource: 'antivirus', firstActivityAt: at(50) });

    const kept = await summary(id);
    expect(kept).toMatchObject({ alert_count: 6, severity: 'high' });
    expect(kept.categories).toEqual(expect.arrayContaining(['Execution', 'CredentialAccess', 'Persistence', 'Discovery', 'Impact']));
    expect(new Date(kept.first_activity_at).toISOString()).toBe(at(10));
    await q.db.transaction(async (m) => {
      await new IncidentWriter(q.db).recomputeAggregates(m, id);
      expect((await m.query(`SELECT ${SUMMARY} FROM incidents WHERE id = $1`, [id]))[0]).toEqual(kept);
    });
  });

  it('still correlates an alert stored by a process that died before starting its workflow', async () => {
    const parsed = nativeAlertSchema.parse(alert({ entities: [{ type: 'device', hostname: 'crash-host' }] }));
    const [ref] = await q.app.get(AlertsRepository).insertBatch([parsed], 'native', new Date());
    expect(ref.dispatched).toBe(false);
    await q.app.get(AlertDispatcher).drain();
    const stored = await correlated(ref.id);
    expect(stored.incidentId).toEqual(expect.any(Number));
  });

  it('lists alerts with filters and cursor paging', async () => {
    const page1 = await q.http.get('/api/v1/alerts?limit=3&severity=low').set(reader).expect(200);
    expect(page1.body.items).toHaveLength(3);
    const page2 = await q.http.get(`/api/v1/alerts?limit=3&severity=low&cursor=${page1.body.nextCursor}`).set(reader).expect(200);
    const ids1 = page1.body.items.map((a: { id: string }) => a.id);
    expect(page2.body.items.some((a: { id: string }) => ids1.includes(a.id))).toBe(false);
    await q.http.get('/api/v1/alerts?cursor=garbage').set(reader).expect(400);
    await q.http.get('/api/v1/alerts?severity=urgent').set(reader).expect(400);
    await q.http.get('/api/v1/alerts/not-a-uuid').set(reader).expect(400);
    await q.http.get('/api/v1/alerts/00000000-0000-4000-8000-000000000000').set(reader).expect(404);
  });
});
