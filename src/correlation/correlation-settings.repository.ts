import type { DataSource, EntityManager } from 'typeorm';
import { named } from '../db/named-statement.js';

export interface StoredSettings {
  settings: unknown;
  version: number;
  updatedBy: string;
  updatedAt: Date;
}

export interface SettingsChange {
  version: number;
  changedBy: string;
  changedAt: Date;
  before: unknown;
  after: unknown;
  proposalId: string | null;
}

/** Owns `correlation_settings` (one row; none until an admin saves) and `correlation_settings_history` (every change). */
export class CorrelationSettingsRepository {
  constructor(private readonly db: DataSource) {}

  /** The stored settings, or undefined while the environment's are in force. */
  async read(m: EntityManager | DataSource = this.db, lock = false): Promise<StoredSettings | undefined> {
    const rows: StoredSettings[] = await m.query(
      `SELECT settings, version, updated_by AS "updatedBy", updated_at AS "updatedAt" FROM correlation_settings WHERE id = 1${lock ? ' FOR UPDATE' : ''}`,
    );
    return rows[0];
  }

  /** The stored settings only when their version is not `known`: a primary-key probe, cheap enough for every alert. */
  async ifChanged(known: number): Promise<{ version: number; settings: unknown | null } | undefined> {
    const rows: { version: number; settings: unknown | null }[] = await this.db.query(
      named(
        'correlation-settings-if-changed',
        `SELECT version, CASE WHEN version = $1 THEN NULL ELSE settings END AS settings FROM correlation_settings WHERE id = 1`,
      ),
      [known],
    );
    return rows[0];
  }

  /**
   * Saves the settings as version `expected + 1`, and the change, in the caller's transaction; false
   * when someone saved since `expected` (checked in the same statement).
   */
  async write(
    m: EntityManager,
    change: { before: unknown; after: unknown; by: string; expected: number; proposalId?: string },
  ): Promise<number | undefined> {
    const rows: { version: number }[] = await m.query(
      `INSERT INTO correlation_settings (id, settings, version, updated_by, updated_at) VALUES (1, $1, $3::int + 1, $2, clock_timestamp())
       ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, version = excluded.version, updated_by = excluded.updated_by,
         updated_at = excluded.updated_at
       WHERE correlation_settings.version = $3::int
       RETURNING version`,
      [JSON.stringify(change.after), change.by, change.expected],
    );
    if (rows.length !== 1) return undefined;
    await m.query(
      `INSERT INTO correlation_settings_history (version, changed_by, before, after, proposal_id) VALUES ($1, $2, $3, $4, $5)`,
      [rows[0].version, change.by, JSON.stringify(change.before), JSON.stringify(change.after), change.proposalId ?? null],
    );
    return rows[0].version;
  }

  /** Changes newest first. */
  history(limit: number): Promise<SettingsChange[]> {
    return this.db.query(
      `SELECT version, changed_by AS "changedBy", changed_at AS "changedAt", before, after, proposal_id AS "proposalId"
       FROM correlation_settings_history ORDER BY version DESC LIMIT $1`,
      [limit],
    );
  }
}
