import type { IncomingHttpHeaders } from 'node:http';
import { FakeGraph, graphError } from './fake-graph.js';

/**
 * Microsoft Graph's security API: `/v1.0/security/alerts_v2` and `/v1.0/security/incidents`.
 * Listing as a pull source reads it: `$expand=alerts`, `$filter` on `lastUpdateDateTime` (`ge`),
 * `$orderby=lastUpdateDateTime asc`, `$top` as the page size and `@odata.nextLink` paging (a
 * `$skiptoken` over the current state, as Graph's server-side paging does; `$skip` is refused so
 * a client that pages with it fails). One object is read and PATCHed as write-back does
 * (camelCase enums, `lastUpdateDateTime` moved by every change, 200 with the updated object);
 * every PATCH is kept so a test can count the writes, and `vendorEdit` is a change made by someone
 * in the Defender portal. Tokens, 401 on expiry and injected faults (429 with Retry-After) come
 * from FakeGraph.
 */
export type GraphSecurityAlert = Record<string, unknown> & { id: string; lastUpdateDateTime: string };
/** An incident in Graph's field names; `alertIds` (the fake's own) names the alerts `$expand=alerts` brings. */
export type GraphSecurityIncident = Record<string, unknown> & { id: string; lastUpdateDateTime: string; alertIds?: string[] };

export class FakeGraphSecurity extends FakeGraph {
  securityAlerts: GraphSecurityAlert[] = [];
  incidents: GraphSecurityIncident[] = [];
  /** What each answered page carried: the ids in it, in order. */
  readonly served: { path: string; ids: string[] }[] = [];
  /** Pages (by their first item's position in the collection) held until the promise settles. */
  holds: { offset: number; until: Promise<void> }[] = [];
  readonly patches: { path: string; body: Record<string, unknown> }[] = [];
  private securityClock = Date.parse('2026-03-01T12:00:00Z');

  override reset(): void {
    super.reset();
    this.securityAlerts = [];
    this.incidents = [];
    this.served.length = 0;
    this.holds = [];
    this.patches.length = 0;
  }

  private tick(): string {
    this.securityClock += 1000;
    return new Date(this.securityClock).toISOString();
  }

  private collectionOf(kind: 'alert' | 'incident'): (GraphSecurityAlert | GraphSecurityIncident)[] {
    return kind === 'alert' ? this.securityAlerts : this.incidents;
  }

  /** The alert or incident as the vendor holds it now. */
  find(kind: 'alert' | 'incident', id: string): GraphSecurityAlert | undefined {
    return this.collectionOf(kind).find((o) => o.id === id);
  }

  /** Replaces the object's fields and moves its lastUpdateDateTime, as any change at the vendor does. */
  private change(kind: 'alert' | 'incident', id: string, fields: Record<string, unknown>): GraphSecurityAlert {
    const items = this.collectionOf(kind);
    const i = items.findIndex((o) => o.id === id);
    const updated = { ...items[i], ...fields, lastUpdateDateTime: this.tick() };
    items[i] = updated;
    return updated;
  }

  /** A change made at the vendor (the portal, another tool). */
  vendorEdit(kind: 'alert' | 'incident', id: string, fields: Record<string, unknown>): GraphSecurityAlert {
    return this.change(kind, id, fields);
  }

  /** A bulk change at the vendor: every alert gets the same lastUpdateDateTime, as one portal action gives them. */
  vendorEditAlerts(edits: { id: string; fields: Record<string, unknown> }[]): string {
    const at = this.tick();
    for (const { id, fields } of edits) {
      const i = this.securityAlerts.findIndex((o) => o.id === id);
      this.securityAlerts[i] = { ...this.securityAlerts[i], ...fields, lastUpdateDateTime: at };
    }
    return at;
  }

  /** Items updated at or after the filter's time, oldest update first (id breaks ties). */
  private select<T extends { id: string; lastUpdateDateTime: string }>(url: URL, items: T[]): T[] | string {
    const filter = url.searchParams.get('$filter');
    const orderby = url.searchParams.get('$orderby');
    let selected = items;
    if (filter) {
      const m = /^lastUpdateDateTime ge (\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(?:\.\d+)?Z)$/.exec(filter);
      if (!m) return `Invalid filter clause: ${filter}`;
      const since = Date.parse(m[1]);
      selected = selected.filter((a) => Date.parse(a.lastUpdateDateTime) >= since);
    }
    if (orderby && orderby !== 'lastUpdateDateTime asc') return `Invalid $orderby: ${orderby}`;
    return [...selected].sort((a, b) => Date.parse(a.lastUpdateDateTime) - Date.parse(b.lastUpdateDateTime) || a.id.localeCompare(b.id));
  }

  private collection<T extends { id: string; lastUpdateDateTime: string }>(
    url: URL,
    context: string,
    items: T[],
    maxTop: number,
    send: (status: number, body?: unknown) => void,
    render: (item: T) => unknown = (i) => i,
  ) {
    if (url.searchParams.has('$skip')) return send(400, graphError('BadRequest', 'Use @odata.nextLink to page this collection.'));
    const top = Number(url.searchParams.get('$top') ?? maxTop);
    if (!Number.isInteger(top) || top < 1 || top > maxTop)
      return send(400, graphError('BadRequest', `$top must be between 1 and ${maxTop}`));
    const selected = this.select(url, items);
    if (typeof selected === 'string') return send(400, graphError('BadRequest', selected));
    const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
    const value = selected.slice(skip, skip + top);
    const next = new URL(url.toString());
    next.searchParams.set('$skiptoken', String(skip + top));
    const answer = () => {
      this.served.push({ path: `${url.pathname}${url.search}`, ids: value.map((v) => v.id) });
      send(200, {
        '@odata.context': `${this.url}/v1.0/$metadata#${context}`,
        value: value.map(render),
        ...(skip + top < selected.length ? { '@odata.nextLink': next.toString() } : {}),
      });
    };
    const hold = this.holds.find((h) => h.offset === skip);
    if (!hold) return answer();
    this.holds.splice(this.holds.indexOf(hold), 1);
    void hold.until.then(answer);
  }

  protected override api(
    method: string,
    url: URL,
    body: unknown,
    send: (status: number, body?: unknown, headers?: Record<string, string>) => void,
    headers: IncomingHttpHeaders = {},
  ) {
    if (method === 'GET' && url.pathname === '/v1.0/security/alerts_v2')
      return this.collection(url, 'security/alerts_v2', this.securityAlerts, 2000, send);
    if (method === 'GET' && url.pathname === '/v1.0/security/incidents') {
      const expand = url.searchParams.get('$expand') === 'alerts';
      const byId = new Map(this.securityAlerts.map((a) => [a.id, a]));
      return this.collection(url, 'security/incidents', this.incidents, 50, send, ({ alertIds, ...incident }) => ({
        ...incident,
        ...(expand ? { alerts: (alertIds ?? []).flatMap((id) => byId.get(id) ?? []) } : {}),
      }));
    }
    const one = /^\/v1\.0\/security\/(alerts_v2|incidents)\/([^/]+)$/.exec(url.pathname);
    if (one) {
      const kind = one[1] === 'alerts_v2' ? 'alert' : 'incident';
      const id = decodeURIComponent(one[2]);
      const found = this.find(kind, id);
      if (!found) return send(404, graphError('NotFound', `Resource '${id}' does not exist.`));
      if (method === 'GET') return send(200, found);
      if (method === 'PATCH') {
        const b = (body ?? {}) as Record<string, unknown>;
        this.patches.push({ path: url.pathname, body: b });
        return send(200, this.change(kind, id, b));
      }
      return send(405, graphError('BadRequest', `${method} is not supported here`));
    }
    return super.api(method, url, body, send, headers);
  }
}

/** An alerts_v2 alert as Defender for Endpoint reports it, on device `host`. */
export function securityAlert(
  id: string,
  lastUpdateDateTime: string,
  host: string,
  extra: Record<string, unknown> = {},
): GraphSecurityAlert {
  return {
    '@odata.type': '#microsoft.graph.security.alert',
    id,
    providerAlertId: id,
    incidentId: null,
    status: 'new',
    severity: 'medium',
    serviceSource: 'microsoftDefenderForEndpoint',
    detectionSource: 'antivirus',
    detectorId: 'e0da400f-affd-43ef-b1d5-afc2eb6f2756',
    title: `Suspicious execution on ${host}`,
    category: 'Execution',
    mitreTechniques: ['T1059'],
    createdDateTime: lastUpdateDateTime,
    lastUpdateDateTime,
    firstActivityDateTime: lastUpdateDateTime,
    lastActivityDateTime: lastUpdateDateTime,
    evidence: [
      {
        '@odata.type': '#microsoft.graph.security.deviceEvidence',
        roles: [],
        mdeDeviceId: `${host}-device`,
        deviceDnsName: `${host}.contoso.com`,
        osPlatform: 'Windows11',
      },
    ],
    ...extra,
  };
}
