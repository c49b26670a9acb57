import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { tracedFetch } from '../infra/tracing.js';
import { type Connector, type ConnectorHealth, type ConnectorRequest, type ConnectorResult, PermanentConnectorError } from './connector.js';

/** Per action type: where to send it and how. `{{…}}` fills in from the request; `{{env.NAME}}` only in headers. */
const endpointSchema = z.strictObject({
  method: z.enum(['POST', 'PUT', 'PATCH', 'DELETE', 'GET']).default('POST'),
  url: z.string().min(1),
  headers: z.record(z.string(), z.string()).default({}),
  body: z.unknown().optional(),
  successStatus: z.array(z.number().int().min(100).max(599)).optional(),
  timeoutMs: z.number().int().min(100).max(120_000).default(10_000),
});
export const httpConnectorConfigSchema = z.record(z.string(), endpointSchema);
export type HttpConnectorConfig = z.output<typeof httpConnectorConfigSchema>;

/** Reads the configuration: inline JSON, or a path to a JSON file. */
export function loadHttpConnectorConfig(value: string | undefined): HttpConnectorConfig {
  if (!value) return {};
  const text = value.trim().startsWith('{') ? value : readFileSync(value, 'utf8');
  return httpConnectorConfigSchema.parse(JSON.parse(text));
}

function lookup(path: string, scope: Record<string, unknown>): unknown {
  return path.split('.').reduce<unknown>((v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined), scope);
}

function fill(template: string, scope: Record<string, unknown>): string {
  return template.replace(/\{\{\s*([\w.]+)\s*\}\}/g, (_, path: string) => {
    const v = lookup(path, scope);
    return v === undefined || v === null ? '' : typeof v === 'string' ? v : JSON.stringify(v);
  });
}

function fillDeep(value: unknown, scope: Record<string, unknown>): unknown {
  if (typeof value === 'string') return fill(value, scope);
  if (Array.isArray(value)) return value.map((v) => fillDeep(v, scope));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, fillDeep(v, scope)]));
  return value;
}

/**
 * A generic connector for systems with an HTTP API: one endpoint per action type, with the action
 * id as `Idempotency-Key` (so the receiver can drop a retried call), secrets from the environment
 * in headers, and nothing secret ever in its errors or results.
 */
export class HttpConnector implements Connector {
  readonly name = 'http';
  readonly actions: readonly string[];

  constructor(
    private readonly config: HttpConnectorConfig,
    private readonly env: NodeJS.ProcessEnv = process.env,
  ) {
    this.actions = Object.keys(config);
  }

  /** Each endpoint is a system of its own and calling one has effects, so only the configuration is checked. */
  health(): Promise<ConnectorHealth> {
    const n = this.actions.length;
    return Promise.resolve(
      n
        ? { ok: true, detail: `${n} action endpoint${n === 1 ? '' : 's'} configured` }
        : { ok: false, detail: 'no endpoints configured (HTTP_CONNECTOR_CONFIG)' },
    );
  }

  async execute(req: ConnectorRequest): Promise<ConnectorResult> {
    const endpoint = this.config[req.type];
    if (!endpoint) throw new PermanentConnectorError(`the http connector has no endpoint for ${req.type}`);
    const scope = { actionId: req.actionId, operation: req.operation, type: req.type, target: req.target, params: req.params };
    const secrets = Object.values(endpoint.headers)
      .flatMap((h) => [...h.matchAll(/\{\{\s*env\.(\w+)\s*\}\}/g)].map((m) => this.env[m[1]] ?? ''))
      .filter((s) => s.length >= 4);
    const mask = (text: string) => secrets.reduce((t, s) => t.split(s).join('[redacted]'), text);
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'idempotency-key': `${req.actionId}:${req.operation}`,
      ...Object.fromEntries(Object.entries(endpoint.headers).map(([k, v]) => [k.toLowerCase(), fill(v, { ...scope, env: this.env })])),
    };
    const url = fill(endpoint.url, scope);
    let res: Response;
    try {
      res = await tracedFetch(url, {
        method: endpoint.method,
        headers,
        body:
          endpoint.method === 'GET'
            ? undefined
            : JSON.stringify(
                fillDeep(endpoint.body ?? { actionId: req.actionId, type: req.type, target: req.target, params: req.params }, scope),
              ),
        signal: AbortSignal.timeout(endpoint.timeoutMs),
        redirect: 'manual',
      });
    } catch (err) {
      throw new Error(mask(`${endpoint.method} ${url} failed: ${(err as Error).message}`));
    }
    const text = mask((await res.text()).slice(0, 500));
    const ok = endpoint.successStatus ? endpoint.successStatus.includes(res.status) : res.status >= 200 && res.status < 300;
    if (ok) return { details: { status: res.status, response: text }, replayed: res.headers.get('idempotent-replayed') === 'true' };
    const message = `${endpoint.method} ${url} answered ${res.status}: ${text}`;
    if (res.status >= 400 && res.status < 500 && res.status !== 408 && res.status !== 429) throw new PermanentConnectorError(message);
    throw new Error(message);
  }
}
