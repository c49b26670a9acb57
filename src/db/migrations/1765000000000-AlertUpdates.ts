import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Alerts updated in place and analysts' changes written back to the vendor: the vendor's last
 * update time and a revision per alert (with the revision correlation has seen, so a relay finds
 * updates whose workflow never started), the alert's own activity log, and the write-back outbox
 * with one result per vendor object.
 */
export class AlertUpdates1765000000000 implements MigrationInterface {
  name = 'AlertUpdates1765000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE alerts
      ADD COLUMN vendor_updated_at timestamptz,
      ADD COLUMN revision int NOT NULL DEFAULT 0,
      ADD COLUMN correlated_revision int NOT NULL DEFAULT 0,
      ADD COLUMN updated_at timestamptz`);
    await q.query(`CREATE INDEX alerts_unrecorrelated_idx ON alerts (updated_at) WHERE revision > correlated_revision`);
    await q.query(`
      CREATE TABLE alert_activity (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        alert_id uuid NOT NULL REFERENCES alerts(id) ON DELETE CASCADE,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        origin text NOT NULL CHECK (origin IN ('vendor','analyst','system','writeback')),
        kind text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX alert_activity_alert_idx ON alert_activity (alert_id, id)`);
    await q.query(`
      CREATE TABLE writeback_requests (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        incident_id bigint NOT NULL REFERENCES incidents(id),
        version int NOT NULL,
        change jsonb NOT NULL,
        requested_by text NOT NULL,
        requested_at timestamptz NOT NULL DEFAULT now(),
        started_at timestamptz,
        finished_at timestamptz,
        UNIQUE (incident_id, version)
      )`);
    await q.query(`CREATE INDEX writeback_requests_unstarted_idx ON writeback_requests (requested_at) WHERE started_at IS NULL`);
    await q.query(`
      CREATE TABLE writeback_results (
        request_id bigint NOT NULL REFERENCES writeback_requests(id),
        target text NOT NULL CHECK (target IN ('alert','incident')),
        target_ref text NOT NULL,
        writer text NOT NULL,
        outcome text NOT NULL CHECK (outcome IN ('written','unchanged','conflict','failed')),
        vendor_last_update timestamptz,
        details jsonb NOT NULL DEFAULT '{}',
        at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (request_id, target, target_ref)
      )`);
    await q.query(`CREATE INDEX writeback_results_target_idx ON writeback_results (writer, target, target_ref, at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query('DROP TABLE writeback_results');
    await q.query('DROP TABLE writeback_requests');
    await q.query('DROP TABLE alert_activity');
    await q.query('DROP INDEX alerts_unrecorrelated_idx');
    await q.query(`ALTER TABLE alerts DROP COLUMN vendor_updated_at, DROP COLUMN revision, DROP COLUMN correlated_revision, DROP COLUMN updated_at`);
  }
}
