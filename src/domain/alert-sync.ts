/**
 * Vocabularies of keeping alerts in step with the detectors that raised them (updates in place and
 * write-back), defined once and shared by ingestion, the API, the workflows and the pull sources.
 */

/** What ingesting one alert did: stored a new one, updated the stored one, or nothing (an identical or stale resend). */
export const INGEST_OUTCOMES = ['created', 'updated', 'unchanged'] as const;
export type IngestOutcome = (typeof INGEST_OUTCOMES)[number];

/**
 * Where a change came from: the detector (`vendor`, pushed or pulled), a person in Quell
 * (`analyst`), Quell's own automation (`system`), or Quell writing an analyst's change back to the
 * vendor (`writeback`). Only analysts' changes are written back, so nothing loops.
 */
export const CHANGE_ORIGINS = ['vendor', 'analyst', 'system', 'writeback'] as const;
export type ChangeOrigin = (typeof CHANGE_ORIGINS)[number];

/** What writing one change back to one vendor object did. */
export const WRITEBACK_OUTCOMES = ['written', 'unchanged', 'conflict', 'failed'] as const;
export type WritebackOutcome = (typeof WRITEBACK_OUTCOMES)[number];

/** What a write-back updates at the vendor: one of its alerts, or its incident that holds them. */
export const WRITEBACK_TARGETS = ['alert', 'incident'] as const;
export type WritebackTarget = (typeof WRITEBACK_TARGETS)[number];

/** The incident fields an analyst changes that are written back. */
export const WRITEBACK_FIELDS = ['status', 'classification', 'determination', 'assignedTo'] as const;
export type WritebackField = (typeof WRITEBACK_FIELDS)[number];

/** Alert formats whose vendor Quell can write back to (Microsoft Graph security alerts and Defender XDR incidents). */
export const WRITABLE_FORMATS = ['msgraph'] as const;
export type WritableFormat = (typeof WRITABLE_FORMATS)[number];
