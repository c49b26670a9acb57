import type { MigrationInterface, QueryRunner } from 'typeorm';

/** The lab blocks file hashes too (`block_file`), as an EDR's hash indicator does. */
export class LabFileBlocks1764650000000 implements MigrationInterface {
  name = 'LabFileBlocks1764650000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE lab_blocks DROP CONSTRAINT lab_blocks_kind_check, ADD CONSTRAINT lab_blocks_kind_check CHECK (kind IN ('sender','url','ip','file'))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM lab_blocks WHERE kind = 'file'`);
    await q.query(
      `ALTER TABLE lab_blocks DROP CONSTRAINT lab_blocks_kind_check, ADD CONSTRAINT lab_blocks_kind_check CHECK (kind IN ('sender','url','ip'))`,
    );
  }
}
