import type { DataSource, EntityManager } from 'typeorm';
import type { FeedbackKind, ProposalKind, ProposalStatus } from '../domain/correlation.js';

export interface FeedbackRow {
  id: number;
  kind: FeedbackKind;
  alertId: string | null;
  incidentIds: number[];
  keys: string[];
  reason: string;
  actor: string;
  at: Date;
}

export interface ProposalRow {
  id: string;
  kind: ProposalKind;
  target: string;
  status: ProposalStatus;
  summary: string;
  evidence: { count: number; items: FeedbackRow[] };
  createdAt: Date;
  updatedAt: Date;
  decidedBy: string | null;
  decidedAt: Date | null;
}

const FEEDBACK = `id::int, kind, alert_id AS "alertId", incident_ids::int[] AS "incidentIds", keys, reason, actor, created_at AS at`;
const PROPOSAL = `id, kind, target, status, summary, evidence, created_at AS "createdAt", updated_at AS "updatedAt",
  decided_by AS "decidedBy", decided_at AS "decidedAt"`;

/** Owns `correlation_feedback` (analysts' corrections) and `correlation_proposals` (the tuning changes they suggest). */
export class CorrelationFeedbackRepository {
  constructor(private readonly db: DataSource) {}

  async record(m: EntityManager, f: Omit<FeedbackRow, 'id' | 'at'>): Promise<void> {
    await m.query(`INSERT INTO correlation_feedback (kind, alert_id, incident_ids, keys, reason, actor) VALUES ($1, $2, $3, $4, $5, $6)`, [
      f.kind,
      f.alertId,
      f.incidentIds,
      f.keys,
      f.reason,
      f.actor,
    ]);
  }

  /** The corrections that name `key`, newest first (up to `limit`), and how many there are: through the keys' GIN index. */
  async naming(m: EntityManager, key: string, limit: number): Promise<{ count: number; items: FeedbackRow[] }> {
    const [{ count }] = await m.query(`SELECT count(*)::int AS count FROM correlation_feedback WHERE keys @> ARRAY[$1]::text[]`, [key]);
    const items = await m.query(`SELECT ${FEEDBACK} FROM correlation_feedback WHERE keys @> ARRAY[$1]::text[] ORDER BY id DESC LIMIT $2`, [
      key,
      limit,
    ]);
    return { count, items };
  }

  /** The distinct keys starting with `prefix` that moved-out corrections name. */
  async keysLike(m: EntityManager, prefix: string, limit: number): Promise<string[]> {
    const rows: { key: string }[] = await m.query(
      `SELECT DISTINCT k AS key FROM correlation_feedback, unnest(keys) k WHERE kind = 'alert_moved_out' AND starts_with(k, $1) LIMIT $2`,
      [prefix, limit],
    );
    return rows.map((r) => r.key);
  }

  /** Opens the proposal, or brings its evidence up to date while it is open; a decided one stays decided. */
  async propose(m: EntityManager, p: Pick<ProposalRow, 'id' | 'kind' | 'target' | 'summary' | 'evidence'>): Promise<void> {
    await m.query(
      `INSERT INTO correlation_proposals (id, kind, target, status, summary, evidence) VALUES ($1, $2, $3, 'open', $4, $5)
       ON CONFLICT (id) DO UPDATE SET summary = excluded.summary, evidence = excluded.evidence, updated_at = now()
       WHERE correlation_proposals.status = 'open'`,
      [p.id, p.kind, p.target, p.summary, JSON.stringify(p.evidence)],
    );
  }

  list(status: ProposalStatus[] | undefined, limit: number): Promise<ProposalRow[]> {
    return this.db.query(
      `SELECT ${PROPOSAL} FROM correlation_proposals WHERE $1::text[] IS NULL OR status = ANY($1) ORDER BY updated_at DESC, id LIMIT $2`,
      [status ?? null, limit],
    );
  }

  async lock(m: EntityManager, id: string): Promise<ProposalRow | undefined> {
    return (await m.query(`SELECT ${PROPOSAL} FROM correlation_proposals WHERE id = $1 FOR UPDATE`, [id]))[0];
  }

  async decide(m: EntityManager, id: string, status: Exclude<ProposalStatus, 'open'>, by: string): Promise<ProposalRow> {
    await m.query(`UPDATE correlation_proposals SET status = $2, decided_by = $3, decided_at = now(), updated_at = now() WHERE id = $1`, [
      id,
      status,
      by,
    ]);
    return (await this.lock(m, id))!;
  }
}
