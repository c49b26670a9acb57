import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import type { WritebackChange } from '../alerts/writeback/vendor-writer.js';
import { WritebackDispatcher } from '../alerts/writeback/writeback-dispatcher.js';
import { WritebackRegistry } from '../alerts/writeback/writeback.registry.js';
import { type WritebackRequest, WritebackStore } from '../alerts/writeback/writeback.store.js';
import { WRITEBACK_FIELDS } from '../domain/alert-sync.js';
import { LOGGER } from '../infra/logger.provider.js';
import { AlertsRepository } from '../alerts/alerts.repository.js';
import { CorrelationFeedbackService } from '../correlation/correlation-feedback.service.js';
import type { Principal } from '../auth/roles.js';
import { ScopeRepository } from '../auth/scope.repository.js';
import { type AuditEntry, auditedBy, recordAudit } from '../audit/audit.store.js';
import { OPEN_STATUSES } from '../domain/incident.js';
import { type FieldError, Problem } from '../http/problem.js';
import { type FieldChange, type IncidentChanges, planChanges } from './incident-changes.js';
import { IncidentWriter } from './incident.writer.js';
import type { AlertMove } from '../alerts/alert.dto.js';
import type { BulkOutcome, IncidentComment, MergeResult } from './incident.dto.js';
import type { IncidentRow } from './incidents.repository.js';

/** An incident change for the audit log: the changed fields' values before and after. */
function incidentAudit(who: Principal, id: number, changes: Record<string, FieldChange>): AuditEntry {
  const fields = Object.entries(changes);
  return {
    ...auditedBy(who),
    action: 'incident.updated',
    target: { type: 'incident', id },
    before: Object.fromEntries(fields.map(([k, c]) => [k, c.from])),
    after: Object.fromEntries(fields.map(([k, c]) => [k, c.to])),
  };
}

export const incidentETag = (i: { id: number; version: number }) => `"${i.id}-${i.version}"`;

/** Analysts' changes to incidents: every change is one transaction with a row lock and an audit entry. */
@Injectable()
export class IncidentsService {
  constructor(
    private readonly db: DataSource,
    private readonly writer: IncidentWriter,
    private readonly alerts: AlertsRepository,
    private readonly feedback: CorrelationFeedbackService,
    private readonly writebacks: WritebackStore,
    private readonly writebackDispatcher: WritebackDispatcher,
    private readonly writers: WritebackRegistry,
    @Inject(LOGGER) private readonly log: Logger,
    private readonly scopes: ScopeRepository,
  ) {}

  /**
   * An analyst's change to the fields vendors hold (status, classification, determination,
   * assignee) is queued for write-back in the change's own transaction, when write-back is on.
   * Changes from the vendor or from automation never pass here, so nothing loops.
   */
  private async queueWriteback(m: EntityManager, after: IncidentRow, changes: Record<string, FieldChange>, by: string) {
    if (!this.writers.enabled) return undefined;
    const change: WritebackChange = {};
    for (const field of WRITEBACK_FIELDS) if (changes[field]) Object.assign(change, { [field]: changes[field].to });
    if (!Object.keys(change).length) return undefined;
    return this.writebacks.request(m, { incidentId: after.id, version: after.version, change, requestedBy: by });
  }

  /** Starts the write-backs after their change has committed; the relay starts what this misses. */
  private async startWritebacks(requests: (WritebackRequest | undefined)[]): Promise<void> {
    const queued = requests.filter((r): r is WritebackRequest => r !== undefined);
    if (!queued.length) return;
    try {
      await this.writebackDispatcher.start(queued);
    } catch (err) {
      this.log.warn({ err, count: queued.length }, 'could not start write-backs now; the relay will retry');
    }
  }

  /** Applies changes to one incident; `ifMatch` guards against overwriting someone else's edit. */
  async update(id: number, c: IncidentChanges, who: Principal, ifMatch?: string): Promise<IncidentRow> {
    const result = await this.db.transaction(async (m) => {
      const current = await this.writer.lock(m, id);
      if (!current) throw Problem.notFound(`Incident ${id}`);
      if (
        ifMatch !== undefined &&
        ifMatch !== '*' &&
        !ifMatch
          .split(',')
          .map((s) => s.trim())
          .includes(incidentETag(current))
      ) {
        throw new Problem(412, 'stale-etag', `Incident ${id} changed since you read it (now ${incidentETag(current)}); reload and retry.`);
      }
      if (current.status === 'redirected') {
        throw Problem.conflict(`Incident ${id} was merged into incident ${current.redirectedTo}; change that one.`, {
          redirectedTo: current.redirectedTo,
        });
      }
      const plan = planChanges(current, c);
      if (plan.errors.length) throw Problem.validation(plan.errors);
      await this.writer.applyChanges(m, current, plan.set, plan.changes, who.name);
      const after = (await this.writer.lock(m, id))!;
      const writeback = await this.queueWriteback(m, after, plan.changes, who.name);
      if (Object.keys(plan.changes).length) await recordAudit(m, incidentAudit(who, id, plan.changes));
      return { after, writeback };
    });
    await this.startWritebacks([result.writeback]);
    return result.after;
  }

  /** The same changes on many incidents, all or nothing: any rule violation rejects the whole request. */
  async bulk(ids: number[], c: IncidentChanges, who: Principal): Promise<BulkOutcome[]> {
    const writebacks: (WritebackRequest | undefined)[] = [];
    const outcomes = await this.db.transaction(async (m) => {
      const unique = [...new Set(ids)].sort((a, b) => a - b);
      const outcomes = new Map<number, BulkOutcome>();
      const errors: FieldError[] = [];
      const plans: { current: IncidentRow; plan: ReturnType<typeof planChanges> }[] = [];
      for (const id of unique) {
        const current = await this.writer.lock(m, id);
        if (!current) outcomes.set(id, { id, result: 'not_found' });
        else if (current.status === 'redirected') outcomes.set(id, { id, result: 'redirected', redirectedTo: current.redirectedTo! });
        else {
          const plan = planChanges(current, c);
          errors.push(...plan.errors.map((e) => ({ path: `incident ${id}: ${e.path}`, message: e.message })));
          plans.push({ current, plan });
        }
      }
      // Checked under the rows' locks: a tag cannot move an incident out of scope between the check and the change.
      await this.scopes.incidents(unique, who.scope, m);
      if (errors.length) throw Problem.validation(errors, 'Some incidents cannot take these changes; nothing was changed.');
      const audits: AuditEntry[] = [];
      for (const { current, plan } of plans) {
        await this.writer.applyChanges(m, current, plan.set, plan.changes, who.name);
        const changed = Object.keys(plan.changes);
        if (changed.length) writebacks.push(await this.queueWriteback(m, (await this.writer.lock(m, current.id))!, plan.changes, who.name));
        if (changed.length) audits.push(incidentAudit(who, current.id, plan.changes));
        outcomes.set(current.id, { id: current.id, result: changed.length ? 'updated' : 'unchanged', changes: changed });
      }
      await recordAudit(m, audits);
      return ids.map((id) => outcomes.get(id)!);
    });
    await this.startWritebacks(writebacks);
    return outcomes;
  }

  async comment(id: number, text: string, who: Principal): Promise<IncidentComment> {
    return this.db.transaction(async (m) => {
      const current = await this.writer.lock(m, id);
      if (!current) throw Problem.notFound(`Incident ${id}`);
      const target = current.status === 'redirected' ? current.redirectedTo! : id;
      const comment = await this.writer.comment(m, target, who.name, text);
      await recordAudit(m, { ...auditedBy(who), action: 'incident.commented', target: { type: 'incident', id: target }, after: comment });
      return comment;
    });
  }

  /** Manual merge: the same rules as automatic merging, refused with a 409 when they block it. */
  async merge(targetId: number, sourceIds: number[], reason: string, who: Principal): Promise<MergeResult> {
    return this.db.transaction(async (m) => {
      const ids = [...new Set([targetId, ...sourceIds])].sort((a, b) => a - b);
      if (ids.length < 2) throw Problem.validation([{ path: 'sourceIds', message: 'name at least one other incident' }]);
      const rows = await this.writer.lockAll(m, ids);
      const missing = ids.filter((id) => !rows.some((r) => r.id === id));
      if (missing.length) throw Problem.notFound(`Incident ${missing.join(', ')}`);
      const closed = rows.filter((r) => !OPEN_STATUSES.includes(r.status as never));
      if (closed.length)
        throw Problem.conflict(`Only open incidents can be merged; ${closed.map((r) => `${r.id} is ${r.status}`).join(', ')}.`);
      const assignees = new Set(rows.map((r) => r.assignedTo).filter(Boolean));
      if (assignees.size > 1)
        throw Problem.conflict(`The incidents have different assignees (${[...assignees].join(', ')}); align them first.`);
      const classes = new Set(rows.map((r) => r.classification).filter(Boolean));
      if (classes.size > 1)
        throw Problem.conflict(`The incidents have different classifications (${[...classes].join(', ')}); align them first.`);
      const sources = ids.filter((id) => id !== targetId);
      await this.feedback.incidentsMerged(m, ids, reason, who);
      await this.writer.merge(m, targetId, sources, null, who.name);
      await this.writer.activity(m, targetId, 'merge_reason', { from: sources, reason }, who.name);
      await recordAudit(m, {
        ...auditedBy(who),
        action: 'incident.merged',
        target: { type: 'incident', id: targetId },
        before: { incidents: rows.map((r) => ({ id: r.id, status: r.status })) },
        after: { incidentId: targetId, mergedIncidentIds: sources, reason },
      });
      return { incidentId: targetId, mergedIncidentIds: sources };
    });
  }

  /** Moves an alert to another open incident, or to a new one; both incidents record why. */
  async moveAlert(alertId: string, toIncident: number | undefined, reason: string, who: Principal): Promise<AlertMove> {
    return this.db.transaction(async (m) => {
      const alert = await this.alerts.lockForMove(m, alertId);
      if (!alert) throw Problem.notFound(`Alert ${alertId}`);
      if (!alert.incidentId) throw Problem.conflict(`Alert ${alertId} has not been correlated yet; try again in a moment.`);
      const from: number = alert.incidentId;
      let to = toIncident;
      if (to === from) throw Problem.conflict(`Alert ${alertId} is already in incident ${from}.`);
      const lockIds = [from, ...(to ? [to] : [])].sort((a, b) => a - b);
      const rows = await this.writer.lockAll(m, lockIds);
      if (to) {
        const target = rows.find((r) => r.id === to);
        if (!target) throw Problem.notFound(`Incident ${to}`);
        if (!OPEN_STATUSES.includes(target.status as never))
          throw Problem.conflict(`Incident ${to} is ${target.status}; alerts can only move to open incidents.`);
      } else {
        to = await this.writer.create(
          m,
          {
            alertId,
            title: alert.title,
            severity: alert.severity,
            firstActivityAt: alert.first_activity_at,
            lastActivityAt: alert.last_activity_at,
          },
          { actor: who.name, details: { alertId, movedFrom: from, reason } },
        );
      }
      await this.feedback.alertMovedOut(m, alertId, from, reason, who);
      await this.alerts.moveByAnalyst(m, alertId, to, who.name);
      await this.writer.rebuildFromAlerts(m, from);
      await this.writer.rebuildFromAlerts(m, to);
      await this.writer.activity(m, from, 'alert_moved_out', { alertId, to, reason }, who.name);
      await this.writer.activity(m, to, 'alert_moved_in', { alertId, from, reason }, who.name);
      await recordAudit(m, {
        ...auditedBy(who),
        action: 'alert.moved',
        target: { type: 'alert', id: alertId },
        before: { incidentId: from },
        after: { incidentId: to, newIncident: toIncident === undefined, reason },
      });
      return { alertId, from, to };
    });
  }
}
