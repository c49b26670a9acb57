import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { NativeAlert } from '../domain/alert.js';
import type { IngestOutcome } from '../domain/alert-sync.js';
import { IncidentWriter } from '../incidents/incident.writer.js';
import { currentTraceparent } from '../infra/tracing.js';
import { planUpdate } from './alert-update.js';
import { alertKey, AlertsRepository, type StoredAlert } from './alerts.repository.js';

/** What ingesting one alert did, in the order the alerts were given. */
export interface IngestedAlert {
  index: number;
  id: string;
  outcome: IngestOutcome;
}

/** Who delivered the alerts: the ingest key that pushed them, or the pull source that fetched them. */
export interface IngestOrigin {
  /** Written as the actor of the activity entries an update makes, e.g. `vendor:endpoint` or `source:graph-alerts`. */
  actor?: string;
  /** Per alert (by index), the vendor's grouping a pull source takes as a correlation hint (`<source>:<incident id>`). */
  vendorGroups?: (string | undefined)[];
}

/**
 * The one ingestion path for alerts, pushed (`POST /api/v1/alerts`) or pulled (the sources): each
 * validated alert is created, updated in place, or left as it is, keyed by `(source, externalId)`,
 * in one transaction. The commit is the acceptance: the worker's `AlertDispatcher`, woken by the
 * notification the commit sends, starts the alert workflow of new alerts and the update workflow of
 * updated ones (re-correlation, severity, vendor resolution), so no workflow start holds up the caller.
 */
@Injectable()
export class AlertIngestion {
  private readonly alerts: AlertsRepository;
  private readonly incidents: IncidentWriter;

  constructor(private readonly db: DataSource) {
    this.alerts = new AlertsRepository(db);
    this.incidents = new IncidentWriter(db);
  }

  ingest(alerts: NativeAlert[], format: string, origin: IngestOrigin = {}): Promise<IngestedAlert[]> {
    return this.db.transaction(async (m) => {
      const receivedAt = new Date();
      // The request's (or pull activity's) trace, kept with what it stored for the workflows started later.
      const traceparent = currentTraceparent();
      const fresh = await this.alerts.insertNew(m, alerts, format, receivedAt, origin.vendorGroups, traceparent);
      const current = new Map<string, StoredAlert>(
        (
          await this.alerts.lockByKeys(
            m,
            alerts.filter((a) => !fresh.has(alertKey(a))),
          )
        ).map((s) => [alertKey(s), s]),
      );
      const claimed = new Set<string>();
      const results: IngestedAlert[] = [];
      for (const [index, a] of alerts.entries()) {
        const k = alertKey(a);
        const id = fresh.get(k);
        if (id && !claimed.has(k)) {
          claimed.add(k);
          results.push({ index, id, outcome: 'created' });
          continue;
        }
        // A key sent twice in one batch: the first was just created, so there is nothing stored to update.
        const stored = current.get(k);
        if (!stored) {
          results.push({ index, id: id!, outcome: 'unchanged' });
          continue;
        }
        const plan = planUpdate(stored, a);
        if (plan.outcome === 'unchanged') {
          results.push({ index, id: stored.id, outcome: 'unchanged' });
          continue;
        }
        const revision = await this.alerts.applyUpdate(m, stored.id, plan.next, a.raw, traceparent);
        const actor = origin.actor ?? `vendor:${a.source}`;
        const details = { revision, changes: plan.changes, newEntities: plan.newEntities };
        await this.alerts.recordActivity(m, stored.id, { actor, origin: 'vendor', kind: 'updated', details });
        if (stored.incidentId) {
          const incidentId = await this.incidents.currentId(m, stored.incidentId);
          await this.incidents.activity(
            m,
            incidentId,
            'alert_updated',
            { alertId: stored.id, title: a.title, origin: 'vendor', ...details },
            actor,
          );
        }
        current.set(k, { ...stored, ...plan.next, revision });
        results.push({ index, id: stored.id, outcome: 'updated' });
      }
      if (results.some((r) => r.outcome !== 'unchanged')) await this.alerts.notifyStored(m);
      return results;
    });
  }
}
