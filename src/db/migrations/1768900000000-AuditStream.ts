import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Where the audit stream to a SIEM has got to: per receiver, the last sequence number it
 * acknowledged with a 2xx, the counts behind the Prometheus metrics, the backoff after a failure,
 * and a lease so that only one worker sends at a time (which keeps delivery in sequence order).
 */
export class AuditStream1768900000000 implements MigrationInterface {
  name = 'AuditStream1768900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_stream_cursor (
        receiver text PRIMARY KEY,
        delivered_seq bigint NOT NULL DEFAULT 0,
        delivered_total bigint NOT NULL DEFAULT 0,
        failures_total bigint NOT NULL DEFAULT 0,
        consecutive_failures int NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz,
        last_error text,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE audit_stream_cursor`);
  }
}
