import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The impact of a pending action as computed when it was proposed: what the approvers saw, kept beside the live view. */
export class ActionImpacts1768700000000 implements MigrationInterface {
  name = 'ActionImpacts1768700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE action_impacts (
        action_id text PRIMARY KEY REFERENCES actions(id),
        computed_at timestamptz NOT NULL DEFAULT now(),
        impact jsonb NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE action_impacts');
  }
}
