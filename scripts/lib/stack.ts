import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import pg from 'pg';
import type { Logger } from 'pino';
import { createQuellApp } from '../../src/app.factory.js';
import { ApiKeysService } from '../../src/auth/api-keys.service.js';
import type { Role } from '../../src/auth/roles.js';
import { loadConfig, type QuellConfig } from '../../src/config/config.js';
import { runMigrations } from '../../src/db/data-source.js';
import { startEmbeddedPostgres } from '../../src/infra/embedded-postgres.js';
import { dataDir } from '../../src/infra/paths.js';
import { startTemporalDevServer } from '../../src/infra/temporal-dev-server.js';

export interface Stack {
  config: QuellConfig;
  baseUrl: string;
  databaseUrl: string;
  temporalAddress: string;
  temporalPersistence: string;
  app: NestExpressApplication;
  key(role: Role): Promise<string>;
  stop(): Promise<void>;
}

async function freshDatabase(serverUrl: string, prefix: string): Promise<string> {
  const name = `${prefix}_${Date.now()}_${randomBytes(3).toString('hex')}`;
  const c = new pg.Client({ connectionString: serverUrl });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

/**
 * A complete Quell (API + worker in one process) on an empty database, for the evaluation and
 * benchmark scripts: DATABASE_URL's server or an embedded PostgreSQL, TEMPORAL_ADDRESS or a
 * fresh dev server on the ports given.
 */
export async function startStack(log: Logger, opts: { purpose: string; env?: Record<string, string>; progress?: (s: string) => void }): Promise<Stack> {
  const say = opts.progress ?? ((s: string) => process.stderr.write(`${s}\n`));
  const base = loadConfig();
  const stops: (() => Promise<void>)[] = [];
  const dir = join(dataDir(base.dataDir), opts.purpose);
  let server = base.database.url;
  if (!server) {
    say('starting embedded PostgreSQL…');
    const pgRun = await startEmbeddedPostgres(log, { dataDir: join(dir, 'pgdata'), port: base.database.embeddedPort + 1, database: 'postgres' });
    stops.push(pgRun.stop);
    server = pgRun.url;
  }
  const databaseUrl = await freshDatabase(server, `quell_${opts.purpose.replace(/\W/g, "_")}`);
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
  const config = loadConfig({ ...process.env, DATABASE_URL: databaseUrl, TEMPORAL_ADDRESS: temporalAddress, LOG_LEVEL: 'warn', PORT: '0', ...opts.env });
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
    key: async (role) => {
      if (!keys.has(role)) keys.set(role, (await app.get(ApiKeysService).create(`${opts.purpose}-${role}`, role, 'script')).key);
      return keys.get(role)!;
    },
    stop: async () => {
      await app.close();
      for (const s of stops.reverse()) await s().catch(() => undefined);
    },
  };
}
