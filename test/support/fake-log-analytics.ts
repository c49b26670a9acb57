import type { IncomingHttpHeaders } from 'node:http';
import { FakeGraph, graphError } from './fake-graph.js';

/**
 * The Azure Monitor Log Analytics query API as the Sentinel source reads it:
 * `POST /v1/workspaces/{id}/query` with `{ query }`, answering `{ tables: [{ name, columns, rows }] }`.
 * It understands the source's KQL: `SecurityAlert | where <window> | sort by TimeGenerated asc,
 * SystemAlertId asc | take N`, the window being `TimeGenerated >= datetime(T)` or the keyset
 * continuation after `(T, id)`. Tokens (for the Log Analytics scope), 401 on expiry and injected
 * faults come from FakeGraph.
 */
export type SecurityAlertRow = Record<string, unknown> & { SystemAlertId: string; TimeGenerated: string };

const COLUMNS: { name: string; type: string }[] = [
  { name: 'TenantId', type: 'string' },
  { name: 'TimeGenerated', type: 'datetime' },
  { name: 'DisplayName', type: 'string' },
  { name: 'AlertName', type: 'string' },
  { name: 'AlertSeverity', type: 'string' },
  { name: 'Description', type: 'string' },
  { name: 'ProviderName', type: 'string' },
  { name: 'VendorName', type: 'string' },
  { name: 'SystemAlertId', type: 'string' },
  { name: 'AlertType', type: 'string' },
  { name: 'StartTime', type: 'datetime' },
  { name: 'EndTime', type: 'datetime' },
  { name: 'ExtendedProperties', type: 'string' },
  { name: 'Entities', type: 'string' },
  { name: 'ProductName', type: 'string' },
  { name: 'Status', type: 'string' },
  { name: 'Tactics', type: 'string' },
  { name: 'Techniques', type: 'string' },
];

const TIME = String.raw`datetime\(([\d\-T:.Z]+)\)`;

export class FakeLogAnalytics extends FakeGraph {
  override readonly scope = 'https://api.loganalytics.io/.default';
  rows: SecurityAlertRow[] = [];
  readonly workspaceId = '11111111-2222-4333-8444-555555555555';
  /** The queries asked, and the ids each answer carried. */
  readonly queries: { query: string; ids: string[] }[] = [];

  protected override api(
    method: string,
    url: URL,
    body: unknown,
    send: (status: number, body?: unknown, headers?: Record<string, string>) => void,
    headers: IncomingHttpHeaders = {},
  ) {
    if (method !== 'POST' || url.pathname !== `/v1/workspaces/${this.workspaceId}/query`)
      return super.api(method, url, body, send, headers);
    const query = String((body as { query?: unknown } | undefined)?.query ?? '');
    const m = new RegExp(`^SecurityAlert \\| where (.+) \\| sort by TimeGenerated asc, SystemAlertId asc \\| take (\\d+)$`).exec(query);
    if (!m) return send(400, graphError('BadArgumentError', `The request had some invalid properties: ${query.slice(0, 100)}`));
    const key = (r: SecurityAlertRow): [number, string] => [Date.parse(r.TimeGenerated), r.SystemAlertId];
    let keep: (r: SecurityAlertRow) => boolean;
    let w: RegExpExecArray | null;
    if ((w = new RegExp(`^TimeGenerated >= ${TIME}$`).exec(m[1]))) {
      const since = Date.parse(w[1]);
      keep = (r) => key(r)[0] >= since;
    } else if (
      (w = new RegExp(`^TimeGenerated > ${TIME} or \\(TimeGenerated == ${TIME} and SystemAlertId > ("(?:[^"\\\\]|\\\\.)*")\\)$`).exec(m[1]))
    ) {
      const [t, id] = [Date.parse(w[1]), JSON.parse(w[3]) as string];
      keep = (r) => key(r)[0] > t || (key(r)[0] === t && key(r)[1] > id);
    } else return send(400, graphError('BadArgumentError', `Unsupported where clause: ${m[1]}`));
    const selected = this.rows
      .filter(keep)
      .sort((a, b) => key(a)[0] - key(b)[0] || (key(a)[1] < key(b)[1] ? -1 : key(a)[1] > key(b)[1] ? 1 : 0))
      .slice(0, Number(m[2]));
    this.queries.push({ query, ids: selected.map((r) => r.SystemAlertId) });
    send(200, { tables: [{ name: 'PrimaryResult', columns: COLUMNS, rows: selected.map((r) => COLUMNS.map((c) => r[c.name] ?? null)) }] });
  }
}

/** A SecurityAlert row from Defender for Endpoint about device `host`. */
export function securityAlertRow(id: string, timeGenerated: string, host: string): SecurityAlertRow {
  return {
    TenantId: 'e34d562e-ef12-4c4e-9bc0-7c6ae357c015',
    TimeGenerated: timeGenerated,
    DisplayName: `Suspicious activity on ${host}`,
    AlertName: `Suspicious activity on ${host}`,
    AlertSeverity: 'Medium',
    Description: 'A known tool was used to gather information on this device.',
    ProviderName: 'MDATP',
    VendorName: 'Microsoft',
    SystemAlertId: id,
    AlertType: 'WindowsDefenderAtp',
    StartTime: timeGenerated,
    EndTime: timeGenerated,
    ExtendedProperties: JSON.stringify({ MitreTechniques: 'T1010' }),
    Entities: JSON.stringify([{ $id: '2', Type: 'host', HostName: host, DnsDomain: 'contoso.com' }]),
    ProductName: 'Microsoft Defender Advanced Threat Protection',
    Status: 'New',
    Tactics: 'Discovery',
    Techniques: '["T1010"]',
  };
}
