import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Correlation settings changed through the API (one row; the environment's values until an admin
 * saves some) with every change kept, before and after; and analysts' corrections of correlation
 * (alerts moved out, incidents merged by hand) with the tuning changes they suggest.
 */
export class CorrelationSettings1766100000000 implements MigrationInterface {
  name = 'CorrelationSettings1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE correlation_settings (
        id int PRIMARY KEY CHECK (id = 1),
        settings jsonb NOT NULL,
        version int NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`
      CREATE TABLE correlation_settings_history (
        id bigserial PRIMARY KEY,
        version int NOT NULL UNIQUE,
        changed_by text NOT NULL,
        changed_at timestamptz NOT NULL DEFAULT now(),
        before jsonb NOT NULL,
        after jsonb NOT NULL,
        proposal_id text
      )`);
    await q.query(`
      CREATE TABLE correlation_feedback (
        id bigserial PRIMARY KEY,
        kind text NOT NULL,
        alert_id uuid REFERENCES alerts(id) ON DELETE CASCADE,
        incident_ids bigint[] NOT NULL,
        keys text[] NOT NULL,
        reason text NOT NULL,
        actor text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX correlation_feedback_keys_idx ON correlation_feedback USING gin (keys)`);
    await q.query(`
      CREATE TABLE correlation_proposals (
        id text PRIMARY KEY,
        kind text NOT NULL,
        target text NOT NULL,
        status text NOT NULL,
        summary text NOT NULL,
        evidence jsonb NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        decided_by text,
        decided_at timestamptz
      )`);
    await q.query(`CREATE INDEX correlation_proposals_status_idx ON correlation_proposals (status, updated_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['correlation_proposals', 'correlation_feedback', 'correlation_settings_history', 'correlation_settings'])
      await q.query(`DROP TABLE ${t}`);
  }
}
