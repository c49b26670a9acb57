import { HttpException, HttpStatus } from '@nestjs/common';
import { z } from 'zod';
import { component } from './api-schemas.js';

export const fieldErrorSchema = component(
  'FieldError',
  z.object({ path: z.string().describe('Where in the request, e.g. `query.since`, `entities[0].type`, `(root)`'), message: z.string() }),
);
export type FieldError = z.output<typeof fieldErrorSchema>;

/** An RFC 9457 problem, the body of every error answer (`application/problem+json`). */
export const problemSchema = component(
  'Problem',
  z.looseObject({
    type: z.string().describe('A URI naming the kind of problem, e.g. https://quell.dev/problems/validation'),
    title: z.string(),
    status: z.number().int().min(400).max(599),
    detail: z.string(),
    instance: z.string().optional(),
    errors: z.array(fieldErrorSchema).optional().describe('Every invalid field (validation problems)'),
    retryAfter: z.number().int().positive().optional().describe('Seconds to wait (429)'),
    redirectedTo: z.number().int().positive().nullable().optional().describe('The incident a merged incident lives on as (409)'),
    actionStatus: z.string().optional().describe('The status of an action that could not take a decision (409)'),
  }),
  'An error answer (RFC 9457 problem details)',
);
export type ProblemBody = z.output<typeof problemSchema>;

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Entity',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

export function problemType(slug: string): string {
  return `https://quell.dev/problems/${slug}`;
}

export function titleFor(status: number): string {
  return TITLES[status] ?? 'Error';
}

/** An RFC 9457 problem: every error the API returns is one of these. */
export class Problem extends HttpException {
  constructor(
    status: number,
    slug: string,
    detail: string,
    extra: { errors?: FieldError[]; [k: string]: unknown } = {},
    /** Response headers that belong to the answer (e.g. `Retry-After`). */
    readonly headers: Record<string, string> = {},
  ) {
    const body: ProblemBody = { type: problemType(slug), title: titleFor(status), status, detail, ...extra };
    super(body, status);
  }

  /** 429: the caller must wait `retryAfterMs` before trying again. */
  static tooManyRequests(detail: string, retryAfterMs: number): Problem {
    const seconds = Math.max(1, Math.ceil(retryAfterMs / 1000));
    return new Problem(
      HttpStatus.TOO_MANY_REQUESTS,
      'rate-limited',
      `${detail} Retry after ${seconds} s.`,
      { retryAfter: seconds },
      { 'Retry-After': String(seconds) },
    );
  }

  static validation(errors: FieldError[], detail = 'The request is invalid.'): Problem {
    return new Problem(HttpStatus.BAD_REQUEST, 'validation', detail, { errors });
  }

  static notFound(what: string): Problem {
    return new Problem(HttpStatus.NOT_FOUND, 'not-found', `${what} was not found.`);
  }

  static conflict(detail: string, extra: Record<string, unknown> = {}): Problem {
    return new Problem(HttpStatus.CONFLICT, 'conflict', detail, extra);
  }
}

/** Turns zod issues into `{path, message}` entries; `prefix` places them inside a larger body. */
export function zodErrors(error: z.ZodError, prefix: (string | number)[] = []): FieldError[] {
  return error.issues.map((issue) => ({
    path: formatPath([...prefix, ...(issue.path as (string | number)[])]),
    message: issue.message,
  }));
}

export function formatPath(parts: (string | number)[]): string {
  return parts.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '') || '(root)';
}
