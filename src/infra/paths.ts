import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The project root: two levels above this file in both `src/infra` and `dist/src/infra`. */
export const projectRoot = (() => {
  const here = fileURLToPath(new URL('.', import.meta.url));
  const up = resolve(here, '..', '..');
  return up.endsWith(`${'/'}dist`) ? resolve(up, '..') : up;
})();

export function dataDir(configured = '.quell'): string {
  return resolve(projectRoot, configured);
}

/** Per-user cache shared by every clone on the machine (`$XDG_CACHE_HOME/quell`, else `~/.cache/quell`). */
export function userCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'quell');
}
