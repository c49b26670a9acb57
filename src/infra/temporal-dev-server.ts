import { spawn, type ChildProcess } from 'node:child_process';
import { createWriteStream, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import type { Logger } from 'pino';
import { resolveTemporalCli, TemporalCliNotFound, type ResolvedCli } from './temporal-cli.js';

export interface DevServerOptions {
  port: number;
  uiPort: number;
  /** SQLite file; omitted = in memory (tests). */
  dbFile?: string;
  namespaces?: string[];
  logFile: string;
  cliPath?: string;
  dataDir?: string;
}

export interface RunningTemporal {
  address: string;
  uiUrl?: string;
  persistence: string;
  cli?: ResolvedCli;
  stop(): Promise<void>;
}

/**
 * SQLite settings that keep the single-file store fast: write-ahead log, and fsync only at
 * checkpoints (a crash may lose the last moments of the dev server, never corrupt it).
 */
export const SQLITE_PRAGMAS = ['journal_mode=wal', 'synchronous=normal'];

/**
 * Dynamic config for a one-box server: the dev server defaults to one partition per task queue,
 * and raises the per-namespace rate limits so a benchmark measures Quell, not the throttle.
 */
const DYNAMIC_CONFIG = [
  'matching.numTaskqueueReadPartitions=4',
  'matching.numTaskqueueWritePartitions=4',
  'frontend.namespaceRPS=100000',
  'frontend.namespaceRPS.visibility=10000',
  'history.persistenceMaxQPS=100000',
];

/** Whether a Temporal frontend answers at `address` (dev server or cluster). */
export async function isServing(address: string): Promise<boolean> {
  try {
    const conn = await Connection.connect({ address, connectTimeout: 500 });
    try {
      await conn.workflowService.getSystemInfo({});
      return true;
    } finally {
      await conn.close();
    }
  } catch {
    return false;
  }
}

async function waitUntilServing(address: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`temporal dev server exited with code ${child.exitCode}`);
    if (await isServing(address)) return;
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`temporal dev server did not answer on ${address} within ${timeoutMs} ms`);
}

/** Starts `temporal server start-dev` (building or finding the CLI first) and waits until it serves. */
export async function startTemporalDevServer(log: Logger, opts: DevServerOptions): Promise<RunningTemporal> {
  const address = `127.0.0.1:${opts.port}`;
  if (await isServing(address)) {
    // A dev server left running by an earlier start (or started by hand) on our port: reuse it.
    log.info({ address }, 'reusing the Temporal dev server already listening');
    return { address, uiUrl: `http://127.0.0.1:${opts.uiPort}`, persistence: 'existing dev server', stop: async () => {} };
  }
  const cli = await resolveTemporalCli(log, { configured: opts.cliPath, dataDir: opts.dataDir });
  if (!cli) return startWithSdkDownload(log, opts);

  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port), '--log-level', 'warn'];
  args.push('--ui-port', String(opts.uiPort));
  if (opts.dbFile) {
    mkdirSync(join(opts.dbFile, '..'), { recursive: true });
    args.push('--db-filename', opts.dbFile);
    for (const p of SQLITE_PRAGMAS) args.push('--sqlite-pragma', p);
  }
  for (const ns of opts.namespaces ?? []) args.push('--namespace', ns);
  for (const dc of DYNAMIC_CONFIG) args.push('--dynamic-config-value', dc);

  mkdirSync(join(opts.logFile, '..'), { recursive: true });
  const out = createWriteStream(opts.logFile, { flags: 'a' });
  const child = spawn(cli.path, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout?.pipe(out);
  child.stderr?.pipe(out);
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  log.info({ cli: cli.path, source: cli.source, address }, 'starting Temporal dev server');
  try {
    await waitUntilServing(address, child, 60_000);
  } catch (err) {
    child.kill('SIGKILL');
    throw new Error(`${(err as Error).message} (see ${opts.logFile})`);
  }
  return {
    address,
    uiUrl: `http://127.0.0.1:${opts.uiPort}`,
    persistence: opts.dbFile ? `SQLite ${opts.dbFile} (${SQLITE_PRAGMAS.join(', ')})` : 'in-memory SQLite',
    cli,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
        child.once('exit', () => {
          clearTimeout(kill);
          process.off('exit', killOnExit);
          out.end();
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/** Last resort: the SDK's cached download of the dev server (needs internet on first use). */
async function startWithSdkDownload(log: Logger, opts: DevServerOptions): Promise<RunningTemporal> {
  log.warn('no Temporal CLI and no Go toolchain: trying the Temporal SDK download of the dev server');
  let testing: typeof import('@temporalio/testing');
  try {
    testing = await import('@temporalio/testing');
  } catch {
    throw new TemporalCliNotFound('@temporalio/testing is not installed for the SDK download');
  }
  try {
    const env = await testing.TestWorkflowEnvironment.createLocal({
      server: {
        ip: '127.0.0.1',
        port: opts.port,
        uiPort: opts.uiPort,
        ui: true,
        dbFilename: opts.dbFile,
        extraArgs: [
          ...(opts.namespaces ?? []).flatMap((n) => ['--namespace', n]),
          ...SQLITE_PRAGMAS.flatMap((p) => (opts.dbFile ? ['--sqlite-pragma', p] : [])),
        ],
      },
    });
    return {
      address: env.address,
      uiUrl: `http://127.0.0.1:${opts.uiPort}`,
      persistence: opts.dbFile ? `SQLite ${opts.dbFile}` : 'in-memory SQLite',
      stop: () => env.teardown(),
    };
  } catch (err) {
    throw new TemporalCliNotFound(`SDK download failed: ${(err as Error).message}`);
  }
}
