import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A deactivated person let back in: when, so that the provider's access tokens issued before it
 * (while they were out, or stolen before they left) stay refused.
 */
export class PersonReactivation1769600000000 implements MigrationInterface {
  name = 'PersonReactivation1769600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE persons ADD COLUMN reactivated_at timestamptz`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE persons DROP COLUMN reactivated_at`);
  }
}
