import type { AlertStatus, Severity } from '../../domain/alert.js';
import { AdapterError, type AlertAdapter } from './adapter.js';
import {
  type HashAlgorithm,
  compact,
  entity,
  hash,
  Issues,
  isRecord,
  type Json,
  looksLikeUpn,
  nonNegativeInt,
  record,
  requireObject,
  severityWord,
  str,
  strings,
  uniqueEntities,
  uniqueTechniques,
} from './evidence.js';

/** OCSF Detection Finding (class 2004) → native alert. */

const DETECTION_FINDING = 2004;

const SEVERITY_IDS: Record<number, Severity> = {
  1: 'informational',
  2: 'low',
  3: 'medium',
  4: 'high',
  5: 'high',
  6: 'high',
};

/** 0 (Unknown) and 99 (Other) carry their meaning in the `severity` caption instead; an unknown one is informational. */
function severity(finding: Json, issues: Issues): Severity | undefined {
  const given = finding.severity_id;
  const id = given === undefined || given === null || given === '' ? undefined : Number(given);
  if (id !== undefined && SEVERITY_IDS[id]) return SEVERITY_IDS[id];
  if (id !== undefined && id !== 0 && id !== 99) return issues.add(['severity_id'], 'must be one of 0-6 or 99');
  const caption = str(finding.severity)?.toLowerCase();
  const unknown = id === 0 || caption === 'unknown';
  return (
    severityWord(caption) ??
    (unknown ? 'informational' : undefined) ??
    issues.add(
      id === undefined ? ['severity_id'] : ['severity'],
      'must give a severity_id (0-6, 99) or a severity such as low, medium, high or critical',
    )
  );
}

function source(metadata: Json): string {
  const product = record(metadata.product);
  const name = str(product.name) ?? str(product.vendor_name);
  return name ? name.toLowerCase().replace(/\s+/g, '-') : 'ocsf';
}

const SID = /^S-\d+-\d+(-\d+)*$/i;
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `CONTOSO\mlee` → account `mlee` in domain `CONTOSO`, unless the producer gave the domain separately. */
function splitDomain(name: string | undefined, domain: string | undefined): { name?: string; domain?: string } {
  const at = name?.indexOf('\\') ?? -1;
  if (!name || at <= 0) return { name, domain };
  return { name: name.slice(at + 1) || undefined, domain: domain ?? name.slice(0, at) };
}

/** OCSF has one `uid` (plus `uid_alt`) for what Windows calls a SID and Entra ID an object id: tell them apart by shape. */
function userEntity(u: Json): Json | undefined {
  const ids = strings([u.uid, u.uid_alt]);
  const { name, domain } = splitDomain(str(u.name), str(u.domain));
  const upn = [str(u.email_addr), name, ...ids].find(looksLikeUpn);
  return entity('user', {
    upn,
    sid: ids.find((id) => SID.test(id)),
    aadObjectId: ids.find((id) => GUID.test(id)),
    accountName: name === upn ? undefined : name,
    domain,
  });
}

/** OCSF's `device.owner`: the account that owns the endpoint or was last logged in to it. */
function deviceOwner(d: Json): Json[] {
  const owner = userEntity(record(d.owner));
  if (!owner) return [];
  return [{ accountName: owner.accountName, domain: owner.domain, sid: owner.sid, upn: owner.upn }].map(compact);
}

function deviceEntity(d: Json): Json | undefined {
  return entity('device', {
    deviceId: str(d.uid),
    hostname: str(d.hostname) ?? str(d.name),
    os: str(record(d.os).name),
    ips: strings(d.ip).filter((ip) => ip.length <= 64),
    loggedOnUsers: deviceOwner(d),
  });
}

/** An endpoint yields its IP, and its host when named; the role says which side of the connection it was. */
function endpointEntities(ep: Json, role: string): (Json | undefined)[] {
  const ip = str(ep.ip);
  return [
    entity('ip', { address: ip, roles: [role] }),
    entity('device', { hostname: str(ep.hostname), deviceId: str(ep.uid), ips: ip ? [ip] : [], roles: [role] }),
  ];
}

const HASH_BY_ALGORITHM: Record<string, HashAlgorithm> = {
  '1': 'md5',
  '2': 'sha1',
  '3': 'sha256',
  md5: 'md5',
  sha1: 'sha1',
  sha256: 'sha256',
};

function fileHashes(hashes: unknown): Json {
  const out: Json = {};
  for (const h of Array.isArray(hashes) ? hashes.map(record) : []) {
    // Producers send algorithm_id 99 (Other) with the name in `algorithm`.
    const kind =
      HASH_BY_ALGORITHM[String(h.algorithm_id)] ?? HASH_BY_ALGORITHM[(str(h.algorithm) ?? '').toLowerCase().replace(/[^a-z0-9]/g, '')];
    if (kind && out[kind] === undefined) out[kind] = hash(h.value, kind);
  }
  return out;
}

function fileEntity(f: Json): Json | undefined {
  return entity('file', { ...fileHashes(f.hashes), name: str(f.name), path: str(f.path) });
}

/** The process, its image file (with its hashes) and the account it ran as: those outlive the process and link other alerts. */
function processEntities(p: Json, deviceId?: string): (Json | undefined)[] {
  const file = record(p.file);
  const parentFile = record(record(p.parent_process).file);
  const process = entity('process', {
    pid: nonNegativeInt(p.pid),
    commandLine: str(p.cmd_line),
    imageFile: str(file.path) ?? str(file.name),
    parent: str(parentFile.path) ?? str(parentFile.name),
    deviceId,
  });
  // The image file only when hashed: its name and path are on the process already, and only hashes link.
  const image = fileEntity(file);
  const hashed = image && ['sha256', 'sha1', 'md5'].some((k) => image[k] !== undefined);
  return [process, hashed ? image : undefined, userEntity(record(p.user))];
}

/** The message, plus each recipient's mailbox so that phishing links to the targeted users. */
function emailEntities(m: Json): (Json | undefined)[] {
  const to = strings(m.to);
  const message = entity('email', {
    networkMessageId: str(m.uid),
    internetMessageId: str(m.message_uid),
    sender: strings(m.from)[0],
    recipient: to[0],
    subject: str(m.subject),
  });
  return [message, ...to.map((address) => entity('mailbox', { address, roles: ['recipient'] }))];
}

/** One evidence artifact (or affected resource) holds any number of typed objects side by side. */
function artifactEntities(a: Json): (Json | undefined)[] {
  const actor = record(a.actor);
  const deviceId = str(record(a.device).uid);
  const present = (k: string, o: Json = a) => (o[k] === undefined || o[k] === null ? [] : [record(o[k])]);
  return [
    ...present('device').map(deviceEntity),
    ...present('user', actor).map(userEntity),
    ...present('user').map(userEntity),
    ...present('src_endpoint').flatMap((ep) => endpointEntities(ep, 'source')),
    ...present('dst_endpoint').flatMap((ep) => endpointEntities(ep, 'destination')),
    ...present('url').map((u) => entity('url', { url: str(u.url_string) })),
    ...present('file').map(fileEntity),
    ...present('process', actor).flatMap((p) => processEntities(p, deviceId)),
    ...present('process').flatMap((p) => processEntities(p, deviceId)),
    ...present('email').flatMap(emailEntities),
  ];
}

function attackFields(attacks: Json[]): Json {
  const tactic = attacks.map((a) => str(record(a.tactic).name)).find(Boolean);
  const techniques = attacks.flatMap((a) => [record(a.technique).uid, record(a.sub_technique).uid]);
  return { category: tactic, mitreTechniques: uniqueTechniques(techniques) };
}

function checkShape(finding: Json): Json {
  if (Number(finding.class_uid) !== DETECTION_FINDING) {
    throw new AdapterError([{ path: ['class_uid'], message: `must be ${DETECTION_FINDING} (Detection Finding)` }]);
  }
  if (!isRecord(finding.finding_info)) {
    throw new AdapterError([{ path: ['finding_info'], message: 'is required and must be an object' }]);
  }
  return finding.finding_info;
}

const detectionSource = (metadata: Json, analytic: Json): string | undefined =>
  str(record(record(metadata.product).feature).name) ?? str(analytic.type);

/** Each end of the activity window falls back to the finding's own `time`. */
function activityWindow(finding: Json, info: Json, issues: Issues): Json {
  const at = issues.time(finding.time, ['time']);
  const edge = (key: string) => (info[key] === undefined || info[key] === null ? at : issues.time(info[key], ['finding_info', key]));
  return { firstActivityAt: edge('first_seen_time'), lastActivityAt: edge('last_seen_time') };
}

/** A finding's `status_id`: 1 New, 2 In Progress, 3 Suppressed and 4 Resolved (both closed); Unknown, Archived, Deleted and Other leave it unsaid. */
const STATUS_IDS: Record<number, AlertStatus> = { 1: 'new', 2: 'in_progress', 3: 'resolved', 4: 'resolved' };
const STATUS_CAPTIONS: Record<string, AlertStatus> = {
  new: 'new',
  'in progress': 'in_progress',
  suppressed: 'resolved',
  resolved: 'resolved',
};

function status(finding: Json): AlertStatus | undefined {
  const id = finding.status_id === undefined || finding.status_id === null ? undefined : Number(finding.status_id);
  if (id !== undefined && Object.hasOwn(STATUS_IDS, id)) return STATUS_IDS[id];
  const caption = str(finding.status)?.toLowerCase();
  return id === undefined && caption && Object.hasOwn(STATUS_CAPTIONS, caption) ? STATUS_CAPTIONS[caption] : undefined;
}

export const fromOcsf: AlertAdapter = (input) => {
  const finding = requireObject(input, 'an OCSF Detection Finding');
  const info = checkShape(finding);
  const issues = new Issues();
  const metadata = record(finding.metadata);
  const analytic = record(info.analytic);
  const artifacts = [...issues.objects(finding.evidences, ['evidences']), ...issues.objects(finding.resources, ['resources'])];
  const mapped = compact({
    externalId: issues.required(info.uid, ['finding_info', 'uid']),
    source: source(metadata),
    detectionSource: detectionSource(metadata, analytic),
    title: issues.required(info.title, ['finding_info', 'title']),
    description: str(info.desc) ?? str(finding.message),
    type: strings(info.types)[0] ?? str(analytic.name),
    severity: severity(finding, issues),
    ...attackFields(issues.objects(info.attacks, ['finding_info', 'attacks'])),
    ...activityWindow(finding, info, issues),
    status: status(finding),
    lastUpdatedAt: issues.time(info.modified_time, ['finding_info', 'modified_time']),
    entities: uniqueEntities(artifacts.flatMap(artifactEntities)),
    raw: input,
  });
  issues.throwIfAny();
  return mapped;
};
