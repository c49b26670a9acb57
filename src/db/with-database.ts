import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { configOrExit } from '../bootstrap.js';
import { startEmbeddedPostgres } from '../infra/embedded-postgres.js';
import { createLogger } from '../infra/logger.js';
import { dataDir } from '../infra/paths.js';
import { dataSourceOptions, runMigrations } from './data-source.js';

/**
 * Runs `work` against Quell's database, migrated: DATABASE_URL's, or the embedded PostgreSQL
 * (reusing one a running Quell already started, else starting and afterwards stopping it).
 */
export async function withDatabase<T>(work: (db: DataSource) => Promise<T>): Promise<T> {
  const config = configOrExit();
  const log = createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel);
  let url = config.database.url;
  let stop = async () => {};
  if (!url) {
    const pg = await startEmbeddedPostgres(log, { dataDir: join(dataDir(config.dataDir), 'pgdata'), port: config.database.embeddedPort });
    url = pg.url;
    stop = pg.stop;
  }
  try {
    await runMigrations(url);
    const db = new DataSource(dataSourceOptions(url, 2));
    await db.initialize();
    try {
      return await work(db);
    } finally {
      await db.destroy();
    }
  } finally {
    await stop();
  }
}
