import { ApplicationFailure } from '@temporalio/common';
import { AlertsRepository } from '../src/alerts/alerts.repository.js';
import type { VendorWriteResult } from '../src/alerts/writeback/vendor-writer.js';
import { WritebackStore } from '../src/alerts/writeback/writeback.store.js';
import { ApiError } from '../src/connectors/oauth-api.js';
import type { AlertStatus } from '../src/domain/alert.js';
import type { WritebackOutcome, WritebackTarget } from '../src/domain/alert-sync.js';
import { IncidentWriter } from '../src/incidents/incident.writer.js';
import type { ActivityDeps } from './deps.js';

/** One vendor object to write an analyst's change to; what the write-back workflow keeps in its history. */
export interface WritebackTargetRef {
  target: WritebackTarget;
  /** The Quell alert id, or the vendor's incident id. */
  ref: string;
  format: string;
}

const ALERT_STATUS: Record<string, AlertStatus> = { active: 'new', in_progress: 'in_progress', resolved: 'resolved' };

export function createWritebackActivities(deps: Pick<ActivityDeps, 'db' | 'writeback' | 'log'>) {
  const store = new WritebackStore(deps.db);
  const alerts = new AlertsRepository(deps.db);
  const incidents = new IncidentWriter(deps.db);

  async function request(id: string) {
    const r = await store.find(id);
    if (!r) throw ApplicationFailure.nonRetryable(`write-back request ${id} does not exist`, 'NotFoundError');
    return r;
  }

  return {
    /** The vendor objects the change goes to: the incident's alerts from formats that are written back, and their vendor incidents. */
    async planWriteback(requestId: string): Promise<WritebackTargetRef[]> {
      const r = await request(requestId);
      const found = await alerts.writebackTargets(r.incidentId, deps.writeback.formats());
      const targets: WritebackTargetRef[] = found.map((a) => ({ target: 'alert', ref: a.id, format: a.format }));
      const vendorIncidents = new Set<string>();
      for (const a of found) {
        const ref = deps.writeback.get(a.format)?.incidentOf?.(a.raw);
        if (ref && !vendorIncidents.has(`${a.format}\u0000${ref}`)) {
          vendorIncidents.add(`${a.format}\u0000${ref}`);
          targets.push({ target: 'incident', ref, format: a.format });
        }
      }
      return targets;
    },

    /**
     * Writes the change to one vendor object and records the outcome on the alert and the
     * incident. Idempotent: a recorded outcome is returned as it is, and a writer asked again after
     * its update landed answers `unchanged` without sending it twice. A refusal retrying cannot fix
     * is recorded as `failed`; other errors are retried by Temporal.
     */
    async writeBack(input: { requestId: string; target: WritebackTargetRef }): Promise<WritebackOutcome> {
      const { target } = input;
      const done = await store.resultOf(input.requestId, target.target, target.ref);
      if (done) return done.outcome;
      const r = await request(input.requestId);
      const writer = deps.writeback.get(target.format);
      if (!writer) throw ApplicationFailure.nonRetryable(`no write-back is configured for ${target.format} alerts`, 'NotFoundError');
      const alert =
        target.target === 'alert'
          ? (await alerts.writebackTargets(r.incidentId, [target.format])).find((a) => a.id === target.ref)
          : undefined;
      let result: VendorWriteResult;
      let vendorRef: string;
      try {
        if (target.target === 'alert') {
          if (!alert) throw ApplicationFailure.nonRetryable(`alert ${target.ref} has left incident ${r.incidentId}`, 'NotFoundError');
          vendorRef = alert.externalId;
          result = await writer.updateAlert(alert.externalId, r.change, alert.vendorUpdatedAt?.toISOString() ?? null);
        } else {
          if (!writer.updateIncident) throw ApplicationFailure.nonRetryable(`${writer.name} cannot update incidents`, 'NotFoundError');
          vendorRef = target.ref;
          const known = await store.lastKnown(writer.name, 'incident', target.ref);
          result = await writer.updateIncident(target.ref, r.change, known?.toISOString() ?? null);
        }
      } catch (err) {
        if (!(err instanceof ApiError && err.permanent)) throw err;
        await record(r, target, writer.name, { outcome: 'failed', lastUpdate: null }, { error: err.message });
        return 'failed';
      }
      await record(r, target, writer.name, result, { vendorRef, ...(result.outcome === 'conflict' ? { vendor: result.vendor } : {}) });
      return result.outcome;
    },

    /** The vendor did not answer through every retry: the target is recorded as failed (unless an outcome landed meanwhile). */
    async recordWritebackFailure(input: { requestId: string; target: WritebackTargetRef }): Promise<WritebackOutcome> {
      const done = await store.resultOf(input.requestId, input.target.target, input.target.ref);
      if (done) return done.outcome;
      const r = await request(input.requestId);
      await record(
        r,
        input.target,
        input.target.format,
        { outcome: 'failed', lastUpdate: null },
        { error: 'the vendor did not answer through every retry' },
      );
      return 'failed';
    },

    async finishWriteback(requestId: string): Promise<void> {
      await store.markFinished(requestId);
    },
  };

  async function record(
    r: Awaited<ReturnType<typeof request>>,
    target: WritebackTargetRef,
    writer: string,
    result: { outcome: WritebackOutcome; lastUpdate: string | null },
    details: Record<string, unknown>,
  ): Promise<void> {
    await deps.db.transaction(async (m) => {
      await store.recordResult(m, r.id, {
        target: target.target,
        targetRef: target.ref,
        writer,
        outcome: result.outcome,
        vendorLastUpdate: result.lastUpdate ? new Date(result.lastUpdate) : null,
        details,
      });
      const kind = result.outcome === 'conflict' ? 'writeback_conflict' : result.outcome === 'failed' ? 'writeback_failed' : 'written_back';
      const entry = { requestId: r.id, version: r.version, change: r.change, outcome: result.outcome, ...details };
      if (target.target === 'alert') {
        if (result.outcome === 'written' || result.outcome === 'unchanged')
          await alerts.recordWrittenBack(m, target.ref, result.lastUpdate, r.change.status && ALERT_STATUS[r.change.status]);
        await alerts.recordActivity(m, target.ref, { actor: r.requestedBy, origin: 'writeback', kind, details: entry });
      }
      await incidents.activity(
        m,
        r.incidentId,
        kind,
        { target: target.target, ref: target.ref, writer, origin: 'writeback', ...entry },
        r.requestedBy,
      );
    });
    if (result.outcome === 'conflict' || result.outcome === 'failed')
      deps.log.warn(
        { incidentId: r.incidentId, target: target.target, ref: target.ref, outcome: result.outcome },
        'write-back not applied',
      );
  }
}
