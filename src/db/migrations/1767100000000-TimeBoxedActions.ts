import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Time-boxed containment: an action may carry a duration; once it succeeds, its workflow undoes it
 * at `containment_until` unless someone renews it (each renewal kept, newest last).
 */
export class TimeBoxedActions1767100000000 implements MigrationInterface {
  name = 'TimeBoxedActions1767100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      ALTER TABLE actions
        ADD COLUMN containment_seconds integer CHECK (containment_seconds > 0),
        ADD COLUMN containment_until timestamptz,
        ADD COLUMN containment_renewals jsonb NOT NULL DEFAULT '[]'`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE actions DROP COLUMN containment_seconds, DROP COLUMN containment_until, DROP COLUMN containment_renewals`);
  }
}
