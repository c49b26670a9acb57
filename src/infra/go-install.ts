import { spawn } from 'node:child_process';
import { accessSync, constants } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { Logger } from 'pino';

export function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function onPath(name: string, env: NodeJS.ProcessEnv): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (dir && isExecutable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/**
 * `go install -x` of one or more packages into `gobin`, with a progress line on stderr every 100
 * compile/link actions and every 30 s. Rejects with the tail of Go's output.
 */
export async function goInstall(opts: {
  go: string;
  packages: string[];
  gobin: string;
  label: string;
  log: Logger;
  env: NodeJS.ProcessEnv;
  /** Extra variables for the go command (GOTOOLCHAIN). */
  goEnv?: Record<string, string>;
  fail: (detail: string) => Error;
}): Promise<void> {
  const { label, log } = opts;
  log.info({ packages: opts.packages, into: opts.gobin }, `building the ${label} with Go (first run only, takes a few minutes)`);
  const started = Date.now();
  await new Promise<void>((resolve, reject) => {
    const child = spawn(opts.go, ['install', '-x', ...opts.packages], {
      env: { ...opts.env, ...opts.goEnv, GOBIN: opts.gobin, GOFLAGS: `${opts.env.GOFLAGS ?? ''} -mod=mod`.trim() },
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
        process.stderr.write(`  ${label} build: ${compiled} packages compiled, ${secs}s\n`);
      }
    });
    const timer = setInterval(() => {
      process.stderr.write(`  ${label} build: still working (${Math.round((Date.now() - started) / 1000)}s)\n`);
    }, 30_000);
    child.on('error', (err) => {
      clearInterval(timer);
      reject(err);
    });
    child.on('exit', (code) => {
      clearInterval(timer);
      if (code === 0) resolve();
      else reject(opts.fail(`go install exited with ${code}: ${tail.split('\n').slice(-5).join(' ')}`));
    });
  });
  log.info({ seconds: Math.round((Date.now() - started) / 1000) }, `${label} built`);
}
