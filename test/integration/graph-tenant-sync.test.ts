import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writebackWorkflowId } from '../../workflows/ids.js';
import { FakeGraphSecurity, securityAlert } from '../support/fake-graph-security.js';
import { eventually, startQuell, type TestQuell } from '../support/harness.js';

const credentials = { tenantId: 'contoso.onmicrosoft.com', clientId: 'quell-graph-app', clientSecret: 'tenant-sync-secret-value' };
const ATTACKS = 500;
const PER_ATTACK = 4;
const PAGE = 200;
/** A bound, not the expected time: correlating the 2,000 alerts is most of the file, and a shared machine is slow at it. */
const WAIT_MS = 300_000;
const alertId = (attack: number, n: number) => `t-${String(attack).padStart(3, '0')}-${n}`;
const attackOf = (externalId: string) => Number(externalId.split('-')[1]);

/**
 * The "done when": a Graph tenant of 2,000 alerts (four per attack, on the attack's
 * device), pulled in pages of 200 while the vendor changes some of them between polls, ends with
 * every alert stored once and up to date, correlated into one incident per attack (two attacks
 * merged where the vendor's new evidence links them), and an analyst's classification of one
 * incident written to the vendor's alerts and incident without coming back as a change.
 */
describe('a Graph tenant kept in step with Quell', () => {
  let fake: FakeGraphSecurity;
  let q: TestQuell;

  beforeAll(async () => {
    fake = await FakeGraphSecurity.start(credentials);
    const base = Date.parse('2026-02-01T00:00:00Z');
    for (let i = 0; i < ATTACKS * PER_ATTACK; i++) {
      const attack = Math.floor(i / PER_ATTACK);
      // Alerts 190–209 share one update time, across the boundary of the first and second pages.
      const at = new Date(base + (i >= 190 && i < 210 ? 190 : i) * 1000).toISOString();
      fake.securityAlerts.push(securityAlert(alertId(attack, i % PER_ATTACK), at, `atk-${attack}`, { incidentId: `vi-${attack}` }));
    }
    fake.incidents.push({
      id: 'vi-100',
      status: 'active',
      classification: 'unknown',
      determination: 'unknown',
      assignedTo: null,
      lastUpdateDateTime: new Date(base + 403_000).toISOString(),
      alertIds: [0, 1, 2, 3].map((n) => alertId(100, n)),
    });
    q = await startQuell({
      env: {
        // No playbooks: the investigations end at once, so the test measures pulling and correlation.
        PLAYBOOKS_DIR: mkdtempSync(join(tmpdir(), 'quell-tenant-')),
        INGEST_RATE_LIMIT: '0',
        TENANT_SECRET: credentials.clientSecret,
        SOURCES_CONFIG: JSON.stringify({
          sources: [
            {
              name: 'tenant',
              kind: 'graph_alerts',
              tenantId: credentials.tenantId,
              clientId: credentials.clientId,
              clientSecretVar: 'TENANT_SECRET',
              apiUrl: fake.url,
              loginUrl: fake.url,
              allowInsecureHttp: true,
              intervalSeconds: 1,
              overlapSeconds: 0,
              pageSize: PAGE,
              startAt: '2026-01-01T00:00:00Z',
            },
          ],
        }),
        ENTRA_TENANT_ID: credentials.tenantId,
        ENTRA_CLIENT_ID: credentials.clientId,
        ENTRA_CLIENT_SECRET: credentials.clientSecret,
        GRAPH_API_URL: fake.url,
        ENTRA_LOGIN_URL: fake.url,
        ENTRA_ALLOW_INSECURE_HTTP: 'true',
        ALERT_WRITEBACK: 'msgraph',
      },
    });
  }, 60_000);
  afterAll(async () => {
    await q?.close();
    await fake.close();
  });

  async function source() {
    const res = await q.http
      .get('/api/v1/sources')
      .set(await q.auth('reader'))
      .expect(200);
    return res.body.items[0];
  }

  /** Waits until the source has swept past `until` and every stored alert is correlated at its latest revision. */
  async function settled(expected: number, until: string) {
    await eventually(
      async () => {
        const s = await source();
        const [r] = await q.db.query(
          `SELECT count(*)::int AS n, count(*) FILTER (WHERE incident_id IS NULL OR correlated_revision < revision)::int AS pending FROM alerts`,
        );
        if (s.caughtUpAt && Date.parse(s.cursor) >= Date.parse(until) && !s.sweep && r.n === expected && r.pending === 0) return true;
        // Said when the wait times out: how far the source and correlation got.
        throw new Error(`cursor ${s.cursor}, ${s.counts.pages} pages, ${r.n} alerts stored, ${r.pending} to correlate`);
      },
      WAIT_MS,
      `the source past ${until} and ${expected} alerts correlated`,
    );
  }

  /** The stored alerts grouped by incident: each group the sorted attacks in it. */
  async function grouping(): Promise<number[][]> {
    const rows: { attacks: string[] }[] = await q.db.query(
      `SELECT array_agg(DISTINCT external_id ORDER BY external_id) AS attacks FROM alerts GROUP BY incident_id`,
    );
    return rows.map((r) => [...new Set(r.attacks.map(attackOf))]).sort((a, b) => a[0] - b[0]);
  }

  const incidentOf = async (attack: number): Promise<number> =>
    Number((await q.db.query(`SELECT incident_id FROM alerts WHERE external_id = $1`, [alertId(attack, 0)]))[0].incident_id);

  it(
    'pulls 2,000 alerts once each and correlates them into one incident per attack',
    async () => {
      const newest = fake.securityAlerts.at(-1)!.lastUpdateDateTime;
      await settled(ATTACKS * PER_ATTACK, newest);
      const [dups] = await q.db.query(`SELECT count(*)::int - count(DISTINCT (source, external_id))::int AS n FROM alerts`);
      expect(dups.n).toBe(0);
      expect(await grouping()).toEqual(Array.from({ length: ATTACKS }, (_, k) => [k]));
      // The first two pages: the alerts sharing an update time are split by the boundary, and none is skipped.
      expect(fake.served[0].ids).toHaveLength(PAGE);
      expect(new Set([...fake.served[0].ids, ...fake.served[1].ids]).size).toBe(2 * PAGE);
      // Pages read again (the overlap at the cursor, a retried page) changed nothing.
      expect((await q.db.query(`SELECT count(*)::int AS n FROM alerts WHERE revision > 0`))[0].n).toBe(0);
    },
    WAIT_MS + 30_000,
  );

  it(
    'takes the vendor’s changes between polls: status, severity and new evidence, resolved and merged incidents',
    async () => {
      const edits: { id: string; fields: Record<string, unknown> }[] = [];
      // Resolved in the portal: all the alerts of attacks 0–49.
      for (let k = 0; k < 50; k++) for (let n = 0; n < PER_ATTACK; n++) edits.push({ id: alertId(k, n), fields: { status: 'resolved' } });
      // Raised to high: one alert of each of attacks 50–59.
      for (let k = 50; k < 60; k++) edits.push({ id: alertId(k, 0), fields: { severity: 'high' } });
      // Taken up: attack 62's alerts.
      for (let n = 0; n < PER_ATTACK; n++) edits.push({ id: alertId(62, n), fields: { status: 'inProgress' } });
      // New evidence on an alert of attack 60: the device of attack 61 too.
      const grown = fake.find('alert', alertId(60, 3))!;
      edits.push({
        id: grown.id,
        fields: {
          evidence: [
            ...(grown.evidence as unknown[]),
            { '@odata.type': '#microsoft.graph.security.deviceEvidence', roles: [], deviceDnsName: 'atk-61.contoso.com' },
          ],
        },
      });
      const [i60, i61] = await Promise.all([incidentOf(60), incidentOf(61)]);
      // One bulk action: 215 alerts with one update time, more than a page.
      const editedAt = fake.vendorEditAlerts(edits);
      expect(edits.length).toBeGreaterThan(PAGE);

      await settled(ATTACKS * PER_ATTACK, editedAt);
      // Each changed alert updated once, and no other.
      const revised: { external_id: string; revision: number }[] = await q.db.query(
        `SELECT external_id, revision FROM alerts WHERE revision > 0`,
      );
      const byId = (a: { external_id: string }, b: { external_id: string }) => a.external_id.localeCompare(b.external_id);
      expect(revised.sort(byId)).toEqual(edits.map((e) => ({ external_id: e.id, revision: 1 })).sort(byId));

      // Every stored alert as the vendor holds it now.
      const stored: { external_id: string; status: string; severity: string; hosts: string[] }[] = await q.db.query(
        `SELECT external_id, status, severity,
              ARRAY(SELECT e->>'hostname' FROM jsonb_array_elements(entities) e WHERE e->>'type' = 'device' ORDER BY 1) AS hosts
         FROM alerts`,
      );
      const status: Record<string, string> = { new: 'new', inProgress: 'in_progress', resolved: 'resolved' };
      const drift = stored.filter((a) => {
        const v = fake.find('alert', a.external_id)!;
        return status[v.status as string] !== a.status || v.severity !== a.severity;
      });
      expect(drift).toEqual([]);
      expect(stored.find((a) => a.external_id === grown.id)!.hosts).toEqual(['atk-60.contoso.com', 'atk-61.contoso.com']);

      // Attacks 60 and 61 are one incident now (the older one), with the reason on the alert.
      const expected = Array.from({ length: ATTACKS }, (_, k) => [k]).filter(([k]) => k !== 61);
      expected[60] = [60, 61];
      expect(await grouping()).toEqual(expected);
      const [merged] = await q.db.query(`SELECT incident_id, correlation FROM alerts WHERE external_id = $1`, [grown.id]);
      expect(Number(merged.incident_id)).toBe(Math.min(i60, i61));
      expect(merged.correlation).toMatchObject({ decision: 'merged', mergedIncidentIds: [Math.max(i60, i61)] });
      expect(merged.correlation.reason).toContain(`links incidents`);

      const incidents: { attack: number; status: string; severity: string }[] = await q.db.query(
        `SELECT min(split_part(a.external_id, '-', 2)::int) AS attack, i.status, i.severity
         FROM incidents i JOIN alerts a ON a.incident_id = i.id GROUP BY i.id`,
      );
      const byAttack = new Map(incidents.map((i) => [i.attack, i]));
      for (let k = 0; k < 50; k++) expect(byAttack.get(k)).toMatchObject({ status: 'resolved' });
      for (let k = 50; k < 60; k++) expect(byAttack.get(k)).toMatchObject({ severity: 'high', status: 'active' });
      expect(byAttack.get(63)).toMatchObject({ severity: 'medium', status: 'active' });
    },
    WAIT_MS + 30_000,
  );

  it(
    'writes an analyst’s classification and assignment to the vendor’s alerts and incident, once, without re-importing it',
    async () => {
      const incidentId = await incidentOf(100);
      const res = await q.http
        .patch(`/api/v1/incidents/${incidentId}`)
        .set(await q.auth('analyst'))
        .send({ classification: 'true_positive', determination: 'malware', assignedTo: 'alice@contoso.com' })
        .expect(200);
      const version = Number(/^"\d+-(\d+)"$/.exec(res.headers.etag)![1]);
      expect(await q.client.workflow.getHandle(writebackWorkflowId(incidentId, version)).result()).toEqual({ written: PER_ATTACK + 1 });
      const written = { classification: 'truePositive', determination: 'malware', assignedTo: 'alice@contoso.com' };
      for (let n = 0; n < PER_ATTACK; n++) expect(fake.find('alert', alertId(100, n))).toMatchObject(written);
      expect(fake.find('incident', 'vi-100')).toMatchObject(written);
      expect(fake.patches).toHaveLength(PER_ATTACK + 1);

      // The next polls bring the four alerts back as Quell wrote them: no update, no change to write back.
      const newest = fake.securityAlerts.reduce((m, a) => (a.lastUpdateDateTime > m ? a.lastUpdateDateTime : m), '');
      await settled(ATTACKS * PER_ATTACK, newest);
      const back: { revision: number; kinds: string[] }[] = await q.db.query(
        `SELECT a.revision, ARRAY(SELECT kind FROM alert_activity x WHERE x.alert_id = a.id ORDER BY x.id) AS kinds
           FROM alerts a WHERE a.incident_id = $1`,
        [incidentId],
      );
      expect(back).toEqual(Array.from({ length: PER_ATTACK }, () => ({ revision: 0, kinds: ['written_back'] })));
      expect((await q.db.query(`SELECT count(*)::int AS n FROM writeback_requests`))[0].n).toBe(1);
      expect(fake.patches).toHaveLength(PER_ATTACK + 1);
      const incident = (
        await q.http
          .get(`/api/v1/incidents/${incidentId}`)
          .set(await q.auth('reader'))
          .expect(200)
      ).body;
      expect(incident).toMatchObject({ classification: 'true_positive', determination: 'malware', assignedTo: 'alice@contoso.com' });
    },
    WAIT_MS + 30_000,
  );
});
