import { DataSource, type DataSourceOptions } from 'typeorm';
import { migrations } from './migrations/index.js';

export function dataSourceOptions(url: string, poolSize = 20): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    synchronize: false,
    migrationsRun: false,
    migrations,
    migrationsTableName: 'quell_migrations',
    entities: [],
    extra: { max: poolSize, application_name: 'quell' },
    logging: false,
  };
}

/** Applies every pending migration in its own transaction; returns the names applied. */
export async function runMigrations(url: string): Promise<string[]> {
  const ds = new DataSource({ ...dataSourceOptions(url, 2), migrationsTransactionMode: 'each' });
  await ds.initialize();
  try {
    // Two processes starting at once (api + worker) must not both migrate.
    await ds.query('SELECT pg_advisory_lock(7306110)');
    const applied = await ds.runMigrations();
    await ds.query('SELECT pg_advisory_unlock(7306110)');
    return applied.map((m) => m.name);
  } finally {
    await ds.destroy();
  }
}
