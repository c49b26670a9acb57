import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Playbook versions kept beside the files in `playbooks/`: candidates uploaded through the API and
 * every file version an investigation ran (so a run stays pinned after the file changes), the one
 * promoted to live per playbook, shadow runs on live alerts, and backtests over stored alerts.
 */
export class PlaybookVersions1768800000000 implements MigrationInterface {
  name = 'PlaybookVersions1768800000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE playbook_versions (
        id uuid PRIMARY KEY,
        name text NOT NULL,
        version text NOT NULL,
        hash text NOT NULL,
        yaml text NOT NULL,
        origin text NOT NULL CHECK (origin IN ('upload','file')),
        shadow boolean NOT NULL DEFAULT false,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        promoted_by text,
        promoted_at timestamptz,
        promotion_evidence jsonb,
        UNIQUE (name, hash)
      )`);
    await q.query(`CREATE INDEX playbook_versions_shadow_idx ON playbook_versions (name) WHERE shadow`);
    await q.query(`
      CREATE TABLE playbook_live (
        name text PRIMARY KEY,
        version_id uuid NOT NULL REFERENCES playbook_versions(id),
        promoted_by text NOT NULL,
        promoted_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE shadow_runs (
        alert_id uuid NOT NULL REFERENCES alerts(id),
        version_id uuid NOT NULL REFERENCES playbook_versions(id),
        result jsonb NOT NULL,
        ran_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (version_id, alert_id)
      )`);
    await q.query(`CREATE INDEX shadow_runs_ran_idx ON shadow_runs (version_id, ran_at DESC)`);
    await q.query(`CREATE INDEX shadow_runs_alert_idx ON shadow_runs (alert_id)`);
    await q.query(`
      CREATE TABLE backtests (
        id uuid PRIMARY KEY,
        version_id uuid NOT NULL REFERENCES playbook_versions(id),
        range_from timestamptz NOT NULL,
        range_to timestamptz NOT NULL,
        status text NOT NULL CHECK (status IN ('running','completed','failed')),
        total int NOT NULL,
        done int NOT NULL DEFAULT 0,
        cursor text,
        error text,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`
      CREATE TABLE backtest_results (
        backtest_id uuid NOT NULL REFERENCES backtests(id),
        alert_id uuid NOT NULL REFERENCES alerts(id),
        alert_type text NOT NULL,
        comparison jsonb NOT NULL,
        PRIMARY KEY (backtest_id, alert_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['backtest_results', 'backtests', 'shadow_runs', 'playbook_live', 'playbook_versions']) await q.query(`DROP TABLE ${t}`);
  }
}
