import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { msToTs } from '@temporalio/common/lib/time.js';
import pg from 'pg';
import type { Logger } from 'pino';
import type { QuellConfig } from '../config/config.js';
import { startEmbeddedPostgres } from '../infra/embedded-postgres.js';
import { projectRoot } from '../infra/paths.js';
import { isServing } from '../infra/temporal-dev-server.js';
import { resolveTemporalServer, type TemporalServerBinaries } from '../infra/temporal-server.js';
import { quellProcessEnv, schemaSteps, temporalDatabases, temporalPorts, type ClusterEnv, type SqlEndpoint } from './cluster-definition.js';
import { temporalServerConfig } from './temporal-server-config.js';

export interface ClusterOptions {
  /** Quell's configuration: the database (DATABASE_URL or the embedded one), the API's host and port, the namespace. */
  config: QuellConfig;
  cluster: ClusterEnv;
  /** Where the cluster keeps its embedded PostgreSQL, the server's configuration and the logs. */
  dir: string;
  log: Logger;
  /** Variables for every Quell process on top of this process's own. */
  env?: Record<string, string>;
  progress?: (line: string) => void;
}

/** One Quell process of the cluster (`node dist/src/main.js` with its role). */
export interface QuellProcess {
  name: string;
  child: ChildProcess;
  /** What the process printed for a person when it was ready (addresses, a first admin key). */
  banner: string;
  stop(signal?: NodeJS.Signals): Promise<void>;
}

export interface RunningCluster {
  databaseUrl: string;
  temporalAddress: string;
  apiUrl: string;
  api: QuellProcess;
  workers: QuellProcess[];
  logDir: string;
  /** Stops the API process (SIGTERM, or SIGKILL for a crash) and starts a new one on the same port. */
  restartApi(signal: NodeJS.Signals): Promise<QuellProcess>;
  startWorker(): Promise<QuellProcess>;
  stop(): Promise<void>;
}

function endpointOf(url: URL): SqlEndpoint {
  return { host: url.hostname, port: Number(url.port || 5432), user: decodeURIComponent(url.username || 'postgres') };
}

async function run(cmd: string, args: string[], env: NodeJS.ProcessEnv, out: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn(cmd, args, { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let tail = '';
    const keep = (d: Buffer) => {
      out.write(d);
      tail = (tail + d.toString()).slice(-2000);
    };
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`${args.slice(-3).join(' ')} exited with ${code}: ${tail.trim().split('\n').slice(-3).join(' ')}`)),
    );
  });
}

/** Creates Temporal's two databases and brings their schemas to this release's version, with the release's SQL tool. */
async function setUpSchemas(
  bins: TemporalServerBinaries,
  server: URL,
  databases: { main: string; visibility: string },
  out: WriteStream,
  say: (s: string) => void,
): Promise<void> {
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  let present: Set<string>;
  try {
    present = new Set((await admin.query<{ datname: string }>('SELECT datname FROM pg_database')).rows.map((r) => r.datname));
  } finally {
    await admin.end();
  }
  const env = { ...process.env, SQL_PASSWORD: decodeURIComponent(server.password) };
  for (const [kind, database] of [
    ['temporal', databases.main],
    ['visibility', databases.visibility],
  ] as const) {
    let versioning = false;
    if (present.has(database)) {
      const url = new URL(server);
      url.pathname = `/${database}`;
      const c = new pg.Client({ connectionString: url.toString() });
      await c.connect();
      try {
        versioning = (await c.query(`SELECT to_regclass('schema_version') IS NOT NULL AS ok`)).rows[0].ok as boolean;
      } finally {
        await c.end();
      }
    }
    const steps = schemaSteps(endpointOf(server), database, join(bins.postgresSchemaDir, kind, 'versioned'), {
      database: present.has(database),
      versioning,
    });
    for (const args of steps) {
      say(`  ${database}: ${args[args.indexOf('--db') + 2]}`);
      await run(bins.sqlTool, args, env, out);
    }
  }
}

/** Registers the namespace Quell uses unless it exists (a real server, unlike the dev server, starts with none). */
async function ensureNamespace(address: string, namespace: string): Promise<void> {
  const conn = await Connection.connect({ address });
  try {
    try {
      await conn.workflowService.describeNamespace({ namespace });
      return;
    } catch {
      await conn.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('3 days') });
    }
    // Wait until the frontend's namespace cache has it, or the first workers would be turned away.
    const deadline = Date.now() + 30_000;
    for (;;) {
      try {
        await conn.workflowService.listWorkflowExecutions({ namespace, pageSize: 1 });
        return;
      } catch (err) {
        if (Date.now() > deadline) throw err;
        await new Promise((r) => setTimeout(r, 500));
      }
    }
  } finally {
    await conn.close();
  }
}

function waitForExit(child: ChildProcess, ms: number): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), ms);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
  });
}

/**
 * Starts a Quell process and resolves once it has printed its banner. JSON log lines go to its log
 * file; the banner (which may carry a first admin key) is kept for the caller and never written there.
 */
function startQuellProcess(name: string, env: NodeJS.ProcessEnv, logDir: string): Promise<QuellProcess> {
  const out = createWriteStream(join(logDir, `${name}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [join(projectRoot, 'dist', 'src', 'main.js')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stderr!.pipe(out, { end: false });
  return new Promise((resolve, reject) => {
    let pending = '';
    const banner: string[] = [];
    let ready = false;
    child.stdout!.setEncoding('utf8');
    child.stdout!.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) {
        if (line.startsWith('{')) out.write(`${line}\n`);
        else if (!ready) banner.push(line);
      }
      if (!ready && banner.some((l) => l.startsWith('Quell is running')) && banner.at(-1) === '' && banner.length > 2) {
        ready = true;
        resolve({
          name,
          child,
          banner: banner.join('\n').trim(),
          stop: async (signal = 'SIGTERM') => {
            child.kill(signal);
            await waitForExit(child, 20_000);
            out.end();
          },
        });
      }
    });
    child.once('exit', (code, signal) => {
      if (!ready) reject(new Error(`${name} exited (${signal ?? code}) before it was ready: see ${join(logDir, `${name}.log`)}`));
    });
  });
}

/**
 * A Temporal cluster on PostgreSQL and Quell on it, each part a process of its own: the schema set up
 * with the release's SQL tool, one `temporal-server` (all four services, several history shards),
 * one API process and `QUELL_WORKERS` worker processes.
 */
export async function startCluster(opts: ClusterOptions): Promise<RunningCluster> {
  const say = opts.progress ?? ((s: string) => process.stderr.write(`${s}\n`));
  const { config, log } = opts;
  const logDir = join(opts.dir, 'logs');
  mkdirSync(logDir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const s of stops.splice(0).reverse()) await s().catch((err) => log.warn({ err }, 'cluster stop step failed'));
  };
  try {
    say('Temporal server: finding or building the binaries…');
    const bins = await resolveTemporalServer(log);

    let databaseUrl = config.database.url;
    if (!databaseUrl) {
      say(`PostgreSQL: starting the embedded server (port ${config.database.embeddedPort})…`);
      const pgRun = await startEmbeddedPostgres(log, { dataDir: join(opts.dir, 'pgdata'), port: config.database.embeddedPort });
      stops.push(pgRun.stop);
      databaseUrl = pgRun.url;
    }
    const quellUrl = new URL(databaseUrl);
    const quellDatabase = decodeURIComponent(quellUrl.pathname.slice(1)) || 'postgres';
    const databases = temporalDatabases(quellDatabase);
    const serverUrl = new URL(quellUrl);
    serverUrl.pathname = '/postgres';

    const temporalLog = createWriteStream(join(logDir, 'temporal.log'), { flags: 'a' });
    stops.push(async () => void temporalLog.end());
    say(`Temporal schema: ${databases.main} and ${databases.visibility}…`);
    await setUpSchemas(bins, serverUrl, databases, temporalLog, say);

    const confDir = join(opts.dir, 'temporal');
    mkdirSync(confDir, { recursive: true });
    const configFile = join(confDir, 'config.yaml');
    // It holds the database password: readable by this user only.
    writeFileSync(
      configFile,
      temporalServerConfig({
        endpoint: endpointOf(quellUrl),
        password: decodeURIComponent(quellUrl.password),
        databases,
        frontendPort: opts.cluster.TEMPORAL_SERVER_PORT,
        membershipPort: opts.cluster.TEMPORAL_MEMBERSHIP_PORT,
      }),
      { mode: 0o600 },
    );
    const temporalAddress = `127.0.0.1:${temporalPorts(opts.cluster.TEMPORAL_SERVER_PORT).frontend.grpc}`;
    if (await isServing(temporalAddress))
      throw new Error(`something already serves Temporal on ${temporalAddress}: set TEMPORAL_SERVER_PORT`);
    say(`Temporal server: starting on ${temporalAddress}…`);
    const server = spawn(bins.server, ['--config-file', configFile, '--allow-no-auth', 'start'], { stdio: ['ignore', 'pipe', 'pipe'] });
    server.stdout.pipe(temporalLog, { end: false });
    server.stderr.pipe(temporalLog, { end: false });
    const killServer = () => server.kill('SIGKILL');
    process.once('exit', killServer);
    stops.push(async () => {
      server.kill('SIGTERM');
      await waitForExit(server, 15_000);
      process.off('exit', killServer);
    });
    const deadline = Date.now() + 120_000;
    while (!(await isServing(temporalAddress))) {
      if (server.exitCode !== null) throw new Error(`temporal-server exited with ${server.exitCode}: see ${join(logDir, 'temporal.log')}`);
      if (Date.now() > deadline)
        throw new Error(`temporal-server did not answer on ${temporalAddress}: see ${join(logDir, 'temporal.log')}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    await ensureNamespace(temporalAddress, config.temporal.namespace);

    const baseEnv = { ...process.env, ...opts.env };
    const processEnv = (role: 'api' | 'worker') => ({ ...baseEnv, ...quellProcessEnv(role, { databaseUrl, temporalAddress }) });
    const apiEnv = { ...processEnv('api'), HOST: config.http.host, PORT: String(config.http.port) };
    const children = new Set<ChildProcess>();
    const killChildren = () => children.forEach((c) => c.kill('SIGKILL'));
    process.once('exit', killChildren);
    const track = (p: QuellProcess) => {
      children.add(p.child);
      p.child.once('exit', () => children.delete(p.child));
      return p;
    };

    // The API migrates the database first (under an advisory lock), then the workers start beside each other.
    say('Quell: starting the API process (it migrates the database)…');
    let api = track(await startQuellProcess('api', apiEnv, logDir));
    let workerCount = 0;
    const startWorker = async () => track(await startQuellProcess(`worker-${++workerCount}`, processEnv('worker'), logDir));
    say(`Quell: starting ${opts.cluster.QUELL_WORKERS} worker process(es)…`);
    const workers = await Promise.all(Array.from({ length: opts.cluster.QUELL_WORKERS }, () => startWorker()));
    stops.push(async () => {
      await Promise.all([...workers, api].map((p) => p.stop('SIGTERM')));
      process.off('exit', killChildren);
    });
    const host = config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host;
    const cluster: RunningCluster = {
      databaseUrl,
      temporalAddress,
      apiUrl: `http://${host}:${config.http.port}`,
      get api() {
        return api;
      },
      workers,
      logDir,
      restartApi: async (signal) => {
        await api.stop(signal);
        api = track(await startQuellProcess('api', apiEnv, logDir));
        return api;
      },
      startWorker: async () => {
        const w = await startWorker();
        workers.push(w);
        return w;
      },
      stop: stopAll,
    };
    return cluster;
  } catch (err) {
    await stopAll();
    throw err;
  }
}
