import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Correlation looks up the open incidents that saw a key recently (`last_seen_at` within the window,
 * and the estate spread since the look-back). With only (key, incident_id) indexed, a key shared by
 * many old incidents cost a heap visit per incident ever seen with it, so the lookup grew with
 * history; with the time in the index it reads only the recent entries, from the index alone.
 */
export class IncidentKeysRecent1768200000000 implements MigrationInterface {
  name = 'IncidentKeysRecent1768200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX incident_keys_recent_idx ON incident_keys (key, last_seen_at) INCLUDE (first_seen_at, incident_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX incident_keys_recent_idx`);
  }
}
