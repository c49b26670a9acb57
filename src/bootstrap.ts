import type { Logger } from 'pino';
import { createQuellApp } from './app.factory.js';
import { ApiKeysService } from './auth/api-keys.service.js';
import { ConfigError, loadConfig, type QuellConfig } from './config/config.js';
import { runMigrations } from './db/data-source.js';
import { ensureBackends, type Backends } from './infra/backends.js';
import { startMetricsServer } from './http/metrics.js';
import { createLogger } from './infra/logger.js';
import { dataDir } from './infra/paths.js';

/** Reads the configuration or exits with the list of every bad variable. */
export function configOrExit(): QuellConfig {
  try {
    return loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\n`);
      process.exit(2);
    }
    throw err;
  }
}

/** Backends plus migrations: everything a Quell process or a CLI command needs before it works. */
export async function prepare(config: QuellConfig, log: Logger): Promise<Backends> {
  const backends = await ensureBackends(config, log);
  const applied = await runMigrations(backends.databaseUrl);
  if (applied.length) log.info({ migrations: applied }, 'database migrated');
  return backends;
}

export async function main(): Promise<void> {
  const config = configOrExit();
  const log = createLogger(config.logLevel, undefined, config.tracing !== undefined);
  const backends = await prepare(config, log);
  const app = await createQuellApp({ config, backends, log });
  app.enableShutdownHooks();
  const serveHttp = config.role !== 'worker';
  if (serveHttp) await app.listen(config.http.port, config.http.host);
  else await app.init();
  const metrics = config.metrics.port === undefined ? undefined : await startMetricsServer(config.metrics.host, config.metrics.port);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log.info({ signal }, 'shutting down');
    await app.close();
    await metrics?.close();
    await backends.stop();
    process.exit(0);
  };
  for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void stop(sig));

  const lines = [`Quell is running (role: ${config.role})`];
  if (serveHttp) {
    const base = `http://${config.http.host === '0.0.0.0' ? '127.0.0.1' : config.http.host}:${config.http.port}`;
    lines.push(`  Console:     ${base}/`, `  API:         ${base}/api/v1`, `  API docs:    ${base}/docs`);
  }
  if (metrics) lines.push(`  Metrics:     ${metrics.url}`);
  if (backends.temporalUiUrl) lines.push(`  Temporal UI: ${backends.temporalUiUrl}`);
  lines.push(
    `  Database:    ${backends.databaseDescription}`,
    `  Temporal:    ${backends.temporalAddress} (${backends.temporalPersistence})`,
  );
  lines.push(`  Data:        ${dataDir(config.dataDir)}`);
  if (serveHttp) {
    const key = await app.get(ApiKeysService).bootstrapAdmin();
    if (key) {
      lines.push('', '  First start: an admin API key was created. It is shown only now; keep it safe:', `    ${key}`);
      lines.push('  Create more with `npm run quell -- keys create --name <name> --role <role>`.');
    }
  }
  process.stdout.write(`\n${lines.join('\n')}\n\n`);
}
