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

/** Every unsafe string (values and property names) in a parsed body or query, without recursion. */
export function unsafeStrings(root: unknown, prefix: (string | number)[]): FieldError[] {
  const errors: FieldError[] = [];
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: root, path: prefix }];
  while (stack.length && errors.length < MAX_ERRORS) {
    const { value, path } = stack.pop()!;
    if (typeof value === 'string') {
      const message = problemIn(value);
      if (message) errors.push({ path: formatPath(path), message });
      continue;
    }
    if (typeof value !== 'object' || value === null) continue;
    if (path.length - prefix.length >= MAX_DEPTH) {
      errors.push({ path: formatPath(path), message: `nests deeper than ${MAX_DEPTH} levels` });
      continue;
    }
    const entries: [string | number, unknown][] = Array.isArray(value) ? value.map((v, i) => [i, v]) : Object.entries(value);
    for (const [key, child] of entries) {
      const keyProblem = typeof key === 'string' ? problemIn(key) : undefined;
      if (keyProblem) errors.push({ path: formatPath(path), message: `has a property name that ${keyProblem}` });
      else stack.push({ value: child, path: [...path, key] });
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
