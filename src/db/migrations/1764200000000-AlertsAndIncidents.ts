import type { MigrationInterface, QueryRunner } from 'typeorm';

export class AlertsAndIncidents1764200000000 implements MigrationInterface {
  name = 'AlertsAndIncidents1764200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incidents (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        name text NOT NULL,
        name_set_by_analyst boolean NOT NULL DEFAULT false,
        severity text NOT NULL,
        severity_set_by_analyst boolean NOT NULL DEFAULT false,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','in_progress','resolved','redirected')),
        classification text,
        determination text,
        assigned_to text,
        tags text[] NOT NULL DEFAULT '{}',
        system_tags text[] NOT NULL DEFAULT '{}',
        categories text[] NOT NULL DEFAULT '{}',
        sources text[] NOT NULL DEFAULT '{}',
        detection_sources text[] NOT NULL DEFAULT '{}',
        impacted_assets jsonb NOT NULL DEFAULT '{}',
        alert_count int NOT NULL DEFAULT 0,
        first_activity_at timestamptz NOT NULL,
        last_activity_at timestamptz NOT NULL,
        redirected_to bigint REFERENCES incidents(id),
        version int NOT NULL DEFAULT 1,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        resolved_at timestamptz
      )`);
    await q.query(`CREATE INDEX incidents_open_idx ON incidents (id) WHERE status IN ('active','in_progress')`);
    await q.query(`CREATE INDEX incidents_last_activity_idx ON incidents (last_activity_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE alerts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        source text NOT NULL,
        external_id text NOT NULL,
        detection_source text,
        title text NOT NULL,
        description text,
        type text NOT NULL,
        severity text NOT NULL,
        category text,
        mitre_techniques text[] NOT NULL DEFAULT '{}',
        first_activity_at timestamptz NOT NULL,
        last_activity_at timestamptz NOT NULL,
        entities jsonb NOT NULL DEFAULT '[]',
        raw jsonb,
        format text NOT NULL DEFAULT 'native',
        status text NOT NULL DEFAULT 'new' CHECK (status IN ('new','in_progress','resolved')),
        assigned_to text,
        incident_id bigint REFERENCES incidents(id),
        correlation jsonb,
        received_at timestamptz NOT NULL DEFAULT now(),
        dispatched_at timestamptz,
        correlated_at timestamptz,
        UNIQUE (source, external_id)
      )`);
    await q.query(`CREATE INDEX alerts_incident_idx ON alerts (incident_id)`);
    await q.query(`CREATE INDEX alerts_received_idx ON alerts (received_at DESC, id DESC)`);
    await q.query(`CREATE INDEX alerts_undispatched_idx ON alerts (received_at) WHERE dispatched_at IS NULL`);

    // Every correlation key an alert carries, at its activity time: prevalence counts read this by key.
    await q.query(`
      CREATE TABLE alert_keys (
        key text NOT NULL,
        activity_at timestamptz NOT NULL,
        alert_id uuid NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        PRIMARY KEY (key, activity_at, alert_id)
      )`);
    // Which incidents a key has been seen in, and when: the candidates for a new alert.
    await q.query(`
      CREATE TABLE incident_keys (
        key text NOT NULL,
        incident_id bigint NOT NULL REFERENCES incidents(id),
        first_seen_at timestamptz NOT NULL,
        last_seen_at timestamptz NOT NULL,
        PRIMARY KEY (key, incident_id)
      )`);
    await q.query(`CREATE INDEX incident_keys_incident_idx ON incident_keys (incident_id)`);

    await q.query(`
      CREATE TABLE incident_activity (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        incident_id bigint NOT NULL REFERENCES incidents(id),
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        kind text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX incident_activity_incident_idx ON incident_activity (incident_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE incident_activity');
    await q.query('DROP TABLE incident_keys');
    await q.query('DROP TABLE alert_keys');
    await q.query('DROP TABLE alerts');
    await q.query('DROP TABLE incidents');
  }
}
