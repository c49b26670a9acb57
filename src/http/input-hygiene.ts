import type { NextFunction, Request, Response } from 'express';
import { type FieldError, formatPath, Problem } from './problem.js';
import { sendException } from './problem.filter.js';

/** Deeper JSON than this is refused: no document Quell takes nests further, and deep input costs stack. */
export const MAX_DEPTH = 64;
const MAX_ERRORS = 20;

/** A NUL (which PostgreSQL text cannot hold) or a UTF-16 surrogate without its partner. */
const UNSAFE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

function problemIn(text: string): string | undefined {
  const m = UNSAFE.exec(text);
  if (!m) return undefined;
  return m[0] === '\u0000' ? 'contains a NUL character' : 'contains an unpaired UTF-16 surrogate';
}

/** A value still to look at, with the way back to the root: its path is built only when it is reported. */
interface Pending {
  value: unknown;
  depth: number;
  key?: string | number;
  parent?: Pending;
}

function pathOf(at: Pending, prefix: (string | number)[]): string {
  const keys: (string | number)[] = [];
  for (let p: Pending | undefined = at; p?.key !== undefined; p = p.parent) keys.push(p.key);
  return formatPath([...prefix, ...keys.reverse()]);
}

/** Every unsafe string (values and property names) in a parsed body or query, without recursion. */
export function unsafeStrings(root: unknown, prefix: (string | number)[]): FieldError[] {
  const errors: FieldError[] = [];
  const stack: Pending[] = [{ value: root, depth: 0 }];
  while (stack.length && errors.length < MAX_ERRORS) {
    const at = stack.pop()!;
    const value = at.value;
    if (typeof value === 'string') {
      const message = problemIn(value);
      if (message) errors.push({ path: pathOf(at, prefix), message });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (at.depth >= MAX_DEPTH) {
      errors.push({ path: pathOf(at, prefix), message: `nests deeper than ${MAX_DEPTH} levels` });
      continue;
    }
    const depth = at.depth + 1;
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) stack.push({ value: value[i], depth, key: i, parent: at });
      continue;
    }
    for (const key of Object.keys(value)) {
      const keyProblem = problemIn(key);
      if (keyProblem) errors.push({ path: pathOf(at, prefix), message: `has a property name that ${keyProblem}` });
      else stack.push({ value: (value as Record<string, unknown>)[key], depth, key, parent: at });
    }
  }
  return errors;
}

/**
 * Input hygiene in one place, before any route sees the request: strings that PostgreSQL or a
 * UTF-8 encoder cannot hold are a 400 naming the field, in the path, the query string and the body.
 */
export function inputHygiene(req: Request, res: Response, next: NextFunction): void {
  let path: string;
  try {
    path = decodeURIComponent(req.path);
  } catch {
    return sendException(res, Problem.validation([{ path: 'path', message: 'is not valid percent-encoded UTF-8' }]));
  }
  const errors: FieldError[] = [];
  const pathProblem = problemIn(path);
  if (pathProblem) errors.push({ path: 'path', message: pathProblem });
  errors.push(...unsafeStrings(req.query, ['query']), ...unsafeStrings(req.body, []));
  if (!errors.length) return next();
  sendException(res, Problem.validation(errors));
}
