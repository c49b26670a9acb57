import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The vendor's own grouping of an alert (a Defender XDR incident, as `<source>:<incident id>`),
 * kept when its pull source takes that grouping as a correlation hint.
 */
export class VendorGrouping1768100000000 implements MigrationInterface {
  name = 'VendorGrouping1768100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alerts ADD COLUMN vendor_group text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alerts DROP COLUMN vendor_group`);
  }
}
