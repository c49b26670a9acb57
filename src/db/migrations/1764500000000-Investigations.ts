import type { MigrationInterface, QueryRunner } from 'typeorm';

export class Investigations1764500000000 implements MigrationInterface {
  name = 'Investigations1764500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE investigations (
        id uuid PRIMARY KEY,
        incident_id bigint NOT NULL REFERENCES incidents(id),
        workflow_id text NOT NULL,
        state text NOT NULL,
        started_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz,
        started_by text NOT NULL DEFAULT 'system',
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX investigations_incident_idx ON investigations (incident_id)`);
    await q.query(`CREATE INDEX investigations_state_idx ON investigations (state, started_at DESC)`);
    await q.query(`CREATE INDEX investigations_started_idx ON investigations (started_at DESC, id DESC)`);
    await q.query(`
      ALTER TABLE alerts ADD COLUMN investigation_id uuid, ADD COLUMN investigation_state text`);
    await q.query(`
      CREATE TABLE investigation_alerts (
        investigation_id uuid NOT NULL REFERENCES investigations(id),
        alert_id uuid NOT NULL REFERENCES alerts(id),
        state text NOT NULL,
        added_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (investigation_id, alert_id)
      )`);
    await q.query(`
      CREATE TABLE playbook_runs (
        id text PRIMARY KEY,
        investigation_id uuid NOT NULL REFERENCES investigations(id),
        alert_id uuid NOT NULL REFERENCES alerts(id),
        playbook text NOT NULL,
        version text NOT NULL,
        hash text NOT NULL,
        status text NOT NULL,
        error text,
        steps jsonb NOT NULL DEFAULT '[]',
        started_at timestamptz NOT NULL DEFAULT now(),
        ended_at timestamptz
      )`);
    await q.query(`CREATE INDEX playbook_runs_investigation_idx ON playbook_runs (investigation_id)`);
    await q.query(`
      CREATE TABLE evidence (
        investigation_id uuid NOT NULL REFERENCES investigations(id),
        key text NOT NULL,
        entity_type text NOT NULL,
        entity jsonb NOT NULL,
        verdict text NOT NULL,
        reasons jsonb NOT NULL DEFAULT '[]',
        alert_ids uuid[] NOT NULL DEFAULT '{}',
        remediation_status text NOT NULL DEFAULT 'none',
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (investigation_id, key)
      )`);
    await q.query(`
      CREATE TABLE investigation_log (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        investigation_id uuid NOT NULL REFERENCES investigations(id),
        at timestamptz NOT NULL DEFAULT now(),
        message text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        dedupe_key text UNIQUE
      )`);
    await q.query(`CREATE INDEX investigation_log_idx ON investigation_log (investigation_id, id)`);
    await q.query(`
      CREATE TABLE actions (
        id text PRIMARY KEY,
        type text NOT NULL,
        family text NOT NULL,
        target_key text NOT NULL,
        target jsonb NOT NULL,
        params jsonb NOT NULL DEFAULT '{}',
        incident_id bigint REFERENCES incidents(id),
        investigation_id uuid REFERENCES investigations(id),
        alert_id uuid,
        source text NOT NULL CHECK (source IN ('automated','manual')),
        status text NOT NULL CHECK (status IN ('pending','approved','rejected','expired','running','succeeded','failed','undone')),
        reason text NOT NULL,
        proposed_by jsonb NOT NULL DEFAULT '{}',
        verdict text,
        policy_mode text NOT NULL,
        policy_reason text NOT NULL,
        requested_by text NOT NULL,
        required_approvals int NOT NULL DEFAULT 1,
        approvals jsonb NOT NULL DEFAULT '[]',
        connector text NOT NULL,
        error text,
        result jsonb,
        expires_at timestamptz,
        decided_by text,
        decided_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX actions_status_idx ON actions (status, created_at DESC, id)`);
    await q.query(`CREATE INDEX actions_created_idx ON actions (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX actions_incident_idx ON actions (incident_id)`);
    await q.query(`CREATE INDEX actions_investigation_idx ON actions (investigation_id)`);
    await q.query(`CREATE INDEX actions_target_idx ON actions (target_key)`);
    await q.query(`
      CREATE TABLE action_history (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        action_id text NOT NULL REFERENCES actions(id),
        at timestamptz NOT NULL DEFAULT now(),
        kind text NOT NULL,
        actor text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}',
        dedupe_key text UNIQUE
      )`);
    await q.query(`CREATE INDEX action_history_idx ON action_history (action_id, id)`);
    await q.query(`
      CREATE TABLE automation_settings (
        id int PRIMARY KEY CHECK (id = 1),
        settings jsonb NOT NULL,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL DEFAULT now()
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const t of ['automation_settings', 'action_history', 'actions', 'investigation_log', 'evidence', 'playbook_runs', 'investigation_alerts']) {
      await q.query(`DROP TABLE ${t}`);
    }
    await q.query('ALTER TABLE alerts DROP COLUMN investigation_id, DROP COLUMN investigation_state');
    await q.query('DROP TABLE investigations');
  }
}
