import type { DataSource } from 'typeorm';

/**
 * Stores `count` incidents straight into the incidents table, in chunks, with a realistic spread of
 * severities, statuses, assignees, tags, sources and activity times over the last 30 days, then
 * analyzes the table. `progress` hears how many are stored so far.
 */
export async function seedIncidents(db: DataSource, count: number, progress?: (done: number) => void): Promise<void> {
  const chunk = 10_000;
  for (let done = 0; done < count; done += chunk) {
    await db.query(
      `INSERT INTO incidents (name, severity, status, classification, determination, assigned_to, tags, categories, sources,
                              detection_sources, asset_names, alert_count, first_activity_at, last_activity_at, created_at,
                              investigation_state)
       SELECT CASE WHEN g % 7 = 0 THEN 'Password spray against user ' || g ELSE 'Multi-stage incident ' || g END,
              (ARRAY['informational','low','medium','high'])[1 + g % 4],
              (ARRAY['active','in_progress','resolved','active'])[1 + g % 4],
              CASE WHEN g % 4 = 2 THEN 'true_positive' END, CASE WHEN g % 4 = 2 THEN 'phishing' END,
              CASE WHEN g % 3 = 0 THEN NULL ELSE 'analyst-' || (g % 10) END,
              CASE WHEN g % 50 = 0 THEN ARRAY['vip'] ELSE '{}' END,
              ARRAY[(ARRAY['Execution','CredentialAccess','InitialAccess','LateralMovement'])[1 + g % 4]],
              CASE WHEN g % 5 = 0 THEN ARRAY['endpoint','identity'] ELSE ARRAY[(ARRAY['endpoint','identity','email'])[1 + g % 3]] END,
              ARRAY[(ARRAY['edr','antivirus','mdi'])[1 + g % 3]],
              ARRAY['host-' || g, 'user' || (g % 5000) || '@corp.example'],
              1 + g % 40,
              now() - make_interval(mins => g % 86400), now() - make_interval(mins => g % 43200),
              now() - make_interval(mins => g % 43200),
              (ARRAY['running','pending_approval','remediated', NULL])[1 + g % 4]
       FROM generate_series($1::int, $2::int) AS g`,
      [done + 1, Math.min(done + chunk, count)],
    );
    progress?.(Math.min(done + chunk, count));
  }
  // Autovacuum vacuums and analyses a table after a bulk insert (PostgreSQL 13+), so a deployment
  // queries it with statistics and a visibility map; the first minute after seeding would not.
  await db.query('VACUUM (ANALYZE) incidents');
}
