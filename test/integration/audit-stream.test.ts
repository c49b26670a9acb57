import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { eventually, startQuell, type TestQuell } from '../support/harness.js';

interface Received {
  status: number;
  authorization: string | undefined;
  contentType: string | undefined;
  events: {
    class_uid: number;
    api: { operation: string };
    src_endpoint: { ip?: string; name?: string };
    metadata: { sequence: number; uid: string };
    [k: string]: unknown;
  }[];
}

/** A SIEM's HTTP collector: answers 503 to the first `down` requests (an outage), then 200. */
function receiver(port: number, down: number): Promise<{ server: Server; received: Received[] }> {
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const status = received.length < down ? 503 : 200;
      received.push({
        status,
        authorization: req.headers.authorization,
        contentType: req.headers['content-type'],
        events: JSON.parse(Buffer.concat(chunks).toString('utf8')),
      });
      res.writeHead(status).end();
    });
  });
  return new Promise((resolve) => server.listen(port, '127.0.0.1', () => resolve({ server, received })));
}

const metric = (text: string, name: string): number => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1]);

describe('the audit stream to a SIEM', () => {
  const token = `siem-${randomBytes(16).toString('hex')}`;
  const DOWN = 4;
  let q: TestQuell;
  let sink: Awaited<ReturnType<typeof receiver>>;
  let logs = '';

  beforeAll(async () => {
    const port = 45000 + Number(process.env.JEST_WORKER_ID ?? 1);
    sink = await receiver(port, DOWN);
    const dir = mkdtempSync(join(tmpdir(), 'quell-audit-stream-'));
    writeFileSync(join(dir, 'token'), `${token}\n`);
    q = await startQuell({
      env: {
        AUDIT_STREAM_URL: `http://127.0.0.1:${port}/collector`,
        AUDIT_STREAM_TOKEN_FILE: join(dir, 'token'),
        AUDIT_STREAM_ALLOW_INSECURE_HTTP: 'true',
        AUDIT_STREAM_BATCH_SIZE: '3',
        AUDIT_STREAM_RETRY_MAX_SECONDS: '2',
        LOG_LEVEL: 'trace',
      },
      logTo: new Writable({
        write(chunk: Buffer, _enc, done) {
          logs += chunk.toString('utf8');
          done();
        },
      }),
    });
  });
  afterAll(async () => {
    await q.close();
    await new Promise((r) => sink.server.close(r));
  });

  const headSeq = async (): Promise<number> => Number((await q.db.query('SELECT seq FROM audit_chain_head'))[0].seq);
  const accepted = () => sink.received.filter((r) => r.status === 200).flatMap((r) => r.events);

  it('delivers every row exactly in order after an outage, with the token, and keeps it out of the logs', async () => {
    const admin = await q.auth('admin');
    for (let i = 0; i < 8; i++)
      await q.http
        .post('/api/v1/keys')
        .set(admin)
        .send({ name: `k-${i}`, role: 'reader' })
        .expect(201);
    await q.http.get('/api/v1/incidents').set({ Authorization: 'Bearer not-a-key' }).expect(401);
    const reader = await q.auth('reader');

    // While the receiver is down: failures are counted and the lag shows.
    await eventually(async () => (sink.received.length >= 1 ? true : undefined), 10_000, 'a first attempt');
    const during = (await q.http.get('/metrics').set(reader).expect(200)).text;
    expect(metric(during, 'quell_audit_stream_failures_total')).toBeGreaterThanOrEqual(1);
    expect(metric(during, 'quell_audit_stream_lag_rows')).toBeGreaterThan(0);
    expect(metric(during, 'quell_audit_stream_lag_seconds')).toBeGreaterThan(0);
    expect(metric(during, 'quell_audit_stream_delivered_total')).toBe(0);

    const head = await headSeq();
    expect(head).toBeGreaterThan(10);
    await eventually(async () => (accepted().length >= head ? true : undefined), 30_000, 'every row delivered');

    // Every row arrived once among the accepted batches, in sequence order, nothing skipped.
    const seqs = accepted().map((e) => e.metadata.sequence);
    expect(seqs.slice(0, head)).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    // The failed attempts were retries of the batch at the cursor: nothing after it was sent early.
    const failed = sink.received.filter((r) => r.status === 503);
    expect(failed).toHaveLength(DOWN);
    for (const f of failed) expect(f.events[0].metadata.sequence).toBe(1);
    expect(sink.received.every((r) => r.authorization === `Bearer ${token}` && r.contentType === 'application/json')).toBe(true);

    // The events are the audit rows, in OCSF API Activity shape.
    const exported = (await q.http.get('/api/v1/audit?format=jsonl').set(admin).expect(200)).text
      .split('\n')
      .filter(Boolean)
      .map((l) => JSON.parse(l));
    const bySeq = new Map(accepted().map((e) => [e.metadata.sequence, e]));
    for (const row of exported) {
      const e = bySeq.get(row.seq)!;
      expect(e).toMatchObject({
        class_uid: 6003,
        category_uid: 6,
        time: new Date(row.at).getTime(),
        api: { operation: row.action },
        metadata: { uid: row.hash, product: { name: 'Quell' } },
        unmapped: { before: row.before, after: row.after },
      });
    }
    const created = accepted().find((e) => e.api.operation === 'key.created' && e.src_endpoint.ip);
    expect(created).toMatchObject({
      activity_id: 1,
      type_uid: 600301,
      status_id: 1,
      actor: { user: { name: 'test-admin', type: 'API key' } },
    });
    expect(accepted().find((e) => e.api.operation === 'auth.failed')).toMatchObject({ activity_id: 99, status_id: 2 });

    // Rows written after the recovery follow, still in order.
    await q.http.post('/api/v1/keys').set(admin).send({ name: 'after', role: 'reader' }).expect(201);
    const newHead = await headSeq();
    await eventually(async () => (accepted().length >= newHead ? true : undefined), 10_000, 'the new row delivered');
    expect(accepted().map((e) => e.metadata.sequence)).toEqual(Array.from({ length: newHead }, (_, i) => i + 1));

    const after = (await q.http.get('/metrics').set(reader).expect(200)).text;
    expect(metric(after, 'quell_audit_stream_delivered_total')).toBe(newHead);
    expect(metric(after, 'quell_audit_stream_failures_total')).toBe(DOWN);
    expect(metric(after, 'quell_audit_stream_lag_rows')).toBe(0);
    expect(metric(after, 'quell_audit_stream_lag_seconds')).toBe(0);

    expect(logs.match(/the receiver did not accept a batch/g)).toHaveLength(DOWN);
    expect(logs).toContain('HTTP 503');
    expect(logs).not.toContain(token);
  }, 60_000);
});
