import type { EntityManager } from 'typeorm';

/** The correlation engine's own tables and counts: entity aliases and how widely a key is spread over the estate. */
export class CorrelationRepository {
  /** Aliases of `keys` stated by an alert whose activity overlaps the window around [from, to]: an index probe per key. */
  aliasesOf(
    m: EntityManager,
    keys: string[],
    from: Date,
    to: Date,
    windowSecs: number,
  ): Promise<{ key: string; alias: string; alert_id: string }[]> {
    if (!keys.length) return Promise.resolve([]);
    return m.query(
      `SELECT key, alias, alert_id FROM entity_aliases
       WHERE key = ANY($1)
         AND last_seen_at >= $2::timestamptz - make_interval(secs => $4)
         AND first_seen_at <= $3::timestamptz + make_interval(secs => $4)`,
      [keys, from, to, windowSecs],
    );
  }

  /** Records every pair of keys within each group as aliases of each other, stated by the alert. */
  async recordAliases(m: EntityManager, groups: string[][], alertId: string, from: Date, to: Date): Promise<void> {
    // Two groups of one alert may state the same pair (an account named on its own and as a mailbox's
    // owner): one row per pair, or the upsert would touch a row twice in one statement.
    const unique = new Map<string, [string, string]>();
    for (const g of groups) for (const a of g) for (const b of g) if (a !== b) unique.set(`${a}\u0000${b}`, [a, b]);
    const pairs = [...unique.values()];
    if (!pairs.length) return;
    await m.query(
      `INSERT INTO entity_aliases (key, alias, alert_id, first_seen_at, last_seen_at)
       SELECT p.key, p.alias, $2, $3, $4 FROM unnest($1::text[], $5::text[]) AS p(key, alias)
       ON CONFLICT (key, alias) DO UPDATE SET
         alert_id = CASE WHEN excluded.last_seen_at >= entity_aliases.last_seen_at THEN excluded.alert_id ELSE entity_aliases.alert_id END,
         first_seen_at = least(entity_aliases.first_seen_at, excluded.first_seen_at),
         last_seen_at = greatest(entity_aliases.last_seen_at, excluded.last_seen_at)`,
      [pairs.map((p) => p[0]), alertId, from, to, pairs.map((p) => p[1])],
    );
  }

  /**
   * Per key, in how many incidents (open or not) it was seen since `since`, counting no further than
   * `countUpTo`: an index probe each. A key many incidents share is common in this estate.
   */
  incidentSpread(m: EntityManager, keys: string[], since: Date, countUpTo: number): Promise<{ key: string; n: number }[]> {
    if (!keys.length) return Promise.resolve([]);
    return m.query(
      `SELECT k.key, (SELECT count(*)::int FROM (
                SELECT 1 FROM incident_keys ik WHERE ik.key = k.key AND ik.last_seen_at >= $2 LIMIT $3) s) AS n
       FROM unnest($1::text[]) AS k(key)`,
      [keys, since, countUpTo],
    );
  }
}
