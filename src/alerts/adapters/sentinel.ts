import { type AlertStatus, SEVERITIES, type Severity } from '../../domain/alert.js';
import { type AlertAdapter, looseEnum } from './adapter.js';
import {
  cloudAppEntity,
  type HashAlgorithm,
  isHashAlgorithm,
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
  roles,
  str,
  strings,
  uniqueEntities,
  uniqueTechniques,
} from './evidence.js';

/** Microsoft Sentinel `SecurityAlert` row (column name → value) → native alert. */

const loose = (s: string | undefined): string => (s ?? '').toLowerCase().replace(/[^a-z0-9]/g, '');

/** Lookup by vendor-supplied text: `constructor` must not find Object.prototype's. */
const own = <T>(table: Record<string, T>, key: string): T | undefined => (Object.hasOwn(table, key) ? table[key] : undefined);

/** Product names (current and former) and provider codes, in their `loose` spelling. */
const SOURCES: Record<string, string> = {
  microsoftdefenderforendpoint: 'endpoint',
  microsoftdefenderadvancedthreatprotection: 'endpoint',
  mdatp: 'endpoint',
  azureactivedirectoryidentityprotection: 'identity',
  microsoftentraidprotection: 'identity',
  ipc: 'identity',
  microsoftdefenderforoffice365: 'email',
  office365advancedthreatprotection: 'email',
  oatp: 'email',
  microsoftdefenderforcloudapps: 'cloudapp',
  microsoftcloudappsecurity: 'cloudapp',
  mcas: 'cloudapp',
  microsoftdefenderforidentity: 'identity',
  azureadvancedthreatprotection: 'identity',
  azureatp: 'identity',
  microsoft365defender: 'xdr',
  microsoftdefenderxdr: 'xdr',
  microsoftxdr: 'xdr',
  microsoftthreatprotection: 'xdr',
  azuresentinel: 'sentinel',
  microsoftsentinel: 'sentinel',
};

function source(row: Json): string {
  const product = str(row.ProductName);
  const provider = str(row.ProviderName);
  return own(SOURCES, loose(product)) ?? own(SOURCES, loose(provider)) ?? (product ?? provider ?? 'sentinel').toLowerCase();
}

function severity(value: unknown, issues: Issues): Severity | undefined {
  const word = str(value)?.toLowerCase();
  if ((SEVERITIES as readonly string[]).includes(word ?? '')) return word as Severity;
  return issues.add(['AlertSeverity'], 'must be one of Informational, Low, Medium or High');
}

/** A column that holds JSON text (or, from some exports, the already parsed value). */
function jsonColumn(row: Json, column: string, issues: Issues): unknown {
  const v = row[column];
  if (typeof v !== 'string') return v;
  if (v.trim() === '') return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return issues.add([column], 'must be valid JSON');
  }
}

/** `["A","B"]`, `A, B` or `A;B` → `['A', 'B']`; Sentinel writes both shapes into the same columns. */
function list(v: unknown): string[] {
  let values: unknown = v;
  if (typeof v === 'string' && v.trim().startsWith('[')) {
    try {
      values = JSON.parse(v);
    } catch {
      values = v;
    }
  }
  const items = Array.isArray(values) ? values : typeof values === 'string' ? values.split(/[,;]/) : [];
  return strings(items);
}

function category(row: Json, extended: Json): string | undefined {
  // `Unknown` is how Sentinel says "no tactic".
  const tactic = list(row.Tactics).find((t) => t.toLowerCase() !== 'unknown');
  return tactic ?? str(extended['MicrosoftDefenderAtp.Category']) ?? str(extended.Category);
}

/** Sentinel serialises shared objects once (`$id`) and points at them elsewhere (`{"$ref": id}`). */
class EntityGraph {
  private readonly byId = new Map<string, Json>();

  constructor(roots: unknown[]) {
    this.index(roots);
  }

  private index(v: unknown): void {
    if (Array.isArray(v)) v.forEach((x) => this.index(x));
    if (!isRecord(v)) return;
    const id = str(v.$id);
    if (id !== undefined && v.$ref === undefined && !this.byId.has(id)) this.byId.set(id, v);
    Object.values(v).forEach((x) => this.index(x));
  }

  /** The object a value stands for, following a `$ref`; undefined for dangling references and non-objects. */
  deref(v: unknown): Json | undefined {
    if (!isRecord(v)) return undefined;
    const ref = str(v.$ref);
    return ref === undefined ? v : this.byId.get(ref);
  }

  field(v: unknown, key: string): Json {
    return record(this.deref(this.deref(v)?.[key]));
  }
}

const kind = (e: Json): string => loose(str(e.Type));

function hashOf(h: Json): { algorithm: HashAlgorithm; value: string } | undefined {
  const algorithm = loose(str(h.Algorithm));
  if (!isHashAlgorithm(algorithm)) return undefined;
  const value = hash(h.Value, algorithm);
  return value ? { algorithm, value } : undefined;
}

function fileHashes(file: Json, graph: EntityGraph): Partial<Record<HashAlgorithm, string>> {
  const out: Partial<Record<HashAlgorithm, string>> = {};
  for (const item of Array.isArray(file.FileHashes) ? file.FileHashes : []) {
    const h = hashOf(record(graph.deref(item)));
    if (h && !out[h.algorithm]) out[h.algorithm] = h.value;
  }
  return out;
}

type Mapper = (e: Json, graph: EntityGraph) => Json | undefined;

function deviceEntity(e: Json): Json | undefined {
  const os = [str(e.OSFamily), str(e.OSVersion)].filter(Boolean).join(' ');
  return entity('device', {
    hostname: str(e.HostName) ?? str(e.FQDN),
    deviceId: str(e.MdatpDeviceId),
    aadDeviceId: str(e.AadDeviceId) ?? str(e.AzureID),
    os: os || undefined,
  });
}

function userEntity(e: Json): Json | undefined {
  const name = str(e.Name);
  const suffix = str(e.UPNSuffix);
  const built = name && suffix ? `${name}@${suffix}` : undefined;
  return entity('user', {
    upn: str(e.UserPrincipalName) ?? (looksLikeUpn(built) ? built : undefined),
    sid: str(e.Sid),
    aadObjectId: str(e.AadUserId),
    // Defender XDR puts the display name into `Name` and the logon name into `AccountName`.
    accountName: str(e.AccountName) ?? name,
    domain: str(e.NTDomain) ?? str(e.DomainName),
  });
}

function fileEntity(e: Json, graph: EntityGraph): Json | undefined {
  return entity('file', { ...fileHashes(e, graph), name: str(e.Name), path: str(e.Directory) });
}

function processEntity(e: Json, graph: EntityGraph): Json | undefined {
  return entity('process', {
    pid: nonNegativeInt(e.ProcessId),
    commandLine: str(e.CommandLine),
    imageFile: str(graph.field(e, 'ImageFile').Name),
  });
}

function emailEntity(e: Json): Json | undefined {
  return entity('email', {
    networkMessageId: str(e.NetworkMessageId),
    internetMessageId: str(e.InternetMessageId),
    sender: str(e.Sender) ?? str(e.P1Sender),
    recipient: str(e.Recipient),
    subject: str(e.Subject),
  });
}

function registryKeyEntity(e: Json): Json | undefined {
  return entity('registry', { hive: str(e.Hive), key: str(e.Key) });
}

function registryValueEntity(e: Json, graph: EntityGraph): Json | undefined {
  const key = graph.field(e, 'Key');
  return entity('registry', { hive: str(key.Hive), key: str(key.Key), valueName: str(e.Name), valueData: str(e.Value) });
}

const cloudApp = (e: Json): Json | undefined => cloudAppEntity(str(e.AppId), str(e.Name));

function hashOnlyEntity(e: Json): Json | undefined {
  const h = hashOf(e);
  return h && entity('file', { [h.algorithm]: h.value });
}

const MAPPERS: Record<string, Mapper> = {
  host: deviceEntity,
  account: userEntity,
  ip: (e) => entity('ip', { address: str(e.Address) }),
  url: (e) => entity('url', { url: str(e.Url) }),
  file: fileEntity,
  filehash: hashOnlyEntity,
  process: processEntity,
  // The owner's UPN and Entra id (`ExternalDirectoryObjectId`) link the mailbox to alerts about the account.
  mailbox: (e) =>
    entity('mailbox', {
      address: str(e.MailboxPrimaryAddress) ?? str(e.Upn),
      displayName: str(e.DisplayName),
      upn: str(e.Upn)?.toLowerCase() === str(e.MailboxPrimaryAddress)?.toLowerCase() ? undefined : str(e.Upn),
      aadObjectId: str(e.ExternalDirectoryObjectId),
    }),
  mailmessage: emailEntity,
  registrykey: registryKeyEntity,
  registryvalue: registryValueEntity,
  cloudapplication: cloudApp,
};

const hashKey = (h: { algorithm: string; value: string }): string => `${h.algorithm}:${h.value}`;

/** Hashes that a listed file already carries: Sentinel lists them again as entities of their own. */
function hashesOfFiles(items: Json[], graph: EntityGraph): Set<string> {
  const covered = new Set<string>();
  for (const f of items.filter((e) => kind(e) === 'file')) {
    for (const [algorithm, value] of Object.entries(fileHashes(f, graph))) covered.add(hashKey({ algorithm, value }));
  }
  return covered;
}

function coveredHash(e: Json, covered: Set<string>): boolean {
  const h = kind(e) === 'filehash' ? hashOf(e) : undefined;
  return h !== undefined && covered.has(hashKey(h));
}

function entitiesOf(value: unknown, issues: Issues): Json[] {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) return issues.add(['Entities'], 'must be a JSON array') ?? [];
  const graph = new EntityGraph(value);
  // Every entity of the alert is listed at the top level, inline or as a reference: resolve, then keep each object once.
  const items = [...new Set(value.map((v) => graph.deref(v)).filter((e): e is Json => e !== undefined))];
  const covered = hashesOfFiles(items, graph);
  return uniqueEntities(
    items
      .filter((e) => !coveredHash(e, covered))
      .map((e) => {
        const mapped = own(MAPPERS, kind(e))?.(e, graph);
        const r = roles(e.Roles);
        return mapped && r ? { ...mapped, roles: r } : mapped;
      }),
  );
}

/** The alert's lifecycle in `Status` (`New`, `InProgress`, `Resolved`, `Dismissed`); `Unknown` leaves it unsaid. */
const STATUSES: Record<string, AlertStatus> = { new: 'new', in_progress: 'in_progress', resolved: 'resolved', dismissed: 'resolved' };

export const fromSentinel: AlertAdapter = (input) => {
  const row = requireObject(input, 'a Microsoft Sentinel SecurityAlert row');
  const issues = new Issues();
  const externalId = issues.required(row.SystemAlertId, ['SystemAlertId']);
  const title = str(row.DisplayName) ?? issues.required(row.AlertName, ['DisplayName']);
  const extended = jsonColumn(row, 'ExtendedProperties', issues);
  if (extended !== undefined && !isRecord(extended)) issues.add(['ExtendedProperties'], 'must be a JSON object');
  const ext = record(extended);
  const mapped = compact({
    externalId,
    source: source(row),
    detectionSource: str(ext.DetectionSource) ?? str(row.ProductComponentName) ?? str(row.ProviderName),
    title,
    description: str(row.Description),
    type: str(row.AlertType) ?? title,
    severity: severity(row.AlertSeverity, issues),
    category: category(row, ext),
    mitreTechniques: uniqueTechniques([...list(row.Techniques), ...list(row.SubTechniques)]),
    firstActivityAt: issues.time(row.StartTime, ['StartTime']),
    lastActivityAt: issues.time(row.EndTime, ['EndTime']),
    status: own(STATUSES, looseEnum(str(row.Status))),
    // A change to a Sentinel alert is written as a new SecurityAlert row: its TimeGenerated is when the alert last changed.
    lastUpdatedAt: issues.time(row.TimeGenerated, ['TimeGenerated']),
    entities: entitiesOf(jsonColumn(row, 'Entities', issues), issues),
    raw: input,
  });
  issues.throwIfAny();
  return mapped;
};
