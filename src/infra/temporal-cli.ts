import { spawn, spawnSync } from 'node:child_process';
import { accessSync, constants, copyFileSync, mkdirSync, renameSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Logger } from 'pino';
import { dataDir, userCacheDir } from './paths.js';

/** The newest CLI tag that `go install` accepts (later tags carry a `replace` directive). */
export const TEMPORAL_CLI_VERSION = 'v1.5.1';
const MODULE = `github.com/temporalio/cli/cmd/temporal@${TEMPORAL_CLI_VERSION}`;

export type TemporalCliSource = 'TEMPORAL_CLI' | 'PATH' | 'project cache' | 'user cache' | 'go install';
export interface ResolvedCli {
  path: string;
  source: TemporalCliSource;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
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
  await goInstall(go, join(userCacheDir(env), 'bin'), log, env);
  if (!isExecutable(userBin)) return undefined;
  install(userBin, projectBin);
  return { path: projectBin, source: 'go install' };
}

async function goInstall(go: string, gobin: string, log: Logger, env: NodeJS.ProcessEnv): Promise<void> {
  mkdirSync(gobin, { recursive: true });
  log.info({ module: MODULE, into: gobin }, 'building the Temporal CLI with Go (first run only, takes a few minutes)');
  const version = spawnSync(go, ['version'], { encoding: 'utf8' });
  if (version.status !== 0) return;
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(go, ['install', '-x', MODULE], {
      env: { ...env, GOBIN: gobin, GOFLAGS: `${env.GOFLAGS ?? ''} -mod=mod`.trim() },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let compiled = 0;
    let tail = '';
    // `go install -x` prints one line per compile/link action: count them as progress.
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      tail = (tail + chunk).slice(-4000);
      const n = chunk.split('\n').filter((l) => /\/compile |\/link /.test(l)).length;
      if (n === 0) return;
      const before = Math.floor(compiled / 100);
      compiled += n;
      if (Math.floor(compiled / 100) > before) {
        const secs = Math.round((Date.now() - started) / 1000);
        process.stderr.write(`  temporal CLI build: ${compiled} packages compiled, ${secs}s\n`);
      }
    });
    const timer = setInterval(() => {
      process.stderr.write(`  temporal CLI build: still working (${Math.round((Date.now() - started) / 1000)}s)\n`);
    }, 30_000);
    child.on('error', reject);
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code === 0) resolve();
      else reject(new TemporalCliNotFound(`go install exited with ${code}: ${tail.split('\n').slice(-5).join(' ')}`));
    });
  });
  log.info({ seconds: Math.round((Date.now() - started) / 1000) }, 'Temporal CLI built');
}
