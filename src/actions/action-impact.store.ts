import type { DataSource } from 'typeorm';
import type { ActionImpact } from './action-impact.dto.js';

/** Owns `action_impacts`: the impact of each action as computed when it was proposed, kept as the approvers saw it. */
export class ActionImpactStore {
  constructor(private readonly db: DataSource) {}

  /** The first snapshot stands: a retried proposal never rewrites what approvers were shown; true when this call took it. */
  async saveAtProposal(actionId: string, impact: ActionImpact): Promise<boolean> {
    const rows: unknown[] = await this.db.query(
      `INSERT INTO action_impacts (action_id, impact) VALUES ($1, $2) ON CONFLICT (action_id) DO NOTHING RETURNING action_id`,
      [actionId, JSON.stringify(impact)],
    );
    return rows.length > 0;
  }

  async atProposal(actionId: string): Promise<ActionImpact | null> {
    const rows: { impact: ActionImpact }[] = await this.db.query(`SELECT impact FROM action_impacts WHERE action_id = $1`, [actionId]);
    return rows[0]?.impact ?? null;
  }
}
