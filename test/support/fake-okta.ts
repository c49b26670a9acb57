import { createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, randomUUID, verify } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveFake } from './fake-microsoft.js';

/**
 * A local stand-in for an Okta org: the org authorization server's token endpoint for an API service
 * app (client credentials with a `private_key_jwt` client assertion, verified as Okta does) and the
 * Management API endpoints the okta connector uses, following the documented shapes: users and their
 * lifecycle rules, groups and role assignments, session revocation, the System Log with `Link` paging,
 * errors as `{ errorCode, errorSummary, errorLink, errorId, errorCauses }`, 429 with `X-Rate-Limit-*`,
 * tokens that expire (401), scopes checked per endpoint (403), and faults on demand. It counts every
 * effect, so a test can prove nothing ran twice.
 */
export interface FakeOktaUser {
  id: string;
  status: 'ACTIVE' | 'SUSPENDED' | 'DEPROVISIONED' | 'PASSWORD_EXPIRED' | 'LOCKED_OUT' | 'RECOVERY' | 'STAGED' | 'PROVISIONED';
  login: string;
  firstName: string;
  lastName: string;
  passwordChanged: string | null;
  statusChanged?: string | null;
  lastLogin?: string | null;
  /** Not part of Okta's user object: memberships, admin roles, the temporary password last issued. */
  groups?: string[];
  roles?: { type: string; label: string }[];
  tempPassword?: string;
}

export interface FakeSignIn {
  userId: string | null;
  login: string;
  published: string;
  ipAddress: string;
  country: string | null;
  result: 'SUCCESS' | 'FAILURE';
}

export interface OktaFault {
  /** `METHOD /path` it applies to; all API requests when absent. */
  match?: RegExp;
  status?: number;
  /** For a 429: the epoch second Okta says the window resets. */
  rateLimitReset?: number;
  /** Act on the request, then drop the connection: the caller never learns it was accepted. */
  dropAfterEffect?: boolean;
  /** Act on the request, then answer only once this settles (a caller killed meanwhile never hears). */
  holdAfterEffect?: Promise<void>;
  /** Something that happens in the org just before the request is handled (another admin's change). */
  before?: () => void;
}

/** The service app as the fake org knows it: its client id, the public key registered for it, and its granted scopes. */
export interface FakeServiceApp {
  clientId: string;
  kid: string;
  publicKey: KeyObject;
  grants: string[];
}

type Send = (status: number, body?: unknown, headers?: Record<string, string>) => void;

/** Which scope each endpoint needs, per Okta's Management API reference. */
function requiredScope(method: string, path: string): string {
  if (path === '/api/v1/logs') return 'okta.logs.read';
  if (/^\/api\/v1\/users\/[^/]+\/roles$/.test(path)) return 'okta.roles.read';
  return method === 'GET' ? 'okta.users.read' : 'okta.users.manage';
}

/** A key pair for a test service app, with the private key as PEM and as a JWK. */
export function serviceAppKeys(type: 'rsa' | 'ec' = 'rsa'): { pem: string; jwk: string; publicKey: KeyObject } {
  const { privateKey, publicKey } =
    type === 'rsa' ? generateKeyPairSync('rsa', { modulusLength: 2048 }) : generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    pem: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    jwk: JSON.stringify(privateKey.export({ format: 'jwk' })),
    publicKey,
  };
}

export class FakeOkta {
  url = '';
  users: FakeOktaUser[] = [];
  signins: FakeSignIn[] = [];
  tokenLifetimeSeconds = 3600;
  /** Items per page for groups and System Log events (Okta's own defaults are larger). */
  pageSize = 2;
  /** The service app has "Require DPoP header in token requests" ticked. */
  requireDpop = false;
  /** Paths the service app's admin role may not touch: 403 E0000006 without a scope problem. */
  denied: RegExp[] = [];
  readonly requests: { method: string; path: string; body?: unknown }[] = [];
  readonly counts = {
    tokenRequests: 0,
    unauthorized: 0,
    suspensions: 0,
    unsuspensions: 0,
    passwordExpiries: 0,
    sessionClears: 0,
  };
  /** Client assertions seen (Okta refuses a jti used twice). */
  readonly assertions: { header: Record<string, unknown>; payload: Record<string, unknown> }[] = [];
  private readonly events: Record<string, unknown>[] = [];
  private readonly tokens = new Map<string, { expires: number; scopes: string[] }>();
  private readonly jtis = new Set<string>();
  private faults: OktaFault[] = [];
  private clock = 0;

  constructor(readonly app: FakeServiceApp) {}

  static async start(app: FakeServiceApp): Promise<FakeOkta> {
    const fake = new FakeOkta(app);
    const served = await serveFake((req, res, data) => fake.handle(req, res, data));
    fake.url = served.url;
    fake.close = served.close;
    return fake;
  }

  close: () => Promise<void> = () => Promise.resolve();

  reset(): void {
    this.users = [];
    this.signins = [];
    this.faults = [];
    this.denied = [];
    this.events.length = 0;
    this.requests.length = 0;
    this.assertions.length = 0;
    this.tokenLifetimeSeconds = 3600;
    this.pageSize = 2;
    this.requireDpop = false;
    for (const k of Object.keys(this.counts) as (keyof FakeOkta['counts'])[]) this.counts[k] = 0;
  }

  revokeTokens(): void {
    this.tokens.clear();
  }

  inject(...faults: OktaFault[]): void {
    this.faults.push(...faults);
  }

  get tokenEndpoint(): string {
    return `${this.url}/oauth2/v1/token`;
  }

  /** Okta's clock: never standing still, so every change stamps a later time. */
  private now(): string {
    this.clock = Math.max(this.clock + 1, Date.now());
    return new Date(this.clock).toISOString();
  }

  private handle(req: IncomingMessage, res: ServerResponse, data: string): void {
    const url = new URL(req.url!, this.url);
    const method = req.method!;
    const send: Send = (status, body, headers = {}) => {
      res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (method === 'POST' && url.pathname === '/oauth2/v1/token') return this.token(req, new URLSearchParams(data), send);
    let body: unknown;
    try {
      body = data ? JSON.parse(data) : undefined;
    } catch {
      return send(400, oktaError('E0000003', 'The request body was not well-formed.'));
    }
    this.requests.push({ method, path: `${url.pathname}${url.search}`, body });
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const token = auth ? this.tokens.get(auth) : undefined;
    if (!token || token.expires <= Date.now()) {
      this.counts.unauthorized++;
      return send(401, oktaError('E0000011', 'Invalid token provided'));
    }
    const scope = requiredScope(method, url.pathname);
    if (!token.scopes.includes(scope))
      return send(403, oktaError('E0000006', 'You do not have permission to perform the requested action'), {
        'www-authenticate': `Bearer authorization_uri="${this.url}/oauth2/v1/authorize", realm="IdpApi", scope="${scope}", error="insufficient_scope", error_description="The access token provided does not contain the required scopes.", resource="${url.pathname}"`,
      });
    if (this.denied.some((d) => d.test(`${method} ${url.pathname}`)))
      return send(403, oktaError('E0000006', 'You do not have permission to perform the requested action'));
    const fault = this.faults.find((f) => !f.match || f.match.test(`${method} ${url.pathname}`));
    if (fault) {
      this.faults.splice(this.faults.indexOf(fault), 1);
      if (fault.before) {
        fault.before();
        return this.api(method, url, send);
      }
      if (fault.dropAfterEffect) return this.api(method, url, () => res.socket?.destroy());
      const held = fault.holdAfterEffect;
      if (held)
        return this.api(method, url, (status, answer, headers) => void held.then(() => !res.destroyed && send(status, answer, headers)));
      const status = fault.status ?? 503;
      if (status === 429)
        return send(429, oktaError('E0000047', 'API call exceeded rate limit due to too many requests.'), {
          'x-rate-limit-limit': '600',
          'x-rate-limit-remaining': '0',
          'x-rate-limit-reset': String(fault.rateLimitReset ?? Math.floor(Date.now() / 1000)),
        });
      return send(status, oktaError('E0000009', 'Internal Server Error'));
    }
    this.api(method, url, send);
  }

  /** The org authorization server's token endpoint, as it treats a service app with `private_key_jwt`. */
  private token(req: IncomingMessage, form: URLSearchParams, send: Send): void {
    this.counts.tokenRequests++;
    const refuse = (status: number, error: string, description: string) => send(status, { error, error_description: description });
    if (form.get('grant_type') !== 'client_credentials')
      return refuse(400, 'unsupported_grant_type', 'The authorization grant type is not supported by the authorization server.');
    if (form.get('client_assertion_type') !== 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer' || !form.get('client_assertion'))
      return refuse(
        401,
        'invalid_client',
        'Client Credentials requests to the Org Authorization Server must use the private_key_jwt token_endpoint_auth_method.',
      );
    if (form.has('client_id') && form.get('client_id') !== this.app.clientId)
      return refuse(401, 'invalid_client', "Invalid value for 'client_id' parameter.");
    const problem = this.checkAssertion(form.get('client_assertion')!);
    if (problem) return refuse(401, 'invalid_client', problem);
    if (this.requireDpop && !req.headers.dpop) return refuse(400, 'invalid_dpop_proof', 'The DPoP proof JWT header is missing.');
    const scopes = (form.get('scope') ?? '').split(' ').filter(Boolean);
    if (!scopes.length) return refuse(400, 'invalid_scope', 'No scopes were requested.');
    if (scopes.some((s) => !this.app.grants.includes(s)))
      return refuse(
        400,
        'invalid_scope',
        'The requested scope is invalid, unknown, malformed, or exceeds the scope granted by the resource owner.',
      );
    const token = `eyJraWQiOiJmYWtlIn0.${randomBytes(24).toString('base64url')}.${randomBytes(32).toString('base64url')}`;
    this.tokens.set(token, { expires: Date.now() + this.tokenLifetimeSeconds * 1000, scopes });
    send(200, { token_type: 'Bearer', expires_in: this.tokenLifetimeSeconds, access_token: token, scope: scopes.join(' ') });
  }

  /** Okta's checks of a client assertion, in its words (oauth2 error catalogue); undefined when it is good. */
  private checkAssertion(jwt: string): string | undefined {
    const parts = jwt.split('.');
    if (parts.length !== 3) return 'The parsing of the client_assertion failed.';
    let header: Record<string, unknown>;
    let payload: Record<string, unknown>;
    try {
      header = JSON.parse(Buffer.from(parts[0], 'base64url').toString());
      payload = JSON.parse(Buffer.from(parts[1], 'base64url').toString());
    } catch {
      return 'The parsing of the client_assertion failed.';
    }
    this.assertions.push({ header, payload });
    const algs: Record<string, object> = {
      RS256: this.app.publicKey,
      ES256: { key: this.app.publicKey, dsaEncoding: 'ieee-p1363' },
    };
    const key = algs[String(header.alg)];
    if (!key || (header.alg === 'RS256') !== (this.app.publicKey.asymmetricKeyType === 'rsa'))
      return 'The client_assertion JWT signature algorithm is invalid.';
    if (header.kid !== undefined && header.kid !== this.app.kid) return 'The client_assertion JWT kid is invalid.';
    const signed = Buffer.from(`${parts[0]}.${parts[1]}`);
    if (!verify('sha256', signed, key as Parameters<typeof verify>[2], Buffer.from(parts[2], 'base64url')))
      return 'The client_assertion signature is invalid.';
    if (payload.iss !== this.app.clientId) return 'The issuer claim for client_assertion is not a valid client_id.';
    if (payload.sub !== this.app.clientId) return 'The subject claim for client_assertion is not a valid client_id.';
    if (payload.aud !== this.tokenEndpoint) return 'The audience claim for client_assertion must be the endpoint invoked for the request.';
    const now = Date.now() / 1000;
    if (typeof payload.exp !== 'number') return "The client_assertion must contain the 'exp' claim as seconds since epoch.";
    if (payload.exp < now) return 'The client_assertion token is expired.';
    if (payload.exp > now + 3600) return 'The client_assertion token has an expiration too far into the future.';
    if (typeof payload.iat === 'number' && payload.iat > now + 60)
      return 'The client_assertion token must be issued before the current time.';
    if (typeof payload.jti === 'string') {
      if (this.jtis.has(payload.jti)) return 'The client_assertion token has already been used.';
      this.jtis.add(payload.jti);
    }
    return undefined;
  }

  /** A user by id, login or login shortname (the part before @, when it is unambiguous). */
  private user(ref: string): FakeOktaUser | undefined {
    const key = decodeURIComponent(ref).toLowerCase();
    const exact = this.users.find((u) => u.id.toLowerCase() === key || u.login.toLowerCase() === key);
    if (exact) return exact;
    const short = this.users.filter((u) => u.login.toLowerCase().split('@')[0] === key);
    return short.length === 1 ? short[0] : undefined;
  }

  private publicUser(u: FakeOktaUser) {
    return {
      id: u.id,
      status: u.status,
      created: '2024-01-02T10:00:00.000Z',
      activated: '2024-01-02T10:00:01.000Z',
      statusChanged: u.statusChanged ?? null,
      lastLogin: u.lastLogin ?? null,
      lastUpdated: u.statusChanged ?? '2024-01-02T10:00:01.000Z',
      passwordChanged: u.passwordChanged,
      type: { id: 'oty1a2b3c4d5e6f7g8h9' },
      profile: { firstName: u.firstName, lastName: u.lastName, email: u.login, login: u.login, mobilePhone: null, secondEmail: null },
      credentials: { password: {}, provider: { type: 'OKTA', name: 'OKTA' } },
      _links: { self: { href: `${this.url}/api/v1/users/${u.id}` } },
    };
  }

  /** One page of a collection: `after` is the cursor, `Link` headers carry self and (when more remain, or always for a polling log query) next. */
  private page<T>(url: URL, items: T[], send: Send, alwaysNext = false): void {
    const limit = Math.min(Number(url.searchParams.get('limit') ?? this.pageSize) || this.pageSize, this.pageSize);
    const after = Number(url.searchParams.get('after') ?? 0);
    const slice = items.slice(after, after + limit);
    const next = new URL(url.toString());
    next.searchParams.set('after', String(after + slice.length));
    const links = [`<${url.toString()}>; rel="self"`];
    if (alwaysNext || after + limit < items.length) links.push(`<${next.toString()}>; rel="next"`);
    send(200, slice, { link: links.join(', ') });
  }

  private setStatus(u: FakeOktaUser, status: FakeOktaUser['status']): void {
    u.status = status;
    u.statusChanged = this.now();
  }

  private logEvent(eventType: string, target: FakeOktaUser): void {
    this.events.push({
      uuid: randomUUID(),
      published: this.now(),
      eventType,
      version: '0',
      severity: 'INFO',
      displayMessage: eventType,
      actor: { id: this.app.clientId, type: 'PublicClientApp', alternateId: this.app.clientId, displayName: 'Quell' },
      client: { ipAddress: '198.51.100.10', geographicalContext: { country: 'Netherlands' } },
      outcome: { result: 'SUCCESS', reason: null },
      target: [{ id: target.id, type: 'User', alternateId: target.login, displayName: `${target.firstName} ${target.lastName}` }],
    });
  }

  private api(method: string, url: URL, send: Send): void {
    const p = url.pathname;
    let m: RegExpExecArray | null;
    const notFound = (ref: string) => send(404, oktaError('E0000007', `Not found: Resource not found: ${decodeURIComponent(ref)} (User)`));
    const refused = (cause: string) => send(400, oktaError('E0000001', 'Api validation failed: lifecycle', [cause]));
    if (method === 'GET' && p === '/api/v1/users')
      return this.page(
        url,
        this.users.map((u) => this.publicUser(u)),
        send,
      );
    if (method === 'GET' && (m = /^\/api\/v1\/users\/([^/]+)$/.exec(p))) {
      const u = this.user(m[1]);
      return u ? send(200, this.publicUser(u)) : notFound(m[1]);
    }
    if (method === 'GET' && (m = /^\/api\/v1\/users\/([^/]+)\/groups$/.exec(p))) {
      const u = this.user(m[1]);
      if (!u) return notFound(m[1]);
      const groups = ['Everyone', ...(u.groups ?? [])].map((name, i) => ({
        id: `00g${String(i).padStart(3, '0')}${u.id.slice(-8)}`,
        type: i === 0 ? 'BUILT_IN' : 'OKTA_GROUP',
        profile: { name, description: null },
      }));
      return this.page(url, groups, send);
    }
    if (method === 'GET' && (m = /^\/api\/v1\/users\/([^/]+)\/roles$/.exec(p))) {
      const u = this.users.find((x) => x.id === decodeURIComponent(m![1]));
      if (!u) return notFound(m[1]);
      return send(
        200,
        (u.roles ?? []).map((r, i) => ({
          id: `ra1${i}${u.id.slice(-8)}`,
          label: r.label,
          type: r.type,
          status: 'ACTIVE',
          created: '2024-01-02T10:00:00.000Z',
          lastUpdated: '2024-01-02T10:00:00.000Z',
          assignmentType: 'USER',
        })),
      );
    }
    if (
      method === 'POST' &&
      (m = /^\/api\/v1\/users\/([^/]+)\/lifecycle\/(suspend|unsuspend|expire_password_with_temp_password)$/.exec(p))
    ) {
      const u = this.user(m[1]);
      if (!u) return notFound(m[1]);
      if (m[2] === 'suspend') {
        if (u.status !== 'ACTIVE') return refused('Cannot suspend a user that is not active');
        this.setStatus(u, 'SUSPENDED');
        this.counts.suspensions++;
        return send(200, {});
      }
      if (m[2] === 'unsuspend') {
        if (u.status !== 'SUSPENDED') return refused('Cannot unsuspend a user that is not suspended');
        this.setStatus(u, 'ACTIVE');
        this.counts.unsuspensions++;
        return send(200, {});
      }
      if (['SUSPENDED', 'DEPROVISIONED', 'STAGED', 'PROVISIONED'].includes(u.status))
        return refused('Cannot expire the password of a user that is not active');
      u.tempPassword = randomBytes(6).toString('base64url');
      u.passwordChanged = this.now();
      this.setStatus(u, 'PASSWORD_EXPIRED');
      this.counts.passwordExpiries++;
      this.logEvent('user.account.expire_password', u);
      if (url.searchParams.get('revokeSessions') === 'true') this.logEvent('user.session.clear', u);
      return send(200, { tempPassword: u.tempPassword });
    }
    if (method === 'DELETE' && (m = /^\/api\/v1\/users\/([^/]+)\/sessions$/.exec(p))) {
      // The sessions endpoint takes the user's id only.
      const u = this.users.find((x) => x.id === decodeURIComponent(m![1]));
      if (!u) return notFound(m[1]);
      this.counts.sessionClears++;
      this.logEvent('user.session.clear', u);
      return send(204);
    }
    if (method === 'GET' && p === '/api/v1/logs') return this.logs(url, send);
    send(404, oktaError('E0000022', 'The endpoint does not support the provided HTTP method'));
  }

  /** The System Log: the filter forms Okta documents (eq clauses joined by and), bounded or polling, Link paging. */
  private logs(url: URL, send: Send): void {
    const filter = url.searchParams.get('filter');
    const clauses: [string, string][] = [];
    for (const clause of filter ? filter.split(' and ') : []) {
      const c = /^(eventType|actor\.id|actor\.alternateId|target\.id|outcome\.result) eq "((?:[^"\\]|\\.)*)"$/.exec(clause.trim());
      if (!c) return send(400, oktaError('E0000001', 'Api validation failed: filter', [`Invalid filter expression: ${clause}`]));
      clauses.push([c[1], c[2].replace(/\\(.)/g, '$1')]);
    }
    const parse = (name: string, fallback: number) => {
      const v = url.searchParams.get(name);
      return v === null ? fallback : Date.parse(v);
    };
    const until = parse('until', Date.now());
    const since = parse('since', until - 7 * 24 * 3600_000);
    if (Number.isNaN(since) || Number.isNaN(until))
      return send(400, oktaError('E0000001', 'Api validation failed: since', ['since: The date format in your query is not recognized.']));
    const signinEvents = this.signins.map((s) => ({
      uuid: `${s.published}-${s.login}-${s.ipAddress}`,
      published: s.published,
      eventType: 'user.session.start',
      version: '0',
      severity: 'INFO',
      displayMessage: 'User login to Okta',
      actor: { id: s.userId ?? 'unknown', type: 'User', alternateId: s.login, displayName: s.login },
      client: { ipAddress: s.ipAddress, geographicalContext: { city: null, state: null, country: s.country, postalCode: null } },
      outcome: { result: s.result, reason: s.result === 'FAILURE' ? 'INVALID_CREDENTIALS' : null },
      target: null,
    }));
    const get = (e: Record<string, unknown>, path: string): unknown[] => {
      const [head, tail] = path.split('.');
      const v = e[head];
      if (!tail) return [v];
      const list = Array.isArray(v) ? v : [v];
      return list.map((x) => (x as Record<string, unknown> | null)?.[tail]);
    };
    const descending = url.searchParams.get('sortOrder') === 'DESCENDING';
    const rows = [...signinEvents, ...this.events]
      .filter((e) => {
        const at = Date.parse(e.published as string);
        return at >= since && at <= until && clauses.every(([path, value]) => get(e, path).includes(value));
      })
      .sort((a, b) => (a.published as string).localeCompare(b.published as string) * (descending ? -1 : 1));
    const polling = !url.searchParams.has('until') && !descending;
    this.page(url, rows, send, polling);
  }
}

function oktaError(errorCode: string, errorSummary: string, causes: string[] = []) {
  return {
    errorCode,
    errorSummary,
    errorLink: errorCode,
    errorId: `oae${randomBytes(11).toString('base64url')}`,
    errorCauses: causes.map((c) => ({ errorSummary: c })),
  };
}

/** The public half of a PEM or JWK private key, as an Okta admin registers it. */
export function publicKeyOf(privateKey: string): KeyObject {
  return privateKey.trim().startsWith('{') ? createPublicKey({ key: JSON.parse(privateKey), format: 'jwk' }) : createPublicKey(privateKey);
}
