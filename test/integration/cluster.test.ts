import { randomBytes } from 'node:crypto';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { Connection, WorkflowClient } from '@temporalio/client';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { loadClusterEnv, temporalDatabases, temporalPorts } from '../../src/cluster/cluster-definition.js';
import { startCluster, type RunningCluster } from '../../src/cluster/cluster.js';
import { loadConfig } from '../../src/config/config.js';
import { dataSourceOptions } from '../../src/db/data-source.js';
import { createLogger } from '../../src/infra/logger.js';
import { dataDir } from '../../src/infra/paths.js';
import { actionWorkflowId } from '../../workflows/ids.js';
import { createTestDatabase, eventually } from '../support/harness.js';
import { addIndicator, addLabDevice } from '../support/lab.js';

const hex = (n: number) => randomBytes(n).toString('hex');

const portFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const srv = createServer();
    srv.once('error', () => resolve(false));
    srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
  });

/**
 * A Temporal frontend port whose whole service layout is free. Membership ports sit 10,000 below:
 * Temporal stores them as a PostgreSQL smallint, so they must stay under 32768.
 */
async function freeTemporalBase(): Promise<number> {
  for (let base = 42533; base < 43000; base += 50) {
    const p = temporalPorts(base, base - 10_000);
    const all = [p.frontend.http, ...[p.frontend, p.history, p.matching, p.worker].flatMap((s) => [s.grpc, s.membership])];
    if ((await Promise.all(all.map(portFree))).every(Boolean)) return base;
  }
  throw new Error('no free port layout for the Temporal server');
}

async function freePort(): Promise<number> {
  for (let port = 42900; port < 43000; port++) if (await portFree(port)) return port;
  throw new Error('no free API port');
}

/**
 * The production shape on this machine: a real Temporal server on PostgreSQL (several history
 * shards), one API process and two worker processes, as `npm run cluster` starts them.
 */
describe('Quell on a Temporal cluster backed by PostgreSQL', () => {
  let cluster: RunningCluster;
  let db: DataSource;
  let database: { url: string; drop(): Promise<void> };
  let admin: { Authorization: string; 'Content-Type': string };

  const api = (path: string, init: RequestInit = {}) => fetch(`${cluster.apiUrl}/api/v1${path}`, { ...init, headers: admin });
  const json = async <T = Record<string, unknown>>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> => {
    const res = await api(path, init);
    return { status: res.status, body: (await res.json()) as T };
  };

  beforeAll(async () => {
    database = await createTestDatabase();
    const config = loadConfig({
      DATABASE_URL: database.url,
      HOST: '127.0.0.1',
      PORT: String(await freePort()),
      LOG_LEVEL: 'info',
    });
    cluster = await startCluster({
      config,
      cluster: await freeTemporalBase().then((base) =>
        loadClusterEnv({ QUELL_WORKERS: '2', TEMPORAL_SERVER_PORT: String(base), TEMPORAL_MEMBERSHIP_PORT: String(base - 10_000) }),
      ),
      dir: join(dataDir(), 'test', `cluster-${hex(3)}`),
      log: createLogger(process.env.TEST_LOG_LEVEL ?? 'warn'),
      // Files would link the scenarios' incidents through their hashes.
      env: { LOG_LEVEL: 'info', CORRELATION_DISABLED_ENTITY_TYPES: 'file' },
      progress: (s) => process.stderr.write(`[cluster] ${s}\n`),
    });
    const key = /^\s+(\S+)\s*$/m.exec(cluster.api.banner.split('First start')[1] ?? '')?.[1];
    if (!key) throw new Error(`the API printed no first admin key:\n${cluster.api.banner}`);
    admin = { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' };
    db = await new DataSource(dataSourceOptions(database.url, 4)).initialize();
  }, 30 * 60_000);

  afterAll(async () => {
    await db?.destroy();
    await cluster?.stop();
    if (!database) return;
    await database.drop();
    const names = temporalDatabases(new URL(database.url).pathname.slice(1));
    const server = new pg.Client({ connectionString: process.env.TEST_DATABASE_URL });
    await server.connect();
    for (const name of [names.main, names.visibility]) await server.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await server.end();
  }, 120_000);

  async function labDevice(group: string) {
    const sha256 = hex(32);
    const host = await addLabDevice(db, { group });
    await db.query(
      `INSERT INTO lab_files (device_id, sha256, path, name, quarantined) VALUES ($1, $2, 'C:\\Users\\bob\\Downloads\\evil.exe', 'evil.exe', false)`,
      [`dev-${host}`, sha256],
    );
    await addIndicator(db, sha256, 'malicious');
    return { host, sha256 };
  }

  const malwareAlert = (host: string, sha256: string) => ({
    externalId: `mal-${hex(4)}`,
    source: 'endpoint',
    type: 'malware_detected',
    title: 'Malware detected',
    severity: 'high',
    category: 'Execution',
    entities: [
      { type: 'device', hostname: host },
      { type: 'file', sha256, name: 'evil.exe', path: 'C:\\Users\\bob\\Downloads\\evil.exe' },
    ],
  });

  async function postAlert(alert: object): Promise<number> {
    const res = await json<{ results: { id: string }[] }>('/alerts', { method: 'POST', body: JSON.stringify(alert) });
    expect(res.status).toBe(202);
    const id = res.body.results[0].id;
    return eventually(
      async () => (await json<{ incidentId: number | null }>(`/alerts/${id}`)).body.incidentId ?? undefined,
      60_000,
      'the alert correlated into an incident',
    );
  }

  type Investigation = { id: string; state: string; actions: { id: string; type: string; status: string }[] };
  const investigationOf = (incidentId: number, state: string) =>
    eventually(
      async () => {
        const list = await json<{ items: { id: string; state: string }[] }>(`/investigations?incidentId=${incidentId}`);
        const inv = list.body.items[0];
        if (!inv || inv.state !== state) return undefined;
        return (await json<Investigation>(`/investigations/${inv.id}`)).body;
      },
      90_000,
      `investigation of incident ${incidentId} in state ${state}`,
    );

  it('runs the server on PostgreSQL with several history shards, and one API and two worker processes', async () => {
    const conn = await Connection.connect({ address: cluster.temporalAddress });
    try {
      const info = await conn.workflowService.getSystemInfo({});
      expect(info.serverVersion).toMatch(/^1\.32\./);
    } finally {
      await conn.close();
    }
    const names = temporalDatabases(new URL(database.url).pathname.slice(1));
    const url = new URL(database.url);
    url.pathname = `/${names.main}`;
    const t = new pg.Client({ connectionString: url.toString() });
    await t.connect();
    try {
      const shards = await t.query('SELECT count(*)::int AS n FROM shards');
      expect(shards.rows[0].n).toBeGreaterThan(1);
    } finally {
      await t.end();
    }
    expect(cluster.workers).toHaveLength(2);
    expect(new Set([cluster.api, ...cluster.workers].map((p) => p.child.pid)).size).toBe(3);
  });

  it('takes an alert to an incident, an investigation, an approval and the remediated end', async () => {
    await api('/automation', { method: 'PUT', body: JSON.stringify({ deviceGroups: { Finance: 'semi_all' } }) });
    const { host, sha256 } = await labDevice('Finance');
    const incidentId = await postAlert(malwareAlert(host, sha256));
    const inv = await investigationOf(incidentId, 'pending_approval');
    const isolate = inv.actions.find((a) => a.type === 'isolate_device')!;
    expect(isolate.status).toBe('pending');
    const approved = await json<{ status: string }>(`/actions/${isolate.id}/approve`, {
      method: 'POST',
      body: JSON.stringify({ comment: 'cluster' }),
    });
    expect(approved).toMatchObject({ status: 200, body: { status: 'succeeded' } });
    await investigationOf(incidentId, 'remediated');
    const [device] = await db.query('SELECT isolated FROM lab_devices WHERE hostname = $1', [host]);
    expect(device.isolated).toBe(true);
    await api('/automation', { method: 'PUT', body: JSON.stringify({}) });
  }, 180_000);

  it('finishes an investigation on the other worker when one is SIGKILLed mid-remediation, with every effect once', async () => {
    const { host, sha256 } = await labDevice('Engineering');
    const holdDevice = new pg.Client({ connectionString: database.url });
    const holdAction = new pg.Client({ connectionString: database.url });
    await Promise.all([holdDevice.connect(), holdAction.connect()]);
    const conn = await Connection.connect({ address: cluster.temporalAddress });
    try {
      // The isolation's connector transaction waits on this row lock: the activity is held on one worker.
      await holdDevice.query('BEGIN');
      await holdDevice.query('SELECT 1 FROM lab_devices WHERE hostname = $1 FOR UPDATE', [host]);
      const incidentId = await postAlert(malwareAlert(host, sha256));
      const isolate = await eventually(
        async () => {
          const [a] = await db.query(`SELECT id, status FROM actions WHERE incident_id = $1 AND type = 'isolate_device'`, [incidentId]);
          return a?.status === 'running' ? (a as { id: string }) : undefined;
        },
        60_000,
        'the isolation running',
      );
      const client = new WorkflowClient({ connection: conn, namespace: 'default' });
      const described = await eventually(
        async () => {
          const d = await client.getHandle(actionWorkflowId(isolate.id)).describe();
          return d.raw.pendingActivities?.find((p) => p.lastWorkerIdentity) ?? undefined;
        },
        30_000,
        'the worker running the isolation',
      );
      const pid = Number(described.lastWorkerIdentity!.split('@')[0]);
      const victim = cluster.workers.find((w) => w.child.pid === pid)!;
      expect(victim).toBeDefined();
      const survivor = cluster.workers.find((w) => w !== victim)!;

      // Let the effect commit while its result cannot be recorded, then kill that worker.
      await holdAction.query('BEGIN');
      await holdAction.query('SELECT 1 FROM actions WHERE id = $1 FOR UPDATE', [isolate.id]);
      await holdDevice.query('COMMIT');
      await eventually(
        async () => ((await db.query('SELECT 1 FROM lab_effects WHERE action_id = $1', [isolate.id])).length ? true : undefined),
        20_000,
        'the effect committed',
      );
      await victim.stop('SIGKILL');
      await holdAction.query('ROLLBACK');

      const inv = await investigationOf(incidentId, 'remediated');
      expect(inv.actions.map((a) => [a.type, a.status]).sort()).toEqual([
        ['isolate_device', 'succeeded'],
        ['quarantine_file', 'succeeded'],
      ]);
      expect(survivor.child.exitCode).toBeNull();
      for (const a of inv.actions) expect(await db.query('SELECT operation FROM lab_effects WHERE action_id = $1', [a.id])).toHaveLength(1);
      const history = await db.query(`SELECT kind, details FROM action_history WHERE action_id = $1 ORDER BY id`, [isolate.id]);
      expect(history.filter((h: { kind: string }) => h.kind === 'execution_started').length).toBeGreaterThanOrEqual(2);
      expect(history.find((h: { kind: string }) => h.kind === 'succeeded').details.replayed).toBe(true);
    } finally {
      await holdDevice.query('ROLLBACK').catch(() => undefined);
      await Promise.all([holdDevice.end(), holdAction.end(), conn.close()]);
      await cluster.startWorker();
    }
  }, 240_000);

  it('loses nothing it accepted when the API process is killed and restarted under load', async () => {
    const accepted: string[] = [];
    let refused = 0;
    let stop = false;
    let batch = 0;
    const send = async () => {
      while (!stop) {
        const alerts = Array.from({ length: 20 }, (_, i) => ({
          externalId: `load-${batch}-${i}-${hex(3)}`,
          source: 'endpoint',
          title: 'Suspicious sign-in',
          type: 'load_test',
          severity: 'low',
          entities: [{ type: 'user', upn: `user-${hex(3)}@contoso.com` }],
        }));
        batch++;
        try {
          const res = await api('/alerts', { method: 'POST', body: JSON.stringify(alerts) });
          if (res.status === 202) accepted.push(...((await res.json()) as { results: { id: string }[] }).results.map((r) => r.id));
          else refused++;
        } catch {
          // The API is down: connection refused or reset mid-request. Not accepted, not counted.
          refused++;
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    };
    const senders = [send(), send()];
    await eventually(async () => (accepted.length >= 60 ? true : undefined), 60_000, 'alerts accepted before the restart');
    const before = accepted.length;
    await cluster.restartApi('SIGKILL');
    await eventually(async () => (accepted.length >= before + 60 ? true : undefined), 60_000, 'alerts accepted after the restart');
    stop = true;
    await Promise.all(senders);
    expect(new Set(accepted).size).toBe(accepted.length);
    const [stored] = await db.query('SELECT count(*)::int AS n FROM alerts WHERE id = ANY($1)', [accepted]);
    expect(stored.n).toBe(accepted.length);
    let correlated = 0;
    await eventually(
      async () => {
        const [r] = await db.query('SELECT count(*)::int AS n FROM alerts WHERE id = ANY($1) AND incident_id IS NOT NULL', [accepted]);
        correlated = r.n;
        return r.n === accepted.length ? true : undefined;
      },
      240_000,
      `all ${accepted.length} accepted alerts correlated (${refused} requests failed during the restart)`,
    ).catch((err: Error) => {
      throw new Error(`${err.message}: ${correlated} were`);
    });
  }, 420_000);
});
