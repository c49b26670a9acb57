import { FakeGraphSecurity, securityAlert } from '../support/fake-graph-security.js';
import { FakeLogAnalytics, securityAlertRow } from '../support/fake-log-analytics.js';
import { eventually, startQuell, type TestQuell } from '../support/harness.js';

const credentials = { tenantId: 'contoso.onmicrosoft.com', clientId: 'quell-pull', clientSecret: 'pull-secret-value' };

/** Defender XDR incidents and Microsoft Sentinel, each a source of its own in one Quell. */
describe('pulling Defender XDR incidents and Microsoft Sentinel alerts', () => {
  let graph: FakeGraphSecurity;
  let logs: FakeLogAnalytics;
  let q: TestQuell;

  const common = (url: string) => ({
    tenantId: credentials.tenantId,
    clientId: credentials.clientId,
    clientSecretVar: 'PULL_SECRET',
    apiUrl: url,
    loginUrl: url,
    allowInsecureHttp: true,
    intervalSeconds: 1,
    overlapSeconds: 0,
    startAt: '2026-01-01T00:00:00Z',
  });

  beforeAll(async () => {
    [graph, logs] = await Promise.all([FakeGraphSecurity.start(credentials), FakeLogAnalytics.start(credentials)]);
    graph.securityAlerts.push(
      securityAlert('d1', '2026-01-10T08:01:00Z', 'ws-d1', { incidentId: '101' }),
      securityAlert('d2', '2026-01-10T08:02:00Z', 'ws-d2', { incidentId: '101' }),
      securityAlert('d3', '2026-01-10T08:03:00Z', 'ws-d3', { incidentId: '102' }),
    );
    graph.incidents.push(
      {
        id: '101',
        displayName: 'Multi-stage incident on two endpoints',
        lastUpdateDateTime: '2026-01-10T08:02:00Z',
        alertIds: ['d1', 'd2'],
      },
      { id: '102', displayName: 'Suspicious execution', lastUpdateDateTime: '2026-01-10T08:03:00Z', alertIds: ['d3'] },
    );
    // Pages of two rows: two rows share a TimeGenerated across the first page boundary.
    logs.rows.push(
      securityAlertRow('s1', '2026-01-10T09:00:00.0000000Z', 'ws-s1'),
      securityAlertRow('s2', '2026-01-10T09:01:00.0000000Z', 'ws-s2'),
      securityAlertRow('s3', '2026-01-10T09:01:00.0000000Z', 'ws-s3'),
      securityAlertRow('s4', '2026-01-10T09:02:00.0000000Z', 'ws-s4'),
      securityAlertRow('s5', '2026-01-10T09:03:00.0000000Z', 'ws-s5'),
    );
    logs.inject({ match: /\/query$/, status: 429, retryAfter: '1' });
    const sources = [
      { name: 'defender', kind: 'defender_incidents', ...common(graph.url), pageSize: 1, useVendorGrouping: true },
      { name: 'sentinel', kind: 'sentinel', ...common(logs.url), workspaceId: logs.workspaceId, pageSize: 2 },
    ];
    q = await startQuell({ env: { PULL_SECRET: credentials.clientSecret, SOURCES_CONFIG: JSON.stringify({ sources }) } });
  });
  afterAll(async () => {
    await q.close();
    await Promise.all([graph.close(), logs.close()]);
  });

  async function statusOf(name: string) {
    const res = await q.http
      .get('/api/v1/sources')
      .set(await q.auth('reader'))
      .expect(200);
    return res.body.items.find((s: { name: string }) => s.name === name);
  }

  async function stored(prefix: string): Promise<string[]> {
    const rows: { external_id: string }[] = await q.db.query(`SELECT external_id FROM alerts WHERE external_id LIKE $1 ORDER BY 1`, [
      `${prefix}%`,
    ]);
    return rows.map((r) => r.external_id);
  }

  it('pulls every incident’s alerts through next links, with Defender’s incident on each, and keeps the incidents’ cursor', async () => {
    const s = await eventually(async () => {
      const x = await statusOf('defender');
      return x?.caughtUpAt && (await stored('d')).length === 3 ? x : undefined;
    }, 30_000);
    expect(await stored('d')).toEqual(['d1', 'd2', 'd3']);
    expect(s).toMatchObject({ kind: 'defender_incidents', cursor: '2026-01-10T08:03:00.000Z' });
    const first = decodeURIComponent(graph.served[0].path);
    expect(first).toContain('/v1.0/security/incidents?$expand=alerts&$filter=lastUpdateDateTime ge 2026-01-01T00:00:00.000Z');
    expect(graph.served.slice(0, 2).map((p) => p.ids)).toEqual([['101'], ['102']]);
    const [raw] = await q.db.query(`SELECT raw->>'incidentId' AS incident FROM alerts WHERE external_id = 'd2'`);
    expect(raw.incident).toBe('101');
  });

  const correlationOf = async (externalId: string) =>
    (await q.db.query(`SELECT incident_id::int AS "incidentId", correlation FROM alerts WHERE external_id = $1`, [externalId]))[0];

  it('takes Defender’s grouping as a hint: alerts of one Defender incident join one Quell incident, and only those', async () => {
    await eventually(async () => {
      const [r] = await q.db.query(`SELECT count(*)::int AS n FROM alerts WHERE external_id LIKE 'd%' AND incident_id IS NOT NULL`);
      return r.n === 3 ? true : undefined;
    }, 30_000);
    const [d1, d2, d3] = await Promise.all(['d1', 'd2', 'd3'].map(correlationOf));
    // d1 and d2 share no entity (two devices): only Defender's incident 101 ties them.
    expect(d2.incidentId).toBe(d1.incidentId);
    // Whichever was correlated second joined the other's incident.
    const [, second] = [d1, d2].sort((a, b) => (a.correlation.decision === 'new' ? -1 : b.correlation.decision === 'new' ? 1 : 0));
    expect(second.correlation).toMatchObject({ decision: 'joined', matchedKeys: ['vendor:incident:defender:101'] });
    expect(second.correlation.reason).toContain('vendor grouping: incident 101 of source defender holds both');
    expect(d3.incidentId).not.toBe(d1.incidentId);
    expect(d3.correlation.decision).toBe('new');

    // A later alert of Defender incident 102 on d2's device links both Quell incidents: they merge as
    // any two incidents an alert links do, with the reason.
    graph.securityAlerts.push(securityAlert('d5', '2026-01-10T08:05:00Z', 'ws-d2', { incidentId: '102' }));
    graph.vendorEdit('incident', '102', { alertIds: ['d3', 'd5'] });
    const d5 = await eventually(async () => {
      const c = await correlationOf('d5');
      return c?.incidentId ? c : undefined;
    }, 30_000);
    expect(d5.correlation).toMatchObject({
      decision: 'merged',
      incidentId: Math.min(d1.incidentId, d3.incidentId),
      mergedIncidentIds: [Math.max(d1.incidentId, d3.incidentId)],
    });
    expect(d5.correlation.matchedKeys).toEqual(expect.arrayContaining(['device:host:ws-d2', 'vendor:incident:defender:102']));
    expect(d5.correlation.reason).toContain('vendor grouping: incident 102 of source defender holds both');
  });

  it('pulls SecurityAlert rows by TimeGenerated with keyset paging, each once, after a 429', async () => {
    const s = await eventually(async () => {
      const x = await statusOf('sentinel');
      return x?.caughtUpAt && (await stored('s')).length === 5 ? x : undefined;
    }, 30_000);
    expect(await stored('s')).toEqual(['s1', 's2', 's3', 's4', 's5']);
    expect(s).toMatchObject({ kind: 'sentinel', cursor: '2026-01-10T09:03:00.000Z', lastError: null });
    expect(s.counts.outcomes.created).toBe(5);
    expect(logs.queries.slice(0, 3).map((x) => x.ids)).toEqual([['s1', 's2'], ['s3', 's4'], ['s5']]);
    expect(logs.queries[1].query).toContain('SystemAlertId > "s2"');
    const [alert] = await q.db.query(`SELECT source, entities FROM alerts WHERE external_id = 's3'`);
    expect(alert.source).toBe('endpoint');
    expect(alert.entities).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'device' })]));
  });

  it('pulls a row added later with the cursor’s own TimeGenerated', async () => {
    logs.rows.push(securityAlertRow('s6', '2026-01-10T09:03:00.0000000Z', 'ws-s6'));
    await eventually(async () => ((await stored('s')).includes('s6') ? true : undefined), 20_000, 'the late row');
    expect(await stored('s')).toEqual(['s1', 's2', 's3', 's4', 's5', 's6']);
  });
});
