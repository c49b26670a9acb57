import { parentPort, Worker, workerData } from 'node:worker_threads';
import pg from 'pg';
import { makeBenchAlert } from './bench-alerts.js';

/** One timed loop of the accept comparison: what to send, where, for how long. */
export interface AcceptLoad {
  /** `insert`: the bare batched INSERT over its own connections; `post`: POST /alerts. */
  mode: 'insert' | 'post';
  run: string;
  /** The first alert number; batch `n` carries alerts `offset + n * batch …`. */
  offset: number;
  batch: number;
  inFlight: number;
  seconds: number;
  /** For `insert`: the database and the table. */
  databaseUrl?: string;
  table?: string;
  /** For `post`: the API and its headers. */
  baseUrl?: string;
  headers?: Record<string, string>;
}

export interface AcceptLoadResult {
  /** Batches taken: inserted, or answered 202. */
  batches: number;
  seconds: number;
  refused429: number;
}

/**
 * Runs one loop in a thread of its own, so that the load generator (building and serializing the
 * alerts, the HTTP client) does not share the API's event loop: in the bare INSERT the client's
 * thread only ever did the client's work, and the POSTs are measured on the same terms.
 */
export function runAcceptLoad(load: AcceptLoad): Promise<AcceptLoadResult> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(new URL(import.meta.url), { workerData: load });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => reject(new Error(`the accept load thread exited with ${code} before it answered`)));
  });
}

/** The bare baseline: the batch as one `INSERT … ON CONFLICT` over a connection of `pool`. */
async function insert(pool: pg.Pool, table: string, batch: Record<string, unknown>[]): Promise<boolean> {
  const now = new Date().toISOString();
  const json = batch.map((a) => ({
    ...a,
    external_id: a.externalId,
    type: a.title,
    mitre_techniques: [],
    first_activity_at: now,
    last_activity_at: now,
    format: 'native',
    status: 'new',
  }));
  await pool.query(
    `INSERT INTO ${table} (source, external_id, title, type, severity, category, mitre_techniques, first_activity_at,
                           last_activity_at, entities, format, status, received_at)
     SELECT r.source, r.external_id, r.title, r.type, r.severity, r.category, r.mitre_techniques, r.first_activity_at,
            r.last_activity_at, r.entities, r.format, r.status, now()
     FROM jsonb_to_recordset($1::jsonb) AS r(source text, external_id text, title text, type text, severity text, category text,
          mitre_techniques text[], first_activity_at timestamptz, last_activity_at timestamptz, entities jsonb, format text, status text)
     ON CONFLICT (source, external_id) DO NOTHING
     RETURNING id`,
    [JSON.stringify(json)],
  );
  return true;
}

async function main(load: AcceptLoad): Promise<AcceptLoadResult> {
  let refused429 = 0;
  /** POSTs the batch, waiting out every 429 (backpressure) for its Retry-After, but not past the deadline. */
  const post = async (batch: Record<string, unknown>[], deadline: number): Promise<boolean> => {
    for (;;) {
      const res = await fetch(`${load.baseUrl}/api/v1/alerts`, { method: 'POST', headers: load.headers, body: JSON.stringify(batch) });
      if (res.status === 202) {
        await res.arrayBuffer();
        return true;
      }
      const text = await res.text();
      if (res.status !== 429) throw new Error(`POST /alerts answered ${res.status}: ${text}`);
      refused429++;
      const wait = Number(res.headers.get('retry-after') ?? 1) * 1000;
      if (Date.now() + wait > deadline) return false;
      await new Promise((r) => setTimeout(r, wait));
    }
  };
  const pool = load.mode === 'insert' ? new pg.Pool({ connectionString: load.databaseUrl, max: load.inFlight }) : undefined;
  try {
    const deadline = Date.now() + load.seconds * 1000;
    const started = Date.now();
    let next = 0;
    let batches = 0;
    await Promise.all(
      Array.from({ length: load.inFlight }, async () => {
        while (Date.now() < deadline) {
          const from = load.offset + load.batch * next++;
          const batch = Array.from({ length: load.batch }, (_, j) => makeBenchAlert(load.run, from + j));
          if (await (pool ? insert(pool, load.table!, batch) : post(batch, deadline))) batches++;
        }
      }),
    );
    return { batches, seconds: (Date.now() - started) / 1000, refused429 };
  } finally {
    await pool?.end();
  }
}

if (parentPort && (workerData as AcceptLoad | undefined)?.mode) {
  const port = parentPort;
  // A failure ends the thread with its error, which `runAcceptLoad` rejects with.
  void main(workerData as AcceptLoad).then((result) => port.postMessage(result));
}
