import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FakeGraphSecurity, securityAlert } from '../support/fake-graph-security.js';
import { eventually, startQuell, type TestQuell } from '../support/harness.js';

const credentials = { tenantId: 'contoso.onmicrosoft.com', clientId: 'quell-pull', clientSecret: 'api-pull-secret-value-7f3a' };
const SECRET_VAR = 'QUELL_TEST_API_SOURCE_SECRET';
const at = (minute: number) => new Date(Date.UTC(2026, 0, 10, 8, minute)).toISOString();

describe('pull sources created through the API', () => {
  let fake: FakeGraphSecurity;
  let q: TestQuell;
  let dir: string;
  /** Every answer of the API in this file, to look for the secret in. */
  const answers: string[] = [];

  const body = (extra: Record<string, unknown> = {}) => ({
    name: 'graph-api',
    kind: 'graph_alerts',
    tenantId: credentials.tenantId,
    clientId: credentials.clientId,
    clientSecret: `env:${SECRET_VAR}`,
    apiUrl: fake.url,
    loginUrl: fake.url,
    allowInsecureHttp: true,
    intervalSeconds: 1,
    overlapSeconds: 0,
    startAt: '2026-01-01T00:00:00Z',
    pageSize: 2,
    ...extra,
  });
  const send = async (method: 'post' | 'put' | 'delete', path: string, payload?: object, role: 'admin' | 'analyst' = 'admin') => {
    const req = q.http[method](path).set(await q.auth(role));
    const res = payload ? await req.send(payload) : await req;
    answers.push(res.text);
    return res;
  };
  const list = async () => {
    const res = await q.http
      .get('/api/v1/sources')
      .set(await q.auth('reader'))
      .expect(200);
    answers.push(res.text);
    return res.body.items as { name: string; origin: string; cursor: string | null; state: string }[];
  };
  const storedIds = async (): Promise<string[]> =>
    (await q.db.query(`SELECT external_id FROM alerts ORDER BY external_id`)).map((r: { external_id: string }) => r.external_id);
  const written = async () => {
    const [r] = await q.db.query(
      `SELECT (SELECT count(*) FROM pull_sources)::int AS sources, (SELECT count(*) FROM sources WHERE name = 'graph-api')::int AS cursors,
              (SELECT count(*) FROM audit_log WHERE action LIKE 'source.%')::int AS audits`,
    );
    return r;
  };
  const workflowStatus = async () =>
    (
      await q.client.workflow
        .getHandle('source-graph-api')
        .describe()
        .catch(() => undefined)
    )?.status.name;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'quell-source-secret-'));
    process.env[SECRET_VAR] = credentials.clientSecret;
    fake = await FakeGraphSecurity.start(credentials);
    fake.securityAlerts.push(securityAlert('b1', at(1), 'api-1'), securityAlert('b2', at(2), 'api-2'), securityAlert('b3', at(3), 'api-3'));
    // A file source beside them, on the same tenant, that has nothing to pull (its cursor is in the future).
    q = await startQuell({
      env: {
        FILE_SOURCE_SECRET: credentials.clientSecret,
        SOURCES_CONFIG: JSON.stringify({
          sources: [
            {
              name: 'graph-file',
              kind: 'graph_alerts',
              tenantId: credentials.tenantId,
              clientId: credentials.clientId,
              clientSecretVar: 'FILE_SOURCE_SECRET',
              apiUrl: fake.url,
              loginUrl: fake.url,
              allowInsecureHttp: true,
              intervalSeconds: 60,
              startAt: '2099-01-01T00:00:00Z',
            },
          ],
        }),
      },
    });
  });
  afterAll(async () => {
    await q.close();
    await fake.close();
    delete process.env[SECRET_VAR];
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses each bad request with a problem and writes nothing', async () => {
    const cases: [object, number, string][] = [
      [body({ kind: 'splunk' }), 400, 'kind'],
      [body({ pageSize: 0 }), 400, 'pageSize'],
      [body({ allowInsecureHttp: false }), 400, 'apiUrl'],
      [body({ clientSecret: credentials.clientSecret }), 400, 'clientSecret'],
      [body({ clientSecretVar: SECRET_VAR }), 400, ''],
      [body({ clientSecret: 'env:QUELL_TEST_NO_SUCH_SECRET' }), 400, 'clientSecret'],
      [body({ clientSecret: `file:${join(dir, 'missing')}` }), 400, 'clientSecret'],
      [body({ name: 'graph-file' }), 409, ''],
    ];
    for (const [payload, status, path] of cases) {
      const res = await send('post', '/api/v1/sources', payload);
      expect([res.status, res.headers['content-type']]).toEqual([status, expect.stringMatching(/^application\/problem\+json/)]);
      if (path) expect(res.body.errors.map((e: { path: string }) => e.path)).toContain(path);
    }
    await send('post', '/api/v1/sources', body(), 'analyst').then((r) => expect(r.status).toBe(403));
    expect(await written()).toEqual({ sources: 0, cursors: 0, audits: 0 });
    expect(await workflowStatus()).toBeUndefined();
    expect((await list()).map((s) => [s.name, s.origin])).toEqual([['graph-file', 'file']]);
  });

  it('creates a source that pulls alerts, listed beside the file’s', async () => {
    const res = await send('post', '/api/v1/sources', body());
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ name: 'graph-api', kind: 'graph_alerts', origin: 'api', state: 'active' });
    await eventually(async () => ((await storedIds()).length === 3 ? true : undefined), 30_000, 'the source’s alerts');
    expect(await storedIds()).toEqual(['b1', 'b2', 'b3']);
    expect(fake.served.some((p) => p.path.includes('$top=2'))).toBe(true);
    expect((await list()).map((s) => [s.name, s.origin])).toEqual([
      ['graph-file', 'file'],
      ['graph-api', 'api'],
    ]);
    expect((await send('post', '/api/v1/sources', body())).status).toBe(409);
    expect(await written()).toEqual({ sources: 1, cursors: 1, audits: 1 });
  });

  it('replaces the settings: the running workflow uses them and keeps its cursor; file sources are read-only', async () => {
    const cursor = await eventually(async () => (await list()).find((s) => s.name === 'graph-api' && s.cursor === at(3)));
    expect((await send('put', '/api/v1/sources/graph-file', body({ name: undefined }))).status).toBe(409);
    expect((await send('delete', '/api/v1/sources/graph-file')).status).toBe(409);
    expect((await send('put', '/api/v1/sources/graph-api', body({ kind: 'sentinel', workspaceId: crypto.randomUUID() }))).status).toBe(400);
    expect((await send('put', '/api/v1/sources/graph-api', body({ name: 'other' }))).status).toBe(400);
    expect((await send('put', '/api/v1/sources/nope', body({ name: undefined }))).status).toBe(404);

    const secretFile = join(dir, 'graph-secret');
    writeFileSync(secretFile, `${credentials.clientSecret}\n`);
    const polls = fake.served.length;
    const res = await send('put', '/api/v1/sources/graph-api', body({ name: undefined, pageSize: 3, clientSecret: `file:${secretFile}` }));
    expect(res.status).toBe(200);
    expect(res.body.cursor).toBe(cursor.cursor);
    fake.securityAlerts.push(securityAlert('b4', at(4), 'api-4'));
    await eventually(async () => ((await storedIds()).includes('b4') ? true : undefined), 20_000, 'the alert after the update');
    expect(fake.served.slice(polls).some((p) => p.path.includes('$top=3'))).toBe(true);
    // The cursor was kept: nothing before it was asked for again.
    expect(fake.served.slice(polls).every((p) => !p.ids.includes('b1'))).toBe(true);
    expect(await written()).toEqual({ sources: 1, cursors: 1, audits: 2 });
  });

  it('deletes the source: its workflow ends, the alerts it pulled stay, nothing more is pulled', async () => {
    expect((await send('delete', '/api/v1/sources/graph-api')).status).toBe(204);
    await eventually(async () => ((await workflowStatus()) === 'COMPLETED' ? true : undefined), 20_000, 'the workflow ended');
    fake.securityAlerts.push(securityAlert('b5', at(5), 'api-5'));
    await new Promise((r) => setTimeout(r, 2500));
    expect(await storedIds()).toEqual(['b1', 'b2', 'b3', 'b4']);
    expect((await list()).map((s) => s.name)).toEqual(['graph-file']);
    expect((await send('delete', '/api/v1/sources/graph-api')).status).toBe(404);
    // The cursor row goes with the source.
    expect(await written()).toEqual({ sources: 0, cursors: 0, audits: 3 });
  });

  it('never shows the secret in an answer or the audit log', async () => {
    const audit = await q.db.query(
      `SELECT action, actor_name, target_id, before, after FROM audit_log WHERE action LIKE 'source.%' ORDER BY seq`,
    );
    expect(audit.map((r: { action: string }) => r.action)).toEqual(['source.created', 'source.updated', 'source.deleted']);
    expect(audit[1].after.settings.pageSize).toBe(3);
    expect(audit[0].actor_name).toBe('test-admin');
    expect(answers.length).toBeGreaterThan(10);
    for (const text of [...answers, JSON.stringify(audit)]) expect(text).not.toContain(credentials.clientSecret);
  });
});
