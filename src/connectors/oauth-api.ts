import { Context } from '@temporalio/activity';
import * as oidc from 'openid-client';
import type { Logger } from 'pino';
import type { AppRegistration } from '../config/config.js';
import { CatalogInputError } from '../domain/catalog.js';
import { tracedFetch } from '../infra/tracing.js';

/** A vendor API reached with OAuth2 client credentials: where it is, who Quell is, and how patient to be. */
export interface ApiClientOptions {
  clientId: string;
  /** The client secret (or, for a private-key client, the key); read when needed, never stored in a log or error. */
  clientSecret: () => string;
  apiUrl: string;
  allowInsecureHttp: boolean;
  requestTimeoutMs: number;
  /** Attempts for one call on 5xx, 408, 429 and network errors. */
  maxAttempts?: number;
  retryBaseMs?: number;
  /** Longest `Retry-After` honoured before giving the failure back to the caller. */
  maxRetryAfterMs?: number;
}

/** A Microsoft API reached with an Entra ID app registration (Defender for Endpoint, Graph). */
export type OAuthApiOptions = AppRegistration & ApiClientOptions;

/** What a vendor's error body says, when it says anything. */
export interface VendorError {
  code?: string;
  message?: string;
}

/** What one product's client needs besides the connector's options. */
export interface OAuthProduct {
  /** Its name in logs and errors. */
  name: string;
  /** The token endpoint's issuer and URL. */
  issuer: string;
  tokenEndpoint: string;
  scope?: string;
  /** How the client authenticates to the token endpoint: the secret in the body (default) or a signed assertion. */
  clientAuth?: () => Promise<oidc.ClientAuth>;
  /** Reads the vendor's error body; Microsoft's `{ error: { code, message } }` unless given. */
  parseError?: (body: unknown) => VendorError | undefined;
  /** How long a 429 asks to wait, in ms; `Retry-After` unless given. */
  retryAfterMs?: (headers: Headers) => number | undefined;
  /** Reshapes the token endpoint's answer into RFC 6749's (status 200, `{ error, error_description }`) for a vendor that departs from it. */
  tokenResponse?: (res: Response) => Promise<Response>;
}

/** The token endpoint of an Entra ID tenant, for a Microsoft API with the given scope. */
export function microsoftProduct(o: AppRegistration, name: string, scope: string): OAuthProduct {
  const base = `${o.loginUrl}/${encodeURIComponent(o.tenantId)}`;
  return { name, scope, issuer: `${base}/v2.0`, tokenEndpoint: `${base}/oauth2/v2.0/token` };
}

export type ApiLog = Pick<Logger, 'warn' | 'debug'>;

/** A failed call, with what the product answered (redacted). 4xx other than 401/408/429 cannot be fixed by retrying. */
export class ApiError extends Error {
  override name = 'ApiError';
  constructor(
    message: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
    readonly permanent: boolean,
  ) {
    super(message);
  }
}

const activityContext = (): Context | undefined => {
  try {
    return Context.current();
  } catch {
    return undefined;
  }
};

/**
 * How long this call may follow a machine action: the configured time, cut to what the activity
 * running it has left (less a margin to report back), so a timeout is Quell's answer, not Temporal's.
 */
export function followBudgetMs(configuredMs: number): number {
  const ctx = activityContext();
  const activityMs = ctx?.info.startToCloseTimeoutMs;
  return activityMs ? Math.max(1000, Math.min(configuredMs, activityMs - 3000)) : configuredMs;
}

/** Inside a Temporal activity the worker learns it is alive; outside one (tests, CLI) this does nothing. */
export function heartbeat(details: unknown): void {
  const ctx = activityContext();
  if (ctx && !ctx.info.isLocal) ctx.heartbeat(details);
}

/** A pause that a cancelled activity cuts short. */
export function pause(ms: number): Promise<void> {
  const ctx = activityContext();
  return ctx ? ctx.sleep(ms) : new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * A catalog answer from a product: a refusal retrying cannot fix (a missing permission, say) is an
 * explicit `{ available: false, reason }` naming the product; bad arguments stay the caller's
 * error; any other failure is thrown, redacted, for the activity to retry.
 */
export async function factsOrUnavailable<T>(
  api: Pick<OAuthApi, 'redact'>,
  product: string,
  question: () => Promise<T>,
  explain: (err: ApiError) => string = (err) => err.message,
): Promise<T | { available: false; reason: string }> {
  try {
    return await question();
  } catch (err) {
    if (err instanceof ApiError && err.permanent) return { available: false, reason: `${product}: ${explain(err)}` };
    if (err instanceof CatalogInputError) throw err;
    throw new Error(api.redact(err instanceof Error ? err.message : String(err)));
  }
}

const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]*/g;
const BEARER = /(bearer\s+)[^\s"',}]+/gi;

/**
 * A Microsoft REST API (Defender for Endpoint, Graph): client-credential tokens from Entra ID (cached until shortly
 * before expiry, refreshed once on a 401), a timeout on every call, bounded retries with backoff,
 * `Retry-After` honoured, and the client secret and tokens masked in everything it reports.
 */
export class OAuthApi {
  private oauth?: Promise<oidc.Configuration>;
  private cached?: { token: string; refreshAt: number };
  private inflight?: Promise<string>;
  /** Tokens issued to this process, so an answer that echoes one is masked too. */
  private readonly issued: string[] = [];

  constructor(
    private readonly o: ApiClientOptions,
    private readonly product: OAuthProduct,
    private readonly log?: ApiLog,
  ) {}

  private configuration(): Promise<oidc.Configuration> {
    this.oauth ??= (async () => {
      const { o, product } = this;
      const auth = product.clientAuth ? await product.clientAuth() : oidc.ClientSecretPost(o.clientSecret());
      const c = new oidc.Configuration({ issuer: product.issuer, token_endpoint: product.tokenEndpoint }, o.clientId, undefined, auth);
      c[oidc.customFetch] = async (url, options) => {
        const res = await tracedFetch(url, { ...options, signal: AbortSignal.timeout(o.requestTimeoutMs), redirect: 'manual' });
        return product.tokenResponse ? product.tokenResponse(res) : res;
      };
      if (o.allowInsecureHttp) oidc.allowInsecureRequests(c);
      return c;
    })().catch((err: unknown) => {
      this.oauth = undefined;
      throw err;
    });
    return this.oauth;
  }

  /** A next-page link the product gave, as a path on its own API; a link to another host is refused (the token must not follow it). */
  pagePath(link: string): string {
    const base = new URL(this.o.apiUrl);
    const url = new URL(link, base);
    if (url.origin !== base.origin) throw new Error(`${this.product.name} returned a next-page link to another host (${url.origin})`);
    return `${url.pathname}${url.search}`;
  }

  /** Adds a value the caller generated (a new password) to what `redact` masks. */
  mask(value: string): void {
    this.issued.push(value);
    if (this.issued.length > 16) this.issued.shift();
  }

  /** Masks the client secret, issued tokens and anything shaped like a bearer token or a JWT. */
  redact(text: string): string {
    const secrets = [this.o.clientSecret(), ...this.issued].filter((s) => s.length >= 4);
    const masked = secrets.reduce((t, s) => t.split(s).join('[redacted]'), text);
    return masked.replace(BEARER, '$1[redacted]').replace(JWT, '[redacted]');
  }

  private async token(): Promise<string> {
    if (this.cached && Date.now() < this.cached.refreshAt) return this.cached.token;
    this.inflight ??= this.requestToken().finally(() => (this.inflight = undefined));
    return this.inflight;
  }

  private async requestToken(): Promise<string> {
    let answer: oidc.TokenEndpointResponse;
    try {
      const params: Record<string, string> = this.product.scope ? { scope: this.product.scope } : {};
      answer = await oidc.clientCredentialsGrant(await this.configuration(), params);
    } catch (err) {
      if (err instanceof oidc.ResponseBodyError) {
        const retryable = err.status >= 500 || err.status === 408 || err.status === 429;
        const text = this.redact(`${err.error}${err.error_description ? `: ${err.error_description}` : ''}`).slice(0, 300);
        throw new ApiError(`the token request was refused (${err.status} ${text})`, err.status, err.error, !retryable);
      }
      throw new ApiError(`the token request failed: ${this.redact(describe(err))}`, undefined, undefined, false);
    }
    const token = answer.access_token;
    this.issued.push(token);
    if (this.issued.length > 16) this.issued.shift();
    const lifetimeMs = (answer.expires_in ?? 300) * 1000;
    // Refresh a minute early (a tenth of the lifetime for short-lived tokens) so no call carries a token that expires in flight.
    this.cached = { token, refreshAt: Date.now() + lifetimeMs - Math.min(60_000, lifetimeMs / 10) };
    return token;
  }

  /**
   * One call. `resend: false` is for requests with an effect: after an answer that leaves it unknown
   * whether the product acted (5xx, timeout, lost connection) the call is not repeated here — the
   * caller looks for the effect before sending again. Requests that were never acted on (no token
   * yet, 401, 429) are always safe to repeat. `headers` are sent besides the defaults (Graph's `Prefer`, say).
   */
  async call<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    opts: { resend?: boolean; headers?: Record<string, string> } = {},
  ): Promise<T> {
    return (await this.exchange<T>(method, path, body, opts)).value;
  }

  /** `call`, with the answer's headers too (paging by `Link`, say). */
  async exchange<T>(
    method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE',
    path: string,
    body?: unknown,
    opts: { resend?: boolean; headers?: Record<string, string> } = {},
  ): Promise<{ value: T; headers: Headers }> {
    const maxAttempts = this.o.maxAttempts ?? 4;
    let refreshed = false;
    for (let attempt = 1; ; attempt++) {
      const outcome = await this.attempt(method, path, body, opts.headers);
      if ('value' in outcome) return { value: outcome.value as T, headers: outcome.headers };
      const { failure } = outcome;
      if (failure.status === 401) {
        // The token may have been revoked or have expired early: one fresh token, then the 401 stands.
        if (refreshed) throw failure;
        refreshed = true;
        if (this.cached?.token === outcome.token) this.cached = undefined;
        attempt--;
        continue;
      }
      const retryable = !failure.permanent && (outcome.unsent || (opts.resend ?? true));
      const waitMs = outcome.retryAfterMs ?? Math.min(5_000, (this.o.retryBaseMs ?? 500) * 2 ** (attempt - 1)) * (0.75 + Math.random() / 2);
      if (!retryable || attempt >= maxAttempts || waitMs > (this.o.maxRetryAfterMs ?? 60_000)) throw failure;
      this.log?.warn({ method, path, status: failure.status, attempt, waitMs: Math.round(waitMs) }, `${this.product.name} call retried`);
      await pause(waitMs);
    }
  }

  private async attempt(
    method: string,
    path: string,
    body: unknown,
    extraHeaders: Record<string, string> = {},
  ): Promise<{ value: unknown; headers: Headers } | { failure: ApiError; unsent: boolean; token?: string; retryAfterMs?: number }> {
    let token: string;
    try {
      token = await this.token();
    } catch (err) {
      return { failure: err as ApiError, unsent: true };
    }
    let res: Response;
    let text: string;
    try {
      res = await tracedFetch(`${this.o.apiUrl}${path}`, {
        method,
        headers: {
          ...extraHeaders,
          authorization: `Bearer ${token}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(this.o.requestTimeoutMs),
        redirect: 'manual',
      });
      text = await res.text();
    } catch (err) {
      return {
        failure: new ApiError(`${method} ${path} failed: ${this.redact(describe(err))}`, undefined, undefined, false),
        unsent: false,
        token,
      };
    }
    if (res.ok) return { value: text ? JSON.parse(text) : undefined, headers: res.headers };
    const throttled = res.status === 429;
    return {
      failure: this.errorOf(method, path, res.status, text),
      unsent: throttled,
      token,
      retryAfterMs: throttled ? (this.product.retryAfterMs ?? retryAfterHeader)(res.headers) : undefined,
    };
  }

  private errorOf(method: string, path: string, status: number, text: string): ApiError {
    let code: string | undefined;
    let message = text;
    try {
      const e = (this.product.parseError ?? microsoftError)(JSON.parse(text));
      if (e) {
        code = e.code;
        message = e.message ?? '';
      }
    } catch {
      // Not JSON (a proxy's HTML page): the text itself, cut short below.
    }
    const permanent = status >= 400 && status < 500 && status !== 401 && status !== 408 && status !== 429;
    const said = this.redact(`${code ? `${code}: ` : ''}${message}`)
      .replace(/\s+/g, ' ')
      .slice(0, 300);
    return new ApiError(`${method} ${path} answered ${status}${said ? ` (${said})` : ''}`, status, code, permanent);
  }
}

/** Defender for Endpoint and Graph answer errors as `{ error: { code, message, ... } }`. */
function microsoftError(body: unknown): VendorError | undefined {
  return (body as { error?: VendorError } | null)?.error;
}

/** `Retry-After` is seconds or an HTTP date. */
function retryAfterHeader(headers: Headers): number | undefined {
  const value = headers.get('retry-after');
  if (!value) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

function describe(err: unknown): string {
  const e = err as Error & { cause?: { code?: string; message?: string } };
  if (e?.name === 'TimeoutError') return 'timed out';
  return [e?.message ?? String(err), e?.cause?.code ?? e?.cause?.message].filter(Boolean).join(': ');
}
