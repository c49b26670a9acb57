import type { IncomingHttpHeaders } from 'node:http';
import { FakeGraph, graphError } from './fake-graph.js';

/** A Graph security alert or incident as the fake keeps it: Graph's own field names. */
export type SecurityObject = Record<string, unknown> & { id: string; lastUpdateDateTime: string };

/**
 * Microsoft Graph's security API on top of the Graph fake: `alerts_v2` and `incidents`, read and
 * PATCHed as documented (camelCase enums, `lastUpdateDateTime` moved by every change, 200 with the
 * updated object). Every PATCH is kept, so a test can count the writes; `vendorEdit` is a change
 * made by someone in the Defender portal.
 */
export class FakeSecurityGraph extends FakeGraph {
  alerts = new Map<string, SecurityObject>();
  incidents = new Map<string, SecurityObject>();
  readonly patches: { path: string; body: Record<string, unknown> }[] = [];
  private securityClock = Date.parse('2026-03-01T12:00:00Z');

  private tick(): string {
    this.securityClock += 1000;
    return new Date(this.securityClock).toISOString();
  }

  override reset(): void {
    super.reset();
    this.alerts.clear();
    this.incidents.clear();
    this.patches.length = 0;
  }

  /** A change made at the vendor (the portal, another tool): the object's lastUpdateDateTime moves. */
  vendorEdit(kind: 'alert' | 'incident', id: string, fields: Record<string, unknown>): SecurityObject {
    const map = kind === 'alert' ? this.alerts : this.incidents;
    const o = { ...map.get(id)!, ...fields, lastUpdateDateTime: this.tick() };
    map.set(id, o);
    return o;
  }

  protected override api(
    method: string,
    url: URL,
    body: unknown,
    send: (status: number, body?: unknown, headers?: Record<string, string>) => void,
    headers: IncomingHttpHeaders = {},
  ) {
    const m = /^\/v1\.0\/security\/(alerts_v2|incidents)(?:\/([^/]+))?$/.exec(url.pathname);
    if (!m) return super.api(method, url, body, send, headers);
    const map = m[1] === 'alerts_v2' ? this.alerts : this.incidents;
    if (!m[2] && method === 'GET') return send(200, this.page(url, `security/${m[1]}`, [...map.values()]));
    const id = decodeURIComponent(m[2] ?? '');
    const o = map.get(id);
    if (!o) return send(404, graphError('NotFound', `Resource '${id}' does not exist.`));
    if (method === 'GET') return send(200, o);
    if (method === 'PATCH') {
      const b = (body ?? {}) as Record<string, unknown>;
      this.patches.push({ path: url.pathname, body: b });
      const updated = { ...o, ...b, lastUpdateDateTime: this.tick() };
      map.set(id, updated);
      return send(200, updated);
    }
    send(405, graphError('BadRequest', `${method} is not supported here`));
  }
}
