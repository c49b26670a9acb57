import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The W3C `traceparent` of the request that stored an alert (or its latest revision), so that the
 * workflow started for it later, by whichever process, continues that request's trace. Null when
 * tracing was off. A nullable column without a default: adding it rewrites nothing.
 */
export class AlertTraceparent1769100000000 implements MigrationInterface {
  name = 'AlertTraceparent1769100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alerts ADD COLUMN traceparent text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alerts DROP COLUMN traceparent`);
  }
}
