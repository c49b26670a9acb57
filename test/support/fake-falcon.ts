import { randomBytes, randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { serveFake } from './fake-microsoft.js';

/**
 * A local stand-in for the CrowdStrike Falcon API, following its documented requests and answers:
 * client-credential tokens from POST /oauth2/token (201, `expires_in`) that expire into 401s, the
 * `{ meta, resources, errors }` envelope on every answer, API scopes (403 for one the client lacks),
 * hosts found by FQL, a containment state machine (normal → containment_pending → contained, and back
 * through lift_containment_pending) that the sensor confirms after some reads of the host, a 409 for
 * a host already in (or on its way to) the requested state, custom IOCs (one per type and value), and
 * faults on demand (429 with X-RateLimit-RetryAfter, 5xx, an answer lost after the effect). It counts
 * every effect, so a test can prove nothing ran twice.
 *
 * It parses only the FQL Quell generates (`hostname:'…'`, `type:'…'+value:'…'`) and refuses anything else.
 */
export interface FalconCredentials {
  clientId: string;
  clientSecret: string;
}

export type ContainmentStatus = 'normal' | 'containment_pending' | 'contained' | 'lift_containment_pending';

/** A host as GET /devices/entities/devices/v2 returns it (the fields that matter here). */
export interface FakeHost {
  device_id: string;
  hostname: string;
  platform_name?: 'Windows' | 'Mac' | 'Linux';
  os_version?: string;
  agent_version?: string;
  status?: ContainmentStatus;
  groups?: string[];
  first_seen?: string;
  last_seen: string;
  local_ip?: string;
  external_ip?: string;
  mac_address?: string;
  machine_domain?: string;
  last_login_user?: string;
  reduced_functionality_mode?: 'yes' | 'no';
  /** Not part of Falcon's answer: reads of the host while a change is pending, and whether its sensor is online to confirm it. */
  pendingReads?: number;
  offline?: boolean;
}

export interface FakeHostGroup {
  id: string;
  name: string;
  group_type: 'static' | 'dynamic';
  description?: string;
}

export interface FakeIoc {
  id: string;
  type: string;
  value: string;
  action: string;
  severity: string;
  description: string;
  source?: string;
  platforms: string[];
  applied_globally: boolean;
  host_groups?: string[];
  tags?: string[];
  expired: boolean;
  deleted: boolean;
  created_by: string;
  created_on: string;
  modified_by: string;
  modified_on: string;
}

export interface FalconFault {
  /** Which API requests it applies to (method and path, e.g. `POST /devices/entities/devices-actions/v2`); all when absent. */
  match?: RegExp;
  status?: number;
  /** For a 429: the epoch second X-RateLimit-RetryAfter names. */
  retryAfterEpoch?: number;
  /** Act on the request, then drop the connection: the caller never learns it was accepted. */
  dropAfterEffect?: boolean;
  /** Act on the request, then answer only once this settles (a caller killed meanwhile never hears). */
  holdAfterEffect?: Promise<void>;
  /** Put the caller's Authorization header in the error message (a product that echoes too much). */
  echoAuthorization?: boolean;
  /** Change the estate just before the request is handled as usual (someone else acting in between). */
  before?: () => void;
}

export const ALL_SCOPES = ['devices:read', 'devices:write', 'host-group:read', 'ioc:read', 'ioc:write'] as const;
export type FalconScope = (typeof ALL_SCOPES)[number];

const IOC_TYPES: Record<string, RegExp> = {
  sha256: /^[0-9a-f]{64}$/,
  md5: /^[0-9a-f]{32}$/,
  domain: /^[a-z0-9_.-]+$/,
  ipv4: /^\d{1,3}(\.\d{1,3}){3}$/,
  ipv6: /^[0-9a-f:]+$/,
};
const IOC_ACTIONS = ['no_action', 'allow', 'prevent_no_ui', 'detect', 'prevent'];
const IOC_SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'];
const IOC_PLATFORMS = ['windows', 'mac', 'linux', 'ios', 'android'];

type Send = (status: number, body?: unknown, headers?: Record<string, string>) => void;

export class FakeFalcon {
  url = '';
  hosts: FakeHost[] = [];
  groups: FakeHostGroup[] = [];
  iocs: FakeIoc[] = [];
  /** Hosts that ran a hash, by `type:value` (GET /iocs/queries/indicators/devices/v1). */
  ranOn = new Map<string, string[]>();
  /** The API scopes of the API client. */
  scopes = new Set<FalconScope>(ALL_SCOPES);
  /** Seconds a new token lives (Falcon: 1799). */
  tokenLifetimeSeconds = 1799;
  /** Reads of a host with a pending change after which its (online) sensor has confirmed it. */
  readsToConfirm = 2;
  readonly issuedTokens: string[] = [];
  readonly requests: { method: string; path: string; body?: unknown }[] = [];
  readonly counts = { tokenRequests: 0, unauthorized: 0, containRequests: 0, liftRequests: 0, iocsCreated: 0, iocsDeleted: 0 };
  private readonly tokens = new Map<string, number>();
  private faults: FalconFault[] = [];

  constructor(readonly credentials: FalconCredentials) {}

  static async start(credentials: FalconCredentials): Promise<FakeFalcon> {
    const fake = new FakeFalcon(credentials);
    const served = await serveFake((req, res, data) => fake.handle(req, res, data));
    fake.url = served.url;
    fake.close = served.close;
    return fake;
  }

  close: () => Promise<void> = () => Promise.resolve();

  reset(): void {
    this.hosts = [];
    this.groups = [];
    this.iocs = [];
    this.ranOn.clear();
    this.scopes = new Set(ALL_SCOPES);
    this.faults = [];
    this.requests.length = 0;
    this.tokenLifetimeSeconds = 1799;
    this.readsToConfirm = 2;
    for (const k of Object.keys(this.counts) as (keyof FakeFalcon['counts'])[]) this.counts[k] = 0;
  }

  /** Every token issued so far stops working (as if revoked, or expired early). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  inject(...faults: FalconFault[]): void {
    this.faults.push(...faults);
  }

  host(id: string): FakeHost | undefined {
    return this.hosts.find((h) => h.device_id === id);
  }

  private handle(req: IncomingMessage, res: ServerResponse, data: string): void {
    const url = new URL(req.url!, this.url);
    const method = req.method!;
    const send: Send = (status, body, headers = {}) => {
      res.writeHead(status, { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers });
      res.end(body === undefined ? undefined : JSON.stringify(body));
    };
    const fault = this.faults.find((f) => !f.match || f.match.test(`${method} ${url.pathname}`));
    if (method === 'POST' && url.pathname === '/oauth2/token') {
      if (fault?.status === 429) {
        this.faults.splice(this.faults.indexOf(fault), 1);
        return send(429, envelope([], [{ code: 429, message: 'API rate limit exceeded.' }]), rateLimited(fault));
      }
      return this.token(req, new URLSearchParams(data), send);
    }

    let body: unknown;
    try {
      body = data ? JSON.parse(data) : undefined;
    } catch {
      return send(400, envelope([], [{ code: 400, message: 'Invalid JSON in request body' }]));
    }
    this.requests.push({ method, path: `${url.pathname}${url.search}`, body });
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expires = auth ? this.tokens.get(auth) : undefined;
    if (!expires || expires <= Date.now()) {
      this.counts.unauthorized++;
      return send(401, envelope([], [{ code: 401, message: 'access denied, invalid bearer token' }]));
    }
    if (fault) {
      this.faults.splice(this.faults.indexOf(fault), 1);
      if (fault.before) {
        fault.before();
        return this.api(method, url, body, send);
      }
      if (fault.dropAfterEffect) {
        this.api(method, url, body, () => res.socket?.destroy());
        return;
      }
      const held = fault.holdAfterEffect;
      if (held) {
        this.api(method, url, body, (status, answer, headers) => void held.then(() => !res.destroyed && send(status, answer, headers)));
        return;
      }
      const status = fault.status ?? 503;
      const message = fault.echoAuthorization
        ? `Rejected request with Authorization: ${req.headers.authorization}`
        : status === 429
          ? 'API rate limit exceeded.'
          : 'Injected failure';
      return send(status, envelope([], [{ code: status, message }]), status === 429 ? rateLimited(fault) : {});
    }
    this.api(method, url, body, send);
  }

  /** Falcon takes client_id and client_secret in the form body and answers 201 Created. */
  private token(req: IncomingMessage, form: URLSearchParams, send: Send): void {
    this.counts.tokenRequests++;
    let id = form.get('client_id');
    let secret = form.get('client_secret');
    const basic = /^Basic (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (basic) [id, secret] = Buffer.from(basic, 'base64').toString().split(':').map(decodeURIComponent);
    if (id !== this.credentials.clientId || secret !== this.credentials.clientSecret)
      return send(401, envelope([], [{ code: 401, message: 'access denied, invalid client' }]));
    const token = randomBytes(96).toString('base64url');
    this.tokens.set(token, Date.now() + this.tokenLifetimeSeconds * 1000);
    this.issuedTokens.push(token);
    send(201, { access_token: token, token_type: 'bearer', expires_in: this.tokenLifetimeSeconds });
  }

  private api(method: string, url: URL, body: unknown, send: Send): void {
    const p = url.pathname;
    const q = url.searchParams;
    const route = ROUTES.find((r) => r.method === method && r.path === p);
    if (!route) return send(404, envelope([], [{ code: 404, message: `no route for ${method} ${p}` }]));
    if (!this.scopes.has(route.scope)) return send(403, envelope([], [{ code: 403, message: 'access denied, authorization failed' }]));
    const ok = (resources: unknown[], status = 200, pagination?: object) => send(status, envelope(resources, [], pagination));
    const bad = (message: string, status = 400) => send(status, envelope([], [{ code: status, message }]));
    const limit = Number(q.get('limit') ?? 100);
    if (!Number.isInteger(limit) || limit < 1 || limit > 5000) return bad('limit must be between 1 and 5000');

    if (route.name === 'QueryDevicesByFilter') {
      const filter = q.get('filter');
      let match: (h: FakeHost) => boolean = () => true;
      if (filter !== null) {
        const m = /^hostname:'((?:[^'\\]|\\.)*)'$/.exec(filter);
        if (!m) return bad(`Invalid filter: ${filter}`);
        // Falcon matches host names without regard to case, and partially.
        const name = unescapeFql(m[1]).toLowerCase();
        match = (h) => h.hostname.toLowerCase().startsWith(name);
      }
      const ids = this.hosts.filter(match).map((h) => h.device_id);
      return ok(ids.slice(0, limit), 200, { offset: 0, limit, total: ids.length });
    }
    if (route.name === 'GetDeviceDetailsV2') {
      const ids = q.getAll('ids');
      if (!ids.length) return bad('ids is required');
      if (ids.length > 100) return bad('at most 100 ids');
      const found = ids.map((id) => this.hosts.find((h) => h.device_id === id)).filter((h): h is FakeHost => Boolean(h));
      for (const h of found) this.read(h);
      const missing = ids.filter((id) => !found.some((h) => h.device_id === id));
      const errors = missing.map((id) => ({ code: 404, message: `Device ${id} not found` }));
      return send(found.length ? 200 : 404, envelope(found.map(publicHost), errors));
    }
    if (route.name === 'PerformActionV2') {
      const action = q.get('action_name');
      if (action !== 'contain' && action !== 'lift_containment') return bad(`invalid action_name: ${action}`);
      const ids = (body as { ids?: unknown } | undefined)?.ids;
      if (!Array.isArray(ids) || !ids.length || ids.some((i) => typeof i !== 'string')) return bad('ids is required');
      const resources: { id: string; path: string }[] = [];
      const errors: { code: number; message: string }[] = [];
      for (const id of ids as string[]) {
        const h = this.hosts.find((x) => x.device_id === id);
        if (!h) {
          errors.push({ code: 404, message: `Device ${id} not found` });
          continue;
        }
        const status = h.status ?? 'normal';
        const [into, target] =
          action === 'contain' ? (['containment_pending', 'contained'] as const) : (['lift_containment_pending', 'normal'] as const);
        if (status === into || status === target) {
          errors.push({ code: 409, message: `Device ${id} is already ${status}` });
          continue;
        }
        h.status = into;
        h.pendingReads = 0;
        if (action === 'contain') this.counts.containRequests++;
        else this.counts.liftRequests++;
        resources.push({ id, path: '' });
      }
      const status = errors.length ? Math.max(...errors.map((e) => e.code)) : 202;
      return send(resources.length && !errors.length ? 202 : status, envelope(resources, errors));
    }
    if (route.name === 'QueryHostGroups')
      return ok(this.groups.map((g) => g.id).slice(0, limit), 200, { offset: 0, limit, total: this.groups.length });
    if (route.name === 'GetHostGroups') {
      const ids = q.getAll('ids');
      if (!ids.length) return bad('ids is required');
      const found = this.groups.filter((g) => ids.includes(g.id));
      return send(
        found.length ? 200 : 404,
        envelope(
          found,
          ids.filter((id) => !found.some((g) => g.id === id)).map((id) => ({ code: 404, message: `Host group ${id} not found` })),
        ),
      );
    }
    if (route.name === 'indicator_combined_v1' || route.name === 'indicator_search_v1') {
      const filter = q.get('filter');
      let match: (i: FakeIoc) => boolean = () => true;
      if (filter !== null) {
        const m = /^type:'((?:[^'\\]|\\.)*)'\+value:'((?:[^'\\]|\\.)*)'$/.exec(filter);
        if (!m) return bad(`Invalid filter: ${filter}`);
        const [type, value] = [unescapeFql(m[1]), unescapeFql(m[2]).toLowerCase()];
        match = (i) => i.type === type && i.value === value;
      }
      const list = this.iocs.filter((i) => !i.deleted && match(i));
      const page = list.slice(0, limit);
      return ok(route.name === 'indicator_combined_v1' ? page : page.map((i) => i.id), 200, { offset: 0, limit, total: list.length });
    }
    if (route.name === 'indicator_create_v1') {
      const b = (body ?? {}) as { comment?: unknown; indicators?: unknown };
      if (!Array.isArray(b.indicators) || !b.indicators.length) return bad('indicators is required');
      const created: FakeIoc[] = [];
      const errors: { code: number; message: string }[] = [];
      for (const raw of b.indicators as Record<string, unknown>[]) {
        const type = String(raw.type ?? '');
        const value = String(raw.value ?? '').toLowerCase();
        if (!IOC_TYPES[type]) errors.push({ code: 400, message: `Invalid type: '${type}'` });
        else if (!IOC_TYPES[type].test(value)) errors.push({ code: 400, message: `Invalid value for type ${type}` });
        else if (!IOC_ACTIONS.includes(String(raw.action))) errors.push({ code: 400, message: `Invalid action: '${String(raw.action)}'` });
        else if (raw.severity !== undefined && !IOC_SEVERITIES.includes(String(raw.severity)))
          errors.push({ code: 400, message: 'Invalid severity' });
        else if (!Array.isArray(raw.platforms) || !raw.platforms.length || raw.platforms.some((x) => !IOC_PLATFORMS.includes(String(x))))
          errors.push({ code: 400, message: 'platforms is required' });
        else if (typeof raw.applied_globally !== 'boolean' && !Array.isArray(raw.host_groups))
          errors.push({ code: 400, message: 'applied_globally or host_groups is required' });
        else if (this.iocs.some((i) => !i.deleted && i.type === type && i.value === value))
          errors.push({ code: 400, message: `Duplicate type: '${type}' and value: '${value}' combination.` });
        else {
          const now = new Date().toISOString();
          const ioc: FakeIoc = {
            id: randomBytes(32).toString('hex'),
            type,
            value,
            action: String(raw.action),
            severity: String(raw.severity ?? 'informational'),
            description: String(raw.description ?? ''),
            source: raw.source === undefined ? undefined : String(raw.source),
            platforms: (raw.platforms as string[]).map(String),
            applied_globally: raw.applied_globally === true,
            host_groups: raw.host_groups as string[] | undefined,
            expired: false,
            deleted: false,
            created_by: this.credentials.clientId,
            created_on: now,
            modified_by: this.credentials.clientId,
            modified_on: now,
          };
          created.push(ioc);
        }
      }
      if (errors.length) return send(400, envelope([], errors));
      this.iocs.push(...created);
      this.counts.iocsCreated += created.length;
      return ok(created, 201);
    }
    if (route.name === 'indicator_delete_v1') {
      const ids = q.getAll('ids');
      if (!ids.length) return bad('ids or filter is required');
      const found = this.iocs.filter((i) => !i.deleted && ids.includes(i.id));
      if (!found.length) return bad('Indicators not found', 404);
      for (const i of found) {
        i.deleted = true;
        this.counts.iocsDeleted++;
      }
      return ok([]);
    }
    if (route.name === 'indicator_get_devices_ran_on_v1') {
      const type = q.get('type');
      const value = (q.get('value') ?? '').toLowerCase();
      if (!type || !IOC_TYPES[type] || !value) return bad('type and value are required');
      const ids = this.ranOn.get(`${type}:${value}`) ?? [];
      if (!ids.length) return bad('No devices found', 404);
      return ok(ids.slice(0, limit), 200, { offset: 0, limit, total: ids.length });
    }
    send(404, envelope([], [{ code: 404, message: `no route for ${method} ${p}` }]));
  }

  /** A read of a host whose change is pending: its online sensor confirms after `readsToConfirm` reads. */
  private read(h: FakeHost): void {
    if (h.status !== 'containment_pending' && h.status !== 'lift_containment_pending') return;
    if (h.offline) return;
    h.pendingReads = (h.pendingReads ?? 0) + 1;
    if (h.pendingReads >= this.readsToConfirm) h.status = h.status === 'containment_pending' ? 'contained' : 'normal';
  }
}

const ROUTES: { method: string; path: string; name: string; scope: FalconScope }[] = [
  { method: 'GET', path: '/devices/queries/devices/v1', name: 'QueryDevicesByFilter', scope: 'devices:read' },
  { method: 'GET', path: '/devices/entities/devices/v2', name: 'GetDeviceDetailsV2', scope: 'devices:read' },
  { method: 'POST', path: '/devices/entities/devices-actions/v2', name: 'PerformActionV2', scope: 'devices:write' },
  { method: 'GET', path: '/devices/queries/host-groups/v1', name: 'QueryHostGroups', scope: 'host-group:read' },
  { method: 'GET', path: '/devices/entities/host-groups/v1', name: 'GetHostGroups', scope: 'host-group:read' },
  { method: 'GET', path: '/iocs/combined/indicator/v1', name: 'indicator_combined_v1', scope: 'ioc:read' },
  { method: 'GET', path: '/iocs/queries/indicators/v1', name: 'indicator_search_v1', scope: 'ioc:read' },
  { method: 'POST', path: '/iocs/entities/indicators/v1', name: 'indicator_create_v1', scope: 'ioc:write' },
  { method: 'DELETE', path: '/iocs/entities/indicators/v1', name: 'indicator_delete_v1', scope: 'ioc:write' },
  { method: 'GET', path: '/iocs/queries/indicators/devices/v1', name: 'indicator_get_devices_ran_on_v1', scope: 'ioc:read' },
];

function envelope(resources: unknown[], errors: { code: number; message: string }[], pagination?: object) {
  return {
    meta: { query_time: 0.004, powered_by: 'fake-falcon', trace_id: randomUUID(), ...(pagination ? { pagination } : {}) },
    resources,
    errors: errors.map((e) => ({ ...e, id: randomUUID() })),
  };
}

function rateLimited(fault: FalconFault): Record<string, string> {
  const at = fault.retryAfterEpoch ?? Math.ceil(Date.now() / 1000) + 1;
  return { 'x-ratelimit-limit': '6000', 'x-ratelimit-remaining': '0', 'x-ratelimit-retryafter': String(at) };
}

function unescapeFql(v: string): string {
  return v.replace(/\\(.)/g, '$1');
}

function publicHost(h: FakeHost) {
  const { pendingReads: _pendingReads, offline: _offline, ...rest } = h;
  return {
    cid: 'f'.repeat(32),
    platform_name: 'Windows',
    os_version: 'Windows 11',
    agent_version: '7.10.17706.0',
    status: 'normal',
    groups: [],
    first_seen: '2025-01-01T00:00:00Z',
    reduced_functionality_mode: 'no',
    product_type_desc: 'Workstation',
    ...rest,
  };
}
