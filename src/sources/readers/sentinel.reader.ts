import { toIsoTime } from '../../alerts/adapters/adapter.js';
import { type ApiLog, microsoftProduct, OAuthApi } from '../../connectors/oauth-api.js';
import type { SourceConfig } from '../source-config.js';
import type { SourcePage, SourceReader } from '../source-reader.js';

export const LOG_ANALYTICS_SCOPE = 'https://api.loganalytics.io/.default';

interface QueryResults {
  tables?: { name?: string; columns?: { name: string; type?: string }[]; rows?: unknown[][] }[];
}

/** A KQL string literal. */
const kqlString = (s: string) => JSON.stringify(s);
/** A KQL datetime literal from Log Analytics' own rendering (100 ns precision kept). */
const kqlTime = (iso: string) => `datetime(${iso.replace(/[^\dTZ:.+-]/g, '')})`;

/**
 * Microsoft Sentinel: the `SecurityAlert` table through the Log Analytics query API, read in
 * `(TimeGenerated, SystemAlertId)` order. Log Analytics has no next links, so a page continues
 * after the last row of the one before (keyset paging, the continuation being that row's key).
 */
export class SentinelReader implements SourceReader {
  private readonly api: OAuthApi;
  private readonly path: string;

  constructor(
    private readonly source: SourceConfig & { kind: 'sentinel' },
    log: ApiLog,
  ) {
    const r = source.registration;
    this.api = new OAuthApi(
      { ...r, maxAttempts: 4, maxRetryAfterMs: 10_000 },
      microsoftProduct(r, 'Log Analytics', LOG_ANALYTICS_SCOPE),
      log,
    );
    this.path = `/v1/workspaces/${encodeURIComponent(source.workspaceId)}/query`;
  }

  first(from: Date): Promise<SourcePage> {
    return this.read(`TimeGenerated >= ${kqlTime(from.toISOString())}`);
  }

  next(continuation: string): Promise<SourcePage> {
    const cut = continuation.indexOf('|');
    const [time, id] = [continuation.slice(0, cut), continuation.slice(cut + 1)];
    if (cut < 0 || !toIsoTime(time)) throw new Error('not a Sentinel continuation');
    return this.read(`TimeGenerated > ${kqlTime(time)} or (TimeGenerated == ${kqlTime(time)} and SystemAlertId > ${kqlString(id)})`);
  }

  redact(text: string): string {
    return this.api.redact(text);
  }

  private async read(where: string): Promise<SourcePage> {
    const query = `SecurityAlert | where ${where} | sort by TimeGenerated asc, SystemAlertId asc | take ${this.source.pageSize}`;
    const answer = await this.api.call<QueryResults>('POST', this.path, { query });
    const table = answer?.tables?.find((t) => t.name === 'PrimaryResult') ?? answer?.tables?.[0];
    if (!table || !Array.isArray(table.columns) || !Array.isArray(table.rows))
      throw new Error('the Log Analytics query answered without a result table');
    const names = table.columns.map((c) => c.name);
    const items = table.rows.map((row) => Object.fromEntries(names.map((n, i) => [n, row[i]])));
    const last = items.at(-1);
    const lastTime = typeof last?.TimeGenerated === 'string' ? last.TimeGenerated : undefined;
    const lastId = typeof last?.SystemAlertId === 'string' ? last.SystemAlertId : '';
    const iso = lastTime ? toIsoTime(lastTime) : undefined;
    return {
      items,
      format: 'sentinel',
      next: items.length === this.source.pageSize && lastTime ? `${lastTime}|${lastId}` : undefined,
      maxAt: iso ? new Date(iso) : undefined,
      maxKey: lastId || undefined,
    };
  }
}
