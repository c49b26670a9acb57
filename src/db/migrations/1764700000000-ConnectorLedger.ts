import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What a connector must remember across retries for effects the product cannot deduplicate (a
 * password reset, a session revocation): per (connector, action, operation), the watermark the
 * product showed before the first request was sent, and whether the effect is known to be done.
 */
export class ConnectorLedger1764700000000 implements MigrationInterface {
  name = 'ConnectorLedger1764700000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE connector_ledger (
      connector text NOT NULL,
      action_id text NOT NULL,
      operation text NOT NULL,
      subject text NOT NULL,
      baseline text,
      started_at timestamptz NOT NULL DEFAULT now(),
      done_at timestamptz,
      PRIMARY KEY (connector, action_id, operation)
    )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE connector_ledger');
  }
}
