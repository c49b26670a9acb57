import { type ApiClientOptions, type ApiLog, OAuthApi, type OAuthProduct, type VendorError } from './oauth-api.js';

export { ApiError as FalconApiError } from './oauth-api.js';

/** Every Falcon answer, success or failure, comes in this envelope. */
export interface FalconEnvelope<T> {
  meta?: {
    query_time?: number;
    trace_id?: string;
    powered_by?: string;
    pagination?: { offset?: number | string; limit?: number; total?: number };
  };
  resources?: T[] | null;
  errors?: { code: number; message: string; id?: string }[] | null;
}

/** The first entry of `errors`, which is what Falcon says went wrong. */
export function falconError(body: unknown): VendorError | undefined {
  const first = (body as FalconEnvelope<unknown> | null)?.errors?.[0];
  if (!first) return undefined;
  return { code: first.code === undefined ? undefined : String(first.code), message: first.message };
}

/** `X-RateLimit-RetryAfter` is the epoch second at which the client may call again. */
export function falconRetryAfterMs(headers: Headers): number | undefined {
  const value = headers.get('x-ratelimit-retryafter');
  if (!value || !/^\d+$/.test(value.trim())) return undefined;
  return Math.max(0, Number(value) * 1000 - Date.now());
}

/**
 * Falcon's token endpoint answers 201 Created, and a refusal in its own envelope: both become what
 * RFC 6749 (and so openid-client) expects, a 200 and `{ error, error_description }`.
 */
async function tokenResponse(res: Response): Promise<Response> {
  if (res.status === 201) return new Response(res.body, { status: 200, statusText: 'OK', headers: res.headers });
  if (res.ok) return res;
  const text = await res.text();
  let said: VendorError | undefined;
  try {
    said = falconError(JSON.parse(text));
  } catch {
    // Not Falcon's envelope (a proxy's page): handed on as it came.
  }
  if (!said) return new Response(text, { status: res.status, headers: res.headers });
  const error = res.status === 401 || res.status === 403 ? 'invalid_client' : res.status === 429 ? 'rate_limited' : 'invalid_request';
  return new Response(JSON.stringify({ error, error_description: said.message ?? '' }), {
    status: res.status,
    headers: { 'content-type': 'application/json' },
  });
}

/** The Falcon API of one cloud: client-credential tokens from `{base}/oauth2/token` (no scope: the API client's scopes apply). */
export function falconProduct(apiUrl: string): OAuthProduct {
  return {
    name: 'CrowdStrike Falcon',
    issuer: apiUrl,
    tokenEndpoint: `${apiUrl}/oauth2/token`,
    parseError: falconError,
    retryAfterMs: falconRetryAfterMs,
    tokenResponse,
  };
}

/** Falcon's REST API through the shared client-credentials client. */
export class FalconApi extends OAuthApi {
  constructor(o: ApiClientOptions, log?: ApiLog) {
    super(o, falconProduct(o.apiUrl), log);
  }

  /** The `resources` of a call's answer (Falcon sends `null` for none). */
  async resources<T>(method: 'GET' | 'POST' | 'PATCH' | 'DELETE', path: string, body?: unknown, opts?: { resend?: boolean }): Promise<T[]> {
    const answer = await this.call<FalconEnvelope<T> | undefined>(method, path, body, opts);
    return answer?.resources ?? [];
  }
}

/** A string value inside an FQL filter: single-quoted, with `\` and `'` escaped. */
export function fqlString(value: string): string {
  return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
