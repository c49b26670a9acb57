import { z } from 'zod';
import { component, instant } from '../http/api-schemas.js';

/** Response bodies of /api/v1/lab: the rows the lab repository reads, one shape per list. */

const list = <T extends z.ZodType>(id: string, item: T, description: string) =>
  component(id, z.object({ items: z.array(component(id.replace(/List$/, ''), item, description)) }));

export const labSeedSchema = component(
  'LabSeedResult',
  z.object({ seeded: z.record(z.string(), z.number().int().nonnegative()).describe('What was written, by kind') }),
);

export const labDeviceListSchema = list(
  'LabDeviceList',
  z.object({
    deviceId: z.string(),
    hostname: z.string(),
    os: z.string().nullable(),
    deviceGroup: z.string(),
    risk: z.string(),
    isolated: z.boolean(),
    appRestricted: z.boolean(),
    loggedOnUsers: z.array(z.string()),
    ips: z.array(z.string()),
    lastSeenAt: instant,
    avScans: z.number().int().nonnegative(),
    packagesCollected: z.number().int().nonnegative(),
  }),
  'A device of the simulated estate',
);
export const labUserListSchema = list(
  'LabUserList',
  z.object({
    upn: z.string(),
    displayName: z.string().nullable(),
    aadObjectId: z.string().nullable(),
    sid: z.string().nullable(),
    enabled: z.boolean(),
    isAdmin: z.boolean(),
    groups: z.array(z.string()),
    risk: z.string(),
    compromised: z.boolean(),
    passwordResetAt: instant.nullable(),
    sessionsRevokedAt: instant.nullable(),
  }),
  'An account of the simulated estate',
);
export const labMailboxListSchema = list(
  'LabMailboxList',
  z.object({
    address: z.string(),
    userUpn: z.string().nullable(),
    externalForwarding: z.string().nullable(),
    inboxRules: z.array(z.unknown()),
  }),
  'A mailbox of the simulated estate',
);
export const labMessageListSchema = list(
  'LabMessageList',
  z.object({
    networkMessageId: z.string(),
    internetMessageId: z.string().nullable(),
    mailbox: z.string(),
    sender: z.string(),
    subject: z.string(),
    urls: z.array(z.string()),
    attachmentSha256: z.array(z.string()),
    receivedAt: instant,
    deleted: z.boolean(),
  }),
  'An e-mail message in a lab mailbox',
);
export const labFileListSchema = list(
  'LabFileList',
  z.object({
    deviceId: z.string(),
    hostname: z.string().nullable(),
    sha256: z.string(),
    path: z.string(),
    name: z.string(),
    quarantined: z.boolean(),
  }),
  'A file on a lab device',
);
export const labPersistenceListSchema = list(
  'LabPersistenceList',
  z.object({ deviceId: z.string(), hostname: z.string().nullable(), kind: z.string(), location: z.string(), removed: z.boolean() }),
  'A persistence entry on a lab device',
);
export const labBlockListSchema = list(
  'LabBlockList',
  z.object({ kind: z.enum(['sender', 'url', 'ip']), value: z.string(), createdAt: instant }),
  'A blocked sender, URL or IP address',
);
export const labSigninListSchema = list(
  'LabSigninList',
  z.object({ id: z.string(), upn: z.string(), at: instant, ip: z.string(), country: z.string(), result: z.enum(['success', 'failure']) }),
  'A sign-in',
);
export const labEffectListSchema = list(
  'LabEffectList',
  z.object({
    actionId: z.string(),
    operation: z.string(),
    type: z.string(),
    target: z.string(),
    details: z.record(z.string(), z.unknown()),
    at: instant,
  }),
  'An effect the lab connector carried out',
);

type Items<S extends z.ZodType> = z.output<S> extends { items: (infer I)[] } ? I : never;
export type LabDevice = Items<typeof labDeviceListSchema>;
export type LabUser = Items<typeof labUserListSchema>;
export type LabMailbox = Items<typeof labMailboxListSchema>;
export type LabMessage = Items<typeof labMessageListSchema>;
export type LabFile = Items<typeof labFileListSchema>;
export type LabPersistence = Items<typeof labPersistenceListSchema>;
export type LabBlock = Items<typeof labBlockListSchema>;
export type LabSignin = Items<typeof labSigninListSchema>;
export type LabEffect = Items<typeof labEffectListSchema>;
