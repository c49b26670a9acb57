import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pull sources created through the API: their validated settings (the shape of SOURCES_CONFIG) with
 * the client secret as a reference (`env:NAME`, `file:/path`), never its value. The cursor stays in
 * `sources`, as for a configured source.
 */
export class PullSources1768150000000 implements MigrationInterface {
  name = 'PullSources1768150000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE pull_sources (
        name text PRIMARY KEY,
        kind text NOT NULL,
        settings jsonb NOT NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE pull_sources');
  }
}
