import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { type FakeCredentials, issueToken, serveFake, tokenRefusal } from './fake-microsoft.js';

/**
 * A local stand-in for Entra ID's token endpoint and Defender for Endpoint's API, following the
 * documented requests and answers: client-credential tokens that expire, machines found by OData
 * filter, machine actions that move Pending → InProgress → Succeeded (or Failed) as they are polled,
 * `ActiveRequestAlreadyExists`, indicators, and faults on demand (429 with Retry-After, 5xx, a
 * response lost after the effect). It counts every effect, so a test can prove nothing ran twice.
 */
export interface FakeMachine {
  id: string;
  computerDnsName: string;
  aadDeviceId?: string;
  lastSeen: string;
  osPlatform?: string;
  osVersion?: string;
  healthStatus?: string;
  riskScore?: 'None' | 'Informational' | 'Low' | 'Medium' | 'High';
  exposureLevel?: 'None' | 'Low' | 'Medium' | 'High';
  rbacGroupName?: string | null;
  lastIpAddress?: string;
  ipAddresses?: { ipAddress: string; macAddress: string; type: string; operationalStatus: string }[];
  logonUsers?: FakeLogonUser[];
  isolation?: string | null;
  restricted?: boolean;
  avScans?: number;
  packages?: number;
  quarantined?: string[];
}

/** MDE's user entity as GET /api/machines/{id}/logonusers lists it. */
export interface FakeLogonUser {
  id: string;
  accountName: string;
  accountDomain: string;
  accountSid: string;
  firstSeen: string;
  lastSeen: string;
  logonTypes: string;
  isDomainAdmin: boolean;
  isOnlyNetworkUser: boolean;
}

/** MDE's file entity (GET /api/files/{sha1 or sha256}) and, outside the answer, the machines that have it. */
export interface FakeFile {
  sha1: string;
  sha256: string;
  md5?: string;
  globalPrevalence: number;
  globalFirstObserved?: string;
  globalLastObserved?: string;
  size?: number;
  fileType?: string | null;
  isPeFile?: boolean;
  filePublisher?: string | null;
  fileProductName?: string | null;
  signer?: string | null;
  issuer?: string | null;
  signerHash?: string | null;
  isValidCertificate: boolean;
  determinationType: string;
  determinationValue: string;
  machineIds: string[];
}

export interface FakeMachineAction {
  id: string;
  type: string;
  scope: string | null;
  requestor: string;
  requestorComment: string;
  status: 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'TimeOut' | 'Cancelled';
  machineId: string;
  computerDnsName: string;
  creationDateTimeUtc: string;
  lastUpdateDateTimeUtc: string;
  relatedFileInfo: { fileIdentifier: string; fileIdentifierType: string } | null;
  /** Not part of MDE's answer: how the fake moves the action along. */
  polls: number;
  outcome: 'Succeeded' | 'Failed';
}

export interface FakeIndicator {
  id: string;
  indicatorValue: string;
  indicatorType: string;
  action: string;
  title: string;
  description: string;
  severity?: string;
  generateAlert?: boolean;
  createdBy: string;
  creationTimeDateTimeUtc: string;
}

export interface Fault {
  /** Which API requests it applies to (method and path, e.g. `POST /api/machines/`); all when absent. */
  match?: RegExp;
  status?: number;
  retryAfter?: string;
  /** Act on the request, then drop the connection: the caller never learns it was accepted. */
  dropAfterEffect?: boolean;
  /** Act on the request, then answer only once this settles (a caller killed meanwhile never hears). */
  holdAfterEffect?: Promise<void>;
  /** Put the caller's Authorization header in the error message (a product that echoes too much). */
  echoAuthorization?: boolean;
}

const ENDPOINTS: Record<string, string> = {
  isolate: 'Isolate',
  unisolate: 'Unisolate',
  restrictcodeexecution: 'RestrictCodeExecution',
  unrestrictcodeexecution: 'UnrestrictCodeExecution',
  runantivirusscan: 'RunAntiVirusScan',
  collectinvestigationpackage: 'CollectInvestigationPackage',
  stopandquarantinefile: 'StopAndQuarantineFile',
};
const INDICATOR_TYPES = ['FileSha1', 'FileSha256', 'FileMd5', 'CertificateThumbprint', 'IpAddress', 'DomainName', 'Url'];
const INDICATOR_ACTIONS = ['Alert', 'Warn', 'Block', 'Audit', 'BlockAndRemediate', 'AlertAndBlock', 'Allowed'];

export class FakeMde {
  url = '';
  readonly scope = 'https://api.securitycenter.microsoft.com/.default';
  machines: FakeMachine[] = [];
  actions: FakeMachineAction[] = [];
  indicators: FakeIndicator[] = [];
  files: FakeFile[] = [];
  /** Seconds a new token lives. */
  tokenLifetimeSeconds = 3600;
  /** Polls after which an action is InProgress, and after which it ends. */
  pollsToStart = 1;
  pollsToFinish = 2;
  /** The outcome the next machine action will end with. */
  nextOutcome: 'Succeeded' | 'Failed' = 'Succeeded';
  readonly issuedTokens: string[] = [];
  readonly requests: { method: string; path: string; body?: unknown }[] = [];
  readonly counts = { tokenRequests: 0, unauthorized: 0, machineActionsCreated: 0, indicatorsSubmitted: 0, indicatorsDeleted: 0 };
  private readonly tokens = new Map<string, number>();
  private faults: Fault[] = [];
  private nextIndicatorId = 1;

  constructor(readonly credentials: FakeCredentials) {}

  static async start(credentials: FakeCredentials): Promise<FakeMde> {
    const fake = new FakeMde(credentials);
    const served = await serveFake((req, res, data) => fake.handle(req, res, data));
    fake.url = served.url;
    fake.close = served.close;
    return fake;
  }

  close: () => Promise<void> = () => Promise.resolve();

  reset(): void {
    this.machines = [];
    this.actions = [];
    this.indicators = [];
    this.files = [];
    this.faults = [];
    this.requests.length = 0;
    this.tokenLifetimeSeconds = 3600;
    this.pollsToStart = 1;
    this.pollsToFinish = 2;
    this.nextOutcome = 'Succeeded';
    for (const k of Object.keys(this.counts) as (keyof FakeMde['counts'])[]) this.counts[k] = 0;
  }

  /** Every token issued so far stops working (as if revoked, or expired early). */
  revokeTokens(): void {
    this.tokens.clear();
  }

  inject(...faults: Fault[]): void {
    this.faults.push(...faults);
  }

  /** A machine action someone else started, still pending. */
  seedAction(machine: FakeMachine, type: string, requestor = 'analyst@contoso.com'): FakeMachineAction {
    return this.createAction(machine, type, null, `isolated from the portal by ${requestor}`, requestor, null);
  }

  private createAction(
    machine: FakeMachine,
    type: string,
    scope: string | null,
    comment: string,
    requestor: string,
    file: string | null,
  ): FakeMachineAction {
    const now = new Date().toISOString();
    const action: FakeMachineAction = {
      id: randomUUID(),
      type,
      scope,
      requestor,
      requestorComment: comment,
      status: 'Pending',
      machineId: machine.id,
      computerDnsName: machine.computerDnsName,
      creationDateTimeUtc: now,
      lastUpdateDateTimeUtc: now,
      relatedFileInfo: file ? { fileIdentifier: file, fileIdentifierType: 'Sha1' } : null,
      polls: 0,
      outcome: this.nextOutcome,
    };
    this.nextOutcome = 'Succeeded';
    this.actions.push(action);
    return action;
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
      return send(400, mdeError('InvalidRequestBody', 'Request body is not valid JSON'));
    }
    this.requests.push({ method, path: `${url.pathname}${url.search}`, body });
    const auth = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const expires = auth ? this.tokens.get(auth) : undefined;
    if (!expires || expires <= Date.now()) {
      this.counts.unauthorized++;
      return send(401, mdeError('Unauthorized', 'Authorization token is missing, invalid or expired'));
    }
    const fault = this.faults.find((f) => !f.match || f.match.test(`${method} ${url.pathname}`));
    if (fault) {
      this.faults.splice(this.faults.indexOf(fault), 1);
      if (fault.dropAfterEffect) {
        this.api(method, url, body, () => res.socket?.destroy());
        return;
      }
      const held = fault.holdAfterEffect;
      if (held) {
        this.api(method, url, body, (status, answer, headers) => void held.then(() => !res.destroyed && send(status, answer, headers)));
        return;
      }
      const message = fault.echoAuthorization ? `Rejected request with Authorization: ${req.headers.authorization}` : 'Injected failure';
      return send(
        fault.status ?? 503,
        mdeError(fault.status === 429 ? 'TooManyRequests' : (fault.status ?? 503) >= 500 ? 'InternalServerError' : 'BadRequest', message),
        fault.retryAfter ? { 'retry-after': fault.retryAfter } : {},
      );
    }
    this.api(method, url, body, send);
  }

  private token(form: URLSearchParams, send: (status: number, body?: unknown) => void): void {
    this.counts.tokenRequests++;
    const refusal = tokenRefusal(form, this.credentials, this.scope);
    if (refusal) return send(refusal.status, refusal.body);
    const { token, body } = issueToken(this.tokenLifetimeSeconds);
    this.tokens.set(token, Date.now() + this.tokenLifetimeSeconds * 1000);
    this.issuedTokens.push(token);
    send(200, body);
  }

  private api(
    method: string,
    url: URL,
    body: unknown,
    send: (status: number, body?: unknown, headers?: Record<string, string>) => void,
  ): void {
    const p = url.pathname;
    const list = <T>(entity: string, items: T[]) => send(200, { '@odata.context': `${this.url}/api/$metadata#${entity}`, value: items });
    let m: RegExpExecArray | null;
    if (method === 'GET' && p === '/api/machines') {
      const match = parseFilter(url.searchParams.get('$filter'));
      if (!match) return send(400, mdeError('InvalidFilter', 'The filter is not supported'));
      const top = Number(url.searchParams.get('$top') ?? this.machines.length);
      return list(
        'Machines',
        this.machines
          .filter((x) => match(x as unknown as Record<string, unknown>))
          .slice(0, top)
          .map(publicMachine),
      );
    }
    if (method === 'GET' && (m = /^\/api\/machines\/([^/]+)$/.exec(p))) {
      const machine = this.machines.find((x) => x.id === decodeURIComponent(m![1]));
      return machine ? send(200, publicMachine(machine)) : send(404, mdeError('ResourceNotFound', `Machine ${m[1]} was not found`, m[1]));
    }
    if (method === 'GET' && (m = /^\/api\/machines\/([^/]+)\/logonusers$/.exec(p))) {
      const machine = this.machines.find((x) => x.id === decodeURIComponent(m![1]));
      if (!machine) return send(404, mdeError('ResourceNotFound', `Machine ${m[1]} was not found`, m[1]));
      return list('Users', machine.logonUsers ?? []);
    }
    if (method === 'GET' && (m = /^\/api\/files\/([^/]+)(\/machines)?$/.exec(p))) {
      const id = decodeURIComponent(m[1]).toLowerCase();
      const file = this.files.find((f) => f.sha1 === id || f.sha256 === id);
      if (!file) return send(404, mdeError('ResourceNotFound', `File ${m[1]} was not found`, m[1]));
      if (m[2]) return list('Machines', this.machines.filter((x) => file.machineIds.includes(x.id)).map(publicMachine));
      const { machineIds: _machineIds, ...entity } = file;
      return send(200, { '@odata.context': `${this.url}/api/$metadata#Files/$entity`, ...entity });
    }
    if (method === 'POST' && (m = /^\/api\/machines\/([^/]+)\/(\w+)$/.exec(p))) {
      const type = ENDPOINTS[m[2].toLowerCase()];
      const machine = this.machines.find((x) => x.id === decodeURIComponent(m![1]));
      if (!type) return send(404, mdeError('NotFound', 'No such action'));
      if (!machine) return send(404, mdeError('ResourceNotFound', `Machine ${m[1]} was not found`, m[1]));
      const b = (body ?? {}) as Record<string, unknown>;
      if (typeof b.Comment !== 'string' || !b.Comment) return send(400, mdeError('InvalidRequestBody', 'Comment is required'));
      if (type === 'Isolate' && b.IsolationType !== undefined && !['Full', 'Selective'].includes(b.IsolationType as string))
        return send(400, mdeError('InvalidRequestBody', 'Invalid IsolationType'));
      if (type === 'RunAntiVirusScan' && b.ScanType !== undefined && !['Quick', 'Full'].includes(b.ScanType as string))
        return send(400, mdeError('InvalidRequestBody', 'Invalid ScanType'));
      if (type === 'StopAndQuarantineFile' && !/^[0-9a-f]{40}$/i.test(String(b.Sha1 ?? '')))
        return send(400, mdeError('InvalidRequestBody', 'Sha1 is required'));
      const active = this.actions.find(
        (a) => a.machineId === machine.id && a.type === type && (a.status === 'Pending' || a.status === 'InProgress'),
      );
      if (active) return send(400, mdeError('ActiveRequestAlreadyExists', 'Action is already in progress', randomUUID()));
      const scope =
        type === 'Isolate'
          ? ((b.IsolationType as string) ?? 'Full')
          : type === 'RunAntiVirusScan'
            ? ((b.ScanType as string) ?? 'Quick')
            : null;
      const action = this.createAction(
        machine,
        type,
        scope,
        b.Comment,
        this.credentials.clientId,
        type === 'StopAndQuarantineFile' ? String(b.Sha1) : null,
      );
      this.counts.machineActionsCreated++;
      return send(201, publicAction(action));
    }
    if (method === 'GET' && p === '/api/machineactions') {
      const match = parseFilter(url.searchParams.get('$filter'));
      if (!match) return send(400, mdeError('InvalidFilter', 'The filter is not supported'));
      return list('MachineActions', this.actions.filter((a) => match(a as unknown as Record<string, unknown>)).map(publicAction));
    }
    if (method === 'GET' && (m = /^\/api\/machineactions\/([^/]+)$/.exec(p))) {
      const action = this.actions.find((a) => a.id === decodeURIComponent(m![1]));
      if (!action) return send(404, mdeError('ResourceNotFound', `Machine action ${m[1]} was not found`));
      this.advance(action);
      return send(200, publicAction(action));
    }
    if (method === 'GET' && p === '/api/indicators') {
      const match = parseFilter(url.searchParams.get('$filter'));
      if (!match) return send(400, mdeError('InvalidFilter', 'The filter is not supported'));
      return list(
        'Indicators',
        this.indicators.filter((i) => match(i as unknown as Record<string, unknown>)),
      );
    }
    if (method === 'POST' && p === '/api/indicators') {
      const b = (body ?? {}) as Record<string, unknown>;
      for (const f of ['indicatorValue', 'title', 'description'])
        if (typeof b[f] !== 'string' || !b[f]) return send(400, mdeError('InvalidRequestBody', `${f} is required`));
      if (!INDICATOR_TYPES.includes(b.indicatorType as string)) return send(400, mdeError('InvalidRequestBody', 'Invalid indicatorType'));
      if (!INDICATOR_ACTIONS.includes(b.action as string)) return send(400, mdeError('InvalidRequestBody', 'Invalid action'));
      this.counts.indicatorsSubmitted++;
      // Submit or update: an indicator with the same value and type is replaced.
      const existing = this.indicators.find((i) => i.indicatorValue === b.indicatorValue && i.indicatorType === b.indicatorType);
      const indicator: FakeIndicator = {
        id: existing?.id ?? String(this.nextIndicatorId++),
        indicatorValue: b.indicatorValue as string,
        indicatorType: b.indicatorType as string,
        action: b.action as string,
        title: b.title as string,
        description: b.description as string,
        severity: b.severity as string | undefined,
        generateAlert: b.generateAlert as boolean | undefined,
        createdBy: this.credentials.clientId,
        creationTimeDateTimeUtc: new Date().toISOString(),
      };
      this.indicators = [...this.indicators.filter((i) => i !== existing), indicator];
      return send(200, indicator);
    }
    if (method === 'DELETE' && (m = /^\/api\/indicators\/([^/]+)$/.exec(p))) {
      const before = this.indicators.length;
      this.indicators = this.indicators.filter((i) => i.id !== decodeURIComponent(m![1]));
      if (this.indicators.length === before) return send(404, mdeError('NotFound', `Indicator ${m[1]} was not found`));
      this.counts.indicatorsDeleted++;
      return send(204);
    }
    send(404, mdeError('NotFound', `No route for ${method} ${p}`));
  }

  /** One poll moves an action along; when it succeeds, the device changes. */
  private advance(a: FakeMachineAction): void {
    if (a.status !== 'Pending' && a.status !== 'InProgress') return;
    a.polls++;
    a.status = a.polls >= this.pollsToFinish ? a.outcome : a.polls >= this.pollsToStart ? 'InProgress' : 'Pending';
    a.lastUpdateDateTimeUtc = new Date().toISOString();
    if (a.status !== 'Succeeded') return;
    const machine = this.machines.find((x) => x.id === a.machineId)!;
    if (a.type === 'Isolate') machine.isolation = a.scope;
    if (a.type === 'Unisolate') machine.isolation = null;
    if (a.type === 'RestrictCodeExecution') machine.restricted = true;
    if (a.type === 'UnrestrictCodeExecution') machine.restricted = false;
    if (a.type === 'RunAntiVirusScan') machine.avScans = (machine.avScans ?? 0) + 1;
    if (a.type === 'CollectInvestigationPackage') machine.packages = (machine.packages ?? 0) + 1;
    if (a.type === 'StopAndQuarantineFile') machine.quarantined = [...(machine.quarantined ?? []), a.relatedFileInfo!.fileIdentifier];
  }
}

function mdeError(code: string, message: string, target?: string) {
  return { error: { code, message, target: target ?? randomUUID() } };
}

function publicMachine(m: FakeMachine) {
  return {
    id: m.id,
    computerDnsName: m.computerDnsName,
    aadDeviceId: m.aadDeviceId ?? null,
    lastSeen: m.lastSeen,
    osPlatform: m.osPlatform ?? 'Windows11',
    osVersion: m.osVersion ?? null,
    healthStatus: m.healthStatus ?? 'Active',
    riskScore: m.riskScore ?? 'None',
    exposureLevel: m.exposureLevel ?? 'None',
    rbacGroupName: m.rbacGroupName ?? null,
    lastIpAddress: m.lastIpAddress ?? null,
    ipAddresses: m.ipAddresses ?? [],
    onboardingStatus: 'Onboarded',
  };
}

function publicAction(a: FakeMachineAction) {
  const { polls: _polls, outcome: _outcome, ...rest } = a;
  return { ...rest, cancellationRequestor: null, cancellationComment: null, cancellationDateTimeUtc: null, errorHResult: 0 };
}

/** The OData filters the documentation shows: `field eq 'value'` joined by `and`, and `startswith(field,'prefix')`. */
function parseFilter(filter: string | null): ((item: Record<string, unknown>) => boolean) | undefined {
  if (!filter) return () => true;
  const tests: ((item: Record<string, unknown>) => boolean)[] = [];
  for (const clause of filter.split(/\s+and\s+/i)) {
    const eq = /^(\w+) eq '((?:[^']|'')*)'$/.exec(clause.trim());
    const starts = /^startswith\((\w+),\s*'((?:[^']|'')*)'\)$/.exec(clause.trim());
    const hit = eq ?? starts;
    if (!hit) return undefined;
    const [field, value] = [hit[1], hit[2].replace(/''/g, "'").toLowerCase()];
    tests.push((item) => {
      const v = String(item[field] ?? '').toLowerCase();
      return eq ? v === value : v.startsWith(value);
    });
  }
  return (item) => tests.every((t) => t(item));
}
