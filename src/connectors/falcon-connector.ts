import { isIP } from 'node:net';
import { ACTIONS, type ActionType } from '../domain/actions.js';
import { CatalogInputError, unknownDevice } from '../domain/catalog.js';
import { canonicalIp } from '../correlation/keys.js';
import {
  type Connector,
  type ConnectorHealth,
  type ConnectorRequest,
  type ConnectorResult,
  type FactAnswers,
  type Facts,
  PermanentConnectorError,
} from './connector.js';
import { FalconApi, FalconApiError, fqlString } from './falcon-api.js';
import { type ApiClientOptions, type ApiLog, factsOrUnavailable, followBudgetMs, heartbeat, pause } from './oauth-api.js';

/** The longest pause between two looks at a containment change still in progress. */
const MAX_CHECK_AGAIN_MS = 10 * 60_000;

export interface FalconConnectorOptions extends ApiClientOptions {
  /** How long one execute follows a containment change before it hands back "still in progress" (the action workflow looks again later). */
  followMs: number;
  /** The first pause between reads of the host; it doubles up to `maxPollIntervalMs`. */
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
}

/** Falcon's host record (GET /devices/entities/devices/v2; the fields Quell reads). */
export interface FalconHost {
  device_id: string;
  hostname?: string | null;
  platform_name?: string | null;
  os_version?: string | null;
  os_product_name?: string | null;
  agent_version?: string | null;
  status?: string | null;
  groups?: string[] | null;
  last_seen?: string | null;
  first_seen?: string | null;
  local_ip?: string | null;
  external_ip?: string | null;
  connection_ip?: string | null;
  machine_domain?: string | null;
  last_login_user?: string | null;
  reduced_functionality_mode?: string | null;
  product_type_desc?: string | null;
}

/** A custom IOC in IOC Management (GET /iocs/combined/indicator/v1). */
export interface FalconIoc {
  id: string;
  type: string;
  value: string;
  action: string;
  severity?: string | null;
  description?: string | null;
  source?: string | null;
  platforms?: string[] | null;
  applied_globally?: boolean | null;
  expired?: boolean | null;
  deleted?: boolean | null;
  created_on?: string | null;
  modified_on?: string | null;
}

interface HostGroup {
  id: string;
  name: string;
}

type Details = Record<string, unknown>;
type Verdict = 'malicious' | 'suspicious' | 'clean' | 'unknown';
type IocType = 'sha256' | 'md5' | 'domain' | 'ipv4' | 'ipv6';

/** Containment as a state: the action Falcon takes, the state while the sensor has not confirmed, and the state it ends in. */
const CONTAINMENT = {
  isolate_device: { actionName: 'contain', pending: 'containment_pending', done: 'contained', opposite: 'lift_containment_pending' },
  release_device: { actionName: 'lift_containment', pending: 'lift_containment_pending', done: 'normal', opposite: 'containment_pending' },
} as const;
type ContainmentSpec = (typeof CONTAINMENT)[keyof typeof CONTAINMENT];

/**
 * What a customer's IOC action says about the indicator. `prevent` (and `prevent_no_ui`) blocks it:
 * malicious; `detect` alerts on it: suspicious; `allow` trusts it: clean. `no_action` is what an
 * expired IOC becomes and what a watch-list entry is: it says nothing, so unknown.
 */
const IOC_VERDICTS: Record<string, Verdict> = { prevent: 'malicious', prevent_no_ui: 'malicious', detect: 'suspicious', allow: 'clean' };
const VERDICT_ORDER: Verdict[] = ['malicious', 'suspicious', 'clean', 'unknown'];

/** Lists in catalog answers land in workflow history: capped, like the lab's. */
const LIST_CAP = 50;
const AID = /^[0-9a-f]{32}$/i;
/** Host names Falcon reports: NetBIOS or DNS names. Anything else cannot name a host, and stays out of a filter. */
const HOSTNAME = /^[\w.-]{1,255}$/;

/** The tag an IOC Quell creates carries in its description, so a retry finds what an earlier attempt created. */
const markerOf = (actionId: string, operation: string) => `[quell-action ${actionId}:${operation}]`;

const query = (params: Record<string, string | string[] | number>) =>
  Object.entries(params)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}=${encodeURIComponent(String(x))}`))
    .join('&');

/**
 * CrowdStrike Falcon: network containment of hosts (followed until the sensor confirms it), file
 * blocking as custom IOCs, host facts and IOC-based reputation. Containment is a state: every
 * request reads the host first and sends nothing when the state holds or is on its way, so a retry
 * after a lost answer never contains twice. An IOC carries the Quell action in its description and is
 * looked up by value before one is created.
 */
export class FalconConnector implements Connector {
  readonly name = 'crowdstrike';
  readonly actions = [...Object.keys(CONTAINMENT), 'block_file', 'unblock_file'];
  readonly facts: FactAnswers = {
    'device.info': (a) => this.answer(() => this.deviceInfo(a.device)),
    'file.reputation': (a) => this.answer(() => this.fileReputation(a.sha256)),
    'ip.reputation': (a) => this.answer(() => this.ipReputation(a.ip)),
    'domain.reputation': (a) => this.answer(() => this.domainReputation(a.domain)),
    'url.reputation': (a) => this.answer(() => this.urlReputation(a.url)),
  };
  private readonly api: FalconApi;

  constructor(
    private readonly o: FalconConnectorOptions,
    log?: ApiLog,
  ) {
    this.api = new FalconApi(o, log);
  }

  /**
   * A token, then one read per API scope Quell uses (Hosts, Host groups, IOC Management). Falcon
   * answers 403 for a scope the API client lacks; those are named. Write scopes cannot be probed
   * without an effect.
   */
  async health(): Promise<ConnectorHealth> {
    const probes: [string, string][] = [
      ['Hosts: Read', '/devices/queries/devices/v1?limit=1'],
      ['Host groups: Read', '/devices/queries/host-groups/v1?limit=1'],
      ['IOC Management: Read', '/iocs/queries/indicators/v1?limit=1'],
    ];
    const missing: string[] = [];
    for (const [scope, path] of probes) {
      try {
        await this.api.call('GET', path);
      } catch (err) {
        if (err instanceof FalconApiError && err.status === 403) {
          missing.push(scope);
          continue;
        }
        return { ok: false, detail: this.api.redact(err instanceof Error ? err.message : String(err)) };
      }
    }
    if (missing.length) return { ok: false, detail: `token obtained; the API client lacks the scope(s) ${missing.join(', ')} (403)` };
    return { ok: true, detail: 'token obtained; hosts, host groups and IOC APIs answered' };
  }

  /** A refusal retrying cannot fix (a missing scope) is an explicit "unavailable"; other failures are thrown, redacted, to be retried. */
  /** See `factsOrUnavailable`: a refusal retrying cannot fix is "unavailable", anything else is retried. */
  private answer(question: () => Promise<Facts>): Promise<Facts> {
    return factsOrUnavailable(this.api, 'CrowdStrike Falcon', question);
  }

  // ---- hosts -------------------------------------------------------------------------------

  private async hostsById(ids: string[]): Promise<FalconHost[]> {
    if (!ids.length) return [];
    try {
      return await this.api.resources<FalconHost>('GET', `/devices/entities/devices/v2?${query({ ids })}`);
    } catch (err) {
      // Falcon answers ids it does not know with 404 in the envelope.
      if (err instanceof FalconApiError && err.status === 404) return [];
      throw err;
    }
  }

  /** The host an agent id or a host name names; of stale duplicates (re-imaged machines) the one seen last. */
  private async findHost(ref: string): Promise<FalconHost | undefined> {
    const value = ref.trim();
    if (AID.test(value)) {
      const [host] = await this.hostsById([value.toLowerCase()]);
      if (host) return host;
    }
    if (!HOSTNAME.test(value)) return undefined;
    const wanted = value.toLowerCase();
    // Falcon keeps the computer name; alerts often carry the FQDN.
    const names = [...new Set([wanted, wanted.split('.')[0]])].filter(Boolean);
    for (const name of names) {
      const ids = await this.api.resources<string>(
        'GET',
        `/devices/queries/devices/v1?${query({ filter: `hostname:${fqlString(name)}`, limit: 20 })}`,
      );
      // The filter also matches partially: only the host of exactly this name counts.
      const hosts = (await this.hostsById(ids)).filter((h) => h.hostname?.toLowerCase() === name);
      const newest = hosts.sort((a, b) => (b.last_seen ?? '').localeCompare(a.last_seen ?? ''))[0];
      if (newest) return newest;
    }
    return undefined;
  }

  private async groupNames(ids: string[]): Promise<{ names: string[]; unavailable?: string }> {
    if (!ids.length) return { names: [] };
    try {
      const groups = await this.api.resources<HostGroup>('GET', `/devices/entities/host-groups/v1?${query({ ids })}`);
      return { names: groups.map((g) => g.name).sort((a, b) => a.localeCompare(b)) };
    } catch (err) {
      if (err instanceof FalconApiError && err.permanent) return { names: [], unavailable: err.message };
      throw err;
    }
  }

  /** device.info: the host (by agent id or host name), its host groups and its containment state. */
  private async deviceInfo(device: string): Promise<Facts> {
    const host = await this.findHost(device);
    if (!host) return { ...unknownDevice(device.trim().toLowerCase()), source: 'crowdstrike' };
    const groups = await this.groupNames(host.groups ?? []);
    const ips = [...new Set([host.local_ip, host.external_ip, host.connection_ip].filter((ip): ip is string => Boolean(ip)))];
    return {
      found: true,
      deviceId: host.device_id,
      hostname: host.hostname ?? null,
      os: host.platform_name ?? null,
      osVersion: host.os_version ?? null,
      // Automation levels are per device group: the first host group by name stands for the host.
      deviceGroup: groups.names[0] ?? null,
      deviceGroups: groups.names.slice(0, LIST_CAP),
      ...(groups.unavailable ? { deviceGroupUnavailable: groups.unavailable } : {}),
      isolated: host.status === 'contained',
      containmentStatus: host.status ?? null,
      restricted: false,
      loggedOnUsers: host.last_login_user ? [host.last_login_user.toLowerCase()] : [],
      ips: ips.slice(0, LIST_CAP),
      localIp: host.local_ip ?? null,
      externalIp: host.external_ip ?? null,
      risk: null,
      agentVersion: host.agent_version ?? null,
      reducedFunctionalityMode: host.reduced_functionality_mode ?? null,
      lastSeenAt: host.last_seen ?? null,
      source: 'crowdstrike',
    };
  }

  // ---- IOCs and reputation -------------------------------------------------------------------

  private iocs(type: IocType, value: string): Promise<FalconIoc[]> {
    const filter = `type:${fqlString(type)}+value:${fqlString(value)}`;
    return this.api.resources<FalconIoc>('GET', `/iocs/combined/indicator/v1?${query({ filter, limit: 100 })}`);
  }

  /** The strongest verdict the customer's live IOCs for this value give, and the IOC that gives it. */
  private async reputation(type: IocType, value: string): Promise<Details> {
    const live = (await this.iocs(type, value)).filter((i) => !i.deleted);
    const ranked = live
      .map((ioc) => ({ ioc, verdict: ioc.expired ? ('unknown' as const) : (IOC_VERDICTS[ioc.action] ?? 'unknown') }))
      .sort((a, b) => VERDICT_ORDER.indexOf(a.verdict) - VERDICT_ORDER.indexOf(b.verdict));
    const best = ranked[0];
    if (!best) return { verdict: 'unknown', source: 'crowdstrike', description: null, found: false };
    return {
      verdict: best.verdict,
      source: 'crowdstrike',
      description: best.ioc.description ? best.ioc.description.slice(0, 500) : null,
      found: true,
      iocId: best.ioc.id,
      iocAction: best.ioc.action,
      iocSeverity: best.ioc.severity ?? null,
      iocSource: best.ioc.source ?? null,
      iocExpired: best.ioc.expired ?? false,
    };
  }

  /** file.reputation: the customer's sha256 IOC and the hosts Falcon reports having run the file. */
  private async fileReputation(raw: string): Promise<Facts> {
    const sha256 = raw.trim().toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new CatalogInputError('file.reputation: sha256 must be 64 hex characters');
    const [verdict, ranOn] = await Promise.all([this.reputation('sha256', sha256), this.devicesRanOn(sha256)]);
    const hosts = await this.hostsById(ranOn.slice(0, 100));
    return {
      sha256,
      ...verdict,
      prevalence: ranOn.length,
      devices: hosts
        .map((h) => h.hostname ?? h.device_id)
        .sort()
        .slice(0, LIST_CAP),
    };
  }

  private async devicesRanOn(sha256: string): Promise<string[]> {
    try {
      return await this.api.resources<string>(
        'GET',
        `/iocs/queries/indicators/devices/v1?${query({ type: 'sha256', value: sha256, limit: 100 })}`,
      );
    } catch (err) {
      // No host has run it: Falcon answers 404 in the envelope.
      if (err instanceof FalconApiError && err.status === 404) return [];
      throw err;
    }
  }

  private async ipReputation(raw: string): Promise<Facts> {
    const ip = canonicalIp(raw.trim());
    if (!ip) throw new CatalogInputError('ip.reputation: not an IP address');
    return { ip, ...(await this.reputation(isIP(ip) === 6 ? 'ipv6' : 'ipv4', ip)) };
  }

  private async domainReputation(raw: string): Promise<Facts> {
    const domain = raw.trim().toLowerCase().replace(/\.$/, '');
    if (!/^[a-z0-9_-]+(\.[a-z0-9_-]+)+$/.test(domain)) throw new CatalogInputError('domain.reputation: not a domain name');
    return { domain, ...(await this.reputation('domain', domain)) };
  }

  /** url.reputation: Falcon's IOCs have no URL type, so the URL's domain answers. */
  private async urlReputation(raw: string): Promise<Facts> {
    let host: string;
    try {
      host = new URL(raw.trim()).hostname.toLowerCase();
    } catch {
      throw new CatalogInputError('url.reputation: not a URL');
    }
    const ip = canonicalIp(host.replace(/^\[|\]$/g, ''));
    if (ip) return { url: raw.trim(), domain: null, ip, ...(await this.reputation(isIP(ip) === 6 ? 'ipv6' : 'ipv4', ip)) };
    return { url: raw.trim(), domain: host, ...(await this.reputation('domain', host)) };
  }

  // ---- actions -----------------------------------------------------------------------------------

  async execute(req: ConnectorRequest): Promise<ConnectorResult> {
    try {
      if (req.type === 'isolate_device' || req.type === 'release_device') return await this.containment(req, CONTAINMENT[req.type]);
      if (req.type === 'block_file') return await this.block(req);
      if (req.type === 'unblock_file') return await this.unblock(req);
    } catch (err) {
      if (err instanceof FalconApiError && err.permanent) throw new PermanentConnectorError(err.message);
      if (err instanceof Error && !(err instanceof PermanentConnectorError)) throw new Error(this.api.redact(err.message));
      throw err;
    }
    throw new PermanentConnectorError(`the crowdstrike connector does not support action ${req.type}`);
  }

  private async hostFor(req: ConnectorRequest): Promise<FalconHost> {
    if (req.target.type !== 'device') throw new PermanentConnectorError(`${req.type} needs a device target, not a ${req.target.type}`);
    const { deviceId, hostname } = req.target;
    if (!deviceId && !hostname) throw new PermanentConnectorError('the device target needs a deviceId (Falcon agent id) or hostname');
    const host = (deviceId ? await this.findHost(deviceId) : undefined) ?? (hostname ? await this.findHost(hostname) : undefined);
    if (!host) throw new PermanentConnectorError(`no CrowdStrike Falcon host matches ${hostname ?? deviceId}`);
    return host;
  }

  /**
   * Contain or lift containment. The host's status is read first: already in the wanted state, or on
   * its way there, nothing is sent and the change is followed. Otherwise the action is sent once; an
   * answer that leaves its fate unknown is settled by reading the status again, never by resending blindly.
   */
  private async containment(req: ConnectorRequest, spec: ContainmentSpec): Promise<ConnectorResult> {
    const deadline = Date.now() + followBudgetMs(this.o.followMs);
    let host = await this.hostFor(req);
    const before = host.status ?? 'unknown';
    let sent = false;
    for (let attempt = 1; ; attempt++) {
      if (host.status === spec.done || host.status === spec.pending) {
        // `changed`: this execution sent the action (possibly an attempt whose answer was lost).
        return { ...(await this.follow(host, spec, deadline, { statusBefore: before, changed: sent })), replayed: false };
      }
      try {
        const path = `/devices/entities/devices-actions/v2?${query({ action_name: spec.actionName })}`;
        sent = true;
        await this.api.call('POST', path, { ids: [host.device_id] }, { resend: false });
        const [now] = await this.hostsById([host.device_id]);
        return { ...(await this.follow(now ?? host, spec, deadline, { statusBefore: before, changed: true }, true)), replayed: false };
      } catch (err) {
        if (!(err instanceof FalconApiError)) throw err;
        // 409: the host is already in (or on its way to) that state, set by someone else meanwhile.
        if (err.status === 409) sent = attempt > 1 && sent;
        else if (err.permanent || err.status === 429 || attempt >= 3) throw err;
        else await pause((this.o.retryBaseMs ?? 500) * attempt);
        const [now] = await this.hostsById([host.device_id]);
        if (!now) throw new PermanentConnectorError(`CrowdStrike Falcon host ${host.device_id} is gone`);
        host = now;
        if (err.status === 409 && host.status !== spec.done && host.status !== spec.pending) throw err;
      }
    }
  }

  /**
   * Reads the host with backoff until its sensor reports the wanted state or the deadline passes;
   * then the change is still in progress, and the answer says when to look again: a quarter of the
   * time since the sensor was last seen, so a host that stays offline is asked less and less often.
   */
  private async follow(
    host: FalconHost,
    spec: ContainmentSpec,
    deadline: number,
    extra: Details,
    justSent = false,
  ): Promise<Omit<ConnectorResult, 'replayed'>> {
    let current = host;
    let wait = this.o.pollIntervalMs ?? 2_000;
    let polls = 0;
    while (current.status !== spec.done) {
      const status = current.status ?? 'unknown';
      heartbeat({ deviceId: current.device_id, status, polls });
      if (status === spec.opposite) {
        throw new PermanentConnectorError(
          `${current.hostname ?? current.device_id} went ${status} while Quell waited for ${spec.done}: someone reversed the change in Falcon`,
        );
      }
      // Right after sending, the host record may not show the change yet; past that, a status other than pending means it did not take.
      if (status !== spec.pending && !(justSent && polls < 3)) {
        throw new PermanentConnectorError(
          `${current.hostname ?? current.device_id} is ${status}, not ${spec.pending}, after ${spec.actionName} was sent`,
        );
      }
      if (Date.now() + wait > deadline) {
        const unseenMs = Date.now() - (Date.parse(current.last_seen ?? '') || Date.now());
        const checkAgainInMs = Math.round(Math.min(MAX_CHECK_AGAIN_MS, Math.max(this.o.pollIntervalMs ?? 2_000, unseenMs / 4)));
        return { details: this.summary(current, spec, { ...extra, polls }), checkAgainInMs };
      }
      await pause(wait);
      // Well inside the remediation activity's 30 s heartbeat timeout, API call included.
      wait = Math.min(wait * 2, this.o.maxPollIntervalMs ?? 10_000);
      const [now] = await this.hostsById([current.device_id]);
      if (!now) throw new PermanentConnectorError(`CrowdStrike Falcon host ${current.device_id} is gone`);
      current = now;
      polls++;
    }
    return { details: this.summary(current, spec, { ...extra, polls }) };
  }

  private summary(current: FalconHost, spec: ContainmentSpec, extra: Details): Details {
    return {
      deviceId: current.device_id,
      hostname: current.hostname ?? undefined,
      status: current.status,
      action: spec.actionName,
      ...extra,
      lastSeenAt: current.last_seen ?? undefined,
    };
  }

  private hashOf(req: ConnectorRequest): { type: 'sha256' | 'md5'; value: string } {
    const t = req.target;
    if (t.type !== 'file') throw new PermanentConnectorError(`${req.type} needs a file target, not a ${t.type}`);
    if (t.sha256 && /^[0-9a-f]{64}$/i.test(t.sha256)) return { type: 'sha256', value: t.sha256.toLowerCase() };
    if (t.md5 && /^[0-9a-f]{32}$/i.test(t.md5)) return { type: 'md5', value: t.md5.toLowerCase() };
    throw new PermanentConnectorError(`${req.type} on CrowdStrike Falcon needs the file's sha256 or md5 (custom IOCs take no sha1)`);
  }

  /**
   * A custom IOC that prevents the hash on every host. Falcon keeps one IOC per type and value, so
   * the IOCs of the hash are read first: Quell's own (a retry) is answered as done; someone else's that
   * already prevents it is left alone and reported; one that only detects or allows is not overridden.
   */
  private async block(req: ConnectorRequest): Promise<ConnectorResult> {
    const hash = this.hashOf(req);
    const marker = markerOf(req.actionId, req.operation);
    const title = ACTIONS[req.type as ActionType].title;
    for (let attempt = 1; ; attempt++) {
      const existing = (await this.iocs(hash.type, hash.value)).filter((i) => !i.deleted);
      const ours = existing.find((i) => i.description?.includes(marker));
      if (ours) return { details: this.iocDetails(ours, { created: false }), replayed: true };
      const theirs = existing[0];
      if (theirs) {
        if (IOC_VERDICTS[theirs.action] === 'malicious' && !theirs.expired)
          return { details: this.iocDetails(theirs, { created: false, existingIoc: true }), replayed: false };
        throw new PermanentConnectorError(
          `an IOC for ${hash.type} ${hash.value} already exists in Falcon (id ${theirs.id}, action ${theirs.action}); change it there rather than have Quell override it`,
        );
      }
      try {
        const [created] = await this.api.resources<FalconIoc>(
          'POST',
          '/iocs/entities/indicators/v1',
          {
            comment: `Quell: ${title} ${marker}`,
            indicators: [
              {
                type: hash.type,
                value: hash.value,
                action: 'prevent',
                severity: 'high',
                platforms: ['windows', 'mac', 'linux'],
                applied_globally: true,
                source: 'Quell',
                description: `Blocked by Quell ${marker}`,
                ...(req.target.type === 'file' && req.target.name ? { metadata: { filename: req.target.name.slice(0, 255) } } : {}),
              },
            ],
          },
          { resend: false },
        );
        if (!created) throw new Error(`POST /iocs/entities/indicators/v1 answered without the created IOC`);
        return { details: this.iocDetails(created, { created: true }), replayed: false };
      } catch (err) {
        // Unknown whether Falcon created it (or a duplicate was refused): read again before sending again.
        if (!(err instanceof FalconApiError) || attempt >= 3) throw err;
        if (err.status === 429 || (err.permanent && !/duplicate/i.test(err.message))) throw err;
        await pause((this.o.retryBaseMs ?? 500) * attempt);
      }
    }
  }

  /** Deletes the IOC this action created; one someone else created, or has since taken over, stays. */
  private async unblock(req: ConnectorRequest): Promise<ConnectorResult> {
    const hash = this.hashOf(req);
    const ours = (await this.iocs(hash.type, hash.value)).filter(
      (i) => !i.deleted && i.description?.includes(markerOf(req.actionId, 'execute')),
    );
    for (const ioc of ours) {
      try {
        await this.api.call(
          'DELETE',
          `/iocs/entities/indicators/v1?${query({ ids: ioc.id, comment: `Quell: undo ${markerOf(req.actionId, req.operation)}` })}`,
        );
      } catch (err) {
        if (!(err instanceof FalconApiError && err.status === 404)) throw err;
      }
    }
    return {
      details: { ...hash, deleted: ours.length, iocIds: ours.map((i) => i.id).slice(0, 20) },
      replayed: ours.length === 0,
    };
  }

  private iocDetails(ioc: FalconIoc, extra: Details): Details {
    return {
      iocId: ioc.id,
      type: ioc.type,
      value: ioc.value,
      action: ioc.action,
      appliedGlobally: ioc.applied_globally ?? undefined,
      ...extra,
    };
  }
}
