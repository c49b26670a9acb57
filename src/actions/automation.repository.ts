import type { DataSource, EntityManager } from 'typeorm';
import { type AutomationSettings, automationSettingsSchema, DEFAULT_AUTOMATION } from '../domain/automation.js';

/** The stored settings' version: their last change to the microsecond. */
const VERSION = `(extract(epoch FROM automation_settings.updated_at) * 1000000)::bigint::text`;
export const DEFAULTS_VERSION = 'defaults';
export const automationETag = (version: string) => `"automation-${version}"`;

/** The version an `If-Match` header names: undefined for none or `*`, null when it names no version of these settings. */
export function expectedVersion(ifMatch: string | undefined): string | undefined | null {
  if (ifMatch === undefined || ifMatch.trim() === '*') return undefined;
  const tag = /"automation-(\d+|defaults)"/.exec(ifMatch);
  return tag ? tag[1] : null;
}

/** Owns `automation_settings`: one row per installation; defaults until an admin saves some. */
export class AutomationRepository {
  constructor(private readonly db: DataSource) {}

  async get(m: EntityManager | DataSource = this.db): Promise<AutomationSettings> {
    const rows: { settings: unknown }[] = await m.query('SELECT settings FROM automation_settings WHERE id = 1');
    return rows[0] ? automationSettingsSchema.parse(rows[0].settings) : DEFAULT_AUTOMATION;
  }

  /** The settings, their row locked until the transaction ends (so an audited change records what it really replaced). */
  async lock(m: EntityManager): Promise<AutomationSettings> {
    const rows: { settings: unknown }[] = await m.query('SELECT settings FROM automation_settings WHERE id = 1 FOR UPDATE');
    return rows[0] ? automationSettingsSchema.parse(rows[0].settings) : DEFAULT_AUTOMATION;
  }

  /** The settings with who changed them last, when, and their version for `If-Match` (`defaults` until someone saves), in one read. */
  async read(): Promise<{ settings: AutomationSettings; updatedBy?: string; updatedAt?: Date; version: string }> {
    const rows: { settings: unknown; updatedBy: string; updatedAt: Date; version: string }[] = await this.db.query(
      `SELECT settings, updated_by AS "updatedBy", updated_at AS "updatedAt", ${VERSION} AS version FROM automation_settings WHERE id = 1`,
    );
    const row = rows[0];
    if (!row) return { settings: DEFAULT_AUTOMATION, version: DEFAULTS_VERSION };
    return {
      settings: automationSettingsSchema.parse(row.settings),
      updatedBy: row.updatedBy,
      updatedAt: row.updatedAt,
      version: row.version,
    };
  }

  /**
   * Replaces the settings; with `expected`, only if they are still at that version (checked in the
   * same statement, so two admins saving at once cannot both win). False when they were not.
   */
  async put(settings: AutomationSettings, by: string, expected?: string, m: EntityManager | DataSource = this.db): Promise<boolean> {
    const rows: unknown[] = await m.query(
      `INSERT INTO automation_settings (id, settings, updated_by) VALUES (1, $1, $2)
       ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, updated_by = excluded.updated_by, updated_at = clock_timestamp()
       WHERE $3::text IS NULL OR ${VERSION} = $3::text
       RETURNING id`,
      [JSON.stringify(settings), by, expected ?? null],
    );
    return rows.length === 1;
  }
}
