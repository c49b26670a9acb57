import { z } from 'zod';

/** Shared vocabularies: defined once, used by the API, the engine and the workflows. */
export const SEVERITIES = ['informational', 'low', 'medium', 'high'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

export const ALERT_STATUSES = ['new', 'in_progress', 'resolved'] as const;
export type AlertStatus = (typeof ALERT_STATUSES)[number];

/** MITRE ATT&CK enterprise tactics in kill-chain order, with their display names. */
export const TACTICS = [
  ['Reconnaissance', 'Reconnaissance'],
  ['ResourceDevelopment', 'Resource development'],
  ['InitialAccess', 'Initial access'],
  ['Execution', 'Execution'],
  ['Persistence', 'Persistence'],
  ['PrivilegeEscalation', 'Privilege escalation'],
  ['DefenseEvasion', 'Defense evasion'],
  ['CredentialAccess', 'Credential access'],
  ['Discovery', 'Discovery'],
  ['LateralMovement', 'Lateral movement'],
  ['Collection', 'Collection'],
  ['CommandAndControl', 'Command and control'],
  ['Exfiltration', 'Exfiltration'],
  ['Impact', 'Impact'],
] as const;

const tacticByLoose = new Map<string, string>(
  TACTICS.flatMap(([id, name]) => [
    [id.toLowerCase(), id],
    [name.toLowerCase().replace(/[^a-z]/g, ''), id],
  ]),
);

/** `Initial access`, `InitialAccess`, `initial_access` → `InitialAccess`; unknown values kept as given. */
export function canonicalTactic(value: string): string {
  const loose = value.toLowerCase().replace(/[^a-z]/g, '');
  return tacticByLoose.get(loose) ?? value.trim();
}

export function tacticOrder(tactic: string): number {
  const i = TACTICS.findIndex(([id]) => id === tactic);
  return i < 0 ? TACTICS.length : i;
}

export function tacticName(tactic: string): string {
  return TACTICS.find(([id]) => id === tactic)?.[1] ?? tactic;
}

/** What `cleanText` would change: a zero-width character, white space other than one inner space. */
const UNCLEAN = /[\u200B-\u200D\u2060\uFEFF]|[^\S ]| {2}|^ | $/;

/** Removes zero-width characters and folds runs of white space (detectors pad titles). */
export function cleanText(s: string): string {
  // Most fields are clean already: one test instead of two replaces and a trim, for every string of every alert.
  if (!UNCLEAN.test(s)) return s;
  return s
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const text = (max: number) => z.string().transform(cleanText).pipe(z.string().min(1).max(max));
const optText = (max: number) => z.string().transform(cleanText).pipe(z.string().max(max)).optional();
const roles = z.array(z.string().min(1).max(64)).max(10).optional();

/** An account signed in to a device when the detector saw it (Defender `loggedOnUsers`). */
const loggedOnUser = z.strictObject({
  accountName: optText(256),
  domain: optText(256),
  sid: optText(256),
  upn: optText(320),
});
const device = z.strictObject({
  type: z.literal('device'),
  deviceId: optText(256),
  hostname: optText(256),
  aadDeviceId: optText(256),
  os: optText(128),
  deviceGroup: optText(128),
  ips: z.array(z.string().max(64)).max(50).optional(),
  loggedOnUsers: z.array(loggedOnUser).max(20).optional(),
  roles,
});
const user = z.strictObject({
  type: z.literal('user'),
  upn: optText(320),
  sid: optText(256),
  aadObjectId: optText(64),
  accountName: optText(256),
  domain: optText(256),
  roles,
});
const mailbox = z.strictObject({
  type: z.literal('mailbox'),
  address: text(320),
  displayName: optText(256),
  /** The owner's account, when the detector names it: its UPN need not be the mailbox address. */
  upn: optText(320),
  aadObjectId: optText(64),
  roles,
});
const ip = z.strictObject({ type: z.literal('ip'), address: text(64), roles });
const url = z.strictObject({ type: z.literal('url'), url: text(4096), roles });
const file = z.strictObject({
  type: z.literal('file'),
  sha256: z
    .string()
    .regex(/^[0-9a-fA-F]{64}$/, 'must be 64 hex characters')
    .optional(),
  sha1: z
    .string()
    .regex(/^[0-9a-fA-F]{40}$/, 'must be 40 hex characters')
    .optional(),
  md5: z
    .string()
    .regex(/^[0-9a-fA-F]{32}$/, 'must be 32 hex characters')
    .optional(),
  name: optText(1024),
  path: optText(4096),
  roles,
});
const processEntity = z.strictObject({
  type: z.literal('process'),
  pid: z.number().int().nonnegative().optional(),
  commandLine: optText(32768),
  imageFile: optText(4096),
  parent: optText(4096),
  deviceId: optText(256),
  roles,
});
const email = z.strictObject({
  type: z.literal('email'),
  networkMessageId: text(256),
  internetMessageId: optText(1024),
  sender: optText(320),
  recipient: optText(320),
  subject: optText(1024),
  roles,
});
const registry = z.strictObject({
  type: z.literal('registry'),
  hive: optText(64),
  key: text(2048),
  valueName: optText(1024),
  valueData: optText(4096),
  roles,
});
const cloudApp = z.strictObject({ type: z.literal('cloudApp'), appId: optText(256), name: text(256), roles });

/** Which fields identify each entity type: an entity with none of them is rejected. */
export const IDENTIFIERS: Record<string, string[]> = {
  device: ['deviceId', 'hostname', 'aadDeviceId'],
  user: ['upn', 'sid', 'aadObjectId', 'accountName'],
  mailbox: ['address'],
  ip: ['address'],
  url: ['url'],
  file: ['sha256', 'sha1', 'md5', 'name', 'path'],
  process: ['pid', 'commandLine', 'imageFile'],
  email: ['networkMessageId'],
  registry: ['key'],
  cloudApp: ['appId', 'name'],
};

export const entitySchema = z
  .discriminatedUnion('type', [device, user, mailbox, ip, url, file, processEntity, email, registry, cloudApp])
  .superRefine((e, ctx) => {
    const ids = IDENTIFIERS[e.type];
    if (
      !ids.some((k) => {
        const v = (e as Record<string, unknown>)[k];
        return v !== undefined && v !== '';
      })
    ) {
      ctx.addIssue({ code: 'custom', message: `a ${e.type} entity needs at least one of: ${ids.join(', ')}` });
    }
  });
export type Entity = z.output<typeof entitySchema>;
export const ENTITY_TYPES = Object.keys(IDENTIFIERS);

const isoOrEpoch = z.union([z.iso.datetime({ offset: true }), z.number().int().positive()]).transform((v) => new Date(v).toISOString());

const RAW_LIMIT = 256 * 1024;

export const nativeAlertSchema = z.strictObject({
  externalId: text(256),
  source: text(128),
  detectionSource: optText(128),
  title: text(512),
  description: optText(32768),
  type: optText(256),
  severity: z.enum(SEVERITIES),
  category: optText(128).transform((c) => (c ? canonicalTactic(c) : undefined)),
  mitreTechniques: z
    .array(z.string().regex(/^T\d{4}(\.\d{3})?$/, 'must look like T1234 or T1234.001'))
    .max(100)
    .optional(),
  firstActivityAt: isoOrEpoch.optional(),
  lastActivityAt: isoOrEpoch.optional(),
  status: z.enum(ALERT_STATUSES).optional().describe("The detector's status of the alert; a resend that says resolved resolves it here"),
  lastUpdatedAt: isoOrEpoch
    .optional()
    .describe('When the detector last changed the alert (Graph `lastUpdateDateTime`): a resend with an older one is ignored'),
  entities: z.array(entitySchema).max(200).default([]),
  raw: z
    .unknown()
    .refine((v) => v === undefined || JSON.stringify(v).length <= RAW_LIMIT, `must be at most ${RAW_LIMIT} bytes of JSON`)
    .optional(),
});
export type NativeAlert = z.output<typeof nativeAlertSchema>;
