import { domainToASCII } from 'node:url';
import { canonicalIp, normaliseUrl } from '../correlation/keys.js';

/** Threat-intelligence vocabularies: what an indicator can be and what it can say. */
export const INDICATOR_TYPES = ['sha256', 'sha1', 'md5', 'url', 'ip', 'domain'] as const;
export type IndicatorType = (typeof INDICATOR_TYPES)[number];
export const INDICATOR_VERDICTS = ['malicious', 'suspicious', 'clean'] as const;
export type IndicatorVerdict = (typeof INDICATOR_VERDICTS)[number];

const HASH_LENGTHS = { sha256: 64, sha1: 40, md5: 32 } as const;

/** Either the stored (normalised) form of a value, or why it is not a valid value of its type. */
export type Normalised = { value: string } | { error: string };

/** `Evil.COM.` → `evil.com`; IDNs become punycode so one domain has one spelling. */
export function normaliseDomain(raw: string): string | undefined {
  const ascii = domainToASCII(raw.trim().replace(/\.$/, ''));
  if (!ascii || ascii.length > 253) return undefined;
  const labels = ascii.split('.');
  const labelOk = (l: string) => /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/.test(l);
  // At least a name and a TLD, and a TLD that is not a number (that would be an IP address).
  if (labels.length < 2 || !labels.every(labelOk) || /^\d+$/.test(labels[labels.length - 1])) return undefined;
  return ascii;
}

/** The host a URL points at, lower-case, without port; undefined when it does not parse. */
export function urlHost(raw: string): string | undefined {
  const trimmed = raw.trim();
  try {
    const u = new URL(/^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`);
    return u.hostname.replace(/^\[|\]$/g, '').toLowerCase() || undefined;
  } catch {
    return undefined;
  }
}

function normaliseUrlIndicator(raw: string): Normalised {
  const host = urlHost(raw);
  if (!host || (!canonicalIp(host) && !normaliseDomain(host))) return { error: 'must be a URL with a valid host name or IP address' };
  return { value: normaliseUrl(raw) };
}

/** Validates a value for its indicator type and returns the form it is stored and looked up in. */
export function normaliseIndicator(type: IndicatorType, raw: string): Normalised {
  switch (type) {
    case 'sha256':
    case 'sha1':
    case 'md5': {
      const hash = raw.trim().toLowerCase();
      const length = HASH_LENGTHS[type];
      return new RegExp(`^[0-9a-f]{${length}}$`).test(hash) ? { value: hash } : { error: `must be ${length} hex characters` };
    }
    case 'ip': {
      const ip = canonicalIp(raw);
      return ip ? { value: ip } : { error: 'must be an IPv4 or IPv6 address' };
    }
    case 'domain': {
      const domain = normaliseDomain(raw);
      return domain ? { value: domain } : { error: 'must be a domain name such as example.com' };
    }
    case 'url':
      return normaliseUrlIndicator(raw);
  }
}

/** `a.b.evil.com` → [`a.b.evil.com`, `b.evil.com`, `evil.com`]: intel often lists only the registered domain. */
export function domainAndParents(domain: string): string[] {
  const labels = domain.split('.');
  return labels.slice(0, -1).map((_, i) => labels.slice(i).join('.'));
}
