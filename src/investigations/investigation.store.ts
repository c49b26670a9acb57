import type { DataSource, EntityManager } from 'typeorm';
import { type ActionStatus, VERDICTS, verdictStrength, type Verdict } from '../domain/actions.js';
import { entitySchema } from '../domain/alert.js';
import {
  type AlertOutcome,
  type FinalInvestigationState,
  finalInvestigationState,
  type InvestigationState,
  isFinalInvestigationState,
  settledByAutomation,
} from '../domain/investigation.js';
import { entityKey } from '../actions/action.store.js';
import { emitEvent } from '../webhooks/events.js';

export class InvalidVerdictError extends Error {
  override name = 'InvalidVerdictError';
}

/** Compact step records for the projection: outputs are summarised, never stored whole. */
function summarise(value: unknown, max = 2000): unknown {
  const text = JSON.stringify(value);
  if (text === undefined || text.length <= max) return value;
  return { summary: `${text.slice(0, max)}…`, bytes: text.length };
}

/** The investigation projection in PostgreSQL; every write is an idempotent upsert. */
export class InvestigationStore {
  constructor(private readonly db: DataSource) {}

  async log(m: EntityManager | DataSource, investigationId: string, message: string, details: object = {}, dedupe?: string): Promise<void> {
    await m.query(
      `INSERT INTO investigation_log (investigation_id, message, details, dedupe_key) VALUES ($1, $2, $3, $4) ON CONFLICT (dedupe_key) DO NOTHING`,
      [investigationId, message, JSON.stringify(details), dedupe ?? null],
    );
  }

  async open(investigationId: string, incidentId: number, workflowId: string, startedBy: string): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO investigations (id, incident_id, workflow_id, state, started_by) VALUES ($1, $2, $3, 'running', $4) ON CONFLICT (id) DO NOTHING`,
        [investigationId, incidentId, workflowId, startedBy],
      );
      await m.query(`UPDATE incidents SET investigation_state = 'running' WHERE id = $1`, [incidentId]);
      await this.log(m, investigationId, 'investigation started', { incidentId, startedBy }, `${investigationId}:open`);
    });
  }

  async setState(investigationId: string, state: InvestigationState): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query(`UPDATE investigations SET state = $2, updated_at = now() WHERE id = $1 AND ended_at IS NULL`, [investigationId, state]);
      await m.query(
        `UPDATE incidents SET investigation_state = $2 WHERE id = (SELECT coalesce(i.redirected_to, i.id) FROM investigations v JOIN incidents i ON i.id = v.incident_id WHERE v.id = $1)`,
        [investigationId, state],
      );
      await m.query(`UPDATE alerts SET investigation_state = $2 WHERE investigation_id = $1`, [investigationId, state]);
    });
  }

  /**
   * An alert as playbooks see it (its triggers, `when:` conditions and steps), with its incident.
   * The one reading used by the investigation gate, the investigation and the simulator.
   */
  async playbookView(m: EntityManager | DataSource, alertId: string, withIncident = true): Promise<{ alert: Record<string, unknown>; incident: { id: number; name: string; severity: string; status: string } | null } | undefined> {
    const [alert] = await m.query(
      `SELECT a.id, a.external_id AS "externalId", a.source, a.detection_source AS "detectionSource", a.title, a.type, a.severity,
              a.category, a.mitre_techniques AS "mitreTechniques", a.entities, a.first_activity_at AS "firstActivityAt",
              a.last_activity_at AS "lastActivityAt", a.incident_id::int AS "incidentId"
       FROM alerts a WHERE a.id = $1`,
      [alertId],
    );
    if (!alert) return undefined;
    const [incident] = withIncident && alert.incidentId ? await m.query(`SELECT id::int AS id, name, severity, status FROM incidents WHERE id = $1`, [alert.incidentId]) : [];
    return {
      alert: { ...alert, firstActivityAt: alert.firstActivityAt.toISOString(), lastActivityAt: alert.lastActivityAt.toISOString() },
      incident: incident ?? null,
    };
  }

  /** Adds an alert to the investigation and returns what its playbooks see. */
  async addAlert(investigationId: string, alertId: string) {
    return this.db.transaction(async (m) => {
      const view = await this.playbookView(m, alertId);
      if (!view) throw new InvalidVerdictError(`alert ${alertId} does not exist`);
      if (!view.incident) throw new InvalidVerdictError(`alert ${alertId} has not been correlated into an incident`);
      await m.query(`INSERT INTO investigation_alerts (investigation_id, alert_id, state) VALUES ($1, $2, 'running') ON CONFLICT DO NOTHING`, [investigationId, alertId]);
      await m.query(`UPDATE alerts SET investigation_id = $1, investigation_state = 'running' WHERE id = $2`, [investigationId, alertId]);
      await m.query(`UPDATE investigations SET state = 'running', updated_at = now() WHERE id = $1 AND ended_at IS NULL`, [investigationId]);
      await this.log(m, investigationId, `alert added: ${view.alert.title}`, { alertId }, `${investigationId}:alert:${alertId}`);
      return { alert: view.alert, incident: view.incident };
    });
  }

  async finishAlert(investigationId: string, alertId: string, outcome: Exclude<AlertOutcome, 'running'>): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query(`UPDATE investigation_alerts SET state = $3 WHERE investigation_id = $1 AND alert_id = $2`, [investigationId, alertId, outcome]);
      if (outcome !== 'investigated') await m.query(`UPDATE alerts SET investigation_state = $2 WHERE id = $1`, [alertId, outcome]);
      await this.log(m, investigationId, `alert ${outcome.replace(/_/g, ' ')}`, { alertId }, `${investigationId}:done:${alertId}`);
    });
  }

  /** Evidence is keyed by the entity's correlation key: seen twice, analysed once, strongest verdict kept. */
  async recordVerdict(input: { investigationId: string; alertId: string; step: { playbook: string; path: string }; entity: unknown; verdict: string; reason: string }) {
    const parsed = entitySchema.safeParse(input.entity);
    if (!parsed.success) throw new InvalidVerdictError(`verdict entity is not a valid entity: ${parsed.error.issues[0]?.message}`);
    if (!VERDICTS.includes(input.verdict as Verdict)) throw new InvalidVerdictError(`'${input.verdict}' is not a verdict (${VERDICTS.join(', ')})`);
    const entity = parsed.data;
    const key = entityKey(entity);
    const reason = { verdict: input.verdict, reason: input.reason, playbook: input.step.playbook, step: input.step.path, alertId: input.alertId };
    return this.db.transaction(async (m) => {
      const [current] = await m.query(`SELECT verdict, reasons FROM evidence WHERE investigation_id = $1 AND key = $2 FOR UPDATE`, [input.investigationId, key]);
      if (!current) {
        await m.query(
          `INSERT INTO evidence (investigation_id, key, entity_type, entity, verdict, reasons, alert_ids) VALUES ($1, $2, $3, $4, $5, $6, $7)`,
          [input.investigationId, key, entity.type, JSON.stringify(entity), input.verdict, JSON.stringify([reason]), [input.alertId]],
        );
        return { key, verdict: input.verdict };
      }
      const reasons: (typeof reason)[] = current.reasons;
      const known = reasons.some((r) => r.step === reason.step && r.playbook === reason.playbook && r.alertId === reason.alertId);
      const strongest = verdictStrength(input.verdict as Verdict) > verdictStrength(current.verdict) ? input.verdict : current.verdict;
      await m.query(
        `UPDATE evidence SET verdict = $3, reasons = $4, alert_ids = ARRAY(SELECT DISTINCT unnest(alert_ids || $5::uuid[])), updated_at = now()
         WHERE investigation_id = $1 AND key = $2`,
        [input.investigationId, key, strongest, JSON.stringify(known ? reasons : [...reasons, reason]), [input.alertId]],
      );
      return { key, verdict: strongest };
    });
  }

  /**
   * The verdict an action on `key` remediates: the target's own, or else the strongest finding
   * on the same alert (isolating a device because of the malicious file on it).
   */
  async verdictFor(investigationId: string, key: string, alertId: string): Promise<string | undefined> {
    const rows: { verdict: Verdict; own: boolean }[] = await this.db.query(
      `SELECT verdict, key = $2 AS own FROM evidence WHERE investigation_id = $1 AND (key = $2 OR $3 = ANY(alert_ids))`,
      [investigationId, key, alertId],
    );
    const own = rows.find((r) => r.own);
    if (own) return own.verdict;
    return rows.map((r) => r.verdict).sort((a, b) => verdictStrength(b) - verdictStrength(a))[0];
  }

  async recordRun(investigationId: string, alertId: string, run: { playbook: string; version: string; hash: string; status: string; error?: string; steps: { startedAt: number; endedAt: number; output?: unknown }[] }) {
    const steps = run.steps.map((s) => ({ ...s, output: summarise(s.output) }));
    const started = run.steps[0]?.startedAt ?? Date.now();
    const ended = run.steps.reduce((t, s) => Math.max(t, s.endedAt), started);
    await this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO playbook_runs (id, investigation_id, alert_id, playbook, version, hash, status, error, steps, started_at, ended_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, to_timestamp($10 / 1000.0), to_timestamp($11 / 1000.0))
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, error = excluded.error, steps = excluded.steps, ended_at = excluded.ended_at`,
        [`${investigationId}:${alertId}:${run.playbook}`, investigationId, alertId, run.playbook, run.version, run.hash, run.status, run.error ?? null, JSON.stringify(steps), started, ended],
      );
      await this.log(m, investigationId, `playbook ${run.playbook} ${run.status}`, { alertId, hash: run.hash, error: run.error }, `${investigationId}:run:${alertId}:${run.playbook}`);
    });
  }

  /** Works out the final state from the runs, the evidence and the actions; resolves what automation settled. */
  async close(investigationId: string, cancelledBy?: string): Promise<{ state: FinalInvestigationState }> {
    return this.db.transaction(async (m) => {
      const [inv] = await m.query(`SELECT state, incident_id::int AS "incidentId", ended_at AS "endedAt" FROM investigations WHERE id = $1 FOR UPDATE`, [investigationId]);
      if (inv.endedAt && isFinalInvestigationState(inv.state)) return { state: inv.state };
      const [runs] = await m.query(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'failed')::int AS failed FROM playbook_runs WHERE investigation_id = $1`,
        [investigationId],
      );
      const evidence: { verdict: Verdict; n: number }[] = await m.query(`SELECT verdict, count(*)::int AS n FROM evidence WHERE investigation_id = $1 GROUP BY verdict`, [investigationId]);
      const actions: { status: ActionStatus; n: number }[] = await m.query(`SELECT status, count(*)::int AS n FROM actions WHERE investigation_id = $1 GROUP BY status`, [investigationId]);
      const state = finalInvestigationState({
        cancelled: Boolean(cancelledBy),
        runs,
        evidence: Object.fromEntries(evidence.map((e) => [e.verdict, e.n])),
        actions: Object.fromEntries(actions.map((a) => [a.status, a.n])),
      });

      await m.query(`UPDATE investigations SET state = $2, ended_at = now(), updated_at = now() WHERE id = $1`, [investigationId, state]);
      await m.query(`UPDATE alerts SET investigation_state = $2 WHERE investigation_id = $1`, [investigationId, state]);
      await this.log(m, investigationId, `investigation ended: ${state.replace(/_/g, ' ')}`, { cancelledBy }, `${investigationId}:close`);
      const incidentId: number = (await m.query(`SELECT coalesce(redirected_to, id)::int AS id FROM incidents WHERE id = $1`, [inv.incidentId]))[0].id;
      await m.query(`UPDATE incidents SET investigation_state = $2 WHERE id = $1`, [incidentId, state]);
      if (settledByAutomation(state)) await this.resolveByAutomation(m, investigationId, incidentId, state);
      await emitEvent(m, 'investigation.completed', investigationId, { investigationId, incidentId, state });
      return { state };
    });
  }

  /** Alerts whose investigation settled everything are resolved; an incident whose alerts all are, too. */
  private async resolveByAutomation(m: EntityManager, investigationId: string, incidentId: number, state: FinalInvestigationState): Promise<void> {
    await m.query(`UPDATE alerts SET status = 'resolved' WHERE investigation_id = $1 AND status <> 'resolved'`, [investigationId]);
    const [left] = await m.query(`SELECT count(*)::int AS n FROM alerts WHERE incident_id = $1 AND status <> 'resolved'`, [incidentId]);
    if (left.n > 0) return;
    const [updated]: [unknown[], number] = await m.query(
      `UPDATE incidents SET status = 'resolved', resolved_at = now(), resolved_by = 'system',
         system_tags = ARRAY(SELECT DISTINCT unnest(system_tags || ARRAY['auto-resolved'])), version = version + 1, updated_at = now()
       WHERE id = $1 AND status IN ('active','in_progress') RETURNING id`,
      [incidentId],
    );
    if (updated.length) {
      await m.query(`INSERT INTO incident_activity (incident_id, actor, kind, details) VALUES ($1, 'system', 'auto_resolved', $2)`, [
        incidentId,
        JSON.stringify({ investigationId, investigationState: state }),
      ]);
    }
  }
}
