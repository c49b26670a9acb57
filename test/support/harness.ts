import { randomBytes } from 'node:crypto';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { Client } from '@temporalio/client';
import pg from 'pg';
import type { DestinationStream } from 'pino';
import supertest from 'supertest';
import { DataSource } from 'typeorm';
import { createQuellApp } from '../../src/app.factory.js';
import { ApiKeysService } from '../../src/auth/api-keys.service.js';
import { systemAudit } from '../../src/audit/audit.store.js';
import type { Role } from '../../src/auth/roles.js';
import { loadConfig, type QuellConfig } from '../../src/config/config.js';
import { runMigrations } from '../../src/db/data-source.js';
import { createLogger } from '../../src/infra/logger.js';

const NAMESPACES = ['quell-test-1', 'quell-test-2', 'quell-test-3', 'quell-test-4'];

/** A fresh, migrated database on the shared test server. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL!;
  const name = `quell_t_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: base });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await c.end();
    },
  };
}

export interface TestQuell {
  app: NestExpressApplication;
  config: QuellConfig;
  db: DataSource;
  client: Client;
  http: ReturnType<typeof supertest>;
  /** An API key with the given role (created once per role). */
  key(role: Role): Promise<string>;
  /** The Authorization header for a role. */
  auth(role: Role): Promise<{ Authorization: string }>;
  close(): Promise<void>;
}

export interface TestQuellOptions {
  env?: Record<string, string>;
  /** Skip migrations (to test them). */
  migrate?: boolean;
  databaseUrl?: string;
  /** Where the application's log lines go (stdout by default). */
  logTo?: DestinationStream;
}

/** Boots the real application (API and worker) against the shared PostgreSQL and Temporal servers. */
export async function startQuell(opts: TestQuellOptions = {}): Promise<TestQuell> {
  const database = opts.databaseUrl ? { url: opts.databaseUrl, drop: async () => {} } : await createTestDatabase();
  const worker = Number(process.env.JEST_WORKER_ID ?? 1);
  const config = loadConfig({
    TEMPORAL_NAMESPACE: NAMESPACES[(worker - 1) % NAMESPACES.length],
    TEMPORAL_TASK_QUEUE: `test-${randomBytes(4).toString('hex')}`,
    QUELL_WORKFLOW_BUNDLE: process.env.TEST_WORKFLOW_BUNDLE,
    LOG_LEVEL: process.env.TEST_LOG_LEVEL ?? 'silent',
    DATABASE_URL: database.url,
    TEMPORAL_ADDRESS: process.env.TEST_TEMPORAL_ADDRESS,
    ...opts.env,
  });
  if (opts.migrate !== false) await runMigrations(database.url);
  const log = createLogger(config.logLevel, opts.logTo, config.tracing !== undefined);
  const app = await createQuellApp({ config, backends: { databaseUrl: database.url, temporalAddress: config.temporal.address! }, log });
  await app.init();
  const keys = new Map<Role, string>();
  const key = async (role: Role) => {
    if (!keys.has(role)) keys.set(role, (await app.get(ApiKeysService).create(`test-${role}`, role, systemAudit('test'))).key);
    return keys.get(role)!;
  };
  return {
    app,
    config,
    db: app.get(DataSource),
    client: app.get(Client),
    http: supertest(app.getHttpServer()),
    key,
    auth: async (role) => ({ Authorization: `Bearer ${await key(role)}` }),
    close: async () => {
      // Workflow ids are business keys (`investigation-<incidentId>`) and every test database counts
      // incidents from 1: end this file's running workflows so a later file in the same namespace
      // cannot signal into them.
      const client = app.get(Client);
      const running = client.workflow.list({ query: `TaskQueue = '${config.temporal.taskQueue}' AND ExecutionStatus = 'Running'` });
      for await (const w of running)
        await client.workflow
          .getHandle(w.workflowId, w.runId)
          .terminate('test file finished')
          .catch(() => undefined);
      await app.close();
      await database.drop();
    },
  };
}

/** Serves the application on a free loopback port (for a browser or any real HTTP client); returns its base URL. */
export async function serveHttp(q: TestQuell): Promise<string> {
  await q.app.listen(0, '127.0.0.1');
  const { port } = q.app.getHttpServer().address() as { port: number };
  return `http://127.0.0.1:${port}`;
}

/**
 * The result of a workflow that the worker's dispatcher starts after a commit (an alert's or an
 * update's): waits for it to exist, then for its end.
 */
export async function workflowResult(client: Client, workflowId: string, timeoutMs = 60_000) {
  const handle = client.workflow.getHandle(workflowId);
  await eventually(() => handle.describe().then(() => true), timeoutMs, `workflow ${workflowId} to start`);
  return handle.result();
}

/** Polls until `check` returns a value (not undefined), or fails after `timeoutMs`. */
export async function eventually<T>(check: () => Promise<T | undefined>, timeoutMs = 20_000, what = 'condition'): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  while (Date.now() < deadline) {
    try {
      const v = await check();
      if (v !== undefined) return v;
    } catch (err) {
      last = err;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
}
