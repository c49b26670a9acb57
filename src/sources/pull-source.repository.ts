import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import type { SourceKind } from '../domain/source.js';
import type { ApiSourceSettings } from './source-config.js';

/** A source created through the API; `settings.clientSecret` is a reference, never a secret. */
export interface PullSourceRow {
  name: string;
  kind: SourceKind;
  settings: ApiSourceSettings;
  createdBy: string;
  createdAt: Date;
  updatedBy: string;
  updatedAt: Date;
}

const COLUMNS = `name, kind, settings, created_by AS "createdBy", created_at AS "createdAt", updated_by AS "updatedBy", updated_at AS "updatedAt"`;

/**
 * Orders a source's creation before its workflow reads it: the creating transaction holds the
 * lock until it commits or rolls back, so a first page never mistakes a source being created for a
 * deleted one.
 */
const lock = (m: EntityManager, name: string, mode: 'exclusive' | 'shared') =>
  m.query(`SELECT ${mode === 'shared' ? 'pg_advisory_xact_lock_shared' : 'pg_advisory_xact_lock'}(hashtext('pull-source:' || $1))`, [name]);

/** Owns `pull_sources`: every statement on it is here. Writes run in the caller's transaction, beside their audit entry. */
@Injectable()
export class PullSourceRepository {
  constructor(private readonly db: DataSource) {}

  list(): Promise<PullSourceRow[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM pull_sources ORDER BY name`);
  }

  async get(name: string, m: EntityManager | DataSource = this.db): Promise<PullSourceRow | undefined> {
    const [row] = await m.query(`SELECT ${COLUMNS} FROM pull_sources WHERE name = $1`, [name]);
    return row;
  }

  /** The source as its workflow sees it: waits for a creation under way to commit or roll back. */
  forRun(name: string): Promise<PullSourceRow | undefined> {
    return this.db.transaction(async (m) => {
      await lock(m, name, 'shared');
      return this.get(name, m);
    });
  }

  /** Undefined when the name is taken. */
  async insert(m: EntityManager, settings: ApiSourceSettings, by: string): Promise<PullSourceRow | undefined> {
    await lock(m, settings.name, 'exclusive');
    const [row] = await m.query(
      `INSERT INTO pull_sources (name, kind, settings, created_by, updated_by) VALUES ($1, $2, $3, $4, $4)
       ON CONFLICT (name) DO NOTHING RETURNING ${COLUMNS}`,
      [settings.name, settings.kind, JSON.stringify(settings), by],
    );
    return row;
  }

  /** The row before and after, locked for the rest of the transaction; undefined when there is none. */
  async replace(
    m: EntityManager,
    settings: ApiSourceSettings,
    by: string,
  ): Promise<{ before: PullSourceRow; after: PullSourceRow } | undefined> {
    const [before]: PullSourceRow[] = await m.query(`SELECT ${COLUMNS} FROM pull_sources WHERE name = $1 FOR UPDATE`, [settings.name]);
    if (!before) return undefined;
    const [[after]]: [PullSourceRow[], number] = await m.query(
      `UPDATE pull_sources SET settings = $2, updated_by = $3, updated_at = now() WHERE name = $1 RETURNING ${COLUMNS}`,
      [settings.name, JSON.stringify(settings), by],
    );
    return { before, after };
  }

  async remove(m: EntityManager, name: string): Promise<PullSourceRow | undefined> {
    await lock(m, name, 'exclusive');
    const [rows]: [PullSourceRow[], number] = await m.query(`DELETE FROM pull_sources WHERE name = $1 RETURNING ${COLUMNS}`, [name]);
    return rows[0];
  }
}
