import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SourceKind } from '../domain/source.js';

/** A source's durable state: the cursor, the sweep under way, the admin's pause, counts, last error. */
export interface SourceRow {
  name: string;
  kind: SourceKind;
  paused: boolean;
  /** Everything the vendor updated before this (less the overlap) is stored. */
  cursorAt: Date;
  cursorKey: string | null;
  /** The sweep under way: the next page's continuation, the window start, when it began, the newest update seen so far. */
  sweepNext: string | null;
  sweepFrom: Date | null;
  sweepStartedAt: Date | null;
  sweepMaxAt: Date | null;
  sweepMaxKey: string | null;
  /** Bumped by every write: a page's result is stored only over the state it was pulled from. */
  generation: string;
  caughtUpAt: Date | null;
  lastRunAt: Date | null;
  lastError: string | null;
  lastErrorAt: Date | null;
  pages: number;
  pulled: number;
  outcomes: Record<string, number>;
  errors: number;
}

const COLUMNS = `name, kind, paused, cursor_at AS "cursorAt", cursor_key AS "cursorKey", sweep_next AS "sweepNext",
  sweep_from AS "sweepFrom", sweep_started_at AS "sweepStartedAt", sweep_max_at AS "sweepMaxAt", sweep_max_key AS "sweepMaxKey",
  generation::text AS generation, caught_up_at AS "caughtUpAt", last_run_at AS "lastRunAt", last_error AS "lastError",
  last_error_at AS "lastErrorAt", pages::float8 AS pages, pulled::float8 AS pulled, outcomes, errors::float8 AS errors`;

/** What one stored page adds: its alerts, and what ingestion did with each (created, updated, unchanged, rejected). */
export interface PageCounts {
  pulled: number;
  outcomes: Record<string, number>;
}

/** The sweep after a page: where it goes on, or (`next` null) finished with the cursor moved to `cursorAt`. */
export type PageResult =
  | { next: string; from: Date; startedAt: Date; maxAt: Date | null; maxKey: string | null }
  | { next: null; cursorAt: Date; cursorKey: string | null; caughtUpAt: Date };

/** Owns `sources`: every statement on it is here. */
@Injectable()
export class SourceRepository {
  constructor(private readonly db: DataSource) {}

  /** Creates the row of a configured source (its cursor at `startAt`), or leaves the one there. */
  async ensure(name: string, kind: SourceKind, startAt: Date): Promise<SourceRow> {
    await this.db.query(`INSERT INTO sources (name, kind, cursor_at) VALUES ($1, $2, $3) ON CONFLICT (name) DO NOTHING`, [
      name,
      kind,
      startAt,
    ]);
    return (await this.get(name))!;
  }

  /** The cursor row of a source created through the API, in its transaction; whatever a former source of that name left is replaced. */
  async create(m: EntityManager, name: string, kind: SourceKind, startAt: Date): Promise<void> {
    await this.remove(m, name);
    await m.query(`INSERT INTO sources (name, kind, cursor_at) VALUES ($1, $2, $3)`, [name, kind, startAt]);
  }

  /** Drops a source's cursor and counts (the alerts it pulled stay). */
  async remove(m: EntityManager, name: string): Promise<void> {
    await m.query(`DELETE FROM sources WHERE name = $1`, [name]);
  }

  async get(name: string): Promise<SourceRow | undefined> {
    const [row] = await this.db.query(`SELECT ${COLUMNS} FROM sources WHERE name = $1`, [name]);
    return row;
  }

  async list(names: string[]): Promise<SourceRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM sources WHERE name = ANY($1) ORDER BY name`, [names]);
  }

  /**
   * Stores a page's outcome over the state it was pulled from; false when that state changed
   * meanwhile (a backfill, or another attempt of the same page got there first).
   */
  async savePage(name: string, generation: string, result: PageResult, counts: PageCounts): Promise<boolean> {
    const sweep =
      result.next === null
        ? [null, null, null, null, null, result.cursorAt, result.cursorKey, result.caughtUpAt]
        : [result.next, result.from, result.startedAt, result.maxAt, result.maxKey, null, null, null];
    const rows = await this.db.query(
      `UPDATE sources SET
         sweep_next = $3, sweep_from = $4, sweep_started_at = $5, sweep_max_at = $6, sweep_max_key = $7,
         cursor_at = coalesce($8, cursor_at), cursor_key = CASE WHEN $8::timestamptz IS NULL THEN cursor_key ELSE $9 END,
         caught_up_at = coalesce($10, caught_up_at),
         generation = generation + 1, last_run_at = now(), updated_at = now(),
         pages = pages + 1, pulled = pulled + $11,
         outcomes = (SELECT coalesce(jsonb_object_agg(k, coalesce((outcomes->>k)::bigint, 0) + coalesce(($12::jsonb->>k)::bigint, 0)), '{}'::jsonb)
                     FROM (SELECT jsonb_object_keys(outcomes) AS k UNION SELECT jsonb_object_keys($12::jsonb)) ks)
       WHERE name = $1 AND generation = $2
       RETURNING name`,
      [name, generation, ...sweep, counts.pulled, JSON.stringify(counts.outcomes)],
    );
    return rows.length > 0;
  }

  /** A failed page: counted, its (redacted) reason kept for the status; the sweep stays where it was. */
  async recordError(name: string, message: string): Promise<void> {
    await this.db.query(
      `UPDATE sources SET last_error = $2, last_error_at = now(), last_run_at = now(), errors = errors + 1, updated_at = now() WHERE name = $1`,
      [name, message.slice(0, 1000)],
    );
  }

  /** Abandons the sweep under way (its continuation no longer works) so the next page starts it again from its window. */
  async restartSweep(name: string, generation: string): Promise<boolean> {
    const rows = await this.db.query(
      `UPDATE sources SET sweep_next = NULL, sweep_from = NULL, sweep_started_at = NULL,
              sweep_max_at = NULL, sweep_max_key = NULL, generation = generation + 1, updated_at = now()
       WHERE name = $1 AND generation = $2 RETURNING name`,
      [name, generation],
    );
    return rows.length > 0;
  }

  async setPaused(name: string, paused: boolean): Promise<void> {
    await this.db.query(`UPDATE sources SET paused = $2, updated_at = now() WHERE name = $1`, [name, paused]);
  }

  /** Moves the cursor back to `from` and drops the sweep under way: the next page pulls everything updated since. */
  async backfill(name: string, from: Date): Promise<void> {
    await this.db.query(
      `UPDATE sources SET cursor_at = $2, cursor_key = NULL, sweep_next = NULL, sweep_from = NULL, sweep_started_at = NULL,
              sweep_max_at = NULL, sweep_max_key = NULL, caught_up_at = NULL, generation = generation + 1, updated_at = now()
       WHERE name = $1`,
      [name, from],
    );
  }
}
