import { randomBytes } from 'node:crypto';
import { createServer, type Server } from 'node:http';

/**
 * A minimal Microsoft Graph security alerts source for the benchmark: Entra's client-credentials
 * token endpoint and `/v1.0/security/alerts_v2` with `$filter=lastUpdateDateTime ge …`, `$top` and
 * `@odata.nextLink` paging, as the test double in test/support does (this one is built with the
 * scripts). Alerts are appended in update-time order.
 */
export class FakeGraphSource {
  readonly alerts: { id: string; lastUpdateDateTime: string; [k: string]: unknown }[] = [];
  readonly secret = randomBytes(12).toString('hex');
  readonly tenantId = 'bench.onmicrosoft.com';
  readonly clientId = 'quell-bench';
  private readonly tokens = new Set<string>();
  private server?: Server;
  url = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const url = new URL(req.url!, this.url);
        const send = (status: number, value: unknown) => {
          res.writeHead(status, { 'content-type': 'application/json' });
          res.end(JSON.stringify(value));
        };
        if (req.method === 'POST' && url.pathname === `/${this.tenantId}/oauth2/v2.0/token`) {
          const form = new URLSearchParams(body);
          if (form.get('client_secret') !== this.secret) return send(401, { error: 'invalid_client' });
          const token = `eyJ0eXAiOiJKV1QifQ.${randomBytes(24).toString('base64url')}.x`;
          this.tokens.add(token);
          return send(200, { token_type: 'Bearer', expires_in: 3600, access_token: token });
        }
        if (!this.tokens.has(/^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? ''))
          return send(401, { error: { code: 'InvalidAuthenticationToken', message: 'Access token has expired.' } });
        if (req.method !== 'GET' || url.pathname !== '/v1.0/security/alerts_v2') return send(404, { error: { code: 'NotFound' } });
        const since = Date.parse(/lastUpdateDateTime ge (\S+)/.exec(url.searchParams.get('$filter') ?? '')?.[1] ?? '1970-01-01T00:00:00Z');
        const top = Number(url.searchParams.get('$top') ?? 100);
        const skip = Number(url.searchParams.get('$skiptoken') ?? 0);
        const first = this.firstAtOrAfter(since);
        const value = this.alerts.slice(first + skip, first + skip + top);
        const next = new URL(url.toString());
        next.searchParams.set('$skiptoken', String(skip + top));
        send(200, { value, ...(first + skip + top < this.alerts.length ? { '@odata.nextLink': next.toString() } : {}) });
      });
    });
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as { port: number }).port}`;
    return this;
  }

  private firstAtOrAfter(t: number): number {
    let [lo, hi] = [0, this.alerts.length];
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (Date.parse(this.alerts[mid].lastUpdateDateTime) < t) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  close(): Promise<void> {
    this.server?.closeAllConnections();
    return new Promise((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
