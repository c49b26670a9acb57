import type { MigrationInterface, QueryRunner } from 'typeorm';

export class IncidentQueue1764300000000 implements MigrationInterface {
  name = 'IncidentQueue1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query('CREATE EXTENSION IF NOT EXISTS pg_trgm');
    await q.query(`
      ALTER TABLE incidents
        ADD COLUMN severity_rank smallint GENERATED ALWAYS AS (
          CASE severity WHEN 'informational' THEN 0 WHEN 'low' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END) STORED,
        ADD COLUMN asset_names text[] NOT NULL DEFAULT '{}',
        ADD COLUMN investigation_state text,
        ADD COLUMN first_assigned_at timestamptz,
        ADD COLUMN resolved_by text,
        ADD COLUMN resolution_comment text`);
    await q.query(`UPDATE incidents SET first_assigned_at = created_at WHERE assigned_to IS NOT NULL`);
    for (const col of ['tags', 'system_tags', 'categories', 'sources', 'detection_sources', 'asset_names']) {
      await q.query(`CREATE INDEX incidents_${col}_gin ON incidents USING gin (${col})`);
    }
    await q.query(`CREATE INDEX incidents_name_trgm ON incidents USING gin (name gin_trgm_ops)`);
    await q.query(`CREATE INDEX incidents_severity_idx ON incidents (severity_rank DESC, id DESC)`);
    await q.query(`CREATE INDEX incidents_created_idx ON incidents (created_at DESC, id DESC)`);
    await q.query(`CREATE INDEX incidents_alert_count_idx ON incidents (alert_count DESC, id DESC)`);
    await q.query(`CREATE INDEX incidents_status_activity_idx ON incidents (status, last_activity_at DESC, id DESC)`);
    await q.query(`CREATE INDEX incidents_assigned_idx ON incidents (assigned_to, last_activity_at DESC)`);
    await q.query(`CREATE INDEX incidents_classification_idx ON incidents (classification, determination)`);
    await q.query(`
      CREATE TABLE incident_comments (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        incident_id bigint NOT NULL REFERENCES incidents(id),
        author text NOT NULL,
        text text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX incident_comments_incident_idx ON incident_comments (incident_id, id)`);
    await q.query(`CREATE INDEX incident_activity_kind_idx ON incident_activity (incident_id, kind, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP INDEX incident_activity_kind_idx');
    await q.query('DROP TABLE incident_comments');
    for (const idx of ['classification_idx', 'assigned_idx', 'status_activity_idx', 'alert_count_idx', 'created_idx', 'severity_idx', 'name_trgm']) {
      await q.query(`DROP INDEX incidents_${idx}`);
    }
    for (const col of ['tags', 'system_tags', 'categories', 'sources', 'detection_sources', 'asset_names']) {
      await q.query(`DROP INDEX incidents_${col}_gin`);
    }
    await q.query(`ALTER TABLE incidents DROP COLUMN severity_rank, DROP COLUMN asset_names, DROP COLUMN investigation_state,
      DROP COLUMN first_assigned_at, DROP COLUMN resolved_by, DROP COLUMN resolution_comment`);
  }
}
