import { z } from 'zod';

/** Bad arguments to a catalog function: retrying cannot help (the activity marks it non-retryable). */
export class CatalogInputError extends Error {
  override name = 'CatalogInputError';
}

/**
 * The enrichment catalog: functions a playbook step can call with `uses`. Each declares its input
 * (validated when a playbook loads, for literal arguments, and again when the step runs) and the
 * shape of its output (documented for playbook authors; `steps.<id>.output`).
 */
const text = z.string().min(1).max(4096);

export const CATALOG = {
  'device.info': {
    description: 'Device facts from the connector: OS, group, isolation and restriction state, logged-on users, risk.',
    input: z.strictObject({ device: text }),
    output: '{ found, deviceId, hostname, os, deviceGroup, isolated, restricted, loggedOnUsers[], risk }',
  },
  'file.reputation': {
    description: 'Threat-intelligence verdict for a file hash and its prevalence (devices that have it).',
    input: z.strictObject({ sha256: text }),
    output: '{ verdict: malicious|suspicious|clean|unknown, source, prevalence, devices[] }',
  },
  'url.reputation': {
    description: 'Threat-intelligence verdict for a URL (or its domain).',
    input: z.strictObject({ url: text }),
    output: '{ verdict, source, domain }',
  },
  'ip.reputation': {
    description: 'Threat-intelligence verdict for an IP address.',
    input: z.strictObject({ ip: text }),
    output: '{ verdict, source }',
  },
  'domain.reputation': {
    description: 'Threat-intelligence verdict for a domain.',
    input: z.strictObject({ domain: text }),
    output: '{ verdict, source }',
  },
  'user.info': {
    description: 'Account facts: enabled, admin, groups, risk, compromised flag.',
    input: z.strictObject({ user: text }),
    output: '{ found, upn, enabled, isAdmin, groups[], risk, compromised }',
  },
  'user.signins': {
    description: 'Recent sign-ins of a user: time, IP, country, result; with distinct countries and failure counts.',
    input: z.strictObject({ user: text, hours: z.number().int().min(1).max(720).optional() }),
    output: '{ signins[{at, ip, country, result}], countries[], failed, succeeded, impossibleTravel }',
  },
  'email.similar': {
    description: 'Messages like this one delivered to other mailboxes: same sender, subject, URL or attachment hash.',
    input: z
      .strictObject({
        networkMessageId: text.optional(),
        sender: text.optional(),
        subject: text.optional(),
        url: text.optional(),
        attachmentSha256: text.optional(),
      })
      .refine((v) => Object.values(v).some(Boolean), 'give at least one of networkMessageId, sender, subject, url, attachmentSha256'),
    output: '{ count, messages[{networkMessageId, mailbox, sender, subject, receivedAt, deleted}], mailboxes[] }',
  },
  'alerts.related': {
    description:
      'Other alerts that name the same entity (by correlation key) in the last days; `excludeAlert` (an alert id; empty for none) leaves out the alert under investigation.',
    input: z.strictObject({ key: text, days: z.number().int().min(1).max(90).optional(), excludeAlert: z.string().max(128).optional() }),
    output: '{ count, alerts[{id, title, severity, incidentId, firstActivityAt}] }',
  },
  'process.details': {
    description: 'Analyses a command line: encoded PowerShell, download cradles, credential-dumping tools, LOLBins.',
    input: z.strictObject({ commandLine: z.string().max(32768), imageFile: z.string().max(4096).optional() }),
    output: '{ encoded, decoded, indicators[], suspicious }',
  },
} as const;

export type CatalogFunction = keyof typeof CATALOG;
export const CATALOG_FUNCTIONS = Object.keys(CATALOG) as CatalogFunction[];
export type CatalogArgs<F extends CatalogFunction> = z.output<(typeof CATALOG)[F]['input']>;

/** Quell itself, answering from its own stores: threat-intelligence indicators, alerts, command-line analysis. */
export const QUELL_FACTS = 'quell';

/** Who answers each function unless CATALOG_CONNECTORS says otherwise: the estate's facts come from the lab. */
export const DEFAULT_CATALOG_ROUTES: Record<CatalogFunction, string> = {
  'device.info': 'lab',
  'file.reputation': QUELL_FACTS,
  'url.reputation': QUELL_FACTS,
  'ip.reputation': QUELL_FACTS,
  'domain.reputation': QUELL_FACTS,
  'user.info': 'lab',
  'user.signins': 'lab',
  'email.similar': 'lab',
  'alerts.related': QUELL_FACTS,
  'process.details': QUELL_FACTS,
};

/** `device.info` for a device the answering connector does not know: the same fields, nothing known. */
export function unknownDevice(hostname: string) {
  return {
    found: false,
    deviceId: null,
    hostname,
    os: null,
    deviceGroup: null,
    isolated: false,
    restricted: false,
    loggedOnUsers: [],
    ips: [],
    risk: null,
    lastSeenAt: null,
  };
}

/** `user.info` for an account the answering connector does not know: the same fields, nothing known. */
export function unknownUser(ref: string) {
  return { found: false, upn: ref.trim().toLowerCase(), enabled: false, isAdmin: false, groups: [], risk: null, compromised: false };
}
