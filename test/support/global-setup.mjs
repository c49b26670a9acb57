// Runs once per `jest` run, outside the test sandbox, on the compiled build (`npm test` builds first):
// one real Temporal dev server and one PostgreSQL for the whole run, and the workflow bundle.
import { mkdirSync, rmSync, existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dist = (p) => import(join(root, 'dist', p));

export const TEST_NAMESPACES = ['quell-test-1', 'quell-test-2', 'quell-test-3', 'quell-test-4'];

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

export default async function globalSetup() {
  if (!existsSync(join(root, 'dist', 'workflow-bundle.js'))) {
    throw new Error('No build found: run the tests with `npm test` (it builds first), or `npm run build` once.');
  }
  const { createLogger } = await dist('src/infra/logger.js');
  const { startEmbeddedPostgres } = await dist('src/infra/embedded-postgres.js');
  const { startTemporalDevServer } = await dist('src/infra/temporal-dev-server.js');
  const log = createLogger(process.env.TEST_LOG_LEVEL ?? 'warn');
  const dir = join(root, '.quell', 'test');
  mkdirSync(dir, { recursive: true });
  const stops = [];

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
    process.stderr.write('\n[test setup] starting the Temporal dev server\n');
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
  process.env.TEST_WORKFLOW_BUNDLE = join(root, 'dist', 'workflow-bundle.js');
  globalThis.__quellStops = stops;
}
