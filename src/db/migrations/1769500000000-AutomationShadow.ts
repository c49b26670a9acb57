import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Candidate automation settings in shadow: at most one active at a time; every action proposed
 * while it is active records what the candidate would have decided beside the live decision.
 * A promotion keeps the report it was decided on.
 */
export class AutomationShadow1769500000000 implements MigrationInterface {
  name = 'AutomationShadow1769500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE automation_shadows (
        id uuid PRIMARY KEY,
        settings jsonb NOT NULL,
        started_by text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        ended_by text,
        ended_at timestamptz,
        outcome text CHECK (outcome IN ('ended', 'replaced', 'promoted')),
        report jsonb,
        CHECK ((ended_at IS NULL) = (outcome IS NULL))
      )`);
    await q.query(`CREATE UNIQUE INDEX automation_shadows_one_active ON automation_shadows ((true)) WHERE ended_at IS NULL`);
    await q.query(`
      CREATE TABLE automation_shadow_decisions (
        shadow_id uuid NOT NULL REFERENCES automation_shadows(id),
        action_id text NOT NULL REFERENCES actions(id),
        action_type text NOT NULL,
        device_group text,
        live_mode text NOT NULL CHECK (live_mode IN ('automatic', 'approval')),
        live_reason text NOT NULL,
        live_approvals int NOT NULL,
        shadow_mode text NOT NULL CHECK (shadow_mode IN ('automatic', 'approval')),
        shadow_reason text NOT NULL,
        shadow_approvals int NOT NULL,
        changed boolean NOT NULL,
        recorded_at timestamptz NOT NULL DEFAULT clock_timestamp(),
        PRIMARY KEY (shadow_id, action_id)
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE automation_shadow_decisions`);
    await q.query(`DROP TABLE automation_shadows`);
  }
}
