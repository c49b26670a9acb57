import { createHash } from 'node:crypto';
import ipaddr from 'ipaddr.js';
import { parse as parseDomain } from 'tldts';
import type { Entity } from '../domain/alert.js';
import { keyTypeOf, keyValue } from '../domain/correlation.js';

/** Well-known accounts that every Windows machine has: they say nothing about one attack. */
const SYSTEM_SIDS = new Set(['S-1-5-18', 'S-1-5-19', 'S-1-5-20', 'S-1-5-7', 'S-1-0-0']);
const SYSTEM_ACCOUNTS = new Set(['system', 'local service', 'network service', 'localsystem', 'anonymous logon', 'nt authority\\system']);

export interface KeyedEntity {
  key: string;
  entityIndex: number;
}
export interface SkippedKey {
  key: string;
  reason: string;
}
export interface AlertKeys {
  keys: KeyedEntity[];
  /**
   * Keys the alert points at without naming them as its own: the accounts logged on to its
   * devices. They are looked up as weak evidence but never recorded on the incident.
   */
  links: KeyedEntity[];
  /** Per identity entity (user, device, mailbox), its keys: identifiers one alert says belong together. */
  aliasGroups: string[][];
  skipped: SkippedKey[];
}

export interface KeyPolicy {
  ignore: string[];
  disabledEntityTypes: string[];
  /** Kinds of key switched off (`user:name`, `domain`): see KEY_TYPES. */
  disabledKeyTypes?: readonly string[];
  /** Per entity type, identifiers (lower-case, canonical IPs) and patterns never used. */
  ignoreByType?: Partial<Record<string, IgnoreMatcher>>;
}

export interface IgnoreMatcher {
  values: Set<string>;
  patterns: { source: string; re: RegExp }[];
}

/** Compiles the settings' ignore lists of one entity type: `*` stands for any run of characters. */
export function ignoreMatcher(type: string, rule: { values: string[]; patterns: string[] }): IgnoreMatcher {
  const norm = (v: string) => (type === 'ip' ? (canonicalIp(v) ?? lower(v)) : lower(v));
  return {
    values: new Set(rule.values.map(norm)),
    patterns: rule.patterns.map((p) => ({
      source: p,
      re: new RegExp(
        `^${lower(p)
          .split('*')
          .map((part) => part.replace(/[.+?^${}()|[\]\\]/g, '\\$&'))
          .join('.*')}$`,
      ),
    })),
  };
}

function ignoredByType(key: string, m: IgnoreMatcher | undefined): string | undefined {
  if (!m) return undefined;
  const value = keyValue(key).toLowerCase();
  if (m.values.has(value)) return 'on the ignore list of its entity type';
  const hit = m.patterns.find((p) => p.re.test(value));
  return hit ? `matches the ignore pattern ${hit.source}` : undefined;
}

const lower = (s: string) => s.trim().toLowerCase();

/** Text that may be an address in one of the forms ipaddr.js reads (hex, octal, IPv6 with a zone): anything else is not one, without parsing. */
const MAYBE_IP = /^[0-9a-fx.:]+$|%/i;

/** `WS-01.contoso.local` → `ws-01`: detectors disagree on whether to send the FQDN. */
export function shortHost(host: string): string {
  const h = lower(host);
  return MAYBE_IP.test(h) && ipaddr.isValid(h) ? h : h.split('.')[0];
}

export function canonicalIp(address: string): string | undefined {
  const a = address
    .trim()
    .replace(/^\[|\]$/g, '')
    .split('%')[0];
  if (!ipaddr.isValid(a)) return undefined;
  let parsed = ipaddr.parse(a);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress()) {
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  }
  return parsed.toString();
}

function ipExclusion(canonical: string): string | undefined {
  const range = ipaddr.parse(canonical).range();
  if (range === 'loopback') return 'loopback address';
  if (range === 'unspecified') return 'unspecified address';
  if (range === 'broadcast') return 'broadcast address';
  return undefined;
}

export function normaliseUrl(raw: string): string {
  const trimmed = raw.trim();
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`);
    u.hash = '';
    const path = u.pathname === '/' ? '' : u.pathname.replace(/\/+$/, '');
    // http and https of the same resource are one key: phishing links switch between them.
    return `${u.host.toLowerCase()}${path}${u.search}`;
  } catch {
    return lower(trimmed);
  }
}

/**
 * A URL yields three keys from specific to broad: the URL itself, its host, and its registrable
 * domain by the Public Suffix List (private suffixes included, so two tenants of one hosting
 * service stay apart). Attackers spread one operation over sub-domains of one domain; the broad
 * keys are weak evidence, judged with the rest (see correlation.decision.ts).
 */
function urlKeys(raw: string): { key: string; excluded?: string }[] {
  const out: { key: string; excluded?: string }[] = [{ key: `url:${normaliseUrl(raw)}` }];
  const parsed = parseDomain(raw.trim(), { allowPrivateDomains: true });
  if (parsed.isIp || !parsed.hostname) return out;
  const host = parsed.hostname.toLowerCase();
  out.push({ key: `host:${host}` });
  if (parsed.domain && parsed.domain !== host) out.push({ key: `domain:${parsed.domain.toLowerCase()}` });
  return out;
}

/** The user keys of an account logged on to a device (as a user entity would yield them). */
function loggedOnUserKeys(u: { accountName?: string; domain?: string; sid?: string; upn?: string }): { key: string; excluded?: string }[] {
  return entityKeys({ type: 'user', ...u } as Entity);
}

/** Every identifier an entity carries, as normalised correlation keys (with an exclusion reason when excluded). */
export function entityKeys(e: Entity): { key: string; excluded?: string }[] {
  switch (e.type) {
    case 'device':
      return [
        e.deviceId && { key: `device:id:${lower(e.deviceId)}` },
        e.aadDeviceId && { key: `device:aad:${lower(e.aadDeviceId)}` },
        e.hostname && {
          key: `device:host:${shortHost(e.hostname)}`,
          excluded: shortHost(e.hostname) === 'localhost' ? 'well-known host name' : undefined,
        },
      ].filter(Boolean) as { key: string; excluded?: string }[];
    case 'user': {
      const out: { key: string; excluded?: string }[] = [];
      const name = e.accountName ? lower(e.accountName) : undefined;
      const systemName = name && (SYSTEM_ACCOUNTS.has(name) || SYSTEM_ACCOUNTS.has(`${lower(e.domain ?? '')}\\${name}`));
      const systemSid = e.sid && SYSTEM_SIDS.has(e.sid.trim().toUpperCase());
      const excluded = systemName || systemSid ? 'well-known system account' : undefined;
      if (e.upn) out.push({ key: `user:upn:${lower(e.upn)}`, excluded });
      if (e.sid) out.push({ key: `user:sid:${e.sid.trim().toUpperCase()}`, excluded });
      if (e.aadObjectId) out.push({ key: `user:aad:${lower(e.aadObjectId)}`, excluded });
      // A bare account name is weak evidence; only used with its domain, or when it is all there is.
      if (name && (e.domain || out.length === 0)) {
        out.push({ key: `user:name:${e.domain ? `${lower(e.domain).split('.')[0]}\\` : ''}${name}`, excluded });
      }
      return out;
    }
    case 'mailbox':
      // A mailbox is its owner's UPN in nearly every tenant: that links e-mail alerts to identity alerts;
      // where the detector names the owner, the owner's own identifiers link too.
      return [
        { key: `mailbox:${lower(e.address)}` },
        { key: `user:upn:${lower(e.address)}` },
        e.upn && { key: `user:upn:${lower(e.upn)}` },
        e.aadObjectId && { key: `user:aad:${lower(e.aadObjectId)}` },
      ].filter(Boolean) as { key: string }[];
    case 'ip': {
      const c = canonicalIp(e.address);
      if (!c) return [{ key: `ip:${lower(e.address)}`, excluded: 'not an IP address' }];
      return [{ key: `ip:${c}`, excluded: ipExclusion(c) }];
    }
    case 'url':
      return urlKeys(e.url);
    case 'file':
      return [
        e.sha256 && { key: `file:sha256:${lower(e.sha256)}` },
        e.sha1 && { key: `file:sha1:${lower(e.sha1)}` },
        e.md5 && { key: `file:md5:${lower(e.md5)}` },
      ].filter(Boolean) as { key: string }[];
    case 'email':
      return [{ key: `email:${lower(e.networkMessageId)}` }];
    case 'registry':
      return [{ key: `registry:${lower([e.hive, e.key, e.valueName].filter(Boolean).join('\\'))}` }];
    case 'cloudApp':
      return [{ key: e.appId ? `cloudapp:id:${lower(e.appId)}` : `cloudapp:name:${lower(e.name)}` }];
    case 'process':
      // Process ids and command lines are per device and per run: no key of their own.
      return [];
  }
}

function ignored(key: string, patterns: string[]): boolean {
  return patterns.some((p) => (p.endsWith('*') ? key.startsWith(p.slice(0, -1).toLowerCase()) : key === p.toLowerCase()));
}

/** The correlation keys of an alert's entities, de-duplicated, with the reason for each one left out. */
export function alertKeys(entities: Entity[], policy: KeyPolicy): AlertKeys {
  const keys = new Map<string, KeyedEntity>();
  const links = new Map<string, KeyedEntity>();
  const skipped = new Map<string, SkippedKey>();
  const aliasGroups: string[][] = [];
  const usable = (type: string, key: string, excluded: string | undefined): boolean => {
    if (keys.has(key) || skipped.has(key)) return keys.has(key);
    const ignoredHere = ignoredByType(key, policy.ignoreByType?.[type]);
    if (policy.disabledEntityTypes.includes(type)) skipped.set(key, { key, reason: `entity type ${type} is switched off` });
    else if (excluded) skipped.set(key, { key, reason: excluded });
    else if (ignored(key, policy.ignore)) skipped.set(key, { key, reason: 'on the configured ignore list' });
    else if (policy.disabledKeyTypes?.includes(keyTypeOf(key) ?? ''))
      skipped.set(key, { key, reason: `key type ${keyTypeOf(key)} is switched off` });
    else if (ignoredHere) skipped.set(key, { key, reason: ignoredHere });
    else return true;
    return false;
  };
  entities.forEach((entity, entityIndex) => {
    const own: string[] = [];
    for (const { key, excluded } of entityKeys(entity)) {
      if (!usable(entity.type, key, excluded)) continue;
      if (!keys.has(key)) keys.set(key, { key, entityIndex });
      own.push(key);
    }
    if (IDENTITY_TYPES.has(entity.type) && own.length > 1) aliasGroups.push(own);
    if (entity.type !== 'device') return;
    for (const user of entity.loggedOnUsers ?? []) {
      for (const { key, excluded } of loggedOnUserKeys(user)) {
        if (!keys.has(key) && !links.has(key) && usable('user', key, excluded)) links.set(key, { key, entityIndex });
      }
    }
  });
  // A cloud app and the web site it is reached at are one service, so one piece of evidence: a URL
  // whose registrable domain is named after an app of the alert (Dropbox at dropbox.com) counts as that app.
  entities.forEach((app, appIndex) => {
    if (app.type !== 'cloudApp' || !app.name) return;
    const name = app.name.toLowerCase().replace(/[^a-z0-9]/g, '');
    entities.forEach((e, i) => {
      if (e.type !== 'url' || parseDomain(e.url.trim()).domainWithoutSuffix?.replace(/[^a-z0-9]/g, '') !== name) return;
      for (const k of keys.values()) if (k.entityIndex === i) k.entityIndex = appIndex;
    });
  });
  return {
    keys: [...keys.values()],
    links: [...links.values()].filter((l) => !keys.has(l.key)),
    aliasGroups,
    skipped: [...skipped.values()],
  };
}

/** Entities whose identifiers name one thing (an account, a machine, a mailbox and its owner): their keys are aliases. */
const IDENTITY_TYPES = new Set(['user', 'device', 'mailbox']);

/** The stable key of an entity (evidence, action targets): its first correlation key, else its canonical JSON. */
export function entityKey(entity: Entity): string {
  const first = entityKeys(entity)[0]?.key;
  return first ?? `${entity.type}:${createHash('sha256').update(JSON.stringify(entity)).digest('hex').slice(0, 16)}`;
}
