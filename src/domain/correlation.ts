import ipaddr from 'ipaddr.js';
import { z } from 'zod';
import { ENTITY_TYPES } from './alert.js';

/**
 * The kinds of correlation key, by the prefix every key starts with (`user:upn:alice@contoso.com`
 * is a `user:upn` key). A settings switch turns one kind off without touching the entity's other keys.
 */
export const KEY_TYPES = [
  'device:id',
  'device:aad',
  'device:host',
  'user:upn',
  'user:sid',
  'user:aad',
  'user:name',
  'mailbox',
  'ip',
  'url',
  'host',
  'domain',
  'file:sha256',
  'file:sha1',
  'file:md5',
  'email',
  'registry',
  'cloudapp:id',
  'cloudapp:name',
  /**
   * The vendor's own grouping, `vendor:incident:<source>:<incident id>`: alerts a Defender XDR
   * incident holds, from a source that takes that grouping as a hint (`useVendorGrouping`).
   */
  'vendor:incident',
] as const;
export type KeyType = (typeof KEY_TYPES)[number];

/** The key of the vendor incident an alert came in (`vendor_group` is `<source>:<incident id>`). */
export const vendorIncidentKey = (vendorGroup: string) => `vendor:incident:${vendorGroup}`;

/** The kind of a correlation key: the longest key type it starts with. */
export function keyTypeOf(key: string): KeyType | undefined {
  let best: KeyType | undefined;
  for (const t of KEY_TYPES) if (key.startsWith(`${t}:`) && (!best || t.length > best.length)) best = t;
  return best;
}

/** What a key identifies, without its kind (`user:upn:alice@contoso.com` → `alice@contoso.com`). */
export function keyValue(key: string): string {
  const t = keyTypeOf(key);
  return t ? key.slice(t.length + 1) : key;
}

const entityType = z.enum(ENTITY_TYPES as [string, ...string[]]);
const ignoreValue = z.string().trim().min(1).max(1024);
const ignoreRule = z
  .strictObject({
    /** Identifiers never used to correlate (an IP, a UPN, a hash, a host), compared without case. */
    values: z.array(ignoreValue).max(1000).default([]),
    /** The same with `*` standing for any run of characters (`svc-*@contoso.com`, `10.0.0.*`). */
    patterns: z.array(ignoreValue).max(200).default([]),
  })
  .default({ values: [], patterns: [] });

/** Correlation settings (GET/PUT /api/v1/correlation/settings); what is left out takes the environment's value. */
const settingsFields = z.strictObject({
  windowHours: z.number().positive().max(720),
  prevalenceLimit: z.number().int().min(1).max(1_000_000),
  mergeCap: z.number().int().min(2).max(100_000),
  /** Correlation keys never used, as the engine writes them (`ip:10.0.0.5`), or a prefix ending in `*` (`user:upn:svc-*`). */
  ignoreKeys: z.array(z.string().trim().min(1).max(1024)).max(1000),
  /** Per entity type, identifiers or patterns never used. */
  ignore: z.partialRecord(entityType, ignoreRule),
  disabledEntityTypes: z.array(entityType).max(ENTITY_TYPES.length),
  disabledKeyTypes: z.array(z.enum(KEY_TYPES)).max(KEY_TYPES.length),
  weakLinks: z.strictObject({
    proximityMinutes: z.number().positive().max(43_200),
    estateLimit: z.number().int().min(2).max(1_000_000),
    estateLookbackDays: z.number().positive().max(365),
  }),
});

function checkSettings(s: Partial<z.output<typeof settingsFields>>, ctx: z.RefinementCtx): void {
  (s.ignore?.ip?.values ?? []).forEach((v, i) => {
    if (!ipaddr.isValid(v.replace(/^\[|\]$/g, '')))
      ctx.addIssue({ code: 'custom', path: ['ignore', 'ip', 'values', i], message: `'${v}' is not an IP address` });
  });
  (s.ignoreKeys ?? []).forEach((k, i) => {
    if (!keyTypeOf(k.replace(/\*$/, '')) && !k.endsWith('*'))
      ctx.addIssue({
        code: 'custom',
        path: ['ignoreKeys', i],
        message: `'${k}' is not a correlation key (e.g. ip:10.0.0.5, user:upn:svc-*)`,
      });
  });
}

/** Correlation settings (GET/PUT /api/v1/correlation/settings). */
export const correlationSettingsSchema = settingsFields.superRefine(checkSettings);
export type CorrelationSettings = z.output<typeof correlationSettingsSchema>;

/** A PUT body: every field optional, a missing one takes the environment's value. */
export const correlationSettingsInputSchema = settingsFields.partial().superRefine(checkSettings);
export type CorrelationSettingsInput = z.output<typeof correlationSettingsInputSchema>;

/** What analysts did that disagreed with correlation. */
export const FEEDBACK_KINDS = ['alert_moved_out', 'incidents_merged'] as const;
export type FeedbackKind = (typeof FEEDBACK_KINDS)[number];

/** Tuning changes derived from analysts' corrections. */
export const PROPOSAL_KINDS = ['ignore_key', 'disable_key_type', 'stop_ignoring_key', 'enable_key_type', 'enable_entity_type'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];
export const PROPOSAL_STATUSES = ['open', 'accepted', 'dismissed'] as const;
export type ProposalStatus = (typeof PROPOSAL_STATUSES)[number];
