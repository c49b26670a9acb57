/**
 * `npm run bench:cluster`: alert → incident and investigation throughput with 1 and with 2 worker
 * processes, on the Temporal dev server and on the cluster `npm run cluster` starts (a real
 * temporal-server on PostgreSQL, the API in a process of its own), each next to the bare Temporal
 * baseline on the same server and workers, and the CPU every process used meanwhile.
 */
import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { cpus } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { loadClusterEnv, temporalDatabases } from '../src/cluster/cluster-definition.js';
import { startCluster } from '../src/cluster/cluster.js';
import { loadConfig } from '../src/config/config.js';
import { dataSourceOptions } from '../src/db/data-source.js';
import { startEmbeddedPostgres } from '../src/infra/embedded-postgres.js';
import { createLogger } from '../src/infra/logger.js';
import { dataDir } from '../src/infra/paths.js';
import { TEMPORAL_SERVER_VERSION } from '../src/infra/temporal-server.js';
import { alertWorkflowId } from '../workflows/ids.js';
import {
  activityCount,
  type BenchTarget,
  CONCURRENCY,
  cpuSampler,
  type CpuShares,
  investigations,
  makeAlert,
  post,
  resultOf,
  ROUNDS,
  say,
  throughput,
  waitCorrelated,
} from './lib/bench-measure.js';
import { dropDatabase, freshDatabase, startStack } from './lib/stack.js';

const ALERTS = Number(process.env.BENCH_ALERTS ?? 2000);
const INVESTIGATIONS = Number(process.env.BENCH_INVESTIGATIONS ?? 400);
/** Alerts per POST, and POSTs in flight. */
const BATCH = Number(process.env.BENCH_BATCH ?? 100);
const BATCHES_IN_FLIGHT = Number(process.env.BENCH_BATCHES_IN_FLIGHT ?? 4);
/** Worker counts measured on each server, ascending: workers are added to the running deployment between them. */
const WORKERS = (process.env.BENCH_WORKERS ?? '1,2')
  .split(',')
  .map(Number)
  .sort((a, b) => a - b);
/** `dev`, `cluster` or both. */
const SERVERS = (process.env.BENCH_SERVERS ?? 'dev,cluster').split(',');
const OUT = process.env.BENCH_OUT ?? 'bench-results-cluster.json';

/** What every Quell process of the benchmark runs with: the bench playbook, and no per-key ingest limit. */
const QUELL_ENV = {
  PLAYBOOKS_DIR: process.env.BENCH_PLAYBOOKS_DIR ?? 'scripts/bench-playbooks',
  INGEST_RATE_LIMIT: '0',
  LOG_LEVEL: 'warn',
};

type ServerKind = 'dev' | 'cluster';

/** Quell on one Temporal server, with as many worker processes as `addWorker` made. */
interface Deployment {
  server: ServerKind;
  temporal: string;
  target: BenchTarget;
  workers(): number;
  addWorker(): Promise<void>;
  /** Names for the processes the CPU sampler sees by pid. */
  labels(): Map<number, string>;
  stop(): Promise<void>;
}

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });

/** The bench stack on a fresh Temporal dev server: the API in this process, the workers in processes of their own. */
async function devDeployment(server: string, workers: number): Promise<Deployment> {
  const stack = await startStack(createLogger('warn'), {
    purpose: 'bench-cluster',
    env: QUELL_ENV,
    workerProcess: true,
    databaseServer: server,
  });
  for (let w = 1; w < workers; w++) await stack.startWorker();
  const headers = { Authorization: `Bearer ${await stack.key('ingest')}`, 'Content-Type': 'application/json' };
  return {
    server: 'dev',
    temporal: `temporal dev server (${stack.temporalPersistence})`,
    target: {
      baseUrl: stack.baseUrl,
      taskQueue: stack.config.temporal.taskQueue,
      db: stack.app.get(DataSource),
      client: stack.app.get(Client),
      headers,
    },
    workers: () => stack.workerPids().length,
    addWorker: async () => void (await stack.startWorker()),
    labels: () =>
      new Map([
        [process.pid, 'bench load + Quell API (node)'],
        ...stack.workerPids().map((pid, i) => [pid, `Quell worker-${i + 1} (node)`] as const),
      ]),
    stop: async () => {
      await stack.stop();
      await dropDatabase(server, stack.databaseUrl);
    },
  };
}

/**
 * `npm run cluster`'s deployment on a fresh database of `server`: temporal-server on PostgreSQL, one
 * API process and the workers. Its Temporal frontend listens on TEMPORAL_SERVER_PORT, else
 * TEMPORAL_DEV_PORT + 20 (the dev server's bench uses + 10).
 */
async function clusterDeployment(server: string, workers: number): Promise<Deployment> {
  const log = createLogger('warn');
  const databaseUrl = await freshDatabase(server, 'quell_bench_cluster');
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, HOST: '127.0.0.1', PORT: String(await freePort()) });
  const cluster = await startCluster({
    config,
    cluster: loadClusterEnv({
      QUELL_WORKERS: String(workers),
      TEMPORAL_SERVER_PORT: process.env.TEMPORAL_SERVER_PORT ?? String(config.temporal.devPort + 20),
      TEMPORAL_MEMBERSHIP_PORT: process.env.TEMPORAL_MEMBERSHIP_PORT,
    }),
    dir: join(dataDir(config.dataDir), 'bench-cluster', 'cluster'),
    log,
    env: QUELL_ENV,
    progress: (s) => say(`  ${s}`),
  });
  // Quell's database and Temporal's two beside it.
  const dropAll = async () => {
    const quell = new URL(databaseUrl).pathname.slice(1);
    const { main, visibility } = temporalDatabases(quell);
    for (const name of [quell, main, visibility]) {
      const url = new URL(databaseUrl);
      url.pathname = `/${name}`;
      await dropDatabase(server, url.toString());
    }
  };
  try {
    const key = /^\s+(\S+)\s*$/m.exec(cluster.api.banner.split('First start')[1] ?? '')?.[1];
    if (!key) throw new Error('the cluster API printed no first admin key');
    const db = await new DataSource(dataSourceOptions(databaseUrl, 4)).initialize();
    const connection = await Connection.connect({ address: cluster.temporalAddress });
    return {
      server: 'cluster',
      temporal: `temporal-server ${TEMPORAL_SERVER_VERSION} on PostgreSQL`,
      target: {
        baseUrl: cluster.apiUrl,
        taskQueue: config.temporal.taskQueue,
        db,
        client: new Client({ connection, namespace: config.temporal.namespace }),
        // The first admin key: admin may ingest, and the API keeps no other key to create first.
        headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      },
      workers: () => cluster.workers.length,
      addWorker: async () => void (await cluster.startWorker()),
      labels: () =>
        new Map([
          [process.pid, 'bench load (node)'],
          [cluster.api.child.pid!, 'Quell API (node)'],
          ...cluster.workers.map((w) => [w.child.pid!, `Quell ${w.name} (node)`] as const),
        ]),
      stop: async () => {
        await db.destroy();
        await connection.close();
        await cluster.stop();
        await dropAll();
      },
    };
  } catch (err) {
    await cluster.stop();
    await dropAll();
    throw err;
  }
}

interface Side {
  perSec: number;
  barePerSec: number;
  ratio: number;
  cpu: CpuShares;
  bareCpu: CpuShares;
  /** The whole machine's busy share of one core while Quell ran (this run and everyone else's processes). */
  machine: number;
}

interface Measurement {
  server: ServerKind;
  temporal: string;
  workers: number;
  alertActivities: { regular: number; local: number };
  alerts: Side & { alerts: number };
  investigations: Side & { investigations: number; activitiesPerAlert: number; durationMs: { p50: number; p95: number; p99: number } };
}

/** Warm-up, then both measurements, each taking turns with a bare 1-activity workflow loop. */
async function measure(d: Deployment, step: string): Promise<Measurement> {
  const workers = d.workers();
  const tag = `-${d.server}${workers}`;
  const label = `[${step}] ${d.server === 'dev' ? 'dev server' : 'cluster'}, ${workers} worker${workers === 1 ? '' : 's'}: `;
  const { target } = d;
  say(`${label}warm-up: 50 alerts`);
  const since = new Date();
  await post(
    target.baseUrl,
    target.headers,
    Array.from({ length: 50 }, (_, i) => makeAlert(i, `${tag}-warm`)),
  );
  await waitCorrelated(target.db, since, 50, 'warm-up');
  const [sample] = await target.db.query(`SELECT id FROM alerts WHERE received_at >= $1 ORDER BY received_at LIMIT 1`, [since]);
  await resultOf(target.client, alertWorkflowId(sample.id));
  const alertActivities = await activityCount(target.client, alertWorkflowId(sample.id));

  const batching = { batch: BATCH, batchesInFlight: BATCHES_IN_FLIGHT };
  const alertCpu = { quell: cpuSampler(d.labels()), bare: cpuSampler(d.labels()) };
  const a = await throughput(target, 1, { alerts: ALERTS, ...batching, tag, label, cpu: alertCpu });
  const invCpu = { quell: cpuSampler(d.labels()), bare: cpuSampler(d.labels()) };
  const inv = await investigations(target, { investigations: INVESTIGATIONS, baselineActivities: 1, ...batching, tag, label, cpu: invCpu });
  return {
    server: d.server,
    temporal: d.temporal,
    workers,
    alertActivities: { regular: alertActivities.regular, local: alertActivities.local },
    alerts: {
      alerts: Math.ceil(ALERTS / ROUNDS) * ROUNDS,
      perSec: a.quell.alertsPerSec,
      barePerSec: a.base.workflowsPerSec,
      ratio: a.quell.alertsPerSec / a.base.workflowsPerSec,
      cpu: alertCpu.quell.shares(),
      bareCpu: alertCpu.bare.shares(),
      machine: alertCpu.quell.machine(),
    },
    investigations: {
      investigations: inv.investigations,
      activitiesPerAlert: inv.activitiesPerAlert,
      durationMs: inv.durationMs,
      perSec: inv.perSec,
      barePerSec: inv.baselinePerSec,
      ratio: inv.ratio,
      cpu: invCpu.quell.shares(),
      bareCpu: invCpu.bare.shares(),
      machine: invCpu.quell.machine(),
    },
  };
}

function report(results: Measurement[]): string {
  const f = (n: number) => n.toFixed(1);
  const cpuLine = (shares: CpuShares) =>
    Object.entries(shares)
      .filter(([, v]) => v >= 1)
      .map(([name, v]) => `${name} ${v}%`)
      .join(', ');
  const name = (m: Measurement) => `${m.server === 'dev' ? 'dev server' : 'cluster'}, ${m.workers} worker${m.workers === 1 ? '' : 's'}`;
  const pad = (s: string, n: number) => s.padEnd(n);
  const lines = [
    `\nQuell on the dev server and on the cluster (${cpus().length} cores; ${results[0]?.alerts.alerts ?? ALERTS} alerts in batches of ${BATCH} and ${results[0]?.investigations.investigations ?? INVESTIGATIONS} investigations per row, each taking turns with a bare 1-activity workflow loop, ${CONCURRENCY} in flight)`,
    `  ${pad('', 22)}${pad('alert → incident /s', 20)}${pad('bare /s', 10)}${pad('ratio', 8)}${pad('investigations /s', 19)}${pad('bare /s', 10)}${pad('ratio', 8)}investigation p50`,
  ];
  for (const m of results)
    lines.push(
      `  ${pad(name(m), 22)}${pad(f(m.alerts.perSec), 20)}${pad(f(m.alerts.barePerSec), 10)}${pad(m.alerts.ratio.toFixed(2), 8)}${pad(f(m.investigations.perSec), 19)}${pad(f(m.investigations.barePerSec), 10)}${pad(m.investigations.ratio.toFixed(2), 8)}${f(m.investigations.durationMs.p50)} ms`,
    );
  lines.push('', '  CPU, share of one core (100% = a core saturated), and the whole machine busy meanwhile:');
  // What the machine did beside this run's processes (other work on it, and backends that exited meanwhile).
  const machine = (side: Side) =>
    `machine ${side.machine}%, of which not this run's processes ${Math.max(0, side.machine - Object.values(side.cpu).reduce((a, b) => a + b, 0))}%`;
  for (const m of results) {
    lines.push(
      `  ${name(m)}`,
      `    alerts:          ${cpuLine(m.alerts.cpu)} (${machine(m.alerts)})`,
      `    bare loop:       ${cpuLine(m.alerts.bareCpu)}`,
      `    investigations:  ${cpuLine(m.investigations.cpu)} (${machine(m.investigations)})`,
      `    bare loop:       ${cpuLine(m.investigations.bareCpu)}`,
    );
  }
  return lines.join('\n');
}

async function main() {
  const log = createLogger('warn');
  const base = loadConfig();
  const stops: (() => Promise<void>)[] = [];
  try {
    // One PostgreSQL for every deployment (each on databases of its own), so that the servers differ only in Temporal.
    let server = base.database.url;
    if (!server) {
      say('starting embedded PostgreSQL…');
      const pgRun = await startEmbeddedPostgres(log, {
        dataDir: join(dataDir(base.dataDir), 'bench-cluster', 'pgdata'),
        port: base.database.embeddedPort + 1,
        database: 'postgres',
      });
      stops.push(pgRun.stop);
      server = pgRun.url;
    }
    const results: Measurement[] = [];
    let step = 0;
    const steps = SERVERS.length * WORKERS.length;
    for (const kind of SERVERS) {
      if (kind !== 'dev' && kind !== 'cluster') throw new Error(`BENCH_SERVERS: unknown server ${kind} (dev, cluster)`);
      say(
        `${kind === 'dev' ? 'Temporal dev server' : `cluster (temporal-server ${TEMPORAL_SERVER_VERSION} on PostgreSQL)`}: starting with ${WORKERS[0]} worker(s)…`,
      );
      const d = kind === 'dev' ? await devDeployment(server, WORKERS[0]) : await clusterDeployment(server, WORKERS[0]);
      try {
        for (const workers of WORKERS) {
          while (d.workers() < workers) await d.addWorker();
          results.push(await measure(d, `${++step}/${steps}`));
        }
      } finally {
        await d.stop();
      }
    }
    process.stdout.write(`${report(results)}\n\n`);
    writeFileSync(
      OUT,
      `${JSON.stringify(
        {
          when: new Date().toISOString(),
          machine: { cpus: cpus().length, node: process.version },
          database: process.env.DATABASE_URL ? 'DATABASE_URL server' : 'embedded PostgreSQL',
          alerts: ALERTS,
          batch: BATCH,
          batchesInFlight: BATCHES_IN_FLIGHT,
          investigations: INVESTIGATIONS,
          concurrency: CONCURRENCY,
          rounds: ROUNDS,
          results,
        },
        null,
        2,
      )}\n`,
    );
    say(`results written to ${OUT}`);
  } finally {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  }
}

await main();
process.exit(0);
