import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Accepting an alert is its commit; the worker's dispatcher starts the workflows. It claims the
 * alerts not yet dispatched (first correlation) and the revisions not yet dispatched (updates in
 * place) through partial indexes, so both claims stay cheap however many alerts are stored. The
 * backlog behind `POST /alerts`'s 429 (alerts committed but not yet correlated) is counted through
 * a partial index of its own.
 */
export class AlertDispatchQueue1769000000000 implements MigrationInterface {
  name = 'AlertDispatchQueue1769000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alerts ADD COLUMN dispatched_revision int NOT NULL DEFAULT 0`);
    // Revisions whose correlation was not confirmed yet are dispatched again (starting is idempotent).
    await q.query(`UPDATE alerts SET dispatched_revision = correlated_revision WHERE revision > 0`);
    await q.query(`DROP INDEX alerts_unrecorrelated_idx`);
    await q.query(`CREATE INDEX alerts_update_undispatched_idx ON alerts (updated_at) WHERE revision > dispatched_revision`);
    await q.query(`CREATE INDEX alerts_uncorrelated_idx ON alerts (received_at) WHERE correlated_at IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX alerts_uncorrelated_idx`);
    await q.query(`DROP INDEX alerts_update_undispatched_idx`);
    await q.query(`CREATE INDEX alerts_unrecorrelated_idx ON alerts (updated_at) WHERE revision > correlated_revision`);
    await q.query(`ALTER TABLE alerts DROP COLUMN dispatched_revision`);
  }
}
