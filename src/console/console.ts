import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import express, { type NextFunction, type Request, type Response } from 'express';
import { Problem } from '../http/problem.js';
import { sendException } from '../http/problem.filter.js';
import { projectRoot } from '../infra/paths.js';
import { isConsoleFile, isConsolePath } from './console-paths.js';

/** Where `npm run build` puts the analyst console (`console/` built by Vite). */
export const CONSOLE_DIR = resolve(projectRoot, 'dist', 'console');

/** Serves the built console: hashed files cached for good, the HTML shell never cached. */
export function serveConsole(dir = CONSOLE_DIR) {
  const files = express.static(dir, { index: false, immutable: true, maxAge: '365d', fallthrough: true, redirect: false });
  const shell = resolve(dir, 'index.html');
  return (req: Request, res: Response, next: NextFunction): void => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !isConsolePath(req.path)) return next();
    if (isConsoleFile(req.path)) return files(req, res, next);
    if (!existsSync(shell)) {
      return sendException(res, new Problem(404, 'not-found', 'The console is not built: run `npm run build`, then start Quell again.'));
    }
    res.set('Cache-Control', 'no-cache');
    res.sendFile(shell, (err?: Error) => err && next(err));
  };
}
