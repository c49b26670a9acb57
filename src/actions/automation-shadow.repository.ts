import { randomUUID } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import type { ActionType } from '../domain/actions.js';
import { type AutomationSettings, automationSettingsSchema, type PolicyDecision, type PolicyMode } from '../domain/automation.js';
import { decisionChanges, describeChange, type ShadowOutcome } from '../domain/automation-shadow.js';

export interface ActiveShadow {
  id: string;
  settings: AutomationSettings;
  startedBy: string;
  startedAt: Date;
}

export interface ShadowChange {
  actionType: string;
  deviceGroup: string | null;
  live: PolicyMode;
  shadow: PolicyMode;
  liveApprovals: number;
  shadowApprovals: number;
  count: number;
  summary: string;
  /** The actions concerned, oldest first (at most REPORT_IDS_PER_CHANGE of them; `count` counts all). */
  actionIds: string[];
}

export interface ShadowReport {
  shadowId: string;
  startedBy: string;
  startedAt: Date;
  /** Actions proposed since the shadow began (each has a shadow decision). */
  proposals: number;
  /** Of those, the ones the candidate settings decide differently. */
  changed: number;
  changes: ShadowChange[];
}

export const REPORT_IDS_PER_CHANGE = 1000;

const SHADOW_ROW = `id, settings, started_by AS "startedBy", started_at AS "startedAt"`;

/** Owns `automation_shadows` and `automation_shadow_decisions`: candidate settings in shadow and what they would have decided. */
export class AutomationShadowRepository {
  constructor(private readonly db: DataSource) {}

  async active(m: EntityManager | DataSource = this.db, lock = false): Promise<ActiveShadow | undefined> {
    const rows: (Omit<ActiveShadow, 'settings'> & { settings: unknown })[] = await m.query(
      `SELECT ${SHADOW_ROW} FROM automation_shadows WHERE ended_at IS NULL ${lock ? 'FOR UPDATE' : ''}`,
    );
    const row = rows[0];
    return row ? { ...row, settings: automationSettingsSchema.parse(row.settings) } : undefined;
  }

  /**
   * Starts a shadow of `settings`, ending (as replaced) the one active before; returns that one.
   * Serialised on the table, so two admins starting shadows at once leave exactly one active.
   */
  async start(m: EntityManager, settings: AutomationSettings, by: string): Promise<{ started: ActiveShadow; replaced?: ActiveShadow }> {
    await m.query('LOCK TABLE automation_shadows IN SHARE ROW EXCLUSIVE MODE');
    const replaced = await this.active(m, true);
    if (replaced) await this.end(m, replaced.id, by, 'replaced');
    const [row]: (Omit<ActiveShadow, 'settings'> & { settings: unknown })[] = await m.query(
      `INSERT INTO automation_shadows (id, settings, started_by) VALUES ($1, $2, $3) RETURNING ${SHADOW_ROW}`,
      [randomUUID(), JSON.stringify(settings), by],
    );
    return { started: { ...row!, settings: automationSettingsSchema.parse(row!.settings) }, replaced };
  }

  /** Ends the shadow if it is still active: when it ended, or undefined when it was not active. */
  async end(m: EntityManager, id: string, by: string, outcome: ShadowOutcome, report?: ShadowReport): Promise<Date | undefined> {
    const rows: { endedAt: Date }[] = await m.query(
      `UPDATE automation_shadows SET ended_at = clock_timestamp(), ended_by = $2, outcome = $3, report = $4
       WHERE id = $1 AND ended_at IS NULL RETURNING ended_at AS "endedAt"`,
      [id, by, outcome, report ? JSON.stringify(report) : null],
    );
    return rows[0]?.endedAt;
  }

  /** What the shadow would have decided for a newly proposed action, beside the live decision (once per action). */
  async record(
    m: EntityManager,
    shadowId: string,
    action: { id: string; type: ActionType; deviceGroup?: string },
    live: PolicyDecision,
    shadow: PolicyDecision,
  ): Promise<void> {
    await m.query(
      `INSERT INTO automation_shadow_decisions (shadow_id, action_id, action_type, device_group, live_mode, live_reason, live_approvals,
                                                shadow_mode, shadow_reason, shadow_approvals, changed)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
      [
        shadowId,
        action.id,
        action.type,
        action.deviceGroup ?? null,
        live.mode,
        live.reason,
        live.requiredApprovals,
        shadow.mode,
        shadow.reason,
        shadow.requiredApprovals,
        decisionChanges(live, shadow),
      ],
    );
  }

  /** Decisions the shadow would change, counted by action type, device group and the change. */
  async report(shadow: ActiveShadow, m: EntityManager | DataSource = this.db): Promise<ShadowReport> {
    const [totals]: { proposals: number; changed: number }[] = await m.query(
      `SELECT count(*)::int AS proposals, count(*) FILTER (WHERE changed)::int AS changed
       FROM automation_shadow_decisions WHERE shadow_id = $1`,
      [shadow.id],
    );
    const rows: Omit<ShadowChange, 'summary'>[] = await m.query(
      `SELECT action_type AS "actionType", device_group AS "deviceGroup", live_mode AS live, shadow_mode AS shadow,
              live_approvals AS "liveApprovals", shadow_approvals AS "shadowApprovals", count(*)::int AS count,
              (array_agg(action_id ORDER BY recorded_at, action_id))[1:${REPORT_IDS_PER_CHANGE}] AS "actionIds"
       FROM automation_shadow_decisions WHERE shadow_id = $1 AND changed
       GROUP BY 1, 2, 3, 4, 5, 6
       ORDER BY count DESC, 1, 2 NULLS FIRST, 3, 4`,
      [shadow.id],
    );
    return {
      shadowId: shadow.id,
      startedBy: shadow.startedBy,
      startedAt: shadow.startedAt,
      proposals: totals!.proposals,
      changed: totals!.changed,
      changes: rows.map((r) => ({ ...r, summary: describeChange(r) })),
    };
  }
}
