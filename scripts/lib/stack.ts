import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import type { Logger } from 'pino';
import { createQuellApp } from '../../src/app.factory.js';
import { ApiKeysService } from '../../src/auth/api-keys.service.js';
import { systemAudit } from '../../src/audit/audit.store.js';
import type { Role } from '../../src/auth/roles.js';
import { loadConfig, type QuellConfig } from '../../src/config/config.js';
import { runMigrations } from '../../src/db/data-source.js';
import { startEmbeddedPostgres } from '../../src/infra/embedded-postgres.js';
import { dataDir, projectRoot } from '../../src/infra/paths.js';
import { startTemporalDevServer } from '../../src/infra/temporal-dev-server.js';

export interface Stack {
  config: QuellConfig;
  baseUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  temporalPersistence: string;
  app: NestExpressApplication;
  /** Resident memory of the process that runs the worker, in bytes. */
  workerRss(): number;
  /** The worker processes' ids (none when the worker runs in this process). */
  workerPids(): number[];
  /** Starts one more worker process beside the others (`workerProcess` stacks only); its pid. */
  startWorker(): Promise<number>;
  key(role: Role): Promise<string>;
  stop(): Promise<void>;
}

export async function freshDatabase(serverUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/** Drops a database `freshDatabase` made, connecting to the server through `serverUrl`. */
export async function dropDatabase(serverUrl: string, databaseUrl: string): Promise<void> {
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  try {
    await c.query(`DROP DATABASE IF EXISTS ${new URL(databaseUrl).pathname.slice(1)} WITH (FORCE)`);
  } finally {
    await c.end();
  }
}

/** Starts `QUELL_ROLE=worker` in its own process and resolves once it reports that it runs. */
async function spawnWorker(env: Record<string, string>): Promise<ChildProcess> {
  // BENCH_WORKER_NODE_ARGS: node flags for the worker alone, e.g. `--cpu-prof --cpu-prof-dir=profiles` to see where its time goes.
  const nodeArgs = process.env.BENCH_WORKER_NODE_ARGS?.split(' ').filter(Boolean) ?? [];
  const child = spawn(process.execPath, [...nodeArgs, join(projectRoot, 'dist', 'src', 'main.js')], {
    env: { ...process.env, ...env, QUELL_ROLE: 'worker' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('Quell is running')) resolve();
    });
    child.once('exit', (code) => reject(new Error(`the worker process exited with ${code} before it ran`)));
  });
  child.stdout!.resume();
  return child;
}

const rssOf = (pid: number) => Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;

/**
 * A complete Quell on an empty database, for the evaluation and benchmark scripts: DATABASE_URL's
 * server or an embedded PostgreSQL, TEMPORAL_ADDRESS or a fresh dev server on the ports given.
 * The API runs in this process; the worker too, or in a process of its own (`workerProcess`), the
 * way a deployment runs them.
 */
export async function startStack(
  log: Logger,
  opts: {
    purpose: string;
    env?: Record<string, string>;
    workerProcess?: boolean;
    /** A PostgreSQL server (a URL of any of its databases) to create the stack's database on, instead of DATABASE_URL's or an embedded one. */
    databaseServer?: string;
    progress?: (s: string) => void;
  },
): Promise<Stack> {
  const say = opts.progress ?? ((s: string) => process.stderr.write(`${s}\n`));
  const base = loadConfig();
  const stops: (() => Promise<void>)[] = [];
  const dir = join(dataDir(base.dataDir), opts.purpose);
  let server = opts.databaseServer ?? base.database.url;
  if (!server) {
    say('starting embedded PostgreSQL…');
    const pgRun = await startEmbeddedPostgres(log, {
      dataDir: join(dir, 'pgdata'),
      port: base.database.embeddedPort + 1,
      database: 'postgres',
    });
    stops.push(pgRun.stop);
    server = pgRun.url;
  }
  const databaseUrl = await freshDatabase(server, `quell_${opts.purpose.replace(/\W/g, '_')}`);
  let temporalAddress = base.temporal.address;
  let temporalPersistence = 'external cluster';
  if (!temporalAddress) {
    say('starting the Temporal dev server…');
    const t = await startTemporalDevServer(log, {
      port: base.temporal.devPort + 10,
      uiPort: base.temporal.uiPort + 10,
      dbFile: join(dir, `temporal-${Date.now()}.sqlite`),
      logFile: join(dir, 'temporal.log'),
      cliPath: base.temporal.cliPath,
      dataDir: base.dataDir,
    });
    stops.push(t.stop);
    temporalAddress = t.address;
    temporalPersistence = t.persistence;
  }
  say('migrating and starting Quell…');
  await runMigrations(databaseUrl);
  const env = { DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, LOG_LEVEL: 'warn', ...opts.env };
  const workers: ChildProcess[] = [];
  const startWorker = async () => {
    const worker = await spawnWorker(env);
    workers.push(worker);
    stops.push(async () => {
      if (worker.exitCode !== null || worker.signalCode !== null) return;
      worker.kill('SIGTERM');
      await new Promise((r) => worker.once('exit', r));
    });
    return worker.pid!;
  };
  if (opts.workerProcess) {
    say('starting the worker process…');
    await startWorker();
  }
  const config = loadConfig({ ...process.env, ...env, PORT: '0', ...(opts.workerProcess ? { QUELL_ROLE: 'api' } : {}) });
  const app = await createQuellApp({ config, backends: { databaseUrl, temporalAddress }, log });
  await app.listen(0, '127.0.0.1');
  const { port } = app.getHttpServer().address() as { port: number };
  const keys = new Map<Role, string>();
  return {
    config,
    baseUrl: `http://127.0.0.1:${port}`,
    databaseUrl,
    temporalAddress,
    temporalPersistence,
    app,
    workerRss: () => (workers[0]?.pid ? rssOf(workers[0].pid) : process.memoryUsage().rss),
    workerPids: () => workers.map((w) => w.pid!),
    startWorker: async () => {
      if (!opts.workerProcess) throw new Error('this stack runs its worker in this process');
      return startWorker();
    },
    key: async (role) => {
      if (!keys.has(role))
        keys.set(role, (await app.get(ApiKeysService).create(`${opts.purpose}-${role}`, role, systemAudit('script'))).key);
      return keys.get(role)!;
    },
    stop: async () => {
      await app.close();
      for (const s of stops.reverse()) await s().catch(() => undefined);
    },
  };
}
