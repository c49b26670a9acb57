import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from 'pino';
import { goInstall, isExecutable, onPath } from './go-install.js';
import { dataDir, userCacheDir } from './paths.js';

/** The newest CLI tag that `go install` accepts (later tags carry a `replace` directive). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`;

export type TemporalCliSource = 'TEMPORAL_CLI' | 'PATH' | 'project cache' | 'user cache' | 'go install';
export interface ResolvedCli {
  path: string;
  source: TemporalCliSource;
}

/** Copies atomically so a concurrent reader never sees half a binary. */
function install(from: string, to: string): void {
  mkdirSync(join(to, '..'), { recursive: true });
  const tmp = `${to}.${process.pid}.tmp`;
  copyFileSync(from, tmp);
  renameSync(tmp, to);
}

export class TemporalCliNotFound extends Error {
  constructor(detail: string) {
    super(
      `No Temporal CLI could be found or built (${detail}). Options:\n` +
        '  1. set TEMPORAL_ADDRESS to use an existing Temporal cluster (or Temporal Cloud);\n' +
        '  2. set TEMPORAL_CLI to the path of a `temporal` binary, or put `temporal` on PATH;\n' +
        `  3. install Go and let Quell run \`go install ${MODULE}\`;\n` +
        '  4. allow internet access so the Temporal SDK can download its dev server.',
    );
    this.name = 'TemporalCliNotFound';
  }
}

/**
 * Finds the `temporal` binary: TEMPORAL_CLI, PATH, the project cache (`.quell/bin`), the per-user
 * cache, else builds it with Go into the user cache. Returns undefined when none of these work so
 * the caller can fall back to the SDK's own download.
 */
export async function resolveTemporalCli(
  log: Logger,
  opts: { configured?: string; dataDir?: string; env?: NodeJS.ProcessEnv } = {},
): Promise<ResolvedCli | undefined> {
  const env = opts.env ?? process.env;
  if (opts.configured) {
    if (!isExecutable(opts.configured)) {
      throw new TemporalCliNotFound(`TEMPORAL_CLI=${opts.configured} is not an executable file`);
    }
    return { path: opts.configured, source: 'TEMPORAL_CLI' };
  }
  const fromPath = onPath('temporal', env);
  if (fromPath) return { path: fromPath, source: 'PATH' };

  const projectBin = join(dataDir(opts.dataDir), 'bin', 'temporal');
  if (isExecutable(projectBin)) return { path: projectBin, source: 'project cache' };

  const userBin = join(userCacheDir(env), 'bin', 'temporal');
  if (isExecutable(userBin)) {
    install(userBin, projectBin);
    return { path: projectBin, source: 'user cache' };
  }

  const go = onPath('go', env);
  if (!go) return undefined;
  await buildCli(go, join(userCacheDir(env), 'bin'), log, env);
  if (!isExecutable(userBin)) return undefined;
  install(userBin, projectBin);
  return { path: projectBin, source: 'go install' };
}

async function buildCli(go: string, gobin: string, log: Logger, env: NodeJS.ProcessEnv): Promise<void> {
  mkdirSync(gobin, { recursive: true });
  const version = spawnSync(go, ['version'], { encoding: 'utf8' });
  if (version.status !== 0) return;
  await goInstall({ go, packages: [MODULE], gobin, label: 'temporal CLI', log, env, fail: (d) => new TemporalCliNotFound(d) });
}
