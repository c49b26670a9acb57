import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import { startEmbeddedPostgres } from '../../src/infra/embedded-postgres.js';
import { createLogger } from '../../src/infra/logger.js';
import { dataDir, projectRoot } from '../../src/infra/paths.js';
import { startTemporalDevServer } from '../../src/infra/temporal-dev-server.js';

export const TEST_NAMESPACES = ['quell-test-1', 'quell-test-2', 'quell-test-3', 'quell-test-4'];

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * One real Temporal dev server and one PostgreSQL for the whole run (each test file then makes
 * its own database and task queue), and the workflow bundle built once.
 */
export default async function globalSetup(): Promise<void> {
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn');
  const dir = join(dataDir(), 'test');
  mkdirSync(dir, { recursive: true });
  const stops: (() => Promise<void>)[] = [];

  if (!process.env.TEST_DATABASE_URL) {
    if (process.env.DATABASE_URL) {
      process.env.TEST_DATABASE_URL = process.env.DATABASE_URL;
    } else {
      const pgDir = join(dir, 'pgdata');
      rmSync(pgDir, { recursive: true, force: true });
      process.stderr.write('\n[test setup] starting embedded PostgreSQL (DATABASE_URL is not set)\n');
      const pg = await startEmbeddedPostgres(log, { dataDir: pgDir, port: await freePort(), database: 'postgres' });
      stops.push(pg.stop);
      process.env.TEST_DATABASE_URL = pg.url;
    }
  }

  if (!process.env.TEST_TEMPORAL_ADDRESS) {
    process.stderr.write('[test setup] starting the Temporal dev server\n');
    const temporal = await startTemporalDevServer(log, {
      port: await freePort(),
      uiPort: await freePort(),
      namespaces: TEST_NAMESPACES,
      logFile: join(dir, 'temporal.log'),
      cliPath: process.env.TEMPORAL_CLI,
    });
    stops.push(temporal.stop);
    process.env.TEST_TEMPORAL_ADDRESS = temporal.address;
  }

  process.stderr.write('[test setup] bundling workflow code\n');
  const { code } = await bundleWorkflowCode({ workflowsPath: join(projectRoot, 'workflows', 'index.ts'), logger: undefined });
  const bundlePath = join(dir, 'workflow-bundle.js');
  writeFileSync(bundlePath, code);
  process.env.TEST_WORKFLOW_BUNDLE = bundlePath;

  (globalThis as { __quellStops?: (() => Promise<void>)[] }).__quellStops = stops;
}
