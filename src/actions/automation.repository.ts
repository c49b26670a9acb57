import type { DataSource, EntityManager } from 'typeorm';
import { type AutomationSettings, automationSettingsSchema, DEFAULT_AUTOMATION } from '../domain/automation.js';

/** Owns `automation_settings`: one row per installation; defaults until an admin saves some. */
export class AutomationRepository {
  constructor(private readonly db: DataSource) {}

  async get(m: EntityManager | DataSource = this.db): Promise<AutomationSettings> {
    const rows: { settings: unknown }[] = await m.query('SELECT settings FROM automation_settings WHERE id = 1');
    return rows[0] ? automationSettingsSchema.parse(rows[0].settings) : DEFAULT_AUTOMATION;
  }

  async meta(): Promise<{ updatedBy: string; updatedAt: Date } | undefined> {
    const rows = await this.db.query('SELECT updated_by AS "updatedBy", updated_at AS "updatedAt" FROM automation_settings WHERE id = 1');
    return rows[0];
  }

  async put(settings: AutomationSettings, by: string): Promise<void> {
    await this.db.query(
      `INSERT INTO automation_settings (id, settings, updated_by) VALUES (1, $1, $2)
       ON CONFLICT (id) DO UPDATE SET settings = excluded.settings, updated_by = excluded.updated_by, updated_at = now()`,
      [JSON.stringify(settings), by],
    );
  }
}
