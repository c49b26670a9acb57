import { randomUUID } from 'node:crypto';
import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from 'node:http';
import { type FakeCredentials, issueToken, serveFake, tokenRefusal } from './fake-microsoft.js';

/**
 * A local stand-in for Entra ID's token endpoint and the Microsoft Graph v1.0 endpoints the entra
 * connector uses, following the documented shapes: OData envelopes with `@odata.nextLink` paging,
 * errors as `{ error: { code, message, innerError } }`, tokens that expire (401), and faults on demand
 * (429 with Retry-After, 5xx, 403, a response lost after the effect). It counts every effect, so a
 * test can prove nothing ran twice.
 */
export interface FakeGraphUser {
  id: string;
  userPrincipalName: string;
  displayName: string;
  accountEnabled: boolean;
  lastPasswordChangeDateTime: string | null;
  signInSessionsValidFromDateTime: string | null;
  /** Not part of Graph's answer: the password, and memberships. */
  password?: string;
  forceChangePasswordNextSignIn?: boolean;
  groups?: string[];
  roles?: string[];
  riskLevel?: 'none' | 'low' | 'medium' | 'high' | 'hidden';
  riskState?: 'none' | 'confirmedSafe' | 'remediated' | 'dismissed' | 'atRisk' | 'confirmedCompromised';
}

export interface FakeSignIn {
  userPrincipalName: string;
  createdDateTime: string;
  ipAddress: string;
  countryOrRegion: string | null;
  errorCode: number;
}

export interface GraphFault {
  /** `METHOD /path` it applies to; all API requests when absent. */
  match?: RegExp;
  status?: number;
  retryAfter?: string;
  /** Act on the request, then drop the connection: the caller never learns it was accepted. */
  dropAfterEffect?: boolean;
  /** Act on the request, then answer only once this settles (a caller killed meanwhile never hears). */
  holdAfterEffect?: Promise<void>;
  /** Echo the request body in the error message (a product that says too much). */
  echoBody?: boolean;
}

export class FakeGraph {
  url = '';
  readonly scope: string = 'https://graph.microsoft.com/.default';
  users: FakeGraphUser[] = [];
  /** Groups' own memberships: parent groups, and directory roles assigned to a role-assignable group. */
  groupMemberships: Record<string, { parents?: string[]; roles?: string[] }> = {};
  signins: FakeSignIn[] = [];
  tokenLifetimeSeconds = 3600;
  /** Items per page for collections (memberOf, signIns). */
  pageSize = 2;
  /** Paths refused with 403 Authorization_RequestDenied (a missing permission). */
  denied: RegExp[] = [];
  readonly requests: { method: string; path: string; body?: unknown }[] = [];
  readonly counts = { tokenRequests: 0, unauthorized: 0, accountChanges: 0, passwordResets: 0, revocations: 0, riskChanges: 0 };
  private readonly tokens = new Map<string, number>();
  private faults: GraphFault[] = [];
  private clock = Date.parse('2026-01-10T08:00:00Z');

  constructor(readonly credentials: FakeCredentials) {}

  static async start<T extends FakeGraph>(this: new (credentials: FakeCredentials) => T, credentials: FakeCredentials): Promise<T> {
    const fake = new this(credentials);
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
    this.requests.length = 0;
    this.tokenLifetimeSeconds = 3600;
    this.pageSize = 2;
    for (const k of Object.keys(this.counts) as (keyof FakeGraph['counts'])[]) this.counts[k] = 0;
  }

  revokeTokens(): void {
    this.tokens.clear();
  }

  inject(...faults: GraphFault[]): void {
    this.faults.push(...faults);
  }

  /** Graph's clock: every effect stamps a later time, so watermarks always move. */
  private now(): string {
    this.clock += 1000;
    return new Date(this.clock).toISOString();
  }

  private handle(req: IncomingMessage, res: ServerResponse, data: string): void {
    const url = new URL(req.url!, this.url);
    const method = req.method!;
    const send = (status: number, body?: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' }), ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    if (method === 'POST' && url.pathname === `/${this.credentials.tenantId}/oauth2/v2.0/token`)
      return this.token(new URLSearchParams(data), send);
    let body: unknown;
    try {
      body = data ? JSON.parse(data) : undefined;
    } catch {
      return send(400, graphError('BadRequest', 'Unable to read JSON request payload.'));
    }
    this.requests.push({ method, path: `${url.pathname}${url.search}`, body });
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expires = auth ? this.tokens.get(auth) : undefined;
    if (!expires || expires <= Date.now()) {
      this.counts.unauthorized++;
      return send(401, graphError('InvalidAuthenticationToken', 'Access token has expired or is not yet valid.'));
    }
    if (this.denied.some((d) => d.test(`${method} ${url.pathname}`)))
      return send(403, graphError('Authorization_RequestDenied', 'Insufficient privileges to complete the operation.'));
    const fault = this.faults.find((f) => !f.match || f.match.test(`${method} ${url.pathname}`));
    if (fault) {
      this.faults.splice(this.faults.indexOf(fault), 1);
      if (fault.dropAfterEffect) return this.api(method, url, body, () => res.socket?.destroy(), req.headers);
      const held = fault.holdAfterEffect;
      if (held)
        return this.api(
          method,
          url,
          body,
          (status, answer, headers) => void held.then(() => !res.destroyed && send(status, answer, headers)),
          req.headers,
        );
      const status = fault.status ?? 503;
      const message = fault.echoBody ? `Request rejected: ${data}` : 'Injected failure';
      return send(
        status,
        graphError(status === 429 ? 'TooManyRequests' : status >= 500 ? 'ServiceUnavailable' : 'BadRequest', message),
        fault.retryAfter ? { 'retry-after': fault.retryAfter } : {},
      );
    }
    this.api(method, url, body, send, req.headers);
  }

  private token(form: URLSearchParams, send: (status: number, body?: unknown) => void): void {
    this.counts.tokenRequests++;
    const refusal = tokenRefusal(form, this.credentials, this.scope);
    if (refusal) return send(refusal.status, refusal.body);
    const { token, body } = issueToken(this.tokenLifetimeSeconds);
    this.tokens.set(token, Date.now() + this.tokenLifetimeSeconds * 1000);
    send(200, body);
  }

  private user(ref: string): FakeGraphUser | undefined {
    const key = decodeURIComponent(ref).toLowerCase();
    return this.users.find((u) => u.id === key || u.userPrincipalName.toLowerCase() === key);
  }

  /** One page of a collection; the nextLink carries a $skiptoken, as Graph's do. */
  protected page<T>(url: URL, context: string, items: T[]) {
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    const value = items.slice(skip, skip + this.pageSize);
    const next = new URL(url.toString());
    next.searchParams.set('$skiptoken', String(skip + this.pageSize));
    return {
      '@odata.context': `${this.url}/v1.0/$metadata#${context}`,
      value,
      ...(skip + this.pageSize < items.length ? { '@odata.nextLink': next.toString() } : {}),
    };
  }

  /** The Graph endpoints; a fake of more of Graph extends this and hands on what it does not serve. */
  protected api(
    method: string,
    url: URL,
    body: unknown,
    send: (status: number, body?: unknown, headers?: Record<string, string>) => void,
    _headers: IncomingHttpHeaders = {},
  ) {
    const p = url.pathname;
    const b = (body ?? {}) as Record<string, unknown>;
    let m: RegExpExecArray | null;
    const notFound = (ref: string) =>
      send(
        404,
        graphError(
          'Request_ResourceNotFound',
          `Resource '${decodeURIComponent(ref)}' does not exist or one of its queried reference-property objects are not present.`,
        ),
      );
    if (method === 'GET' && p === '/v1.0/users') return send(200, this.page(url, 'users', this.users.map(publicUser)));
    if ((m = /^\/v1\.0\/users\/([^/]+)$/.exec(p))) {
      const u = this.user(m[1]);
      if (!u) return notFound(m[1]);
      if (method === 'GET') {
        const select = url.searchParams.get('$select')?.split(',');
        const full = publicUser(u) as Record<string, unknown>;
        return send(200, select ? Object.fromEntries(Object.entries(full).filter(([k]) => select.includes(k) || k === 'id')) : full);
      }
      if (method === 'PATCH') {
        if (typeof b.accountEnabled === 'boolean') {
          if (u.accountEnabled !== b.accountEnabled) this.counts.accountChanges++;
          u.accountEnabled = b.accountEnabled;
        }
        const profile = b.passwordProfile as { password?: string; forceChangePasswordNextSignIn?: boolean } | undefined;
        if (profile) {
          if (typeof profile.password !== 'string' || profile.password.length < 8)
            return send(
              400,
              graphError('Request_BadRequest', 'The specified password does not comply with password complexity requirements.'),
            );
          u.password = profile.password;
          u.forceChangePasswordNextSignIn = profile.forceChangePasswordNextSignIn;
          u.lastPasswordChangeDateTime = this.now();
          this.counts.passwordResets++;
        }
        return send(204);
      }
    }
    if (method === 'POST' && (m = /^\/v1\.0\/users\/([^/]+)\/revokeSignInSessions$/.exec(p))) {
      const u = this.user(m[1]);
      if (!u) return notFound(m[1]);
      u.signInSessionsValidFromDateTime = this.now();
      this.counts.revocations++;
      return send(200, { '@odata.context': `${this.url}/v1.0/$metadata#Edm.Boolean`, value: true });
    }
    if (method === 'GET' && (m = /^\/v1\.0\/users\/([^/]+)\/(memberOf|transitiveMemberOf)$/.exec(p))) {
      const u = this.user(m[1]);
      if (!u) return notFound(m[1]);
      // Direct memberships, or (transitive) also those of the groups, nested to any depth, and the roles they hold.
      const groups = new Set(u.groups ?? []);
      const roles = new Set(u.roles ?? []);
      if (m[2] === 'transitiveMemberOf') {
        for (const g of groups) {
          for (const parent of this.groupMemberships[g]?.parents ?? []) groups.add(parent);
          for (const role of this.groupMemberships[g]?.roles ?? []) roles.add(role);
        }
      }
      const objects = [
        ...[...groups].map((g) => ({ '@odata.type': '#microsoft.graph.group', id: randomUUID(), displayName: g })),
        ...[...roles].map((r) => ({ '@odata.type': '#microsoft.graph.directoryRole', id: randomUUID(), displayName: r })),
      ];
      return send(200, this.page(url, 'directoryObjects', objects));
    }
    if (method === 'GET' && (m = /^\/v1\.0\/identityProtection\/riskyUsers\/([^/]+)$/.exec(p))) {
      const u = this.user(m[1]);
      if (!u || !u.riskState || u.riskState === 'none') return notFound(m[1]);
      return send(200, {
        '@odata.context': `${this.url}/v1.0/$metadata#identityProtection/riskyUsers/$entity`,
        id: u.id,
        userPrincipalName: u.userPrincipalName,
        riskLevel: u.riskLevel ?? 'none',
        riskState: u.riskState,
        riskLastUpdatedDateTime: new Date(this.clock).toISOString(),
      });
    }
    if (method === 'POST' && (m = /^\/v1\.0\/identityProtection\/riskyUsers\/(confirmCompromised|dismiss)$/.exec(p))) {
      const ids = b.userIds;
      if (!Array.isArray(ids) || !ids.length) return send(400, graphError('BadRequest', 'userIds is required'));
      for (const id of ids) {
        const u = this.user(String(id));
        if (!u) continue;
        const [state, level] =
          m[1] === 'confirmCompromised' ? (['confirmedCompromised', 'high'] as const) : (['dismissed', 'none'] as const);
        if (u.riskState !== state) this.counts.riskChanges++;
        u.riskState = state;
        u.riskLevel = level;
      }
      return send(204);
    }
    if (method === 'GET' && p === '/v1.0/auditLogs/signIns') {
      const f = url.searchParams.get('$filter') ?? '';
      const hit = /^userPrincipalName eq '((?:[^']|'')*)' and createdDateTime ge (\S+)$/.exec(f);
      if (!hit) return send(400, graphError('BadRequest', `Invalid filter clause: ${f}`));
      const [upn, since] = [hit[1].replace(/''/g, "'").toLowerCase(), Date.parse(hit[2])];
      const rows = this.signins
        .filter((s) => s.userPrincipalName.toLowerCase() === upn && Date.parse(s.createdDateTime) >= since)
        .sort((a, b2) => b2.createdDateTime.localeCompare(a.createdDateTime))
        .map((s) => ({
          id: randomUUID(),
          createdDateTime: s.createdDateTime,
          userPrincipalName: s.userPrincipalName,
          ipAddress: s.ipAddress,
          location: { city: null, state: null, countryOrRegion: s.countryOrRegion },
          status: { errorCode: s.errorCode, failureReason: s.errorCode === 0 ? 'Other.' : 'Invalid username or password.' },
        }));
      return send(200, this.page(url, 'auditLogs/signIns', rows));
    }
    send(400, graphError('BadRequest', `Resource not found for the segment '${p.split('/').pop()}'.`));
  }
}

export function graphError(code: string, message: string) {
  return {
    error: { code, message, innerError: { date: new Date().toISOString(), 'request-id': randomUUID(), 'client-request-id': randomUUID() } },
  };
}

function publicUser(u: FakeGraphUser) {
  return {
    id: u.id,
    userPrincipalName: u.userPrincipalName,
    displayName: u.displayName,
    accountEnabled: u.accountEnabled,
    lastPasswordChangeDateTime: u.lastPasswordChangeDateTime,
    signInSessionsValidFromDateTime: u.signInSessionsValidFromDateTime,
  };
}
