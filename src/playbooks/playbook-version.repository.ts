import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { AlertOutcome, BacktestStatus, OutcomeDiff, PlaybookVersionOrigin } from '../domain/playbook-version.js';
import { alertInScope } from '../auth/scope.sql.js';
import type { ScopeLimit } from '../domain/scope.js';

export interface PlaybookVersionRow {
  id: string;
  name: string;
  version: string;
  hash: string;
  yaml: string;
  origin: PlaybookVersionOrigin;
  shadow: boolean;
  live: boolean;
  createdBy: string;
  createdAt: Date;
  promotedBy: string | null;
  promotedAt: Date | null;
  evidence: PromotionEvidence | null;
}

export interface PromotionEvidence {
  backtestIds: string[];
  shadowAlertIds: string[];
  comment?: string;
}

/** What a shadow run keeps: the candidate's outcome for the alert and its run status. */
export interface ShadowResult {
  status: 'succeeded' | 'failed';
  error?: string;
  matched: boolean;
  outcome: AlertOutcome;
}

export interface BacktestRow {
  id: string;
  versionId: string;
  name: string;
  hash: string;
  from: Date;
  to: Date;
  status: BacktestStatus;
  total: number;
  done: number;
  cursor: string | null;
  error: string | null;
  createdBy: string;
  createdAt: Date;
  finishedAt: Date | null;
}

/** One alert of a backtest: what happened beside what the version would have done. */
export interface BacktestComparison {
  title: string;
  /** Whether the version's triggers take the alert. */
  matched: boolean;
  status: 'succeeded' | 'failed';
  error?: string;
  happened: AlertOutcome & { ran: boolean };
  wouldHave: AlertOutcome;
  diff: OutcomeDiff;
}

const VERSION = `v.id, v.name, v.version, v.hash, v.yaml, v.origin, v.shadow, (l.version_id IS NOT NULL) AS live, v.created_by AS "createdBy",
  v.created_at AS "createdAt", v.promoted_by AS "promotedBy", v.promoted_at AS "promotedAt", v.promotion_evidence AS evidence`;
const FROM_VERSIONS = `playbook_versions v LEFT JOIN playbook_live l ON l.version_id = v.id`;
const BACKTEST = `b.id, b.version_id AS "versionId", v.name, v.hash, b.range_from AS "from", b.range_to AS "to", b.status, b.total, b.done,
  b.cursor, b.error, b.created_by AS "createdBy", b.created_at AS "createdAt", b.finished_at AS "finishedAt"`;

/** The one owner of playbook_versions, playbook_live, shadow_runs, backtests and backtest_results. */
export class PlaybookVersionRepository {
  constructor(private readonly db: DataSource) {}

  /** Idempotent on (name, hash): the same YAML registered twice is one version. */
  async register(
    m: EntityManager | DataSource,
    v: { name: string; version: string; hash: string; yaml: string; origin: PlaybookVersionOrigin; createdBy: string },
  ): Promise<{ id: string; created: boolean }> {
    const [inserted] = await m.query(
      `INSERT INTO playbook_versions (id, name, version, hash, yaml, origin, created_by) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (name, hash) DO NOTHING RETURNING id`,
      [randomUUID(), v.name, v.version, v.hash, v.yaml, v.origin, v.createdBy],
    );
    if (inserted) return { id: inserted.id, created: true };
    const [existing] = await m.query(`SELECT id FROM playbook_versions WHERE name = $1 AND hash = $2`, [v.name, v.hash]);
    return { id: existing.id, created: false };
  }

  list(name: string): Promise<PlaybookVersionRow[]> {
    return this.db.query(`SELECT ${VERSION} FROM ${FROM_VERSIONS} WHERE v.name = $1 ORDER BY v.created_at DESC, v.id`, [name]);
  }

  async find(m: EntityManager | DataSource, id: string, lock = false): Promise<PlaybookVersionRow | undefined> {
    const [row] = await m.query(`SELECT ${VERSION} FROM ${FROM_VERSIONS} WHERE v.id = $1${lock ? ' FOR UPDATE OF v' : ''}`, [id]);
    return row;
  }

  /** The promoted version of every playbook that has one. */
  promoted(): Promise<{ id: string; name: string; hash: string; yaml: string }[]> {
    return this.db.query(`SELECT v.id, v.name, v.hash, v.yaml FROM playbook_live l JOIN playbook_versions v ON v.id = l.version_id`);
  }

  byHashes(pairs: { name: string; hash: string }[]): Promise<{ id: string; name: string; hash: string; yaml: string }[]> {
    if (!pairs.length) return Promise.resolve([]);
    return this.db.query(
      `SELECT v.id, v.name, v.hash, v.yaml FROM playbook_versions v
       JOIN jsonb_to_recordset($1::jsonb) AS p(name text, hash text) ON p.name = v.name AND p.hash = v.hash`,
      [JSON.stringify(pairs)],
    );
  }

  shadows(): Promise<{ id: string; name: string; hash: string; yaml: string }[]> {
    return this.db.query(`SELECT id, name, hash, yaml FROM playbook_versions WHERE shadow`);
  }

  async setShadow(m: EntityManager, id: string, shadow: boolean): Promise<void> {
    await m.query(`UPDATE playbook_versions SET shadow = $2 WHERE id = $1`, [id, shadow]);
  }

  /** The version id live before the change, or null when the file was. */
  async promote(m: EntityManager, v: { id: string; name: string; by: string; evidence: PromotionEvidence }): Promise<string | null> {
    const [before] = await m.query(`SELECT version_id AS id FROM playbook_live WHERE name = $1 FOR UPDATE`, [v.name]);
    await m.query(
      `INSERT INTO playbook_live (name, version_id, promoted_by) VALUES ($1, $2, $3)
       ON CONFLICT (name) DO UPDATE SET version_id = excluded.version_id, promoted_by = excluded.promoted_by, promoted_at = now()`,
      [v.name, v.id, v.by],
    );
    await m.query(`UPDATE playbook_versions SET shadow = false, promoted_by = $2, promoted_at = now(), promotion_evidence = $3 WHERE id = $1`, [
      v.id,
      v.by,
      JSON.stringify(v.evidence),
    ]);
    return before?.id ?? null;
  }

  /** Back to the file; the version id that was live, or undefined when none was. */
  async revert(m: EntityManager, name: string): Promise<string | undefined> {
    const [rows]: [{ id: string }[], number] = await m.query(`DELETE FROM playbook_live WHERE name = $1 RETURNING version_id AS id`, [name]);
    return rows[0]?.id;
  }

  async recordShadowRun(versionId: string, alertId: string, result: ShadowResult): Promise<void> {
    await this.db.query(
      `INSERT INTO shadow_runs (version_id, alert_id, result) VALUES ($1, $2, $3)
       ON CONFLICT (version_id, alert_id) DO UPDATE SET result = excluded.result, ran_at = now()`,
      [versionId, alertId, JSON.stringify(result)],
    );
  }

  /** Shadow runs, newest first; a scoped caller sees only those on alerts in its scope. */
  shadowRuns(f: { name: string; versionId?: string; alertId?: string; limit: number; scope?: ScopeLimit }): Promise<
    { versionId: string; hash: string; alertId: string; alertType: string; alertTitle: string; ranAt: Date; result: ShadowResult }[]
  > {
    const params: unknown[] = [f.name, f.versionId ?? null, f.alertId ?? null, f.limit];
    const scoped = f.scope ? `AND ${alertInScope('a', f.scope, (v) => `$${params.push(v)}`)}` : '';
    return this.db.query(
      `SELECT s.version_id AS "versionId", v.hash, s.alert_id AS "alertId", a.type AS "alertType", a.title AS "alertTitle", s.ran_at AS "ranAt", s.result
       FROM shadow_runs s JOIN playbook_versions v ON v.id = s.version_id JOIN alerts a ON a.id = s.alert_id
       WHERE v.name = $1 AND ($2::uuid IS NULL OR s.version_id = $2) AND ($3::uuid IS NULL OR s.alert_id = $3) ${scoped}
       ORDER BY s.ran_at DESC, s.alert_id LIMIT $4`,
      params,
    );
  }

  async shadowRunsExist(versionId: string, alertIds: string[]): Promise<string[]> {
    const rows: { alertId: string }[] = await this.db.query(
      `SELECT alert_id AS "alertId" FROM shadow_runs WHERE version_id = $1 AND alert_id = ANY($2::uuid[])`,
      [versionId, alertIds],
    );
    return rows.map((r) => r.alertId);
  }

  /** Alerts received in the range, counted once when the backtest starts. */
  async createBacktest(m: EntityManager, b: { id: string; versionId: string; from: string; to: string; createdBy: string }): Promise<number> {
    const [{ total }] = await m.query(`SELECT count(*)::int AS total FROM alerts WHERE received_at >= $1 AND received_at < $2`, [b.from, b.to]);
    await m.query(
      `INSERT INTO backtests (id, version_id, range_from, range_to, status, total, created_by) VALUES ($1, $2, $3, $4, 'running', $5, $6)`,
      [b.id, b.versionId, b.from, b.to, total, b.createdBy],
    );
    return total;
  }

  async findBacktest(id: string): Promise<BacktestRow | undefined> {
    const [row] = await this.db.query(`SELECT ${BACKTEST} FROM backtests b JOIN playbook_versions v ON v.id = b.version_id WHERE b.id = $1`, [id]);
    return row;
  }

  /** The next page of the range after the cursor (`<received_at ISO>|<id>`), oldest first. */
  backtestAlerts(b: BacktestRow, limit: number): Promise<{ id: string; type: string; cursor: string }[]> {
    const [at, id] = b.cursor ? b.cursor.split('|') : [null, null];
    return this.db.query(
      `SELECT id, type, to_char(received_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') || '|' || id AS cursor FROM alerts
       WHERE received_at >= $1 AND received_at < $2 AND ($3::timestamptz IS NULL OR (received_at, id) > ($3::timestamptz, $4::uuid))
       ORDER BY received_at, id LIMIT $5`,
      [b.from, b.to, at, id, limit],
    );
  }

  /** One page's results and the cursor move together, so a retried page neither skips nor double-counts. */
  async recordBacktestPage(
    backtestId: string,
    expectedCursor: string | null,
    results: { alertId: string; alertType: string; comparison: BacktestComparison | null }[],
    cursor: string | null,
    processed: number,
  ): Promise<void> {
    await this.db.transaction(async (m) => {
      const [row] = await m.query(`SELECT cursor FROM backtests WHERE id = $1 FOR UPDATE`, [backtestId]);
      if (!row || row.cursor !== expectedCursor) return;
      const kept = results.filter((r) => r.comparison);
      if (kept.length)
        await m.query(
          `INSERT INTO backtest_results (backtest_id, alert_id, alert_type, comparison)
           SELECT $1, x.alert_id, x.alert_type, x.comparison FROM jsonb_to_recordset($2::jsonb) AS x(alert_id uuid, alert_type text, comparison jsonb)
           ON CONFLICT DO NOTHING`,
          [backtestId, JSON.stringify(kept.map((r) => ({ alert_id: r.alertId, alert_type: r.alertType, comparison: r.comparison })))],
        );
      await m.query(`UPDATE backtests SET cursor = $2, done = LEAST(total, done + $3) WHERE id = $1`, [backtestId, cursor, processed]);
    });
  }

  async finishBacktest(id: string, status: Exclude<BacktestStatus, 'running'>, error?: string): Promise<void> {
    await this.db.query(
      `UPDATE backtests SET status = $2, error = $3, finished_at = now(), done = CASE WHEN $2 = 'completed' THEN total ELSE done END
       WHERE id = $1 AND status = 'running'`,
      [id, status, error ?? null],
    );
  }

  /** A backtest's results; a scoped caller's only on the alerts in its scope. */
  backtestResults(id: string, scope?: ScopeLimit): Promise<{ alertId: string; alertType: string; comparison: BacktestComparison }[]> {
    const params: unknown[] = [id];
    const scoped = scope
      ? `AND EXISTS (SELECT 1 FROM alerts a WHERE a.id = r.alert_id AND ${alertInScope('a', scope, (v) => `$${params.push(v)}`)})`
      : '';
    return this.db.query(
      `SELECT r.alert_id AS "alertId", r.alert_type AS "alertType", r.comparison FROM backtest_results r
       WHERE r.backtest_id = $1 ${scoped} ORDER BY r.alert_type, r.alert_id`,
      params,
    );
  }
}
