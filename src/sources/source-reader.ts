import type { Logger } from 'pino';
import type { AlertFormat } from '../alerts/alerts.service.js';
import { assertNever } from '../domain/assert-never.js';
import type { SourceConfig } from './source-config.js';
import { DefenderIncidentsReader } from './readers/defender-incidents.reader.js';
import { GraphAlertsReader } from './readers/graph-alerts.reader.js';
import { SentinelReader } from './readers/sentinel.reader.js';

/** One page of a source: vendor alerts in a format the ingestion adapters read, and where the sweep goes next. */
export interface SourcePage {
  items: unknown[];
  format: AlertFormat;
  /** The continuation of this sweep (a next link, or the reader's own token); absent on the last page. */
  next?: string;
  /** The newest vendor update time in the page (with a tie-breaker where the reader pages by key). */
  maxAt?: Date;
  maxKey?: string;
}

/** How Quell reads one kind of source: the first page of a window, and the page after a continuation. */
export interface SourceReader {
  first(from: Date): Promise<SourcePage>;
  next(continuation: string): Promise<SourcePage>;
  /** Masks the source's secret and tokens in a message about it. */
  redact(text: string): string;
}

/** The reader of a configured source; a kind without one fails loudly. */
export function readerFor(source: SourceConfig, log: Logger): SourceReader {
  switch (source.kind) {
    case 'graph_alerts':
      return new GraphAlertsReader(source, log);
    case 'defender_incidents':
      return new DefenderIncidentsReader(source, log);
    case 'sentinel':
      return new SentinelReader(source, log);
    default:
      return assertNever(source, `no reader for the source kind '${(source as { kind: string }).kind}'`);
  }
}

/** The newest of two update times (a tie broken by key), for the sweep's high-water mark. */
export function newest(
  a: { at: Date | null | undefined; key?: string | null },
  b: { at: Date | null | undefined; key?: string | null },
): { at: Date | null; key: string | null } {
  if (!a.at) return { at: b.at ?? null, key: b.key ?? null };
  if (!b.at) return { at: a.at, key: a.key ?? null };
  const d = a.at.getTime() - b.at.getTime();
  if (d > 0 || (d === 0 && (a.key ?? '') >= (b.key ?? ''))) return { at: a.at, key: a.key ?? null };
  return { at: b.at, key: b.key ?? null };
}
