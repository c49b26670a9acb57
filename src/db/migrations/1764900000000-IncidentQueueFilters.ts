import type { MigrationInterface, QueryRunner } from 'typeorm';

const QUEUE_GIN_INDEXES = [
  'incidents_tags_gin',
  'incidents_system_tags_gin',
  'incidents_categories_gin',
  'incidents_sources_gin',
  'incidents_detection_sources_gin',
  'incidents_asset_names_gin',
  'incidents_name_trgm',
];

/**
 * What the incident queue's filters need from the planner and their indexes.
 *
 * The GIN indexes behind the array and text filters write new entries straight into the index
 * (`fastupdate = off`) instead of a pending list that every search reads from end to end until a
 * vacuum merges it: up to 4 MB of recent incidents in that list made a tag filter dearer than
 * reading the table, so the planner read the table. Incidents are written at the pace of alerts;
 * the queue is read at the pace of analysts.
 *
 * The scalar filters are correlated (a classification is set when an incident is resolved, an
 * investigation ends with its incident), and the planner multiplies their selectivities as if they
 * were not: "true positive among open incidents" was estimated at thousands of rows when there
 * are none. Statistics across those columns let it estimate such combinations.
 *
 * Two composite indexes answer the commonest scalar filters without reading incidents: status
 * and severity (with the time range, a total is counted from the index alone), and
 * classification within status (true positives among open incidents: an index probe). The
 * second replaces the index on classification and determination, which is its prefix.
 *
 * The last-activity index carries status and severity rank: the default view's walk in that
 * order, and every incident active in a time window (to be sorted some other way), are read from
 * the index alone. It replaces the index without them.
 */
export class IncidentQueueFilters1764900000000 implements MigrationInterface {
  name = 'IncidentQueueFilters1764900000000';

  async up(q: QueryRunner): Promise<void> {
    for (const index of QUEUE_GIN_INDEXES) {
      await q.query(`ALTER INDEX ${index} SET (fastupdate = off)`);
      // Turning it off leaves what is already pending where it is; merge it now.
      await q.query(`SELECT gin_clean_pending_list('${index}'::regclass)`);
    }
    await q.query(`
      CREATE STATISTICS incidents_queue_filters_stats (dependencies, mcv)
        ON status, severity, severity_rank, classification, determination, investigation_state, assigned_to FROM incidents`);
    await q.query(`CREATE INDEX incidents_status_severity_idx ON incidents (status, severity, last_activity_at) INCLUDE (severity_rank)`);
    await q.query(`CREATE INDEX incidents_classification_status_idx ON incidents (classification, determination, status)`);
    await q.query('DROP INDEX incidents_classification_idx');
    await q.query(
      `CREATE INDEX incidents_last_activity_cover_idx ON incidents (last_activity_at DESC, id DESC) INCLUDE (status, severity_rank)`,
    );
    await q.query('DROP INDEX incidents_last_activity_idx');
    await q.query('ANALYZE incidents');
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX incidents_last_activity_idx ON incidents (last_activity_at DESC, id DESC)`);
    await q.query('DROP INDEX incidents_last_activity_cover_idx');
    await q.query(`CREATE INDEX incidents_classification_idx ON incidents (classification, determination)`);
    await q.query('DROP INDEX incidents_classification_status_idx');
    await q.query('DROP INDEX incidents_status_severity_idx');
    await q.query('DROP STATISTICS incidents_queue_filters_stats');
    for (const index of QUEUE_GIN_INDEXES) await q.query(`ALTER INDEX ${index} RESET (fastupdate)`);
  }
}
