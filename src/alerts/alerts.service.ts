import { Injectable } from '@nestjs/common';
import { nativeAlertSchema, type NativeAlert } from '../domain/alert.js';
import type { Principal } from '../auth/roles.js';
import { type FieldError, formatPath, Problem, zodErrors } from '../http/problem.js';
import { AdapterError, type AlertAdapter } from './adapters/adapter.js';
import { fromMsGraph } from './adapters/msgraph.js';
import { fromOcsf } from './adapters/ocsf.js';
import { fromSentinel } from './adapters/sentinel.js';
import { AlertBacklog } from './alert-backlog.js';
import { AlertIngestion, type IngestOrigin } from './alert-ingestion.js';
import { type AlertFilters, AlertsRepository } from './alerts.repository.js';
import { IngestRateLimit, MAX_BATCH } from './ingest-rate-limit.js';

export const ALERT_FORMATS = ['native', 'msgraph', 'sentinel', 'ocsf'] as const;
export type AlertFormat = (typeof ALERT_FORMATS)[number];

const ADAPTERS: Record<AlertFormat, AlertAdapter | undefined> = {
  native: undefined,
  msgraph: fromMsGraph,
  sentinel: fromSentinel,
  ocsf: fromOcsf,
};

@Injectable()
export class AlertsService {
  constructor(
    private readonly alerts: AlertsRepository,
    private readonly ingestion: AlertIngestion,
    private readonly rateLimit: IngestRateLimit,
    private readonly backlog: AlertBacklog,
  ) {}

  /** Maps and validates every alert first: one bad alert rejects the whole batch, and nothing is stored. */
  parse(body: unknown, format: AlertFormat): NativeAlert[] {
    const batch = Array.isArray(body);
    const items: unknown[] = batch ? body : [body];
    if (body === undefined || body === null || typeof body !== 'object') {
      throw Problem.validation([{ path: '(root)', message: 'expected an alert object or an array of alerts' }]);
    }
    if (items.length === 0) throw Problem.validation([{ path: '(root)', message: 'the batch is empty' }]);
    if (items.length > MAX_BATCH) throw Problem.validation([{ path: '(root)', message: `at most ${MAX_BATCH} alerts per request` }]);
    const errors: FieldError[] = [];
    const parsed: NativeAlert[] = [];
    items.forEach((item, index) => {
      const prefix = batch ? [index] : [];
      let native: unknown = item;
      const adapter = ADAPTERS[format];
      if (adapter) {
        try {
          native = adapter(item);
        } catch (err) {
          if (!(err instanceof AdapterError)) throw err;
          errors.push(...err.issues.map((i) => ({ path: formatPath([...prefix, ...i.path]), message: i.message })));
          return;
        }
      }
      const result = nativeAlertSchema.safeParse(native);
      if (result.success) parsed.push(result.data);
      else errors.push(...zodErrors(result.error, prefix));
    });
    if (errors.length) {
      throw Problem.validation(errors, batch ? 'The batch has invalid alerts; none was stored.' : 'The alert is invalid.');
    }
    return parsed;
  }

  /**
   * Stores (creates, updates in place, or leaves alone) and answers once committed; the worker's
   * dispatcher starts the workflows. Refused whole, before anything is stored, while the backlog of
   * uncorrelated alerts is past its limit or the key past its rate.
   */
  async ingest(body: unknown, format: AlertFormat, caller: Principal, origin?: IngestOrigin) {
    const alerts = this.parse(body, format);
    await this.backlog.admit();
    await this.rateLimit.take(caller, alerts.length);
    const results = await this.ingestion.ingest(alerts, format, origin);
    this.backlog.added(results.filter((r) => r.outcome === 'created').length);
    return {
      results: results.map(({ index, id, outcome }) => ({ index, id, status: outcome === 'created' ? 'accepted' : 'duplicate', outcome })),
    };
  }

  activity(id: string) {
    return this.alerts.activityOf(id);
  }

  get(id: string) {
    return this.alerts.findById(id);
  }

  list(filters: AlertFilters) {
    return this.alerts.list(filters);
  }
}
