/**
 * `npm run cluster`: Quell the way production runs it, on this machine. A Temporal server on
 * PostgreSQL (DATABASE_URL's server, else the embedded one), one API process and QUELL_WORKERS
 * worker processes. Ctrl-C (or SIGTERM) stops every part. `--build-only` builds (or finds) the
 * Temporal server and exits: `npm test` runs it before the suite so the build shows its progress there.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import { configOrExit } from '../src/bootstrap.js';
import { ClusterConfigError, loadClusterEnv, type ClusterEnv } from '../src/cluster/cluster-definition.js';
import { startCluster, type RunningCluster } from '../src/cluster/cluster.js';
import { createLogger } from '../src/infra/logger.js';
import { dataDir } from '../src/infra/paths.js';
import { resolveTemporalServer, TEMPORAL_SERVER_VERSION } from '../src/infra/temporal-server.js';

async function main(): Promise<void> {
  const config = configOrExit();
  let cluster: ClusterEnv;
  try {
    cluster = loadClusterEnv();
  } catch (err) {
    if (!(err instanceof ClusterConfigError)) throw err;
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  if (process.argv.includes('--build-only')) {
    const bins = await resolveTemporalServer(log);
    process.stderr.write(`Temporal server ${TEMPORAL_SERVER_VERSION}: ${bins.server}\n`);
    return;
  }
  // Ctrl-C while starting: the parts already started are stopped once the start returns.
  let stopping = false;
  let interrupted: string | undefined;
  const state: { running?: RunningCluster } = {};
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    process.stderr.write(`\n${signal}: stopping the workers, the API, the Temporal server and the database…\n`);
    await state.running!.stop();
    process.stderr.write('stopped\n');
    process.exit(0);
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void (state.running ? stop(sig) : (interrupted = sig)));
  const dir = join(dataDir(config.dataDir), 'cluster');
  const started = Date.now();
  const running = (state.running = await startCluster({ config, cluster, dir, log, progress: (s) => process.stderr.write(`${s}\n`) }));
  if (interrupted) return stop(interrupted);
  for (const p of [running.api, ...running.workers])
    p.child.once('exit', (code, signal) => {
      if (!stopping) process.stderr.write(`${p.name} exited (${signal ?? code}); see ${join(running.logDir, `${p.name}.log`)}\n`);
    });

  const lines = [
    `Quell cluster is running (${Math.round((Date.now() - started) / 1000)} s to start)`,
    `  Console:     ${running.apiUrl}/`,
    `  API:         ${running.apiUrl}/api/v1`,
    `  Temporal:    ${running.temporalAddress} (temporal-server ${TEMPORAL_SERVER_VERSION} on PostgreSQL)`,
    `  Database:    ${config.database.url ? 'DATABASE_URL' : `embedded PostgreSQL in ${join(dir, 'pgdata')} (port ${config.database.embeddedPort})`}`,
    `  Processes:   api pid ${running.api.child.pid}; ${running.workers.map((w) => `${w.name} pid ${w.child.pid}`).join(', ')}`,
    `  Logs:        ${running.logDir}`,
  ];
  const firstKey = running.api.banner.split('\n').findIndex((l) => l.includes('First start'));
  if (firstKey >= 0) lines.push('', ...running.api.banner.split('\n').slice(firstKey));
  lines.push('', 'Ctrl-C stops everything.');
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`The cluster failed to start: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
