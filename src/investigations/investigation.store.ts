import type { DataSource, EntityManager } from 'typeorm';
import { ActionStore } from '../actions/action.store.js';
import { entityKey } from '../correlation/keys.js';
import { AlertsRepository } from '../alerts/alerts.repository.js';
import { VERDICTS, type Verdict } from '../domain/actions.js';
import { entitySchema } from '../domain/alert.js';
import {
  type AlertOutcome,
  type FinalInvestigationState,
  finalInvestigationState,
  type InvestigationFacts,
  type InvestigationState,
  isFinalInvestigationState,
  settledByAutomation,
} from '../domain/investigation.js';
import { incidentInScope } from '../auth/scope.sql.js';
import type { ScopeLimit } from '../domain/scope.js';
import type { StepRecord } from '../domain/playbook-run.js';
import { decodeCursor, encodeCursor } from '../http/cursor.js';
import { IncidentWriter } from '../incidents/incident.writer.js';
import { incidentOrMerged } from '../incidents/merged.js';
import { emitEvent } from '../webhooks/webhook.store.js';
import { EvidenceStore } from './evidence.store.js';

export class InvalidVerdictError extends Error {
  override name = 'InvalidVerdictError';
}

/** Compact step records for the projection: outputs are summarised, never stored whole. */
function summarise(value: unknown, max = 2000): unknown {
  const text = JSON.stringify(value);
  if (text === undefined || text.length <= max) return value;
  return { summary: `${text.slice(0, max)}…`, bytes: text.length };
}

const INVESTIGATION = `v.id, v.incident_id::int AS "incidentId", coalesce(i.redirected_to, i.id)::int AS "currentIncidentId", v.state,
  v.started_at AS "startedAt", v.ended_at AS "endedAt", v.started_by AS "startedBy", v.workflow_id AS "workflowId",
  (SELECT count(*)::int FROM investigation_alerts x WHERE x.investigation_id = v.id) AS "alertCount"`;

/**
 * The investigation projection in PostgreSQL; every write is an idempotent upsert. Owns
 * `investigations`, `investigation_alerts`, `investigation_log` and `playbook_runs`; an
 * investigation's state reaches its alerts and incident through their own stores.
 */
export class InvestigationStore {
  private readonly alerts: AlertsRepository;
  private readonly incidents: IncidentWriter;
  private readonly evidence: EvidenceStore;
  private readonly actions: ActionStore;

  constructor(private readonly db: DataSource) {
    this.alerts = new AlertsRepository(db);
    this.incidents = new IncidentWriter(db);
    this.evidence = new EvidenceStore(db);
    this.actions = new ActionStore(db);
  }

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
      await this.incidents.setInvestigationState(m, incidentId, 'running');
      await this.log(m, investigationId, 'investigation started', { incidentId, startedBy }, `${investigationId}:open`);
    });
  }

  async setState(investigationId: string, state: InvestigationState): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query(`UPDATE investigations SET state = $2, updated_at = now() WHERE id = $1 AND ended_at IS NULL`, [
        investigationId,
        state,
      ]);
      const [inv]: { incidentId: number }[] = await m.query(`SELECT incident_id::int AS "incidentId" FROM investigations WHERE id = $1`, [
        investigationId,
      ]);
      if (inv) await this.incidents.setInvestigationState(m, await this.incidents.currentId(m, inv.incidentId), state);
      await this.alerts.setInvestigationStateOf(m, investigationId, state);
    });
  }

  /**
   * An alert as playbooks see it (its triggers, `when:` conditions and steps), with its incident.
   * The one reading used by the investigation gate, the investigation and the simulator.
   */
  async playbookView(
    m: EntityManager | DataSource,
    alertId: string,
    withIncident = true,
  ): Promise<
    { alert: Record<string, unknown>; incident: { id: number; name: string; severity: string; status: string } | null } | undefined
  > {
    const alert = (await this.alertViews(m, [alertId])).get(alertId);
    if (!alert) return undefined;
    const [incident] =
      withIncident && alert.incidentId
        ? await m.query(`SELECT id::int AS id, name, severity, status FROM incidents WHERE id = $1`, [alert.incidentId])
        : [];
    return { alert, incident: incident ?? null };
  }

  /** Alerts as playbooks see them (the `alert` of `playbookView`), by id; an id that does not exist is absent. */
  async alertViews(m: EntityManager | DataSource, alertIds: string[]): Promise<Map<string, Record<string, unknown>>> {
    const rows: Record<string, unknown>[] = await m.query(
      `SELECT a.id, a.external_id AS "externalId", a.source, a.detection_source AS "detectionSource", a.title, a.type, a.severity,
              a.category, a.mitre_techniques AS "mitreTechniques", a.entities, a.first_activity_at AS "firstActivityAt",
              a.last_activity_at AS "lastActivityAt", a.incident_id::int AS "incidentId"
       FROM alerts a WHERE a.id = ANY($1::uuid[])`,
      [alertIds],
    );
    return new Map(
      rows.map((a) => [
        String(a.id),
        { ...a, firstActivityAt: (a.firstActivityAt as Date).toISOString(), lastActivityAt: (a.lastActivityAt as Date).toISOString() },
      ]),
    );
  }

  /** The version (hash) of each playbook this investigation has run: later alerts of it run the same ones. */
  async pinnedHashes(investigationId: string): Promise<Map<string, string>> {
    const rows: { playbook: string; hash: string }[] = await this.db.query(
      `SELECT DISTINCT ON (playbook) playbook, hash FROM playbook_runs WHERE investigation_id = $1 ORDER BY playbook, started_at`,
      [investigationId],
    );
    return new Map(rows.map((r) => [r.playbook, r.hash]));
  }

  /** How an alert's investigation went: its state, and whether the playbook ran for it at all. */
  async alertRunOf(alertId: string, playbook: string): Promise<{ state: string | null; ran: boolean } | undefined> {
    const [row] = await this.db.query(
      `SELECT a.investigation_state AS state,
              EXISTS (SELECT 1 FROM playbook_runs r WHERE r.investigation_id = a.investigation_id AND r.alert_id = a.id AND r.playbook = $2) AS ran
       FROM alerts a WHERE a.id = $1`,
      [alertId, playbook],
    );
    return row;
  }

  /** Adds an alert to the investigation and returns what its playbooks see. */
  async addAlert(investigationId: string, alertId: string) {
    return this.db.transaction(async (m) => {
      const view = await this.playbookView(m, alertId);
      if (!view) throw new InvalidVerdictError(`alert ${alertId} does not exist`);
      if (!view.incident) throw new InvalidVerdictError(`alert ${alertId} has not been correlated into an incident`);
      await m.query(
        `INSERT INTO investigation_alerts (investigation_id, alert_id, state) VALUES ($1, $2, 'running') ON CONFLICT DO NOTHING`,
        [investigationId, alertId],
      );
      await this.alerts.joinInvestigation(m, alertId, investigationId);
      const { alert } = view;
      await this.evidence.recordDetected(m, investigationId, {
        id: alertId,
        source: String(alert.source),
        severity: String(alert.severity),
        title: String(alert.title),
        entities: Array.isArray(alert.entities) ? alert.entities : [],
      });
      await m.query(`UPDATE investigations SET state = 'running', updated_at = now() WHERE id = $1 AND ended_at IS NULL`, [
        investigationId,
      ]);
      await this.log(m, investigationId, `alert added: ${view.alert.title}`, { alertId }, `${investigationId}:alert:${alertId}`);
      return { alert: view.alert, incident: view.incident };
    });
  }

  async finishAlert(investigationId: string, alertId: string, outcome: Exclude<AlertOutcome, 'running'>): Promise<void> {
    await this.db.transaction(async (m) => {
      await m.query(`UPDATE investigation_alerts SET state = $3 WHERE investigation_id = $1 AND alert_id = $2`, [
        investigationId,
        alertId,
        outcome,
      ]);
      if (outcome !== 'investigated') await this.alerts.setInvestigationState(m, alertId, outcome);
      await this.log(m, investigationId, `alert ${outcome.replace(/_/g, ' ')}`, { alertId }, `${investigationId}:done:${alertId}`);
    });
  }

  /** Evidence is keyed by the entity's correlation key: seen twice, analysed once, strongest verdict kept. */
  async recordVerdict(input: {
    investigationId: string;
    alertId: string;
    step: { playbook: string; path: string };
    entity: unknown;
    verdict: string;
    reason: string;
  }) {
    const parsed = entitySchema.safeParse(input.entity);
    if (!parsed.success) throw new InvalidVerdictError(`verdict entity is not a valid entity: ${parsed.error.issues[0]?.message}`);
    if (!VERDICTS.includes(input.verdict as Verdict))
      throw new InvalidVerdictError(`'${input.verdict}' is not a verdict (${VERDICTS.join(', ')})`);
    const entity = parsed.data;
    return this.evidence.record(input.investigationId, entityKey(entity), entity, {
      verdict: input.verdict as Verdict,
      reason: input.reason,
      playbook: input.step.playbook,
      step: input.step.path,
      alertId: input.alertId,
    });
  }

  verdictFor(investigationId: string, key: string, alertId: string): Promise<Verdict | undefined> {
    return this.evidence.verdictFor(investigationId, key, alertId);
  }

  async recordRun(
    investigationId: string,
    alertId: string,
    run: {
      playbook: string;
      version: string;
      hash: string;
      status: string;
      error?: string;
      steps: { startedAt: number; endedAt: number; output?: unknown }[];
    },
  ) {
    const steps = run.steps.map((s) => ({ ...s, output: summarise(s.output) }));
    const started = run.steps[0]?.startedAt ?? Date.now();
    const ended = run.steps.reduce((t, s) => Math.max(t, s.endedAt), started);
    await this.db.transaction(async (m) => {
      await m.query(
        `INSERT INTO playbook_runs (id, investigation_id, alert_id, playbook, version, hash, status, error, steps, started_at, ended_at)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, to_timestamp($10 / 1000.0), to_timestamp($11 / 1000.0))
         ON CONFLICT (id) DO UPDATE SET status = excluded.status, error = excluded.error, steps = excluded.steps, ended_at = excluded.ended_at`,
        [
          `${investigationId}:${alertId}:${run.playbook}`,
          investigationId,
          alertId,
          run.playbook,
          run.version,
          run.hash,
          run.status,
          run.error ?? null,
          JSON.stringify(steps),
          started,
          ended,
        ],
      );
      await this.log(
        m,
        investigationId,
        `playbook ${run.playbook} ${run.status}`,
        { alertId, hash: run.hash, error: run.error },
        `${investigationId}:run:${alertId}:${run.playbook}`,
      );
    });
  }

  /** One alert's recorded run of one playbook (its steps summarised), if it has finished. */
  async runOf(
    investigationId: string,
    alertId: string,
    playbook: string,
  ): Promise<{ hash: string; status: string; steps: StepRecord[] } | undefined> {
    const [row] = await this.db.query(`SELECT hash, status, steps FROM playbook_runs WHERE id = $1`, [
      `${investigationId}:${alertId}:${playbook}`,
    ]);
    return row;
  }

  /**
   * What the final state is worked out from, as it stands (see `close`), without the run of
   * `exceptRun` (an alert's playbook run that a caller accounts for itself).
   */
  async outcomeFacts(
    investigationId: string,
    exceptRun?: { alertId: string; playbook: string },
  ): Promise<Omit<InvestigationFacts, 'cancelled'>> {
    const m = this.db.manager;
    const [runs] = await m.query(
      `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'failed')::int AS failed FROM playbook_runs WHERE investigation_id = $1 AND id <> $2`,
      [investigationId, exceptRun ? `${investigationId}:${exceptRun.alertId}:${exceptRun.playbook}` : ''],
    );
    const [evidence, actions, unsettled] = await Promise.all([
      this.evidence.countByVerdict(m, investigationId),
      this.actions.countByStatus(m, investigationId),
      this.evidence.unsettled(m, investigationId),
    ]);
    return { runs, evidence, actions, unsettled: unsettled.length };
  }

  /** Works out the final state from the runs, the evidence and the actions; resolves what automation settled. */
  async close(investigationId: string, cancelledBy?: string): Promise<{ state: FinalInvestigationState }> {
    return this.db.transaction(async (m) => {
      const [inv] = await m.query(
        `SELECT state, incident_id::int AS "incidentId", ended_at AS "endedAt" FROM investigations WHERE id = $1 FOR UPDATE`,
        [investigationId],
      );
      if (inv.endedAt && isFinalInvestigationState(inv.state)) return { state: inv.state };
      const [runs] = await m.query(
        `SELECT count(*)::int AS total, count(*) FILTER (WHERE status = 'failed')::int AS failed FROM playbook_runs WHERE investigation_id = $1`,
        [investigationId],
      );
      const unsettled = await this.evidence.unsettled(m, investigationId);
      const state = finalInvestigationState({
        cancelled: Boolean(cancelledBy),
        runs,
        evidence: await this.evidence.countByVerdict(m, investigationId),
        actions: await this.actions.countByStatus(m, investigationId),
        unsettled: unsettled.length,
      });
      if (unsettled.length) {
        const what = unsettled.map((e) => e.key).join(', ');
        await this.log(
          m,
          investigationId,
          `no conclusive facts about ${unsettled.length} evidence entit${unsettled.length === 1 ? 'y' : 'ies'}: ${what}`,
          { unsettled },
          `${investigationId}:unsettled`,
        );
      }

      await m.query(`UPDATE investigations SET state = $2, ended_at = now(), updated_at = now() WHERE id = $1`, [investigationId, state]);
      // The incident locked before its alerts, the order an analyst's change (PATCH, bulk) takes them in, so the two never deadlock.
      const incidentId = await this.incidents.currentId(m, inv.incidentId);
      await this.incidents.lock(m, incidentId);
      await this.incidents.setInvestigationState(m, incidentId, state);
      await this.alerts.setInvestigationStateOf(m, investigationId, state);
      await this.log(m, investigationId, `investigation ended: ${state.replace(/_/g, ' ')}`, { cancelledBy }, `${investigationId}:close`);
      if (settledByAutomation(state)) await this.resolveByAutomation(m, investigationId, incidentId, state);
      await emitEvent(m, 'investigation.completed', investigationId, { investigationId, incidentId, state });
      return { state };
    });
  }

  /** Alerts whose investigation settled everything are resolved; an incident whose alerts all are, too. */
  private async resolveByAutomation(
    m: EntityManager,
    investigationId: string,
    incidentId: number,
    state: FinalInvestigationState,
  ): Promise<void> {
    await this.alerts.resolveInvestigated(m, investigationId);
    if ((await this.alerts.unresolvedIn(m, incidentId)) > 0) return;
    await this.incidents.resolveByAutomation(m, incidentId, { investigationId, investigationState: state });
  }

  async list(f: { state?: string[]; incidentId?: number; since?: string; limit: number; cursor?: string; scope?: ScopeLimit }) {
    const where: string[] = [];
    const params: unknown[] = [];
    const p = (v: unknown) => `$${params.push(v)}`;
    if (f.state?.length) where.push(`v.state = ANY(${p(f.state)})`);
    if (f.incidentId) where.push(incidentOrMerged('v.incident_id', p(f.incidentId)));
    if (f.since) where.push(`v.started_at >= ${p(f.since)}`);
    if (f.scope) where.push(incidentInScope('i', f.scope, p));
    if (f.cursor) {
      const c = decodeCursor(f.cursor, 'investigations', { value: 'timestamptz', id: 'uuid' });
      where.push(`(v.started_at, v.id) < (${p(c.value)}::timestamptz, ${p(c.id)}::uuid)`);
    }
    const rows = await this.db.query(
      `SELECT ${INVESTIGATION}, v.started_at::text AS "sortValue" FROM investigations v JOIN incidents i ON i.id = v.incident_id
       ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY v.started_at DESC, v.id DESC LIMIT ${p(f.limit + 1)}`,
      params,
    );
    const items = rows.slice(0, f.limit);
    const last = items[items.length - 1];
    return {
      items: items.map(({ sortValue: _s, ...r }: { sortValue: string }) => r),
      nextCursor: rows.length > f.limit && last ? encodeCursor(last.sortValue, last.id, 'investigations') : null,
    };
  }

  /** One investigation with its alerts, playbook runs, evidence, actions and log. */
  async find(id: string) {
    const [inv] = await this.db.query(
      `SELECT ${INVESTIGATION} FROM investigations v JOIN incidents i ON i.id = v.incident_id WHERE v.id = $1`,
      [id],
    );
    if (!inv) return undefined;
    const [alerts, runs, evidence, actions, log] = await Promise.all([
      this.db.query(
        `SELECT a.id, a.title, a.severity, a.source, x.state AS "investigationOutcome", a.status FROM investigation_alerts x JOIN alerts a ON a.id = x.alert_id
         WHERE x.investigation_id = $1 ORDER BY x.added_at, a.id`,
        [id],
      ),
      this.db.query(
        `SELECT alert_id AS "alertId", playbook, version, hash, status, error, steps, started_at AS "startedAt", ended_at AS "endedAt"
         FROM playbook_runs WHERE investigation_id = $1 ORDER BY started_at, id`,
        [id],
      ),
      this.evidence.list(id),
      this.actions.listByInvestigation(id),
      this.db.query(`SELECT at, message, details FROM investigation_log WHERE investigation_id = $1 ORDER BY id`, [id]),
    ]);
    return { inv, alerts, runs, evidence, actions, log };
  }

  /** What cancelling needs: the workflow, and whether the investigation has already ended. */
  async handle(id: string): Promise<{ workflowId: string; endedAt: Date | null; state: string } | undefined> {
    const [inv] = await this.db.query(
      `SELECT workflow_id AS "workflowId", ended_at AS "endedAt", state FROM investigations WHERE id = $1`,
      [id],
    );
    return inv;
  }
}
