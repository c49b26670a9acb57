import { ALERT_STATUSES, type AlertStatus, type Severity } from '../../domain/alert.js';
import { type AlertAdapter, looseEnum } from './adapter.js';
import {
  cloudAppEntity,
  compact,
  entity,
  hash,
  Issues,
  joinPath,
  type Json,
  nonNegativeInt,
  record,
  requireObject,
  roles,
  severityWord,
  str,
  strings,
  uniqueEntities,
  uniqueTechniques,
} from './evidence.js';

/** Microsoft Graph security API `alert` (alerts_v2) → native alert. */

const SOURCES: Record<string, string> = {
  microsoft_defender_for_endpoint: 'endpoint',
  microsoft_defender_for_identity: 'identity',
  microsoft_defender_for_office365: 'email',
  microsoft_defender_for_cloud_apps: 'cloudapp',
  azure_ad_identity_protection: 'identity',
  microsoft_sentinel: 'sentinel',
  microsoft_defender_xdr: 'xdr',
  // The product's former name, still sent by older tenants.
  microsoft365defender: 'xdr',
};

function source(value: unknown): string {
  const loose = looseEnum(str(value));
  return SOURCES[loose] ?? (loose || 'msgraph');
}

function severity(value: unknown, issues: Issues): Severity | undefined {
  const loose = looseEnum(str(value));
  // Graph sends `unknown` (and the enum sentinel `unknownFutureValue`) when the detector sets no severity.
  if (loose === 'unknown' || loose === 'unknown_future_value') return 'informational';
  return severityWord(value) ?? issues.add(['severity'], 'must be one of informational, low, medium, high or unknown');
}

/** Graph's `new`, `inProgress`, `resolved`; `unknown` and values added later leave the status unsaid. */
function status(value: unknown): AlertStatus | undefined {
  const loose = looseEnum(str(value));
  return (ALERT_STATUSES as readonly string[]).includes(loose) ? (loose as AlertStatus) : undefined;
}

function userEntity(account: Json, evidenceRoles?: string[]): Json | undefined {
  return entity('user', {
    upn: str(account.userPrincipalName),
    sid: str(account.userSid),
    aadObjectId: str(account.azureAdUserId),
    accountName: str(account.accountName),
    domain: str(account.domainName),
    roles: evidenceRoles,
  });
}

function deviceEntity(e: Json, r?: string[]): Json | undefined {
  return entity('device', {
    deviceId: str(e.mdeDeviceId),
    hostname: str(e.deviceDnsName) ?? str(e.hostName),
    aadDeviceId: str(e.azureAdDeviceId),
    os: str(e.osPlatform),
    deviceGroup: str(e.rbacGroupName),
    ips: strings(e.ipInterfaces)
      .filter((ip) => ip.length <= 64)
      .slice(0, 50),
    loggedOnUsers: loggedOnUsers(e.loggedOnUsers),
    roles: r,
  });
}

/** `loggedOnUsers` (accountName, domainName): who was signed in to the device when the detector saw it. */
function loggedOnUsers(v: unknown): Json[] {
  return (Array.isArray(v) ? v : [])
    .map((u) => compact({ accountName: str(record(u).accountName), domain: str(record(u).domainName) }))
    .filter((u) => u.accountName !== undefined)
    .slice(0, 20);
}

function fileEntity(e: Json, r?: string[]): Json | undefined {
  return fileDetailsEntity(record(e.fileDetails), r);
}

function fileDetailsEntity(f: Json, r?: string[]): Json | undefined {
  return entity('file', {
    sha256: hash(f.sha256, 'sha256'),
    sha1: hash(f.sha1, 'sha1'),
    md5: hash(f.md5, 'md5'),
    name: str(f.fileName),
    path: joinPath(str(f.filePath), str(f.fileName)),
    roles: r,
  });
}

const imagePath = (v: unknown): string | undefined => joinPath(str(record(v).filePath), str(record(v).fileName));

/**
 * The process, plus its image file (with its hashes) and the account it ran as: a process has no
 * identifier that outlives it, so the alert links to others through the file and the account.
 */
function processEntities(e: Json, r?: string[]): (Json | undefined)[] {
  const process = entity('process', {
    pid: nonNegativeInt(e.processId),
    commandLine: str(e.processCommandLine),
    imageFile: imagePath(e.imageFile),
    parent: imagePath(e.parentProcessImageFile),
    deviceId: str(e.mdeDeviceId),
    roles: r,
  });
  const image = record(e.imageFile);
  const hashed = [image.sha256, image.sha1, image.md5].some((h) => str(h));
  return [process, hashed ? fileDetailsEntity(image) : undefined, userEntity(record(e.userAccount))];
}

/** The mailbox with its owner's UPN and Entra id, and the owner's account as well (its SID and logon name link other alerts). */
function mailboxEntities(e: Json, r?: string[]): (Json | undefined)[] {
  const owner = record(e.userAccount);
  const address = str(e.primaryAddress) ?? str(e.upn) ?? str(owner.userPrincipalName);
  const upn = str(owner.userPrincipalName) ?? str(e.upn);
  const mailbox = entity('mailbox', {
    address,
    displayName: str(e.displayName),
    upn: upn?.toLowerCase() === address?.toLowerCase() ? undefined : upn,
    aadObjectId: str(owner.azureAdUserId),
    roles: r,
  });
  return [mailbox, userEntity(owner, r)];
}

/** The message itself, plus the sender IP and the URLs in its body as entities of their own. */
function messageEntities(e: Json, r?: string[]): (Json | undefined)[] {
  const message = entity('email', {
    networkMessageId: str(e.networkMessageId),
    internetMessageId: str(e.internetMessageId),
    sender: str(record(e.p1Sender).emailAddress) ?? str(record(e.p2Sender).emailAddress),
    recipient: str(e.recipientEmailAddress),
    subject: str(e.subject),
    roles: r,
  });
  const senderIp = entity('ip', { address: str(e.senderIp) });
  return [message, senderIp, ...strings(e.urls).map((url) => entity('url', { url }))];
}

function registryEntity(e: Json, r?: string[]): Json | undefined {
  return entity('registry', {
    hive: str(e.registryHive),
    key: str(e.registryKey),
    valueName: str(e.registryValueName),
    valueData: str(e.registryValue),
    roles: r,
  });
}

const cloudApp = (e: Json, r?: string[]): Json | undefined =>
  cloudAppEntity(str(e.appId), str(e.displayName) ?? str(e.instanceName), { roles: r });

type EvidenceMapper = (e: Json, r?: string[]) => Json | undefined | (Json | undefined)[];

const EVIDENCE: Record<string, EvidenceMapper> = {
  deviceevidence: deviceEntity,
  userevidence: (e, r) => userEntity(record(e.userAccount), r),
  ipevidence: (e, r) => entity('ip', { address: str(e.ipAddress), roles: r }),
  urlevidence: (e, r) => entity('url', { url: str(e.url), roles: r }),
  fileevidence: fileEntity,
  processevidence: processEntities,
  mailboxevidence: mailboxEntities,
  analyzedmessageevidence: messageEntities,
  registrykeyevidence: registryEntity,
  registryvalueevidence: registryEntity,
  cloudapplicationevidence: cloudApp,
};

/** `#microsoft.graph.security.deviceEvidence`, `deviceEvidence`, `DeviceEvidence` → `deviceevidence`. */
const evidenceKind = (e: Json): string => (str(e['@odata.type']) ?? '').split('.').pop()!.replace(/^#/, '').toLowerCase();

function evidenceEntities(e: Json): (Json | undefined)[] {
  const mapper = EVIDENCE[evidenceKind(e)];
  if (!mapper) return [];
  const mapped = mapper(e, roles(e.roles));
  return Array.isArray(mapped) ? mapped : [mapped];
}

export const fromMsGraph: AlertAdapter = (input) => {
  const alert = requireObject(input, 'a Microsoft Graph security alert');
  const issues = new Issues();
  const externalId = issues.required(alert.id, ['id']);
  const title = issues.required(alert.title, ['title']);
  const mapped = compact({
    externalId,
    source: source(alert.serviceSource),
    detectionSource: str(alert.detectionSource),
    title,
    description: str(alert.description),
    type: str(alert.alertPolicyId) ?? str(alert.detectorId) ?? title,
    severity: severity(alert.severity, issues),
    category: str(alert.category),
    mitreTechniques: uniqueTechniques(strings(alert.mitreTechniques)),
    firstActivityAt: issues.time(alert.firstActivityDateTime, ['firstActivityDateTime']),
    lastActivityAt: issues.time(alert.lastActivityDateTime, ['lastActivityDateTime']),
    status: status(alert.status),
    lastUpdatedAt: issues.time(alert.lastUpdateDateTime, ['lastUpdateDateTime']),
    entities: uniqueEntities(issues.objects(alert.evidence, ['evidence']).flatMap(evidenceEntities)),
    raw: input,
  });
  issues.throwIfAny();
  return mapped;
};
