import { z } from 'zod';
import { SOURCE_KINDS, SOURCE_ORIGINS, SOURCE_STATES, type SourceOrigin } from '../domain/source.js';
import { component, instant } from '../http/api-schemas.js';
import type { SourceConfig } from './source-config.js';
import type { SourceRow } from './source.repository.js';

/** Response bodies of /api/v1/sources: a source's status, never its credentials. */

export const sourceStatusSchema = component(
  'SourceStatus',
  z.object({
    name: z.string(),
    kind: z.enum(SOURCE_KINDS),
    origin: z.enum(SOURCE_ORIGINS).describe('file: SOURCES_CONFIG (read-only here); api: created through this API'),
    state: z.enum(SOURCE_STATES),
    apiUrl: z.string(),
    intervalSeconds: z.number(),
    overlapSeconds: z.number(),
    cursor: instant.nullable().describe('Alerts the vendor updated before this (less the overlap) are stored'),
    sweep: z
      .object({ from: instant, startedAt: instant, newestSeen: instant.nullable() })
      .nullable()
      .describe('The sweep under way: it resumes from its next page after a restart'),
    caughtUpAt: instant.nullable().describe('When the last complete sweep began: everything updated before then is stored'),
    lagSeconds: z.number().nullable().describe('Seconds since caughtUpAt'),
    lastRunAt: instant.nullable(),
    lastError: z.string().nullable(),
    lastErrorAt: instant.nullable(),
    counts: z.object({
      pages: z.number().int().nonnegative(),
      pulled: z.number().int().nonnegative(),
      errors: z.number().int().nonnegative(),
      outcomes: z
        .record(z.string(), z.number().int().nonnegative())
        .describe('Pulled alerts by what ingestion did: created, updated, unchanged, rejected'),
    }),
  }),
  'A pull source: its cursor, lag, counts and last error',
);
export type SourceStatus = z.output<typeof sourceStatusSchema>;
export const sourceListSchema = component('SourceList', z.object({ items: z.array(sourceStatusSchema) }));

export function mapSource(source: SourceConfig, origin: SourceOrigin, row: SourceRow | undefined, now = Date.now()): SourceStatus {
  return {
    name: source.name,
    kind: source.kind,
    origin,
    state: row?.paused ? 'paused' : 'active',
    apiUrl: source.registration.apiUrl,
    intervalSeconds: source.intervalMs / 1000,
    overlapSeconds: source.overlapMs / 1000,
    cursor: row?.cursorAt ?? null,
    sweep:
      row?.sweepNext && row.sweepFrom && row.sweepStartedAt
        ? { from: row.sweepFrom, startedAt: row.sweepStartedAt, newestSeen: row.sweepMaxAt }
        : null,
    caughtUpAt: row?.caughtUpAt ?? null,
    lagSeconds: row?.caughtUpAt ? Math.max(0, (now - row.caughtUpAt.getTime()) / 1000) : null,
    lastRunAt: row?.lastRunAt ?? null,
    lastError: row?.lastError ?? null,
    lastErrorAt: row?.lastErrorAt ?? null,
    counts: { pages: row?.pages ?? 0, pulled: row?.pulled ?? 0, errors: row?.errors ?? 0, outcomes: row?.outcomes ?? {} },
  };
}
