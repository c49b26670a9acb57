/**
 * The one way the console talks to Quell: JSON over `/api/v1`, the credential of the signed-in
 * session in the Authorization header, `application/problem+json` errors turned into `ApiError`.
 */
import type { Schema } from './types';

/** The API's problem, or what the console could make of an answer that was not one (a proxy's error page). */
export type Problem = Pick<Schema<'Problem'>, 'title' | 'status'> & Partial<Pick<Schema<'Problem'>, 'type' | 'detail' | 'errors'>>;

export class ApiError extends Error {
  constructor(readonly problem: Problem) {
    super(problem.detail ?? problem.title);
  }
  get status(): number {
    return this.problem.status;
  }
}

export type QueryValue = string | number | boolean | readonly string[] | undefined | null;

export interface Request {
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';
  query?: Record<string, QueryValue>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}

export interface Answer<T> {
  data: T;
  status: number;
  etag: string | null;
}

interface ClientHooks {
  /** The headers that prove the current session (an Authorization header, or the session header). */
  credentials: () => Record<string, string>;
  /** Called on 401: the credential expired or was revoked. */
  unauthorized: () => void;
}
let hooks: ClientHooks = { credentials: () => ({}), unauthorized: () => undefined };

export function configureClient(h: ClientHooks): void {
  hooks = h;
}

export function queryString(query: Record<string, QueryValue> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value === undefined || value === null || value === '') continue;
    if (Array.isArray(value)) for (const v of value) params.append(key, v);
    else params.append(key, String(value));
  }
  const s = params.toString();
  return s ? `?${s}` : '';
}

async function problemOf(res: Response): Promise<Problem> {
  try {
    const body = (await res.json()) as Partial<Problem>;
    return { title: body.title ?? res.statusText, status: res.status, detail: body.detail, errors: body.errors, type: body.type };
  } catch {
    return { title: res.statusText || 'Request failed', status: res.status };
  }
}

/** Calls `/api/v1<path>`; resolves with the body, or rejects with `ApiError` (or a network error). */
export async function call<T>(path: string, req: Request = {}, credentials = hooks.credentials()): Promise<Answer<T>> {
  const headers: Record<string, string> = { Accept: 'application/json', ...req.headers, ...credentials };
  if (req.body !== undefined) headers['Content-Type'] = 'application/json';
  const res = await fetch(`/api/v1${path}${queryString(req.query)}`, {
    method: req.method ?? 'GET',
    headers,
    body: req.body === undefined ? undefined : JSON.stringify(req.body),
    signal: req.signal,
  });
  if (!res.ok) {
    const problem = await problemOf(res);
    if (res.status === 401) hooks.unauthorized();
    throw new ApiError(problem);
  }
  const data = (res.status === 204 ? undefined : await res.json()) as T;
  return { data, status: res.status, etag: res.headers.get('ETag') };
}

export const get = async <T>(path: string, query?: Record<string, QueryValue>, signal?: AbortSignal) =>
  (await call<T>(path, { query, signal })).data;
export const post = async <T>(path: string, body?: unknown) => (await call<T>(path, { method: 'POST', body: body ?? {} })).data;
