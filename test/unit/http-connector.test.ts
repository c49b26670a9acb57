import { createServer, type IncomingMessage, type Server } from 'node:http';
import { PermanentConnectorError } from '../../src/connectors/connector.js';
import { HttpConnector } from '../../src/connectors/http-connector.js';

interface Call {
  method: string;
  url: string;
  headers: IncomingMessage['headers'];
  body: unknown;
}

describe('http connector (against a real local HTTP server)', () => {
  let server: Server;
  let base: string;
  const calls: Call[] = [];
  let answers: { status: number; body: (c: Call) => string }[] = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => (data += c));
      req.on('end', () => {
        const call = { method: req.method!, url: req.url!, headers: req.headers, body: data ? JSON.parse(data) : undefined };
        calls.push(call);
        const answer = answers.shift() ?? { status: 200, body: () => '{"ok":true}' };
        res.writeHead(answer.status, { 'content-type': 'application/json' }).end(answer.body(call));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));
  beforeEach(() => {
    calls.length = 0;
    answers = [];
  });

  const env = { EDR_TOKEN: 'super-secret-token-123' };
  const sut = () =>
    new HttpConnector(
      {
        isolate_device: {
          method: 'POST',
          url: `${base}/devices/{{target.hostname}}/isolate`,
          headers: { Authorization: 'Bearer {{env.EDR_TOKEN}}' },
          body: { comment: 'Quell action {{actionId}}', mode: '{{params.mode}}' },
          timeoutMs: 2000,
        },
      },
      env,
    );
  const request = {
    actionId: 'act-1',
    operation: 'execute' as const,
    type: 'isolate_device',
    target: { type: 'device' as const, hostname: 'ws-01' },
    params: { mode: 'full' },
  };

  it('sends the configured request with the action id as Idempotency-Key and secrets from the environment', async () => {
    const result = await sut().execute(request);
    expect(result.details).toMatchObject({ status: 200 });
    expect(calls).toHaveLength(1);
    expect(calls[0]).toMatchObject({
      method: 'POST',
      url: '/devices/ws-01/isolate',
      body: { comment: 'Quell action act-1', mode: 'full' },
    });
    expect(calls[0].headers['idempotency-key']).toBe('act-1:execute');
    expect(calls[0].headers.authorization).toBe('Bearer super-secret-token-123');
  });

  it('reuses the same key when a failed call is retried, and never leaks the secret in errors', async () => {
    answers = [{ status: 503, body: (c) => JSON.stringify({ error: 'busy', echo: c.headers.authorization }) }];
    const connector = sut();
    let error: Error | undefined;
    try {
      await connector.execute(request);
    } catch (err) {
      error = err as Error;
    }
    expect(error).toBeDefined();
    expect(error).not.toBeInstanceOf(PermanentConnectorError);
    expect(error!.message).toContain('503');
    expect(error!.message).not.toContain('super-secret-token-123');
    expect(error!.message).toContain('[redacted]');
    await connector.execute(request);
    expect(calls.map((c) => c.headers['idempotency-key'])).toEqual(['act-1:execute', 'act-1:execute']);
  });

  it('treats client errors as permanent and unknown action types as unsupported', async () => {
    answers = [{ status: 404, body: () => '{"error":"no such device"}' }];
    await expect(sut().execute(request)).rejects.toBeInstanceOf(PermanentConnectorError);
    await expect(sut().execute({ ...request, type: 'disable_user' })).rejects.toThrow('no endpoint for disable_user');
  });
});
