import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Pull sources: one row per configured source with its durable cursor, the sweep under way (the
 * next page to fetch), the admin's pause, and the counts and last error shown in its status.
 */
export class Sources1765100000000 implements MigrationInterface {
  name = 'Sources1765100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE sources (
        name text PRIMARY KEY,
        kind text NOT NULL,
        paused boolean NOT NULL DEFAULT false,
        cursor_at timestamptz NOT NULL,
        cursor_key text,
        sweep_next text,
        sweep_from timestamptz,
        sweep_started_at timestamptz,
        sweep_max_at timestamptz,
        sweep_max_key text,
        generation bigint NOT NULL DEFAULT 0,
        caught_up_at timestamptz,
        last_run_at timestamptz,
        last_error text,
        last_error_at timestamptz,
        pages bigint NOT NULL DEFAULT 0,
        pulled bigint NOT NULL DEFAULT 0,
        outcomes jsonb NOT NULL DEFAULT '{}'::jsonb,
        errors bigint NOT NULL DEFAULT 0,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE sources');
  }
}
