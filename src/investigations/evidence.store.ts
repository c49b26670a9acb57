import type { DataSource, EntityManager } from 'typeorm';
import { type RemediationStatus, verdictStrength, type Verdict } from '../domain/actions.js';
import type { Entity } from '../domain/alert.js';

/** A verdict on an entity, and where it came from. */
export interface VerdictReason {
  verdict: Verdict;
  reason: string;
  playbook: string;
  step: string;
  alertId: string;
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
    return this.db.transaction(async (m) => {
      const [current] = await m.query(`SELECT verdict, reasons FROM evidence WHERE investigation_id = $1 AND key = $2 FOR UPDATE`, [investigationId, key]);
      if (!current) {
        await m.query(
          `INSERT INTO evidence (investigation_id, key, entity_type, entity, verdict, reasons, alert_ids) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [investigationId, key, entity.type, JSON.stringify(entity), reason.verdict, JSON.stringify([reason]), [reason.alertId]],
        );
        return { key, verdict: reason.verdict };
      }
      const reasons: VerdictReason[] = current.reasons;
      const known = reasons.some((r) => r.step === reason.step && r.playbook === reason.playbook && r.alertId === reason.alertId);
      const strongest = verdictStrength(reason.verdict) > verdictStrength(current.verdict) ? reason.verdict : (current.verdict as Verdict);
      await m.query(
        `UPDATE evidence SET verdict = $3, reasons = $4, alert_ids = ARRAY(SELECT DISTINCT unnest(alert_ids || $5::uuid[])), updated_at = now()
         WHERE investigation_id = $1 AND key = $2`,
        [investigationId, key, strongest, JSON.stringify(known ? reasons : [...reasons, reason]), [reason.alertId]],
      );
      return { key, verdict: strongest };
    });
  }

  /**
   * The verdict an action on `key` remediates: the target's own, or else the strongest finding
   * on the same alert (isolating a device because of the malicious file on it).
   */
  async verdictFor(investigationId: string, key: string, alertId: string): Promise<Verdict | undefined> {
    const rows: { verdict: Verdict; own: boolean }[] = await this.db.query(
      `SELECT verdict, key = $2 AS own FROM evidence WHERE investigation_id = $1 AND (key = $2 OR $3 = ANY(alert_ids))`,
      [investigationId, key, alertId],
    );
    const own = rows.find((r) => r.own);
    if (own) return own.verdict;
    return rows.map((r) => r.verdict).sort((a, b) => verdictStrength(b) - verdictStrength(a))[0];
  }

  async setRemediationStatus(m: EntityManager | DataSource, investigationId: string, key: string, status: RemediationStatus): Promise<void> {
    await m.query(`UPDATE evidence SET remediation_status = $3, updated_at = now() WHERE investigation_id = $1 AND key = $2`, [investigationId, key, status]);
  }

  async countByVerdict(m: EntityManager, investigationId: string): Promise<Partial<Record<Verdict, number>>> {
    const rows: { verdict: Verdict; n: number }[] = await m.query(`SELECT verdict, count(*)::int AS n FROM evidence WHERE investigation_id = $1 GROUP BY verdict`, [investigationId]);
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
