import { spawnSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { goInstall, isExecutable, onPath } from './go-install.js';
import { userCacheDir } from './paths.js';

/**
 * The Temporal server release a cluster runs. Its go.mod asks for a newer Go than Debian ships, so
 * the build takes the approved toolchain through the module proxy (GOTOOLCHAIN).
 */
export const TEMPORAL_SERVER_VERSION = 'v1.32.2';
export const TEMPORAL_SERVER_GOTOOLCHAIN = 'go1.27.3';
const MODULE = 'go.temporal.io/server';
const PACKAGES = [`${MODULE}/cmd/server@${TEMPORAL_SERVER_VERSION}`, `${MODULE}/cmd/tools/sql@${TEMPORAL_SERVER_VERSION}`];

export interface TemporalServerBinaries {
  /** `temporal-server`, all four services in one process. */
  server: string;
  /** `temporal-sql-tool`: create-database, setup-schema, update-schema. */
  sqlTool: string;
  /** The release's PostgreSQL schemas: `temporal/versioned` and `visibility/versioned` below it. */
  postgresSchemaDir: string;
}

export class TemporalServerUnavailable extends Error {
  constructor(detail: string) {
    super(
      `The Temporal server ${TEMPORAL_SERVER_VERSION} could not be built (${detail}). ` +
        `It is built once with \`go install ${PACKAGES.join(' ')}\` (GOTOOLCHAIN=${TEMPORAL_SERVER_GOTOOLCHAIN}) into ${join(userCacheDir(), 'bin')}: ` +
        'install Go, or run Quell against an existing cluster with TEMPORAL_ADDRESS.',
    );
    this.name = 'TemporalServerUnavailable';
  }
}

/** Where the binaries and schemas of this release live in the per-user cache (versioned names, apart from the CLI's `temporal`). */
export function temporalServerPaths(env: NodeJS.ProcessEnv = process.env): TemporalServerBinaries {
  const cache = userCacheDir(env);
  return {
    server: join(cache, 'bin', `temporal-server-${TEMPORAL_SERVER_VERSION}`),
    sqlTool: join(cache, 'bin', `temporal-sql-tool-${TEMPORAL_SERVER_VERSION}`),
    postgresSchemaDir: join(cache, `temporal-schema-${TEMPORAL_SERVER_VERSION}`, 'postgresql', 'v12'),
  };
}

/** The module cache is read-only; a copy that stays so could not be replaced by a later build. */
function makeWritable(dir: string): void {
  chmodSync(dir, 0o755);
  for (const entry of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    const p = join(dir, entry);
    chmodSync(p, statSync(p).isDirectory() ? 0o755 : 0o644);
  }
}

function ready(p: TemporalServerBinaries): boolean {
  return isExecutable(p.server) && isExecutable(p.sqlTool) && existsSync(join(p.postgresSchemaDir, 'visibility', 'versioned'));
}

/**
 * The server, its SQL tool and its schemas from the per-user cache, built with Go on first use.
 * Each build goes to a directory of its own and is renamed into place, so two concurrent first
 * runs never see half a binary.
 */
export async function resolveTemporalServer(log: Logger, env: NodeJS.ProcessEnv = process.env): Promise<TemporalServerBinaries> {
  const paths = temporalServerPaths(env);
  if (ready(paths)) return paths;
  const go = onPath('go', env);
  if (!go) throw new TemporalServerUnavailable('Go is not on PATH');
  const goEnv = { GOTOOLCHAIN: TEMPORAL_SERVER_GOTOOLCHAIN };
  const staging = join(userCacheDir(env), 'bin', `.build-${TEMPORAL_SERVER_VERSION}-${process.pid}`);
  mkdirSync(staging, { recursive: true });
  try {
    await goInstall({
      go,
      packages: PACKAGES,
      gobin: staging,
      label: `Temporal server ${TEMPORAL_SERVER_VERSION}`,
      log,
      env,
      goEnv,
      fail: (d) => new TemporalServerUnavailable(d),
    });
    // The schema files ship inside the module: copy them next to the binaries, so the module cache can be cleaned.
    const download = spawnSync(go, ['mod', 'download', '-json', `${MODULE}@${TEMPORAL_SERVER_VERSION}`], {
      env: { ...env, ...goEnv },
      encoding: 'utf8',
    });
    if (download.status !== 0) throw new TemporalServerUnavailable(`go mod download failed: ${download.stderr.trim()}`);
    const moduleDir = (JSON.parse(download.stdout) as { Dir: string }).Dir;
    const schemaTmp = `${paths.postgresSchemaDir}.${process.pid}.tmp`;
    cpSync(join(moduleDir, 'schema', 'postgresql', 'v12'), schemaTmp, { recursive: true });
    makeWritable(schemaTmp);
    rmSync(paths.postgresSchemaDir, { recursive: true, force: true });
    mkdirSync(join(paths.postgresSchemaDir, '..'), { recursive: true });
    renameSync(schemaTmp, paths.postgresSchemaDir);
    renameSync(join(staging, 'sql'), paths.sqlTool);
    renameSync(join(staging, 'server'), paths.server);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  if (!ready(paths)) throw new TemporalServerUnavailable('the build finished without the expected files');
  return paths;
}
