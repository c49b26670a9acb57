import { randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import { AlertsRepository } from '../../src/alerts/alerts.repository.js';
import { nativeAlertSchema } from '../../src/domain/alert.js';
import { AlertDispatcher } from '../../src/alerts/alert-dispatcher.js';
import { TRACING, type Tracing } from '../../src/infra/tracing.js';
import { alertWorkflowId } from '../../workflows/ids.js';
import { TRACE_HEADER } from '../../workflows/tracing.interceptors.js';
import { TRACE_HEADER as PACKAGE_TRACE_HEADER } from '@temporalio/interceptors-opentelemetry/lib/instrumentation.js';
import { serveFake } from '../support/fake-microsoft.js';
import { type ReceivedSpan, startFakeOtlp } from '../support/fake-otlp.js';
import { eventually, startQuell, type TestQuell, workflowResult } from '../support/harness.js';
import { addIndicator, addLabDevice } from '../support/lab.js';

const hex = (n: number) => randomBytes(n).toString('hex');
const SERVER = 2;
const CLIENT = 3;
/** A token a vendor URL may carry in its query string: it must never reach a span. */
const URL_TOKEN = `tok-${hex(8)}`;

/** Collects the application's log lines. */
function logSink() {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) lines.push(JSON.parse(line) as Record<string, unknown>);
      done();
    },
  });
  return { lines, stream };
}

function malwareAlert(host: string, sha256: string) {
  return {
    externalId: `trace-${hex(4)}`,
    source: 'endpoint',
    type: 'malware_detected',
    title: 'Malware detected',
    severity: 'high',
    category: 'Execution',
    entities: [
      { type: 'device', hostname: host },
      { type: 'file', sha256, name: 'evil.exe', path: 'C:\\Users\\bob\\Downloads\\evil.exe' },
    ],
  };
}

/** The span's ancestors inside the trace, nearest first; stops where a parent was not (yet) received. */
function ancestry(span: ReceivedSpan, spans: ReceivedSpan[]): ReceivedSpan[] {
  const byId = new Map(spans.map((s) => [s.spanId, s]));
  const chain: ReceivedSpan[] = [];
  for (let p = byId.get(span.parentSpanId); p && chain.length < 100; p = byId.get(p.parentSpanId)) chain.push(p);
  return chain;
}

describe('tracing with OTLP configured', () => {
  let q: TestQuell;
  let otlp: Awaited<ReturnType<typeof startFakeOtlp>>;
  let vendor: Awaited<ReturnType<typeof serveFake>>;
  const isolations: string[] = [];
  const logs = logSink();

  beforeAll(async () => {
    otlp = await startFakeOtlp();
    // A vendor's isolation endpoint, as the generic HTTP connector calls it.
    vendor = await serveFake((req, res, data) => {
      isolations.push(data);
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ accepted: true }));
    });
    q = await startQuell({
      env: {
        OTEL_EXPORTER_OTLP_ENDPOINT: otlp.url,
        OTEL_BSP_SCHEDULE_DELAY: '200',
        // Debug: the request's own log line is written at debug for a 2xx.
        LOG_LEVEL: 'debug',
        HTTP_CONNECTOR_CONFIG: JSON.stringify({ isolate_device: { url: `${vendor.url}/machines/isolate?code=${URL_TOKEN}` } }),
        // Files would otherwise link this file's incidents through shared hashes.
        CORRELATION_DISABLED_ENTITY_TYPES: 'file',
      },
      logTo: logs.stream,
    });
  });
  afterAll(async () => {
    await q.close();
    await otlp.close();
    await vendor.close();
  });

  it('covers the request, the alert workflow, its activities and the connector call with one trace, and logs name it', async () => {
    await q.http
      .put('/api/v1/automation')
      .set(await q.auth('admin'))
      .send({ defaultLevel: 'full', connectors: { isolate_device: 'http' } })
      .expect(200);
    const sha256 = hex(32);
    const host = await addLabDevice(q.db);
    await q.db.query(
      `INSERT INTO lab_files (device_id, sha256, path, name, quarantined) VALUES ($1, $2, 'C:\\Users\\bob\\Downloads\\evil.exe', 'evil.exe', false)`,
      [`dev-${host}`, sha256],
    );
    await addIndicator(q.db, sha256, 'malicious');

    const traceId = hex(16);
    const callerSpanId = hex(8);
    const res = await q.http
      .post('/api/v1/alerts')
      .set(await q.auth('ingest'))
      .set('traceparent', `00-${traceId}-${callerSpanId}-01`)
      .send(malwareAlert(host, sha256))
      .expect(202);
    const alertId: string = res.body.results[0].id;
    const [stored] = await q.db.query('SELECT traceparent FROM alerts WHERE id = $1', [alertId]);
    expect(stored.traceparent).toMatch(new RegExp(`^00-${traceId}-[0-9a-f]{16}-01$`));

    // The connector's span, and every span between it and the request, once all have ended and been sent.
    const { connectorCall, chain } = await eventually(
      async () => {
        const spans = otlp.trace(traceId);
        const connectorCall = spans.find((s) => s.kind === CLIENT && s.attributes['server.address'] === '127.0.0.1');
        if (!connectorCall) return undefined;
        const chain = ancestry(connectorCall, spans);
        return chain.at(-1)?.parentSpanId === callerSpanId ? { connectorCall, chain } : undefined;
      },
      120_000,
      'the connector call traced back to the request',
    ).catch((err: Error) => {
      throw new Error(`${err.message}; spans of the trace: ${otlp.trace(traceId).map((s) => `${s.name}(${s.spanId}<-${s.parentSpanId})`)}`);
    });
    expect(isolations).toHaveLength(1);

    const server = chain.at(-1)!;
    expect(server).toMatchObject({ kind: SERVER, name: 'POST /api/v1/alerts', service: 'quell' });
    expect(server.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.route': '/api/v1/alerts',
      'http.response.status_code': 202,
    });
    // Request → alert workflow → hand-off → investigation → action workflow → activity → connector call, each the parent of the next.
    const path = chain.map((s) => s.name).reverse();
    const at = (name: string) => {
      expect(path).toContain(name);
      return path.indexOf(name);
    };
    const steps = [
      'POST /api/v1/alerts',
      'StartWorkflow:alertWorkflow',
      'RunWorkflow:alertWorkflow',
      'RunActivity:handOffToInvestigation',
      'SignalWithStartWorkflow:investigationWorkflow',
      'RunWorkflow:investigationWorkflow',
      'StartChildWorkflow:actionWorkflow',
      'RunWorkflow:actionWorkflow',
    ].map(at);
    expect(steps).toEqual([...steps].sort((a, b) => a - b));
    const activity = chain[0];
    expect(activity.name).toMatch(/^RunActivity:/);
    expect(chain.find((s) => s.name === 'StartWorkflow:alertWorkflow')!.attributes).toMatchObject({
      temporalWorkflowId: alertWorkflowId(alertId),
    });

    // The connector call names the vendor's host, never its path or query string.
    expect(connectorCall).toMatchObject({ name: 'POST', service: 'quell' });
    expect(connectorCall.attributes).toMatchObject({
      'http.request.method': 'POST',
      'http.response.status_code': 200,
      'url.scheme': 'http',
    });
    expect(connectorCall.attributes['server.port']).toBe(Number(new URL(vendor.url).port));
    expect(JSON.stringify(otlp.spans)).not.toContain(URL_TOKEN);
    expect(JSON.stringify(otlp.spans)).not.toContain('/machines/isolate');

    // The log line the activity wrote names its trace and its span.
    const line = logs.lines.find((l) => l.msg === 'connector carried out the action' && l.type === 'isolate_device');
    expect(line).toMatchObject({ trace_id: traceId, span_id: activity.spanId });
    // And so does the request's own log line; lines outside any span carry neither.
    expect(logs.lines.some((l) => l.trace_id === traceId && l.span_id === server.spanId)).toBe(true);
    expect(logs.lines.some((l) => l.msg === 'tracing: exporting spans over OTLP' && l.trace_id === undefined)).toBe(true);
    expect(otlp.requests.every((r) => r.path === '/v1/traces' && r.contentType?.startsWith('application/json'))).toBe(true);
  }, 180_000);

  it('continues the stored trace when the relay, not the request, starts the workflow', async () => {
    const traceId = hex(16);
    const storedSpanId = hex(8);
    const alert = nativeAlertSchema.parse({ ...malwareAlert(`ws-${hex(3)}`, hex(32)), title: 'Committed, never dispatched' });
    const ids = await q.db.transaction((m) =>
      q.app.get(AlertsRepository).insertNew(m, [alert], 'native', new Date(), [], `00-${traceId}-${storedSpanId}-01`),
    );
    const alertId = [...ids.values()][0];
    // Outside any request or span: the dispatcher finds the alert and starts its workflow.
    await q.app.get(AlertDispatcher).drain();
    await workflowResult(q.client, alertWorkflowId(alertId));
    const start = await eventually(
      async () => otlp.trace(traceId).find((s) => s.name === 'StartWorkflow:alertWorkflow'),
      30_000,
      'the relay start span',
    );
    expect(start.parentSpanId).toBe(storedSpanId);
    const run = await eventually(async () => otlp.trace(traceId).find((s) => s.name === 'RunWorkflow:alertWorkflow'), 30_000, 'the run');
    expect(run.parentSpanId).toBe(start.spanId);
  }, 60_000);
});

describe('tracing without OTLP configured', () => {
  let q: TestQuell;
  let otlp: Awaited<ReturnType<typeof startFakeOtlp>>;
  const logs = logSink();
  const given = process.env.OTEL_EXPORTER_OTLP_ENDPOINT;

  beforeAll(async () => {
    otlp = await startFakeOtlp();
    // An exporter created with the SDK's own defaults would read this and send here: none may be created.
    process.env.OTEL_EXPORTER_OTLP_ENDPOINT = otlp.url;
    q = await startQuell({ env: { LOG_LEVEL: 'info' }, logTo: logs.stream });
  });
  afterAll(async () => {
    await otlp.close();
    if (given === undefined) delete process.env.OTEL_EXPORTER_OTLP_ENDPOINT;
    else process.env.OTEL_EXPORTER_OTLP_ENDPOINT = given;
  });

  it('creates no exporter, sends nothing, stores no trace and writes no trace ids, even for a request that carries one', async () => {
    const tracing = q.app.get<Tracing>(TRACING);
    expect(tracing.enabled).toBe(false);
    expect(tracing.spanProcessor).toBeUndefined();

    const traceId = hex(16);
    const res = await q.http
      .post('/api/v1/alerts')
      .set(await q.auth('ingest'))
      .set('traceparent', `00-${traceId}-${hex(8)}-01`)
      .send(malwareAlert(`ws-${hex(3)}`, hex(32)))
      .expect(202);
    const alertId: string = res.body.results[0].id;
    await workflowResult(q.client, alertWorkflowId(alertId));
    const handle = q.client.workflow.getHandle(alertWorkflowId(alertId));

    const [stored] = await q.db.query('SELECT traceparent FROM alerts WHERE id = $1', [alertId]);
    expect(stored.traceparent).toBeNull();
    const history = await handle.fetchHistory();
    const started = history.events![0].workflowExecutionStartedEventAttributes!;
    expect(TRACE_HEADER).toBe(PACKAGE_TRACE_HEADER);
    expect(Object.keys(started.header?.fields ?? {})).not.toContain(TRACE_HEADER);
    expect(logs.lines.length).toBeGreaterThan(0);
    expect(logs.lines.filter((l) => 'trace_id' in l || 'span_id' in l)).toEqual([]);
    // Stopping flushes whatever a span processor holds: with none, nothing reaches the receiver.
    await q.close();
    expect(otlp.requests).toEqual([]);
  }, 60_000);
});
