import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A person who leaves: deactivated by an administrator (when and by whom), after which no session,
 * token or key of theirs authenticates. Expired sessions are swept by their expiry, hence its index.
 */
export class PersonDeactivation1769400000000 implements MigrationInterface {
  name = 'PersonDeactivation1769400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE persons ADD COLUMN deactivated_at timestamptz, ADD COLUMN deactivated_by text`);
    await q.query(`CREATE INDEX sessions_expires_idx ON sessions (expires_at)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX sessions_expires_idx`);
    await q.query(`ALTER TABLE persons DROP COLUMN deactivated_by, DROP COLUMN deactivated_at`);
  }
}
