import type { DataSource, EntityManager } from 'typeorm';
import type { RemediationStatus, Verdict } from '../domain/actions.js';
import { type Entity, entitySchema } from '../domain/alert.js';
import { detectorVerdict, remediatedVerdict, settledVerdict, THREAT_CARRIERS, type VerdictSource } from '../domain/investigation.js';
import { entityKey } from '../correlation/keys.js';

/** A verdict on an entity, and where it came from. */
export type VerdictReason = {
  verdict: Verdict;
  reason: string;
  alertId: string;
} & VerdictSource;

const sameSource = (a: VerdictReason, b: VerdictReason) =>
  a.alertId === b.alertId && ('detector' in a ? 'detector' in b : 'playbook' in b && a.playbook === b.playbook && a.step === b.step);

/** What a detector said in one alert: its source, severity, title and the entities it named. */
export interface DetectedAlert {
  id: string;
  source: string;
  severity: string;
  title: string;
  entities: unknown[];
}

export interface EvidenceRow {
  key: string;
  entityType: string;
  entity: Entity;
  verdict: Verdict;
  reasons: VerdictReason[];
  alertIds: string[];
  remediationStatus: RemediationStatus;
}

/**
 * Owns `evidence`: the entities an investigation looked at, keyed by the entity's correlation key
 * (seen twice, analysed once, strongest verdict kept), and how far their remediation got.
 */
export class EvidenceStore {
  constructor(private readonly db: DataSource) {}

  async record(investigationId: string, key: string, entity: Entity, reason: VerdictReason): Promise<{ key: string; verdict: Verdict }> {
    return this.db.transaction(async (m) => ({ key, verdict: await this.merge(m, investigationId, key, entity, reason) }));
  }

  /**
   * The alert's own detection is evidence: every entity the detector named joins the evidence with
   * the detector as its source (see `detectorVerdict`). Idempotent, and never overrules a verdict a
   * playbook already gave, so it can run again in any order.
   */
  async recordDetected(m: EntityManager, investigationId: string, alert: DetectedAlert): Promise<void> {
    const named = new Map<string, { key: string; entity: Entity; reason: VerdictReason }>();
    for (const raw of alert.entities) {
      const parsed = entitySchema.safeParse(raw);
      if (!parsed.success) continue;
      const key = entityKey(parsed.data);
      const verdict = detectorVerdict(parsed.data.type, alert.severity);
      const reason = `named by the ${alert.source} detector in '${alert.title}' (${alert.severity})`;
      named.set(key, { key, entity: parsed.data, reason: { verdict, reason, alertId: alert.id, detector: alert.source } });
    }
    if (!named.size) return;
    // Rows are locked in key order, as every writer of several evidence rows must, so two never deadlock.
    const sorted = [...named.values()].sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    // New entities, the common case, in one statement; those another alert already brought are merged one by one.
    const created: { key: string }[] = await m.query(
      `INSERT INTO evidence (investigation_id, key, entity_type, entity, verdict, reasons, alert_ids)
       SELECT $1, x.key, x.entity_type, x.entity, x.verdict, jsonb_build_array(x.reason), ARRAY[$2::uuid]
       FROM jsonb_to_recordset($3::jsonb) AS x(key text, entity_type text, entity jsonb, verdict text, reason jsonb)
       ORDER BY x.key COLLATE "C"
       ON CONFLICT (investigation_id, key) DO NOTHING RETURNING key`,
      [
        investigationId,
        alert.id,
        JSON.stringify(
          sorted.map((e) => ({ key: e.key, entity_type: e.entity.type, entity: e.entity, verdict: e.reason.verdict, reason: e.reason })),
        ),
      ],
    );
    const done = new Set(created.map((r) => r.key));
    for (const e of sorted) if (!done.has(e.key)) await this.merge(m, investigationId, e.key, e.entity, e.reason);
  }

  /** Adds one reason to an entity's evidence (creating it) and settles its verdict; safe against a concurrent writer of the same row. */
  private async merge(m: EntityManager, investigationId: string, key: string, entity: Entity, reason: VerdictReason): Promise<Verdict> {
    const created = await m.query(
      `INSERT INTO evidence (investigation_id, key, entity_type, entity, verdict, reasons, alert_ids) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (investigation_id, key) DO NOTHING RETURNING key`,
      [investigationId, key, entity.type, JSON.stringify(entity), reason.verdict, JSON.stringify([reason]), [reason.alertId]],
    );
    if (created.length) return reason.verdict;
    const [current] = await m.query(`SELECT reasons FROM evidence WHERE investigation_id = $1 AND key = $2 FOR UPDATE`, [
      investigationId,
      key,
    ]);
    const known: VerdictReason[] = current.reasons;
    const reasons = known.some((r) => sameSource(r, reason)) ? known : [...known, reason];
    const verdict = settledVerdict(reasons);
    await m.query(
      `UPDATE evidence SET verdict = $3, reasons = $4, alert_ids = ARRAY(SELECT DISTINCT unnest(alert_ids || $5::uuid[])), updated_at = now()
       WHERE investigation_id = $1 AND key = $2`,
      [investigationId, key, verdict, JSON.stringify(reasons), [reason.alertId]],
    );
    return verdict;
  }

  /**
   * What keeps an investigation from calling it clean: threat carriers that no enrichment settled,
   * and anything a playbook looked at and could not tell (its verdict `unknown`).
   */
  async unsettled(m: EntityManager, investigationId: string): Promise<{ key: string; entityType: string }[]> {
    return m.query(
      `SELECT key, entity_type AS "entityType" FROM evidence
       WHERE investigation_id = $1 AND verdict = 'unknown'
         AND (entity_type = ANY($2) OR EXISTS (SELECT 1 FROM jsonb_array_elements(reasons) r WHERE r ? 'playbook'))
       ORDER BY key`,
      [investigationId, THREAT_CARRIERS],
    );
  }

  /**
   * The verdict an action on `key` remediates (see `remediatedVerdict`), from the target's evidence
   * and everything on the same alert.
   */
  async verdictFor(investigationId: string, key: string, alertId: string): Promise<Verdict | undefined> {
    const rows: { verdict: Verdict; own: boolean }[] = await this.db.query(
      `SELECT verdict, key = $2 AS own FROM evidence WHERE investigation_id = $1 AND (key = $2 OR $3 = ANY(alert_ids))`,
      [investigationId, key, alertId],
    );
    return remediatedVerdict(
      rows.find((r) => r.own)?.verdict,
      rows.map((r) => r.verdict),
    );
  }

  /** What was said about each entity of an alert's latest investigation, for comparing it with a shadow run or a backtest. */
  async reasonsForAlert(
    alertId: string,
  ): Promise<{ key: string; reasons: ({ verdict: Verdict; alertId?: string } & Partial<VerdictSource>)[] }[]> {
    return this.db.query(
      `SELECT e.key, e.reasons FROM alerts a JOIN evidence e ON e.investigation_id = a.investigation_id AND a.id = ANY(e.alert_ids) WHERE a.id = $1`,
      [alertId],
    );
  }

  async setRemediationStatus(
    m: EntityManager | DataSource,
    investigationId: string,
    key: string,
    status: RemediationStatus,
  ): Promise<void> {
    await m.query(`UPDATE evidence SET remediation_status = $3, updated_at = now() WHERE investigation_id = $1 AND key = $2`, [
      investigationId,
      key,
      status,
    ]);
  }

  async countByVerdict(m: EntityManager, investigationId: string): Promise<Partial<Record<Verdict, number>>> {
    const rows: { verdict: Verdict; n: number }[] = await m.query(
      `SELECT verdict, count(*)::int AS n FROM evidence WHERE investigation_id = $1 GROUP BY verdict`,
      [investigationId],
    );
    return Object.fromEntries(rows.map((r) => [r.verdict, r.n]));
  }

  list(investigationId: string): Promise<EvidenceRow[]> {
    return this.db.query(
      `SELECT key, entity_type AS "entityType", entity, verdict, reasons, alert_ids AS "alertIds", remediation_status AS "remediationStatus"
       FROM evidence WHERE investigation_id = $1 ORDER BY key`,
      [investigationId],
    );
  }
}
