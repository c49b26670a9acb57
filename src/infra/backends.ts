import { join } from 'node:path';
import type { Logger } from 'pino';
import type { QuellConfig } from '../config/config.js';
import { startEmbeddedPostgres } from './embedded-postgres.js';
import { dataDir } from './paths.js';
import { startTemporalDevServer } from './temporal-dev-server.js';

export interface Backends {
  databaseUrl: string;
  databaseDescription: string;
  temporalAddress: string;
  temporalUiUrl?: string;
  temporalPersistence: string;
  stop(): Promise<void>;
}

/**
 * Uses DATABASE_URL and TEMPORAL_ADDRESS when set; otherwise starts an embedded PostgreSQL and a
 * Temporal dev server whose data lives under the data directory, so a restart keeps everything.
 */
export async function ensureBackends(config: QuellConfig, log: Logger): Promise<Backends> {
  const dir = dataDir(config.dataDir);
  const stops: (() => Promise<void>)[] = [];
  try {
    let databaseUrl = config.database.url;
    let databaseDescription = 'DATABASE_URL';
    if (!databaseUrl) {
      const pg = await startEmbeddedPostgres(log, { dataDir: join(dir, 'pgdata'), port: config.database.embeddedPort });
      stops.push(pg.stop);
      databaseUrl = pg.url;
      databaseDescription = `embedded PostgreSQL in ${pg.dataDir} (port ${config.database.embeddedPort})`;
    }
    let temporalAddress = config.temporal.address;
    let temporalUiUrl: string | undefined;
    let temporalPersistence = 'external cluster';
    if (!temporalAddress) {
      const t = await startTemporalDevServer(log, {
        port: config.temporal.devPort,
        uiPort: config.temporal.uiPort,
        dbFile: join(dir, 'temporal.sqlite'),
        namespaces: config.temporal.namespace === 'default' ? [] : [config.temporal.namespace],
        logFile: join(dir, 'logs', 'temporal.log'),
        cliPath: config.temporal.cliPath,
        dataDir: config.dataDir,
      });
      stops.push(t.stop);
      temporalAddress = t.address;
      temporalUiUrl = t.uiUrl;
      temporalPersistence = t.persistence;
    }
    return {
      databaseUrl,
      databaseDescription,
      temporalAddress,
      temporalUiUrl,
      temporalPersistence,
      stop: async () => {
        for (const stop of stops.reverse()) await stop().catch((err) => log.warn({ err }, 'backend stop failed'));
      },
    };
  } catch (err) {
    for (const stop of stops.reverse()) await stop().catch(() => undefined);
    throw err;
  }
}
