import { createHash } from 'node:crypto';
import type { DataSource, EntityManager } from 'typeorm';
import { type CorrelatingAlert, AlertsRepository } from '../alerts/alerts.repository.js';
import type { QuellConfig } from '../config/config.js';
import type { CorrelationDecision } from '../domain/incident.js';
import { IncidentWriter } from '../incidents/incident.writer.js';
import { type Candidate, dropPrevalent, dropWeakLinks, isInfrastructureKey, planCorrelation } from './correlation.decision.js';
import { alertKeys, type SkippedKey } from './keys.js';

export interface CorrelationResult {
  incidentId: number;
  decision: CorrelationDecision;
  matchedKeys: string[];
  skippedKeys: SkippedKey[];
  mergedIncidentIds: number[];
  blockedMerge?: { incidentIds: number[]; reason: string };
  reason: string;
}

export class AlertNotFoundError extends Error {
  override name = 'NotFoundError';
}

/** A stable 64-bit advisory-lock id for a correlation key. */
function lockId(key: string): bigint {
  return createHash('sha256').update(key).digest().readBigInt64BE(0);
}

/**
 * Puts an alert into an incident inside one PostgreSQL transaction. Alerts that share a key are
 * serialised by transaction-scoped advisory locks taken in a global order (no deadlocks); every
 * lookup is by key through an index, so the cost does not grow with the number of stored alerts.
 * The decision itself is `planCorrelation`; the incident writer carries it out.
 */
export class CorrelationEngine {
  private readonly alerts: AlertsRepository;
  private readonly incidents: IncidentWriter;

  constructor(
    private readonly db: DataSource,
    private readonly config: QuellConfig['correlation'],
  ) {
    this.alerts = new AlertsRepository(db);
    this.incidents = new IncidentWriter(db);
  }

  correlate(alertId: string): Promise<CorrelationResult> {
    return this.db.transaction('READ COMMITTED', (m) => this.correlateIn(m, alertId));
  }

  private async correlateIn(m: EntityManager, alertId: string): Promise<CorrelationResult> {
    const alert = await this.alerts.lockForCorrelation(m, alertId);
    if (!alert) throw new AlertNotFoundError(`alert ${alertId} does not exist`);
    if (alert.incident_id && alert.correlation) return alert.correlation as CorrelationResult;

    const { keys: found, skipped } = alertKeys(alert.entities, this.config);
    const keys = found.map((k) => k.key);
    const locks = [...new Set(keys.map(lockId))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (const id of locks) await m.query('SELECT pg_advisory_xact_lock($1)', [id.toString()]);

    const windowSecs = this.config.windowMs / 1000;
    const from = alert.first_activity_at;
    const to = alert.last_activity_at;
    const infrastructure = keys.filter(isInfrastructureKey);
    const limit = this.config.prevalenceLimit;
    const usable = infrastructure.length
      ? dropPrevalent(keys, await this.alerts.keyPrevalence(m, infrastructure, from, to, windowSecs, limit + 1), limit, skipped)
      : keys;

    // Which open incidents share a key (the key locks keep those links stable), then lock only the
    // ones the alert may join, re-reading what people may have changed meanwhile.
    const linked = usable.length ? await this.incidents.linkedOpen(m, usable, from, to, windowSecs) : [];
    const joinable = dropWeakLinks(linked, keys, skipped);
    const locked = joinable.length
      ? await this.incidents.lockOpen(
          m,
          joinable.map((c) => c.id),
        )
      : [];
    const candidates: Candidate[] = locked.map((i) => ({ ...i, matched: joinable.find((c) => String(c.id) === String(i.id))!.matched }));

    const plan = planCorrelation({ hasUsableKeys: usable.length > 0, candidates, mergeCap: this.config.mergeCap });
    const incidentId = await this.carryOut(m, alert, plan);
    const full: CorrelationResult = {
      incidentId,
      decision: plan.decision,
      matchedKeys: plan.matchedKeys,
      mergedIncidentIds: plan.decision === 'merged' ? plan.mergedIncidentIds : [],
      ...(plan.decision === 'joined' && plan.blockedMerge ? { blockedMerge: plan.blockedMerge } : {}),
      reason: plan.reason,
      skippedKeys: skipped,
    };

    await this.alerts.recordKeys(m, alert.id, keys, alert.first_activity_at);
    await this.incidents.addKeys(m, incidentId, usable, alert.first_activity_at, alert.last_activity_at);
    await this.alerts.recordCorrelation(m, alert.id, incidentId, full);
    await this.incidents.addAlert(m, incidentId, alert.entities);
    return full;
  }

  /** Creates, joins or merges as planned, with the incidents' activity log; returns the alert's incident. */
  private async carryOut(m: EntityManager, alert: CorrelatingAlert, plan: ReturnType<typeof planCorrelation>): Promise<number> {
    const joined = { alertId: alert.id, title: alert.title };
    switch (plan.decision) {
      case 'new':
        return this.incidents.create(
          m,
          {
            alertId: alert.id,
            title: alert.title,
            severity: alert.severity,
            firstActivityAt: alert.first_activity_at,
            lastActivityAt: alert.last_activity_at,
            assignedTo: alert.assigned_to,
          },
          { actor: 'system', details: joined },
          true,
        );
      case 'joined':
        await this.incidents.activity(m, plan.incidentId, 'alert_joined', {
          ...joined,
          matchedKeys: plan.matched,
          ...(plan.blockedMerge ? { mergeBlocked: plan.blockedMerge.reason } : {}),
        });
        return plan.incidentId;
      case 'merged':
        await this.incidents.merge(m, plan.incidentId, plan.mergedIncidentIds, alert.id);
        await this.incidents.activity(m, plan.incidentId, 'alert_joined', { ...joined, matchedKeys: plan.matchedKeys });
        return plan.incidentId;
    }
  }
}
