import type { ApiLog, OAuthApi } from '../../connectors/oauth-api.js';
import type { SourceConfig } from '../source-config.js';
import type { SourcePage, SourceReader } from '../source-reader.js';
import { graphApi, newestUpdate, odataPage, updatedSince } from './graph-alerts.reader.js';

/**
 * Defender XDR incidents (Graph `/security/incidents` with `$expand=alerts`): the cursor follows
 * the incidents' `lastUpdateDateTime`, and each incident's alerts are ingested in the `msgraph`
 * format. Defender's grouping travels with every alert as `incidentId` in its raw payload.
 */
export class DefenderIncidentsReader implements SourceReader {
  private readonly api: OAuthApi;

  constructor(
    private readonly source: SourceConfig,
    log: ApiLog,
  ) {
    this.api = graphApi(source, log);
  }

  first(from: Date): Promise<SourcePage> {
    return this.read(updatedSince('incidents', from, this.source.pageSize, { $expand: 'alerts' }));
  }

  next(continuation: string): Promise<SourcePage> {
    return this.read(this.api.pagePath(continuation));
  }

  redact(text: string): string {
    return this.api.redact(text);
  }

  private async read(path: string): Promise<SourcePage> {
    const { items: incidents, next } = await odataPage(this.api, path);
    const items = incidents.flatMap((incident) =>
      (Array.isArray(incident.alerts) ? incident.alerts : [])
        .filter((a): a is Record<string, unknown> => typeof a === 'object' && a !== null)
        .map((a) => ({ ...a, incidentId: a.incidentId ?? incident.id })),
    );
    return { items, format: 'msgraph', next, maxAt: newestUpdate(incidents) };
  }
}
