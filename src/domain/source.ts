/**
 * Pull sources: detector APIs Quell polls for alerts. The kinds are defined here once; every place
 * that acts on a kind switches over all of them, and a kind it does not handle fails loudly.
 */
export const SOURCE_KINDS = [
  /** Microsoft Graph security alerts (`/security/alerts_v2`). */
  'graph_alerts',
  /** Defender XDR incidents with their alerts (Graph `/security/incidents?$expand=alerts`). */
  'defender_incidents',
  /** Microsoft Sentinel's `SecurityAlert` table through the Log Analytics query API. */
  'sentinel',
] as const;
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** What a source is doing: polling on its schedule, or held by an admin. */
export const SOURCE_STATES = ['active', 'paused'] as const;
export type SourceState = (typeof SOURCE_STATES)[number];

/** Source names are business keys (workflow ids, metric labels, URL segments). */
export const SOURCE_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Where a source is defined: the SOURCES_CONFIG file (read-only through the API) or the API. */
export const SOURCE_ORIGINS = ['file', 'api'] as const;
export type SourceOrigin = (typeof SOURCE_ORIGINS)[number];
