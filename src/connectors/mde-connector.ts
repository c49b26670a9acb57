import { factsOrUnavailable } from './oauth-api.js';
import { ACTIONS, type ActionType } from '../domain/actions.js';
import type { Entity } from '../domain/alert.js';
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
import { followBudgetMs, heartbeat, MdeApi, MdeApiError, type MdeApiOptions, type MdeLog, pause } from './mde-api.js';

export interface MdeConnectorOptions extends MdeApiOptions {
  /** How long one execute follows a machine action before it hands back "still in progress" (the action workflow looks again later). */
  followMs: number;
  /** The first pause between polls of a machine action; it doubles up to `maxPollIntervalMs`. */
  pollIntervalMs?: number;
  maxPollIntervalMs?: number;
}

/** MDE's machine action entity (the fields Quell reads). */
export interface MachineAction {
  id: string;
  type: string;
  scope?: string | null;
  status: 'Pending' | 'InProgress' | 'Succeeded' | 'Failed' | 'TimeOut' | 'Cancelled';
  machineId: string;
  computerDnsName?: string | null;
  requestor?: string | null;
  requestorComment?: string | null;
  creationDateTimeUtc?: string;
  lastUpdateDateTimeUtc?: string;
}

/** MDE's machine entity (the fields Quell reads). */
interface Machine {
  id: string;
  computerDnsName?: string | null;
  lastSeen?: string | null;
  osPlatform?: string | null;
  osVersion?: string | null;
  healthStatus?: string | null;
  riskScore?: string | null;
  exposureLevel?: string | null;
  rbacGroupName?: string | null;
  lastIpAddress?: string | null;
  ipAddresses?: { ipAddress?: string | null }[] | null;
}

/** An account seen logging on to a machine (GET /api/machines/{id}/logonusers). */
interface LogonUser {
  accountName: string;
  accountDomain?: string | null;
  accountSid?: string | null;
  lastSeen?: string | null;
  isDomainAdmin?: boolean | null;
}

/** MDE's file entity (GET /api/files/{sha1 or sha256}). */
interface MdeFile {
  sha1?: string | null;
  sha256?: string | null;
  globalPrevalence?: number | null;
  isValidCertificate?: boolean | null;
  signer?: string | null;
  determinationType?: string | null;
  determinationValue?: string | null;
}

interface Indicator {
  id: string | number;
  indicatorValue: string;
  indicatorType: string;
  action: string;
  description?: string | null;
  createdBy?: string | null;
}

/** Indicator actions that already block: one someone else set is left as it is. */
const BLOCKING = new Set(['Block', 'BlockAndRemediate', 'AlertAndBlock', 'BlockAndAlert']);

interface ODataList<T> {
  '@odata.context'?: string;
  value: T[];
}

type Details = Record<string, unknown>;

/** Quell's device and file actions as MDE machine actions: the endpoint, the entity type MDE reports, extra body fields. */
const MACHINE_ACTIONS: Partial<Record<ActionType, { path: string; mdeType: string; body?: (req: ConnectorRequest) => Details }>> = {
  isolate_device: {
    path: 'isolate',
    mdeType: 'Isolate',
    body: (req) => ({ IsolationType: choice(req, 'isolationType', ['Full', 'Selective']) }),
  },
  release_device: { path: 'unisolate', mdeType: 'Unisolate' },
  restrict_app_execution: { path: 'restrictCodeExecution', mdeType: 'RestrictCodeExecution' },
  remove_app_restriction: { path: 'unrestrictCodeExecution', mdeType: 'UnrestrictCodeExecution' },
  run_av_scan: {
    path: 'runAntiVirusScan',
    mdeType: 'RunAntiVirusScan',
    body: (req) => ({ ScanType: choice(req, 'scanType', ['Quick', 'Full']) }),
  },
  collect_investigation_package: { path: 'collectInvestigationPackage', mdeType: 'CollectInvestigationPackage' },
  stop_and_quarantine_file: { path: 'StopAndQuarantineFile', mdeType: 'StopAndQuarantineFile', body: (req) => ({ Sha1: sha1Of(req) }) },
};

/** Block actions as MDE indicators (created, or deleted by the undo). */
const INDICATOR_ACTIONS: Partial<Record<ActionType, { kind: 'file' | 'url' | 'ip'; block: boolean }>> = {
  block_file: { kind: 'file', block: true },
  unblock_file: { kind: 'file', block: false },
  block_url: { kind: 'url', block: true },
  unblock_url: { kind: 'url', block: false },
  block_ip: { kind: 'ip', block: true },
  unblock_ip: { kind: 'ip', block: false },
};

/** Lists in catalog answers land in workflow history: capped, like the lab's. */
const LIST_CAP = 50;

/** MDE's file determination as the catalog's verdict; the threat name (determinationValue) is the description. */
function fileVerdict(f: MdeFile): { verdict: 'malicious' | 'suspicious' | 'clean' | 'unknown'; description: string | null } {
  const type = (f.determinationType ?? '').trim().toLowerCase();
  const description = f.determinationValue?.trim() || null;
  if (!type || type === 'unknown') return { verdict: 'unknown', description };
  if (/clean|benign|notmalware/.test(type)) return { verdict: 'clean', description };
  if (/pua|unwanted|suspicious/.test(type)) return { verdict: 'suspicious', description };
  return { verdict: 'malicious', description };
}

const UNSUCCESSFUL = new Set(['Failed', 'TimeOut', 'Cancelled']);
const TERMINAL = new Set(['Succeeded', ...UNSUCCESSFUL]);
const ACTIVE = new Set(['Pending', 'InProgress']);
/** The longest pause between two looks at a machine action still in progress. */
const MAX_CHECK_AGAIN_MS = 10 * 60_000;

/** The first of `allowed` unless the parameter names another (any case). */
function choice(req: ConnectorRequest, name: string, allowed: string[]): string {
  const v = req.params[name];
  if (v === undefined || v === null || v === '') return allowed[0];
  const hit = allowed.find((a) => typeof v === 'string' && a.toLowerCase() === v.trim().toLowerCase());
  if (!hit) throw new PermanentConnectorError(`${req.type}: ${name} must be one of ${allowed.join(', ')}`);
  return hit;
}

function sha1Of(req: ConnectorRequest): string {
  const sha1 = req.target.type === 'file' ? req.target.sha1 : undefined;
  if (!sha1) throw new PermanentConnectorError(`${req.type} on Defender for Endpoint needs the file's sha1`);
  return sha1.toLowerCase();
}

const odata = (v: string) => `'${v.replace(/'/g, "''")}'`;
const filter = (f: string) => `$filter=${encodeURIComponent(f)}`;

/** The tag every request of one Quell action carries, so a retry can find what an earlier attempt sent. */
const markerOf = (actionId: string, operation: string) => `[quell-action ${actionId}:${operation}]`;

/**
 * Microsoft Defender for Endpoint: device actions as machine actions, followed until the device
 * reports a final state, and block actions as indicators. MDE ignores idempotency keys, so the
 * action id and operation go into the request's comment (the indicator's description), and every
 * request first looks for what an earlier attempt already sent: a retry after a crash follows that
 * one instead of sending again.
 */
export class MdeConnector implements Connector {
  readonly name = 'mde';
  readonly actions = [...Object.keys(MACHINE_ACTIONS), ...Object.keys(INDICATOR_ACTIONS)];
  readonly facts: FactAnswers = {
    'device.info': (a) => this.answer(() => this.deviceInfo(a.device)),
    'file.reputation': (a) => this.answer(() => this.fileReputation(a.sha256)),
  };
  private readonly api: MdeApi;

  constructor(
    private readonly o: MdeConnectorOptions,
    log?: MdeLog,
  ) {
    this.api = new MdeApi(o, log);
  }

  /** A token from Entra ID and one read of the machines API (which needs Machine.Read.All). */
  async health(): Promise<ConnectorHealth> {
    try {
      await this.api.call('GET', '/api/machines?$top=1');
      return { ok: true, detail: 'token obtained; machines API answered' };
    } catch (err) {
      return { ok: false, detail: this.api.redact(err instanceof Error ? err.message : String(err)) };
    }
  }

  /** See `factsOrUnavailable`: a refusal retrying cannot fix is "unavailable", anything else is retried. */
  private answer(question: () => Promise<Facts>): Promise<Facts> {
    return factsOrUnavailable(this.api, 'Defender for Endpoint', question);
  }

  /** device.info: the machine (by id or DNS name), its logged-on users, and isolation/restriction from its machine actions. */
  private async deviceInfo(device: string): Promise<Facts> {
    const ref = device.trim();
    let machine: Machine;
    try {
      machine = await this.findMachine(/^[0-9a-f]{40}$/i.test(ref) ? { deviceId: ref } : { hostname: ref });
    } catch (err) {
      if (!(err instanceof PermanentConnectorError)) throw err;
      return { ...unknownDevice(ref.toLowerCase()), source: 'mde' };
    }
    const id = encodeURIComponent(machine.id);
    const [users, actions] = await Promise.all([
      this.api.call<ODataList<LogonUser>>('GET', `/api/machines/${id}/logonusers`),
      this.api.call<ODataList<MachineAction>>('GET', `/api/machineactions?${filter(`machineId eq ${odata(machine.id)}`)}`),
    ]);
    // MDE's machine entity has no isolation flag: the last succeeded action of each pair decides.
    const lastOf = (on: string, off: string) =>
      actions.value
        .filter((a) => a.status === 'Succeeded' && (a.type === on || a.type === off))
        .sort((a, b) => (b.lastUpdateDateTimeUtc ?? '').localeCompare(a.lastUpdateDateTimeUtc ?? ''))[0]?.type === on;
    const ips = [...new Set([...(machine.ipAddresses ?? []).map((i) => i.ipAddress), machine.lastIpAddress].filter(Boolean))];
    return {
      found: true,
      deviceId: machine.id,
      hostname: machine.computerDnsName ?? null,
      os: machine.osPlatform ?? null,
      osVersion: machine.osVersion ?? null,
      deviceGroup: machine.rbacGroupName ?? null,
      isolated: lastOf('Isolate', 'Unisolate'),
      restricted: lastOf('RestrictCodeExecution', 'UnrestrictCodeExecution'),
      loggedOnUsers: users.value
        .map((u) => (u.accountDomain ? `${u.accountDomain}\\${u.accountName}` : u.accountName).toLowerCase())
        .slice(0, LIST_CAP),
      domainAdminLoggedOn: users.value.some((u) => u.isDomainAdmin === true),
      ips: ips.slice(0, LIST_CAP),
      risk: machine.riskScore ? machine.riskScore.toLowerCase() : null,
      exposureLevel: machine.exposureLevel ? machine.exposureLevel.toLowerCase() : null,
      healthStatus: machine.healthStatus ?? null,
      lastSeenAt: machine.lastSeen ?? null,
      source: 'mde',
    };
  }

  /** file.reputation: MDE's determination for the file and the organisation's machines that have it; unknown to MDE is `unknown`. */
  private async fileReputation(raw: string): Promise<Facts> {
    const sha256 = raw.trim().toLowerCase();
    if (!/^[0-9a-f]{64}$/.test(sha256)) throw new CatalogInputError('file.reputation: sha256 must be 64 hex characters');
    const path = `/api/files/${encodeURIComponent(sha256)}`;
    const unknownFile = { sha256, verdict: 'unknown', source: 'mde', description: null, prevalence: 0, devices: [], found: false };
    let file: MdeFile;
    try {
      file = await this.api.call<MdeFile>('GET', path);
    } catch (err) {
      if (err instanceof MdeApiError && err.status === 404) return unknownFile;
      throw err;
    }
    const machines = await this.api.call<ODataList<Machine>>('GET', `${path}/machines`);
    return {
      sha256,
      ...fileVerdict(file),
      source: 'mde',
      prevalence: machines.value.length,
      devices: machines.value
        .map((m) => m.computerDnsName ?? m.id)
        .sort()
        .slice(0, LIST_CAP),
      found: true,
      sha1: file.sha1 ?? null,
      globalPrevalence: file.globalPrevalence ?? null,
      validCertificate: file.isValidCertificate ?? null,
      signer: file.signer ?? null,
      determination: file.determinationType ?? null,
    };
  }

  async execute(req: ConnectorRequest): Promise<ConnectorResult> {
    try {
      const machine = MACHINE_ACTIONS[req.type as ActionType];
      if (machine) return await this.machineAction(req, machine);
      const indicator = INDICATOR_ACTIONS[req.type as ActionType];
      if (indicator) return await (indicator.block ? this.block(req, indicator.kind) : this.unblock(req, indicator.kind));
    } catch (err) {
      if (err instanceof MdeApiError && err.permanent) throw new PermanentConnectorError(err.message);
      if (err instanceof Error && !(err instanceof PermanentConnectorError)) throw new Error(this.api.redact(err.message));
      throw err;
    }
    throw new PermanentConnectorError(`the mde connector does not support action ${req.type}`);
  }

  private async machineAction(req: ConnectorRequest, spec: NonNullable<(typeof MACHINE_ACTIONS)[ActionType]>): Promise<ConnectorResult> {
    const deadline = Date.now() + followBudgetMs(this.o.followMs);
    const extra = spec.body?.(req) ?? {};
    const machine = await this.machineFor(req);
    const marker = markerOf(req.actionId, req.operation);
    const comment = `Quell: ${ACTIONS[req.type as ActionType].title} ${marker}`;
    for (let attempt = 1; ; attempt++) {
      // A request of this action that Defender failed, timed out or cancelled had no effect: a
      // person's retry sends again rather than re-reading that failure for ever.
      const sent = await this.sentBefore(machine.id, spec.mdeType, marker);
      if (sent && !UNSUCCESSFUL.has(sent.status)) return { ...(await this.follow(sent, deadline, {})), replayed: attempt === 1 };
      try {
        const created = await this.api.call<MachineAction>(
          'POST',
          `/api/machines/${encodeURIComponent(machine.id)}/${spec.path}`,
          { Comment: comment, ...extra },
          { resend: false },
        );
        // MDE sometimes answers a duplicate request with the action already pending instead of a 400.
        const joined = !created.requestorComment?.includes(marker);
        return { ...(await this.follow(created, deadline, joined ? { joinedPendingAction: true } : {})), replayed: false };
      } catch (err) {
        if (!(err instanceof MdeApiError)) throw err;
        if (err.code === 'ActiveRequestAlreadyExists' || /already in progress/i.test(err.message)) {
          const active = await this.active(machine.id, spec.mdeType);
          if (!active)
            throw new Error(
              `${err.message}; the pending ${spec.mdeType} action on ${machine.computerDnsName ?? machine.id} was not found, retry later`,
            );
          return { ...(await this.follow(active, deadline, { joinedPendingAction: true })), replayed: false };
        }
        // Unknown whether MDE acted: look again before sending again.
        if (err.permanent || err.status === 429 || attempt >= 3) throw err;
        await pause((this.o.retryBaseMs ?? 500) * attempt);
      }
    }
  }

  private listActions(machineId: string, mdeType: string): Promise<ODataList<MachineAction>> {
    return this.api.call<ODataList<MachineAction>>(
      'GET',
      `/api/machineactions?${filter(`machineId eq ${odata(machineId)} and type eq ${odata(mdeType)}`)}`,
    );
  }

  /** The machine action an earlier attempt of this Quell action sent, if any. */
  private async sentBefore(machineId: string, mdeType: string, marker: string): Promise<MachineAction | undefined> {
    const ours = (await this.listActions(machineId, mdeType)).value.filter((a) => a.requestorComment?.includes(marker));
    return ours.sort((a, b) => (b.creationDateTimeUtc ?? '').localeCompare(a.creationDateTimeUtc ?? ''))[0];
  }

  /** The newest machine action of this type still pending on the machine (someone else's). */
  private async active(machineId: string, mdeType: string): Promise<MachineAction | undefined> {
    const list = (await this.listActions(machineId, mdeType)).value.filter((a) => ACTIVE.has(a.status));
    return list.sort((a, b) => (b.creationDateTimeUtc ?? '').localeCompare(a.creationDateTimeUtc ?? ''))[0];
  }

  /**
   * Polls the machine action with backoff until the device reports a final state or the deadline
   * passes; then it is still in progress, and the answer says when to look again: a quarter of the
   * action's age, so a device that stays offline is asked less and less often.
   */
  private async follow(action: MachineAction, deadline: number, extra: Details): Promise<Omit<ConnectorResult, 'replayed'>> {
    let current = action;
    let wait = this.o.pollIntervalMs ?? 2_000;
    let polls = 0;
    while (!TERMINAL.has(current.status)) {
      heartbeat({ machineActionId: current.id, status: current.status, polls });
      const late = Date.now() + wait > deadline;
      if (late && polls === 0) {
        // No time for a pause: one look at the action itself before handing back.
        current = await this.api.call<MachineAction>('GET', `/api/machineactions/${encodeURIComponent(current.id)}`);
        polls++;
        continue;
      }
      if (late) {
        const age = Date.now() - (Date.parse(current.creationDateTimeUtc ?? '') || Date.now());
        const checkAgainInMs = Math.round(Math.min(MAX_CHECK_AGAIN_MS, Math.max(this.o.pollIntervalMs ?? 2_000, age / 4)));
        return { details: this.summary(current, { ...extra, polls }), checkAgainInMs };
      }
      await pause(wait);
      // Well inside the remediation activity's 30 s heartbeat timeout, API call included.
      wait = Math.min(wait * 2, this.o.maxPollIntervalMs ?? 10_000);
      current = await this.api.call<MachineAction>('GET', `/api/machineactions/${encodeURIComponent(current.id)}`);
      polls++;
    }
    const details = this.summary(current, { ...extra, polls });
    if (current.status !== 'Succeeded') {
      throw new PermanentConnectorError(
        `machine action ${current.id} (${current.type}) on ${current.computerDnsName ?? current.machineId} ended ${current.status}`,
      );
    }
    return { details };
  }

  private summary(a: MachineAction, extra: Details): Details {
    const small = (v: unknown) => (typeof v === 'string' ? this.api.redact(v).slice(0, 200) : v);
    const fields = {
      machineActionId: a.id,
      mdeType: a.type,
      scope: a.scope ?? undefined,
      status: a.status,
      machineId: a.machineId,
      computerDnsName: a.computerDnsName ?? undefined,
      requestorComment: a.requestorComment ?? undefined,
      createdAt: a.creationDateTimeUtc,
      lastUpdatedAt: a.lastUpdateDateTimeUtc,
      ...extra,
    };
    return Object.fromEntries(
      Object.entries(fields)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, small(v)]),
    );
  }

  /** The device a request names: the target device, or for a file action the `deviceId` parameter (an id or a host name). */
  private machineFor(req: ConnectorRequest): Promise<Machine> {
    if (req.target.type === 'device') {
      const { deviceId, hostname, aadDeviceId } = req.target;
      if (!deviceId && !hostname && !aadDeviceId)
        throw new PermanentConnectorError('the device target needs a deviceId, hostname or aadDeviceId');
      return this.findMachine({ deviceId, hostname, aadDeviceId });
    }
    const on = req.params.deviceId;
    if (typeof on !== 'string' || !on.trim())
      throw new PermanentConnectorError(`${req.type} on Defender for Endpoint needs params.deviceId (the device to act on)`);
    return this.findMachine(/^[0-9a-f]{40}$/i.test(on.trim()) ? { deviceId: on.trim() } : { hostname: on.trim() });
  }

  private async findMachine(ref: { deviceId?: string; hostname?: string; aadDeviceId?: string }): Promise<Machine> {
    if (ref.deviceId) {
      try {
        return await this.api.call<Machine>('GET', `/api/machines/${encodeURIComponent(ref.deviceId)}`);
      } catch (err) {
        if (!(err instanceof MdeApiError && err.status === 404)) throw err;
      }
    }
    const queries: string[] = [];
    if (ref.hostname) {
      const host = ref.hostname.trim().toLowerCase();
      queries.push(`computerDnsName eq ${odata(host)}`);
      // Alerts often name a device by its short name; MDE keeps the FQDN.
      if (!host.includes('.')) queries.push(`startswith(computerDnsName,${odata(`${host}.`)})`);
    }
    if (ref.aadDeviceId) queries.push(`aadDeviceId eq ${odata(ref.aadDeviceId)}`);
    for (const q of queries) {
      const found = (await this.api.call<ODataList<Machine>>('GET', `/api/machines?${filter(q)}`)).value;
      // Re-imaged devices leave stale records behind: the one seen last is the device.
      const newest = found.sort((a, b) => (b.lastSeen ?? '').localeCompare(a.lastSeen ?? ''))[0];
      if (newest) return newest;
    }
    throw new PermanentConnectorError(`no Defender for Endpoint machine matches ${ref.hostname ?? ref.deviceId ?? ref.aadDeviceId}`);
  }

  private indicatorOf(req: ConnectorRequest, kind: 'file' | 'url' | 'ip'): { indicatorValue: string; indicatorType: string } {
    const t: Entity = req.target;
    if (kind === 'file' && t.type === 'file') {
      if (t.sha256) return { indicatorValue: t.sha256.toLowerCase(), indicatorType: 'FileSha256' };
      if (t.sha1) return { indicatorValue: t.sha1.toLowerCase(), indicatorType: 'FileSha1' };
      if (t.md5) return { indicatorValue: t.md5.toLowerCase(), indicatorType: 'FileMd5' };
      throw new PermanentConnectorError(`${req.type} needs a file target with a sha256, sha1 or md5`);
    }
    if (kind === 'url' && t.type === 'url') return { indicatorValue: t.url.trim(), indicatorType: 'Url' };
    if (kind === 'ip' && t.type === 'ip') {
      const ip = canonicalIp(t.address);
      if (!ip) throw new PermanentConnectorError(`${t.address} is not an IP address`);
      return { indicatorValue: ip, indicatorType: 'IpAddress' };
    }
    throw new PermanentConnectorError(`${req.type} needs a ${kind} target, not a ${t.type}`);
  }

  private async indicators(value: { indicatorValue: string; indicatorType: string }): Promise<Indicator[]> {
    const q = `indicatorValue eq ${odata(value.indicatorValue)} and indicatorType eq ${odata(value.indicatorType)}`;
    return (await this.api.call<ODataList<Indicator>>('GET', `/api/indicators?${filter(q)}`)).value;
  }

  /**
   * Submitting an indicator is an upsert on its value in MDE: a resent request does not add a
   * second one, but it would overwrite one a person made. So an indicator of the value that is not
   * this action's is left alone: one that already blocks counts as done (`changed: false`, and the
   * undo deletes nothing); one that allows, audits or warns is an analyst's decision Quell does not
   * override, and the action fails saying so.
   */
  private async block(req: ConnectorRequest, kind: 'file' | 'url' | 'ip'): Promise<ConnectorResult> {
    const value = this.indicatorOf(req, kind);
    const marker = markerOf(req.actionId, req.operation);
    const existing = await this.indicators(value);
    const prior = existing.find((i) => i.description?.includes(marker));
    if (prior) return { details: { indicatorId: String(prior.id), ...value, action: prior.action }, replayed: true };
    const theirs = existing[0];
    if (theirs && BLOCKING.has(theirs.action)) {
      const details = {
        indicatorId: String(theirs.id),
        ...value,
        action: theirs.action,
        changed: false,
        createdBy: theirs.createdBy ?? undefined,
      };
      return { details, replayed: false };
    }
    if (theirs) {
      throw new PermanentConnectorError(
        `an indicator for ${value.indicatorValue} already exists with action ${theirs.action} (created by ${theirs.createdBy ?? 'someone else'}); Quell does not override it — change or delete it in the Defender portal`,
      );
    }
    const indicator = await this.api.call<Indicator>('POST', '/api/indicators', {
      ...value,
      action: kind === 'file' ? 'BlockAndRemediate' : 'Block',
      title: `Quell: ${ACTIONS[req.type as ActionType].title}`,
      description: `Blocked by Quell ${marker}`,
      severity: 'High',
      generateAlert: true,
    });
    return { details: { indicatorId: String(indicator.id), ...value, action: indicator.action }, replayed: false };
  }

  /** Deletes the indicator this action created; one another action has since taken over stays. */
  private async unblock(req: ConnectorRequest, kind: 'file' | 'url' | 'ip'): Promise<ConnectorResult> {
    const value = this.indicatorOf(req, kind);
    const ours = (await this.indicators(value)).filter((i) => i.description?.includes(markerOf(req.actionId, 'execute')));
    for (const i of ours) {
      try {
        await this.api.call('DELETE', `/api/indicators/${encodeURIComponent(String(i.id))}`);
      } catch (err) {
        if (!(err instanceof MdeApiError && err.status === 404)) throw err;
      }
    }
    return {
      details: { ...value, deleted: ours.length, indicatorIds: ours.map((i) => String(i.id)).slice(0, 20) },
      replayed: ours.length === 0,
    };
  }
}
