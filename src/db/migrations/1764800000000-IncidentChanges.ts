import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The incident changes feed reads incidents in (updated_at, id) order from a cursor: an index probe, never a scan. */
export class IncidentChanges1764800000000 implements MigrationInterface {
  name = 'IncidentChanges1764800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX incidents_updated_idx ON incidents (updated_at, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX incidents_updated_idx');
  }
}
