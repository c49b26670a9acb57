import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Identifiers that one alert states belong to one account, device or mailbox (a UPN and a SID, a
 * host name and a device id, a mailbox and its owner): later alerts that name one of them are
 * looked up by all. Each pair keeps the alert that stated it last and when, so a link made through
 * an alias can say why, and aliases older than the correlation window are not used.
 */
export class EntityAliases1766000000000 implements MigrationInterface {
  name = 'EntityAliases1766000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE entity_aliases (
        key text NOT NULL,
        alias text NOT NULL,
        alert_id uuid NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        PRIMARY KEY (key, alias)
      )`);
    await q.query(`CREATE INDEX entity_aliases_alert_idx ON entity_aliases (alert_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE entity_aliases`);
  }
}
