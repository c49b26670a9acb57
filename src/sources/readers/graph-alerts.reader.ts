import { toIsoTime } from '../../alerts/adapters/adapter.js';
import { type ApiLog, microsoftProduct, OAuthApi } from '../../connectors/oauth-api.js';
import type { SourceConfig } from '../source-config.js';
import type { SourcePage, SourceReader } from '../source-reader.js';

export const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** An API client for a Graph source: waits on `Retry-After` only briefly, so the activity's heartbeat keeps up. */
export function graphApi(source: SourceConfig, log: ApiLog): OAuthApi {
  const r = source.registration;
  return new OAuthApi({ ...r, maxAttempts: 4, maxRetryAfterMs: 10_000 }, microsoftProduct(r, 'Microsoft Graph', GRAPH_SCOPE), log);
}

interface ODataPage {
  value?: unknown;
  '@odata.nextLink'?: unknown;
}

/** One page of an OData collection: its items and the path of the next page (never computed here: Graph's own link). */
export async function odataPage(api: OAuthApi, path: string): Promise<{ items: Record<string, unknown>[]; next?: string }> {
  const page = await api.call<ODataPage>('GET', path);
  if (!page || !Array.isArray(page.value)) throw new Error(`GET ${path.split('?')[0]} answered without a value array`);
  const link = page['@odata.nextLink'];
  return {
    items: page.value.filter((v): v is Record<string, unknown> => typeof v === 'object' && v !== null),
    next: typeof link === 'string' && link ? api.pagePath(link) : undefined,
  };
}

/** The newest `lastUpdateDateTime` among vendor objects. */
export function newestUpdate(items: Record<string, unknown>[]): Date | undefined {
  let max: number | undefined;
  for (const item of items) {
    const iso = toIsoTime(item.lastUpdateDateTime);
    const t = iso ? Date.parse(iso) : NaN;
    if (!Number.isNaN(t) && (max === undefined || t > max)) max = t;
  }
  return max === undefined ? undefined : new Date(max);
}

/** `$filter` and `$orderby` on `lastUpdateDateTime`, `$top` as the page size: Graph pages on with `@odata.nextLink`, never `$skip`. */
export function updatedSince(collection: string, from: Date, top: number, extra: Record<string, string> = {}): string {
  const params: Record<string, string> = {
    ...extra,
    $filter: `lastUpdateDateTime ge ${from.toISOString()}`,
    $orderby: 'lastUpdateDateTime asc',
    $top: String(top),
  };
  const query = Object.entries(params)
    .map(([k, v]) => `${k}=${encodeURIComponent(v)}`)
    .join('&');
  return `/v1.0/security/${collection}?${query}`;
}

/** Microsoft Graph security alerts (alerts_v2), ingested in the `msgraph` format. */
export class GraphAlertsReader implements SourceReader {
  private readonly api: OAuthApi;

  constructor(
    private readonly source: SourceConfig,
    log: ApiLog,
  ) {
    this.api = graphApi(source, log);
  }

  first(from: Date): Promise<SourcePage> {
    return this.read(updatedSince('alerts_v2', from, this.source.pageSize));
  }

  next(continuation: string): Promise<SourcePage> {
    return this.read(this.api.pagePath(continuation));
  }

  redact(text: string): string {
    return this.api.redact(text);
  }

  private async read(path: string): Promise<SourcePage> {
    const { items, next } = await odataPage(this.api, path);
    return { items, format: 'msgraph', next, maxAt: newestUpdate(items) };
  }
}
