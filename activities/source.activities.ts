import { ApplicationFailure } from '@temporalio/activity';
import type { AlertFormat } from '../src/alerts/alerts.service.js';
import { MAX_BATCH } from '../src/alerts/ingest-rate-limit.js';
import type { Principal } from '../src/auth/roles.js';
import { ApiError, heartbeat, pause } from '../src/connectors/oauth-api.js';
import { Problem } from '../src/http/problem.js';
import { PullSourceRepository } from '../src/sources/pull-source.repository.js';
import { apiSourceConfig, initialCursor, type SourceConfig } from '../src/sources/source-config.js';
import { newest, readerFor, type SourcePage, type SourceReader } from '../src/sources/source-reader.js';
import { type PageCounts, type PageResult, SourceRepository } from '../src/sources/source.repository.js';
import type { ActivityDeps } from './deps.js';

/** What one page did, as the source workflow needs it: go on at once, or wait for the interval. */
export interface PullOutcome {
  state: 'active' | 'paused' | 'removed';
  /** Another page is due now (the sweep goes on, or the state moved under this page). */
  more: boolean;
  intervalMs: number;
  /** The stored cursor (ISO), for the workflow's own state. */
  cursor: string | null;
  pulled: number;
}

/** The item indexes a batch validation problem names (`[3].title` → 3). */
function rejectedIndexes(problem: Problem): Set<number> {
  const body = problem.getResponse() as { errors?: { path: string }[] };
  return new Set((body.errors ?? []).map((e) => /^\[(\d+)\]/.exec(e.path)?.[1]).flatMap((i) => (i === undefined ? [] : [Number(i)])));
}

/** The Defender incident a pulled alert came in, as `<source>:<incident id>` (the reader puts `incidentId` on each). */
function vendorGroupOf(source: string, item: unknown): string | undefined {
  const id = (item as { incidentId?: unknown } | null)?.incidentId;
  return typeof id === 'string' || typeof id === 'number' ? `${source}:${id}` : undefined;
}

export function createSourceActivities(deps: Pick<ActivityDeps, 'db' | 'config' | 'log' | 'alerts'>) {
  const repo = new SourceRepository(deps.db);
  const pulls = new PullSourceRepository(deps.db);
  /**
   * Readers live as long as the worker, so their tokens are cached across pages; a source whose
   * settings were replaced through the API (a new `version`) gets a new one.
   */
  const readers = new Map<string, { version: string; reader: SourceReader }>();
  const readerOf = (source: SourceConfig, version: string) => {
    let cached = readers.get(source.name);
    if (cached?.version !== version)
      readers.set(source.name, (cached = { version, reader: readerFor(source, deps.log.child({ source: source.name })) }));
    return cached.reader;
  };
  /** The configured source of that name, else the one created through the API, as it is now (read every page). */
  const sourceNamed = async (name: string): Promise<{ source: SourceConfig; version: string } | undefined> => {
    const configured = deps.config.sources.find((s) => s.name === name);
    if (configured) return { source: configured, version: 'file' };
    const row = await pulls.forRun(name);
    return row && { source: apiSourceConfig(row.settings), version: new Date(row.updatedAt).toISOString() };
  };

  /**
   * Through the same ingestion as `POST /alerts`, in batches it accepts; an alert the adapter
   * cannot map is skipped and counted (one bad alert must not stop a source), and the ingest
   * limit is waited out rather than failed.
   */
  async function ingest(source: SourceConfig, items: unknown[], format: AlertFormat): Promise<PageCounts> {
    const name = source.name;
    const who: Principal = { keyId: `source:${name}`, name: `source ${name}`, role: 'ingest', subject: `key:source:${name}` };
    const grouping = source.kind === 'defender_incidents' && source.useVendorGrouping;
    const outcomes: Record<string, number> = {};
    const add = (status: string, n = 1) => (outcomes[status] = (outcomes[status] ?? 0) + n);
    for (let start = 0; start < items.length; start += MAX_BATCH) {
      let batch = items.slice(start, start + MAX_BATCH);
      while (batch.length) {
        try {
          const vendorGroups = grouping ? batch.map((item) => vendorGroupOf(name, item)) : undefined;
          for (const r of (await deps.alerts.ingest(batch, format, who, { vendorGroups })).results) add(r.outcome);
          break;
        } catch (err) {
          if (!(err instanceof Problem)) throw err;
          if (err.getStatus() === 429) {
            await pause(((err.getResponse() as { retryAfter?: number }).retryAfter ?? 1) * 1000);
            continue;
          }
          const bad = err.getStatus() === 400 ? rejectedIndexes(err) : new Set<number>();
          if (!bad.size) throw err;
          const errors = (err.getResponse() as { errors?: unknown[] }).errors?.slice(0, 5);
          deps.log.warn({ source: name, rejected: bad.size, errors }, 'alerts from the source could not be mapped; skipped');
          add('rejected', bad.size);
          batch = batch.filter((_, i) => !bad.has(i));
        }
      }
      heartbeat({ source: name, ingested: start });
    }
    return { pulled: items.length, outcomes };
  }

  return {
    /**
     * Pulls one page of a source and ingests it, then stores where the sweep goes next (or, on
     * its last page, the new cursor) over the state the page was pulled from. Idempotent: a
     * retried or replayed page is ingested again and the ingestion's dedup keeps one of each
     * alert; a page whose state moved meanwhile is not stored, and the next call reads anew.
     */
    async pullSourcePage(input: { name: string }): Promise<PullOutcome> {
      const found = await sourceNamed(input.name);
      if (!found) return { state: 'removed', more: false, intervalMs: 0, cursor: null, pulled: 0 };
      const { source } = found;
      const row = (await repo.get(source.name)) ?? (await repo.ensure(source.name, source.kind, initialCursor(source)));
      const outcome = (more: boolean, pulled = 0, cursor = row.cursorAt): PullOutcome => ({
        state: row.paused ? 'paused' : 'active',
        more,
        intervalMs: source.intervalMs,
        cursor: cursor.toISOString(),
        pulled,
      });
      if (row.paused) return outcome(false);
      const reader = readerOf(source, found.version);
      let page: SourcePage;
      let sweep: { from: Date; startedAt: Date; max: { at: Date | null; key: string | null } };
      try {
        if (row.sweepNext) {
          sweep = { from: row.sweepFrom!, startedAt: row.sweepStartedAt!, max: { at: row.sweepMaxAt, key: row.sweepMaxKey } };
          try {
            page = await reader.next(row.sweepNext);
          } catch (err) {
            if (err instanceof ApiError && !err.permanent) throw err;
            // The continuation no longer works (expired, say): the sweep starts again from its window; dedup absorbs the repeat.
            deps.log.warn(
              { source: source.name, err: reader.redact(String(err)) },
              'the next page could not be read; the sweep starts again',
            );
            await repo.restartSweep(source.name, row.generation);
            return outcome(true);
          }
        } else {
          const from = new Date(row.cursorAt.getTime() - source.overlapMs);
          sweep = { from, startedAt: new Date(), max: { at: null, key: null } };
          page = await reader.first(from);
        }
      } catch (err) {
        const message = reader.redact(err instanceof Error ? err.message : String(err));
        await repo.recordError(source.name, message);
        if (err instanceof ApiError && err.permanent) throw ApplicationFailure.nonRetryable(message, 'PermanentSourceError');
        throw ApplicationFailure.retryable(message, 'SourceError');
      }
      heartbeat({ source: source.name, fetched: page.items.length });
      const counts = await ingest(source, page.items, page.format);
      const max = newest(sweep.max, { at: page.maxAt, key: page.maxKey });
      let result: PageResult;
      if (page.next) {
        result = { next: page.next, from: sweep.from, startedAt: sweep.startedAt, maxAt: max.at, maxKey: max.key };
      } else {
        const cursor = newest({ at: row.cursorAt, key: row.cursorKey }, max);
        result = { next: null, cursorAt: cursor.at!, cursorKey: cursor.key, caughtUpAt: sweep.startedAt };
      }
      const saved = await repo.savePage(source.name, row.generation, result, counts);
      return outcome(Boolean(page.next) || !saved, page.items.length, result.next === null && saved ? result.cursorAt : row.cursorAt);
    },
  };
}
