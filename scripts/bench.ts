import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { Client } from '@temporalio/client';
import { DataSource } from 'typeorm';
import { inParallel } from '../src/infra/in-parallel.js';
import { AlertsRepository } from '../src/alerts/alerts.repository.js';
import { CorrelationEngine } from '../src/correlation/correlation.engine.js';
import { dataSourceOptions, runMigrations } from '../src/db/data-source.js';
import { StoredCorrelationPolicy } from '../src/correlation/correlation-settings.js';
import { nativeAlertSchema, type NativeAlert } from '../src/domain/alert.js';
import { createLogger } from '../src/infra/logger.js';
import { actionWorkflowId, alertWorkflowId } from '../workflows/ids.js';
import { runAcceptLoad } from './lib/accept-load.js';
import {
  activityCount,
  bareRate,
  type BenchTarget,
  CONCURRENCY,
  cpuSampler,
  inTurns,
  investigations,
  makeAlert,
  hotAlert,
  pct,
  post,
  resultOf,
  ROUNDS,
  run,
  say,
  seedDevices,
  throughput,
  waitCorrelated,
} from './lib/bench-measure.js';
import { FakeGraphSource } from './lib/fake-graph-source.js';
import { dropDatabase, freshDatabase, startStack, type Stack } from './lib/stack.js';

const N = Number(process.env.BENCH_ALERTS ?? 2000);
const STORED = Number(process.env.BENCH_STORED ?? 200_000);
/** `BENCH_SECTIONS=pull,alerts,investigations,approvals,correlation,storm,accept` runs a part (default: all). */
const SECTIONS = new Set((process.env.BENCH_SECTIONS ?? 'pull,alerts,investigations,approvals,correlation,storm,accept').split(','));
/** The alert storm: alerts posted as fast as accepted, then drained. */
const STORM_ALERTS = Number(process.env.BENCH_STORM_ALERTS ?? 50_000);
/** `spread` (default): the usual mix, mostly new incidents; `hot`: one host's misfiring detector, incidents filled to the cap. */
const STORM_SHAPE = process.env.BENCH_STORM_SHAPE ?? 'spread';
if (STORM_SHAPE !== 'spread' && STORM_SHAPE !== 'hot') throw new Error(`BENCH_STORM_SHAPE must be spread or hot, not ${STORM_SHAPE}`);
/** Bare 1-activity workflows run for the storm's baseline. */
const STORM_BARE = Number(process.env.BENCH_STORM_BARE ?? 1000);
/** The accept ceiling: seconds of POSTs (and as many of bare inserts), batches of 500, requests in flight. */
const ACCEPT_SECONDS = Number(process.env.BENCH_ACCEPT_SECONDS ?? 60);
const STORM_BATCH = 500;
const POSTS_IN_FLIGHT = Number(process.env.BENCH_POSTS_IN_FLIGHT ?? 4);
/** Pull vs push: alerts in all, the source's page size and the push's batch size, batches in flight. */
const PULL_ALERTS = Number(process.env.BENCH_PULL_ALERTS ?? 20_000);
const PULL_PAGE = 500;
const PUSH_IN_FLIGHT = Number(process.env.BENCH_PUSH_IN_FLIGHT ?? 1);

/** A CPU sample as one line: each process's share of one core. */
const cpuLine = (share: Record<string, number>) =>
  Object.entries(share)
    .map(([name, pctOfCore]) => `${name} ${pctOfCore}%`)
    .join(', ');

/**
 * Posts one batch, waiting out every 429 (backpressure) for its Retry-After, but not past `until`:
 * whether it was accepted, and how many 429s it met.
 */
async function postAccepted(stack: Stack, headers: Record<string, string>, body: unknown, until = Infinity) {
  for (let refused = 0; ; refused++) {
    const res = await fetch(`${stack.baseUrl}/api/v1/alerts`, { method: 'POST', headers, body: JSON.stringify(body) });
    if (res.status === 202) {
      await res.arrayBuffer();
      return { accepted: true, refused };
    }
    const text = await res.text();
    if (res.status !== 429) throw new Error(`POST /alerts answered ${res.status}: ${text}`);
    const wait = Number(res.headers.get('retry-after') ?? 1) * 1000;
    if (Date.now() + wait > until) return { accepted: false, refused: refused + 1 };
    await new Promise((r) => setTimeout(r, wait));
  }
}

async function latency(stack: Stack, db: DataSource, headers: Record<string, string>, rate: number) {
  const seconds = Number(process.env.BENCH_LATENCY_SECONDS ?? 20);
  const total = Math.max(50, Math.round(rate * seconds));
  say(`[2/6] latency at half load: ${rate.toFixed(0)} alerts/s for ${seconds}s (${total} alerts), accept → correlation committed`);
  const since = new Date();
  const started = Date.now();
  const inflight: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = started + (i / rate) * 1000;
    const wait = due - Date.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    inflight.push(post(stack.baseUrl, headers, makeAlert(N + i)));
  }
  await Promise.all(inflight);
  await waitCorrelated(db, since, total, 'half load');
  const rows: { ms: number }[] = await db.query(
    `SELECT extract(epoch FROM (correlated_at - received_at)) * 1000 AS ms FROM alerts WHERE received_at >= $1`,
    [since],
  );
  const ms = rows.map((r) => Number(r.ms));
  return { rate, alerts: total, p50: pct(ms, 50), p95: pct(ms, 95), p99: pct(ms, 99) };
}

async function acceptCeiling(stack: Stack, db: DataSource, headers: Record<string, string>) {
  const batches = Number(process.env.BENCH_BATCHES ?? 40);
  const size = 100;
  say(`[3/6] accept-only ceiling: ${batches} batches of ${size} alerts, 4 in flight`);
  const since = new Date();
  const started = Date.now();
  await inParallel(
    Array.from({ length: batches }, (_, b) => b),
    4,
    (b) =>
      post(
        stack.baseUrl,
        headers,
        Array.from({ length: size }, (_, j) => makeAlert(10 * N + b * size + j)),
      ),
  );
  const acceptedPerSec = (batches * size) / ((Date.now() - started) / 1000);
  await waitCorrelated(db, since, batches * size, 'draining');
  return { acceptedPerSec };
}

/**
 * Commit → workflow start with nothing else going on: single alerts posted one at a time, each
 * waited for; the time from its commit (`received_at`) to its dispatch being committed.
 */
async function quietDispatch(stack: Stack, db: DataSource, headers: Record<string, string>) {
  const ms: number[] = [];
  for (let i = 0; i < 20; i++) {
    const res = await fetch(`${stack.baseUrl}/api/v1/alerts`, { method: 'POST', headers, body: JSON.stringify(makeAlert(40 * N + i)) });
    const id = ((await res.json()) as { results: { id: string }[] }).results[0].id;
    for (;;) {
      const [row] = await db.query(
        `SELECT extract(epoch FROM (dispatched_at - received_at)) * 1000 AS ms FROM alerts WHERE id = $1 AND dispatched_at IS NOT NULL`,
        [id],
      );
      if (row) {
        ms.push(Number(row.ms));
        break;
      }
      await new Promise((r) => setTimeout(r, 10));
    }
  }
  return { p50: pct(ms, 50), p99: pct(ms, 99), max: Math.max(...ms) };
}

/**
 * The storm: STORM_ALERTS alerts posted in batches of 500 as fast as Quell accepts them (a 429
 * waits out its Retry-After), until all are correlated; `GET /incidents` sampled meanwhile; then
 * the bare 1-activity workflow loop in the same run.
 */
async function storm(stack: Stack, db: DataSource, client: Client, headers: Record<string, string>) {
  const quiet = await quietDispatch(stack, db, headers);
  say(`[storm] quiet commit → workflow started: p50 ${quiet.p50.toFixed(1)} ms, p99 ${quiet.p99.toFixed(1)} ms`);
  say(
    `[storm] ${STORM_ALERTS} alerts (${STORM_SHAPE}) in batches of ${STORM_BATCH}, ${POSTS_IN_FLIGHT} requests in flight, until all are correlated`,
  );
  const reader = { Authorization: `Bearer ${await stack.key('reader')}` };
  const cpu = cpuSampler();
  const batches = Math.ceil(STORM_ALERTS / STORM_BATCH);
  const since = new Date();
  const started = Date.now();
  cpu.start();
  let refused = 0;
  let draining = true;
  const incidentsMs: number[] = [];
  const sampler = (async () => {
    while (draining) {
      const t = performance.now();
      const res = await fetch(`${stack.baseUrl}/api/v1/incidents?limit=50`, { headers: reader });
      await res.arrayBuffer();
      if (res.status !== 200) throw new Error(`GET /incidents answered ${res.status} during the storm`);
      incidentsMs.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 200));
    }
  })();
  await inParallel(
    Array.from({ length: batches }, (_, b) => b),
    POSTS_IN_FLIGHT,
    async (b) => {
      const size = Math.min(STORM_BATCH, STORM_ALERTS - b * STORM_BATCH);
      refused += (
        await postAccepted(
          stack,
          headers,
          Array.from({ length: size }, (_, j) => (STORM_SHAPE === 'hot' ? hotAlert : makeAlert)(100 * N + b * STORM_BATCH + j)),
        )
      ).refused;
    },
  );
  const postedSeconds = (Date.now() - started) / 1000;
  await waitCorrelated(db, since, STORM_ALERTS, 'storm');
  const drainSeconds = (Date.now() - started) / 1000;
  draining = false;
  await sampler;
  const cpuShare = cpu.stop();
  const [{ incidents, largest }] = await db.query(
    `SELECT count(*)::int AS incidents, max(n)::int AS largest
     FROM (SELECT count(*) AS n FROM alerts WHERE received_at >= $1 GROUP BY incident_id) per_incident`,
    [since],
  );
  say(`[storm] bare 1-activity workflow loop: ${STORM_BARE} workflows, ${CONCURRENCY} in flight`);
  const bare = await bareRate({ client, taskQueue: stack.config.temporal.taskQueue }, STORM_BARE, 1, 'storm-bare');
  const drainPerSec = STORM_ALERTS / drainSeconds;
  return {
    alerts: STORM_ALERTS,
    shape: STORM_SHAPE,
    incidents: incidents as number,
    largestIncident: largest as number,
    quietDispatchMs: quiet,
    acceptedPerSec: STORM_ALERTS / postedSeconds,
    refused429: refused,
    drainSeconds,
    drainPerSec,
    bareOneActivityPerSec: bare,
    ratio: drainPerSec / bare,
    incidentsMs: { samples: incidentsMs.length, p50: pct(incidentsMs, 50), p99: pct(incidentsMs, 99) },
    cpuShare,
  };
}

/**
 * The accept ceiling: POST /alerts with batches of 500 for ACCEPT_SECONDS against the physical
 * limit measured just before, the same rows inserted by the same batched `INSERT … ON CONFLICT`
 * over bare connections into a copy of the alerts table with all its indexes (a copy, so that no
 * dispatcher starts workflows for them). Nothing lost: the rows are counted afterwards. Both loads
 * run in a thread of their own (`runAcceptLoad`), so the client's work never runs on the API's
 * event loop, as it never runs on PostgreSQL's backends in the bare INSERT.
 */
async function acceptVsInsert(stack: Stack, db: DataSource, headers: Record<string, string>) {
  const load = { run, batch: STORM_BATCH, inFlight: POSTS_IN_FLIGHT, seconds: ACCEPT_SECONDS };
  say(`[accept] bare batched INSERT … ON CONFLICT of ${STORM_BATCH} rows, ${POSTS_IN_FLIGHT} connections, ${ACCEPT_SECONDS}s`);
  await db.query(`DROP TABLE IF EXISTS bench_alerts_copy`);
  await db.query(`CREATE TABLE bench_alerts_copy (LIKE alerts INCLUDING ALL)`);
  const bare = await runAcceptLoad({
    ...load,
    mode: 'insert',
    offset: 1_000_000_000,
    databaseUrl: stack.databaseUrl,
    table: 'bench_alerts_copy',
  });
  const [{ n: copied }] = await db.query(`SELECT count(*)::int AS n FROM bench_alerts_copy`);
  await db.query(`DROP TABLE bench_alerts_copy`);
  say(`[accept] POST /alerts, batches of ${STORM_BATCH}, ${POSTS_IN_FLIGHT} in flight, ${ACCEPT_SECONDS}s`);
  const since = new Date();
  const cpu = cpuSampler();
  cpu.start();
  const quell = await runAcceptLoad({ ...load, mode: 'post', offset: 2_000_000_000, baseUrl: stack.baseUrl, headers });
  const cpuShare = cpu.stop();
  // The same with the workers stopped (SIGSTOP): the request path alone, without the drain of
  // what it accepted competing for the cores and the database.
  say(`[accept] again with the workers stopped: POST /alerts alone, ${ACCEPT_SECONDS}s`);
  for (const pid of stack.workerPids()) process.kill(pid, 'SIGSTOP');
  const aloneCpu = cpuSampler();
  aloneCpu.start();
  const alone = await runAcceptLoad({ ...load, mode: 'post', offset: 3_000_000_000, baseUrl: stack.baseUrl, headers }).finally(() => {
    for (const pid of stack.workerPids()) process.kill(pid, 'SIGCONT');
  });
  const aloneCpuShare = aloneCpu.stop();
  const accepted = (quell.batches + alone.batches) * STORM_BATCH;
  const [{ n: stored }] = await db.query(`SELECT count(*)::int AS n FROM alerts WHERE received_at >= $1`, [since]);
  const bareRate = copied / bare.seconds;
  const acceptRate = (quell.batches * STORM_BATCH) / quell.seconds;
  const aloneRate = (alone.batches * STORM_BATCH) / alone.seconds;
  return {
    bareInsertPerSec: bareRate,
    bareRowsInserted: copied,
    acceptedPerSec: acceptRate,
    acceptedAlonePerSec: aloneRate,
    accepted,
    stored,
    lost: accepted - stored,
    refused429: quell.refused429 + alone.refused429,
    ratio: acceptRate / bareRate,
    ratioAlone: aloneRate / bareRate,
    cpuShare,
    aloneCpuShare,
  };
}

/** A Graph security alert (alerts_v2) with the same mix of shared devices and users as `makeAlert`. */
function graphAlert(id: string, i: number, lastUpdate: string): { id: string; lastUpdateDateTime: string; [k: string]: unknown } {
  const shared = i > 10 && Math.random() < 0.3;
  const peer = shared ? Math.floor(Math.random() * i) : i;
  return {
    '@odata.type': '#microsoft.graph.security.alert',
    id,
    status: 'new',
    severity: ['low', 'medium', 'high'][i % 3],
    serviceSource: 'microsoftDefenderForEndpoint',
    detectionSource: 'antivirus',
    title: `Bench alert ${i}`,
    category: ['Execution', 'CredentialAccess', 'InitialAccess'][i % 3],
    mitreTechniques: ['T1059'],
    createdDateTime: lastUpdate,
    lastUpdateDateTime: lastUpdate,
    firstActivityDateTime: lastUpdate,
    lastActivityDateTime: lastUpdate,
    evidence: [
      { '@odata.type': '#microsoft.graph.security.deviceEvidence', roles: [], deviceDnsName: `${id.split('-')[0]}-host-${peer}` },
      {
        '@odata.type': '#microsoft.graph.security.userEvidence',
        roles: [],
        userAccount: { userPrincipalName: `user-${run}-${peer}@bench.example` },
      },
      { '@odata.type': '#microsoft.graph.security.ipEvidence', roles: [], ipAddress: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}` },
    ],
  };
}

/**
 * Alerts pulled from a Graph security alerts source (pages of 500) into an empty Quell, vs the same
 * alerts pushed to `POST /alerts?format=msgraph` in batches of 500: both measured until every alert
 * is correlated, taking turns in ROUNDS rounds like the other comparisons.
 */
async function pullVsPush(stack: Stack, db: DataSource, fake: FakeGraphSource, headers: Record<string, string>) {
  const per = Math.ceil(PULL_ALERTS / ROUNDS);
  say(
    `[pull] ${ROUNDS} rounds of ${per} alerts pulled from a Graph source in pages of ${PULL_PAGE}, then as many pushed in batches of ${PULL_PAGE} (${PUSH_IN_FLIGHT} in flight)`,
  );
  const admin = { Authorization: `Bearer ${await stack.key('admin')}`, 'Content-Type': 'application/json' };
  let clock = Date.parse('2026-01-01T00:00:00Z');
  const batch = (prefix: string, r: number, n = per) =>
    Array.from({ length: n }, (_, i) =>
      graphAlert(`${prefix}${run}-${r}-${i}`, (r + 1) * per + i, new Date((clock += 1000)).toISOString()),
    );
  // Warm-up: one page through the source, so the first round pays no token request or cold start.
  const since = new Date();
  fake.alerts.push(...batch('warm', -1, PULL_PAGE));
  await fetch(`${stack.baseUrl}/api/v1/sources/bench-graph/resume`, { method: 'POST', headers: admin });
  await waitCorrelated(db, since, PULL_PAGE, 'warm-up page');
  const rates = await inTurns(
    per,
    async (r) => {
      const since = new Date();
      fake.alerts.push(...batch('pull', r));
      // A poke: the source polls now instead of at the end of its interval.
      const res = await fetch(`${stack.baseUrl}/api/v1/sources/bench-graph/resume`, { method: 'POST', headers: admin });
      if (res.status !== 200) throw new Error(`resume answered ${res.status}: ${await res.text()}`);
      await waitCorrelated(db, since, per, `round ${r + 1}: pulled`);
    },
    async (r) => {
      const alerts = batch('push', r);
      const since = new Date();
      const started = Date.now();
      const chunks = Array.from({ length: Math.ceil(per / PULL_PAGE) }, (_, c) => alerts.slice(c * PULL_PAGE, (c + 1) * PULL_PAGE));
      await inParallel(chunks, PUSH_IN_FLIGHT, (chunk) => post(stack.baseUrl, headers, chunk, 'msgraph'));
      await waitCorrelated(db, since, per, `round ${r + 1}: pushed`);
      return per / ((Date.now() - started) / 1000);
    },
  );
  const [{ pages }] = await db.query(`SELECT pages::int AS pages FROM sources WHERE name = 'bench-graph'`);
  return {
    alerts: ROUNDS * per,
    pageSize: PULL_PAGE,
    pushInFlight: PUSH_IN_FLIGHT,
    pages,
    pullPerSec: rates.quellPerSec,
    pushPerSec: rates.barePerSec,
    ratio: rates.quellPerSec / rates.barePerSec,
  };
}

/** Addresses, hashes and domains the stored and the measured alerts draw from: shared infrastructure, as in an estate. */
const POOL = 2000;
/** The alerts of one stored incident (same account, one device each). */
const PER_INCIDENT = 4;

/**
 * The `i`-th alert of the measured stream, shaped like the stored ones: its own device and account
 * (named after `phase`), an address, a hash and a URL from the shared pools. Both phases send the same
 * stream: the same pool values in the same order, so that each alert does the same work in both.
 */
function correlationAlert(phase: string, i: number): NativeAlert {
  const p = (i * 7919) % POOL;
  return nativeAlertSchema.parse({
    externalId: `bench-corr-${run}-${phase}-${i}`,
    source: 'endpoint',
    title: `Bench correlation ${i}`,
    severity: 'medium',
    entities: [
      { type: 'device', hostname: `corr-${run}-${phase}-host-${i}` },
      { type: 'user', upn: `corr-${run}-${phase}-${i}@bench.example` },
      { type: 'ip', address: `10.77.${p >> 8}.${p & 255}` },
      { type: 'file', sha256: p.toString(16).padStart(64, '0') },
      { type: 'url', url: `https://s${p}.pool-${p % 50}.example/login` },
    ],
  });
}

/**
 * Correlation cost alone (no Temporal): the engine, with the settings read for every alert as the
 * worker does, on an empty store vs with `BENCH_STORED` alerts stored over the estate look-back (a
 * week), their keys, incidents and aliases written as correlation writes them. The stored alerts
 * share addresses, hashes and domains with the measured ones, so every lookup finds rows.
 *
 * The two stores are two databases on the server, and the same stream of alerts is correlated in
 * both, one alert here then one there: a machine whose load changes during the run slows both
 * alike, so the ratio holds where two runs one after the other would measure the load.
 */
async function correlationScaling(db: DataSource, stack: Stack) {
  const SAMPLE = Number(process.env.BENCH_CORRELATION_SAMPLE ?? 400);
  say('[6/6] correlation time per alert with an empty store vs a large one (two databases of its own, one bulk-loaded)');
  // Let the worker finish what earlier sections sent, so that nothing else competes with the measurement.
  for (let waited = 0; waited < 120; waited++) {
    const [{ n }] = await db.query('SELECT count(*)::int AS n FROM alerts WHERE correlated_at IS NULL');
    if (n === 0) break;
    await new Promise((r) => setTimeout(r, 1000));
  }
  // Databases of their own, which the running Quell does not see: its relay would otherwise hand
  // the measured alerts to the worker, which would correlate some of them before the engine here.
  const urls = [await freshDatabase(stack.databaseUrl, 'quell_bench_empty'), await freshDatabase(stack.databaseUrl, 'quell_bench_large')];
  const dbs: DataSource[] = [];
  try {
    for (const url of urls) {
      await runMigrations(url);
      dbs.push(await new DataSource(dataSourceOptions(url, 4)).initialize());
    }
    const started = Date.now();
    await storeHistory(dbs[1]);
    const seedSeconds = (Date.now() - started) / 1000;
    const sides = dbs.map((d) => ({
      engine: new CorrelationEngine(d, new StoredCorrelationPolicy(d, stack.config.correlation)),
      repo: new AlertsRepository(d),
      times: [] as number[],
    }));
    const [empty, large] = sides;
    const refs = await Promise.all(
      sides.map((side) =>
        side.repo.insertBatch(
          Array.from({ length: SAMPLE + 50 }, (_, i) => correlationAlert('measured', i)),
          'native',
          new Date(),
        ),
      ),
    );
    for (let i = 0; i < SAMPLE + 50; i++) {
      for (const [s, side] of sides.entries()) {
        const t = process.hrtime.bigint();
        await side.engine.correlate(refs[s][i].id);
        // The first 50 of each side warm up: JIT, plans, connections.
        if (i >= 50) side.times.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
    }
    const stats = (label: string, times: number[]) => {
      const mean = times.reduce((a, b) => a + b, 0) / times.length;
      say(`  ${label}: mean ${mean.toFixed(2)} ms, p50 ${pct(times, 50).toFixed(2)} ms, p95 ${pct(times, 95).toFixed(2)} ms per alert`);
      return { mean, p50: pct(times, 50), p95: pct(times, 95) };
    };
    const e = stats('empty store', empty.times);
    const l = stats(`${STORED} stored`, large.times);
    return {
      stored: STORED,
      sample: SAMPLE,
      seedSeconds,
      empty: e,
      large: l,
      emptyMsPerAlert: e.mean,
      largeMsPerAlert: l.mean,
      ratio: l.mean / e.mean,
      p50Ratio: l.p50 / e.p50,
      p95Ratio: l.p95 / e.p95,
    };
  } finally {
    for (const d of dbs) await d.destroy();
    for (const url of urls) await dropDatabase(stack.databaseUrl, url);
  }
}

/** `STORED` alerts, a few per incident, spread over the past week, with their keys, aliases and incidents. */
async function storeHistory(db: DataSource) {
  say(`  storing ${STORED} alerts (${PER_INCIDENT} per incident) with their keys, aliases and incidents…`);
  const chunk = 20_000;
  const started = Date.now();
  for (let done = 0; done < STORED; done += chunk) {
    const n = Math.min(chunk, STORED - done);
    // One statement per chunk: incidents, then alerts spread over the past week, their keys on the
    // alerts and the incidents, and an alias pair per account (its UPN and its SID).
    await db.query(
      `WITH inc AS (
         INSERT INTO incidents (name, severity, first_activity_at, last_activity_at, alert_count)
         SELECT 'bench', 'low', now() - interval '7 days', now(), $4::int FROM generate_series(1, ceil($1::numeric / $4::int)::int)
         RETURNING id
       ), numbered AS (
         SELECT id, row_number() OVER (ORDER BY id) AS rn FROM inc
       ), al AS (
         INSERT INTO alerts (source, external_id, title, type, severity, first_activity_at, last_activity_at, entities, incident_id, correlated_at, dispatched_at)
         SELECT 'bench', 'stored-' || $3::text || '-' || ($2::int + g), 'stored', 'stored', 'low', at, at,
                jsonb_build_array(jsonb_build_object('type','device','hostname','old-' || ($2::int + g)),
                                  jsonb_build_object('type','user','upn','old-' || numbered.id || '@bench.example')),
                numbered.id, now(), now()
         FROM (SELECT g, now() - random() * interval '7 days' AS at FROM generate_series(1, $1::int) g) s
         JOIN numbered ON numbered.rn = (s.g - 1) / $4::int + 1
         RETURNING id, incident_id, first_activity_at AS at, split_part(external_id, '-', 3)::int AS n
       ), keys AS (
         SELECT al.id, al.incident_id, al.at, k.key
         FROM al CROSS JOIN LATERAL (SELECT (al.n * 7919) % $5::int AS p) pool
         CROSS JOIN LATERAL (VALUES
           ('device:host:old-' || al.n),
           ('user:upn:old-' || al.incident_id || '@bench.example'),
           ('ip:10.77.' || (pool.p >> 8) || '.' || (pool.p & 255)),
           ('file:sha256:' || lpad(to_hex(pool.p), 64, '0')),
           ('host:s' || pool.p || '.pool-' || (pool.p % 50) || '.example'),
           ('domain:pool-' || (pool.p % 50) || '.example')) AS k(key)
       ), ak AS (
         INSERT INTO alert_keys (key, activity_at, alert_id) SELECT key, at, id FROM keys
       ), ea AS (
         INSERT INTO entity_aliases (key, alias, alert_id, first_seen_at, last_seen_at)
         SELECT 'user:upn:old-' || incident_id || '@bench.example', 'user:sid:S-1-5-21-' || incident_id, min(id::text)::uuid, min(at), max(at)
         FROM al GROUP BY incident_id
         ON CONFLICT DO NOTHING
       )
       INSERT INTO incident_keys (key, incident_id, first_seen_at, last_seen_at)
       SELECT key, incident_id, min(at), max(at) FROM keys GROUP BY key, incident_id`,
      [n, done, run, PER_INCIDENT, POOL],
    );
    const stored = done + n;
    const rate = stored / ((Date.now() - started) / 1000);
    process.stderr.write(`\r  stored ${stored}/${STORED} (${rate.toFixed(0)} alerts/s)`);
  }
  process.stderr.write('\n');
  // Every statement above names its parameters' types: an untyped one takes the type of its first
  // use, and a fractional division once matched one alert in four to an incident, storing a quarter.
  const [{ n: storedNow }] = await db.query(`SELECT count(*)::int AS n FROM alerts WHERE source = 'bench'`);
  if (storedNow !== STORED) throw new Error(`the store holds ${storedNow} alerts, not ${STORED}`);
  await db.query('ANALYZE');
}

/** Waits until none of these workflows has a workflow task to run: the backlog has settled. */
async function settled(client: Client, workflowIds: string[]): Promise<void> {
  let open = workflowIds;
  while (open.length) {
    const still: string[] = [];
    await inParallel(open, 16, async (id) => {
      const d = await client.workflow.getHandle(id).describe();
      if (d.raw.pendingWorkflowTask) still.push(id);
    });
    process.stderr.write(`\r  ${workflowIds.length - still.length}/${workflowIds.length} waiting for a decision`);
    open = still;
    if (open.length) await new Promise((r) => setTimeout(r, 500));
  }
  process.stderr.write('\n');
}

/** Share of the machine's CPU time that was busy over one second (Linux), or 0 where it cannot be read. */
async function machineLoad(): Promise<number> {
  const sample = () => {
    const v = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return { idle: v[3] + v[4], total: v.reduce((a, b) => a + b, 0) };
  };
  try {
    const a = sample();
    await new Promise((r) => setTimeout(r, 1000));
    const b = sample();
    return 1 - (b.idle - a.idle) / (b.total - a.total);
  } catch {
    return 0;
  }
}

/**
 * Waits (at most a minute) until the machine is mostly idle: a latency measurement starts in the
 * steady state it describes, not while the server is still digesting the backlog just created.
 */
async function quiet(): Promise<void> {
  for (let s = 0; s < 60; s++) {
    const load = await machineLoad();
    if (load < 0.2) return;
    process.stderr.write(`\r  waiting for a quiet machine: ${(load * 100).toFixed(0)}% busy`);
  }
  process.stderr.write('\n');
}

interface RoundTrips {
  calls: number;
  inFlight: number;
  p50: number;
  p99: number;
}

/** Round-trip times of `call` over `ids`, `inFlight` at a time. */
async function timed(ids: string[], inFlight: number, call: (id: string) => Promise<void>): Promise<RoundTrips> {
  const times: number[] = [];
  await inParallel(ids, inFlight, async (id) => {
    const t = performance.now();
    await call(id);
    times.push(performance.now() - t);
  });
  return { calls: ids.length, inFlight, p50: pct(times, 50), p99: pct(times, 99) };
}

/** Temporal alone, next to the approvals: an update to a waiting workflow whose handler runs one no-op local activity, as an approval does. */
async function bareUpdates(stack: Stack, client: Client, sample: number, label: string): Promise<{ one: RoundTrips; four: RoundTrips }> {
  const ping = async (id: string) => {
    await client.workflow.getHandle(id).executeUpdate('benchPing');
  };
  const pingSample = async (inFlight: number) => {
    const ids = Array.from({ length: sample }, (_, i) => `bench-${run}-waiting-${label}-${inFlight}-${i}`);
    await inParallel(ids, CONCURRENCY, (workflowId) =>
      client.workflow
        .start('benchWaitingWorkflow', { workflowId, taskQueue: stack.config.temporal.taskQueue, args: [1] })
        .then(() => undefined),
    );
    await settled(client, ids);
    await quiet();
    return timed(ids, inFlight, ping);
  };
  return { one: await pingSample(1), four: await pingSample(4) };
}

/** Approval round trip (API call → connector effect) with many actions waiting for approval. */
async function approvals(stack: Stack, db: DataSource, client: Client) {
  const levels = (process.env.BENCH_WAITING ?? '1000,10000').split(',').map(Number);
  const sample = Number(process.env.BENCH_APPROVALS ?? 400);
  const admin = { Authorization: `Bearer ${await stack.key('admin')}`, 'Content-Type': 'application/json' };
  const approver = { Authorization: `Bearer ${await stack.key('approver')}`, 'Content-Type': 'application/json' };
  await fetch(`${stack.baseUrl}/api/v1/automation`, { method: 'PUT', headers: admin, body: JSON.stringify({ defaultLevel: 'semi_all' }) });
  const max = Math.max(...levels);
  await seedDevices(db, 'bench-wait', max + levels.length * 2 * sample);
  const rssBefore = stack.workerRss();
  const results: {
    waiting: number;
    one: RoundTrips;
    four: RoundTrips;
    bare: { one: RoundTrips; four: RoundTrips };
    workerRssGrowthMiB: number;
  }[] = [];
  let created = 0;
  let cursor = 0;
  /** Manual actions waiting for approval (semi_all), once every one of them waits for a decision. */
  const createActions = async (count: number): Promise<string[]> => {
    const ids: string[] = [];
    await inParallel(
      Array.from({ length: count }, (_, i) => i),
      CONCURRENCY,
      async () => {
        const n = cursor++;
        const res = await fetch(`${stack.baseUrl}/api/v1/actions`, {
          method: 'POST',
          headers: admin,
          body: JSON.stringify({ type: 'isolate_device', target: { type: 'device', hostname: `bench-wait-${n}` }, reason: 'bench' }),
        });
        if (res.status !== 201) throw new Error(`manual action answered ${res.status}: ${await res.text()}`);
        ids.push(((await res.json()) as { id: string }).id);
        if (ids.length % 500 === 0) process.stderr.write(`\r  ${ids.length} created`);
      },
    );
    process.stderr.write('\n');
    await settled(client, ids.map(actionWorkflowId));
    return ids;
  };
  const approve = async (id: string) => {
    const res = await fetch(`${stack.baseUrl}/api/v1/actions/${id}/approve`, { method: 'POST', headers: approver, body: '{}' });
    const body = (await res.json()) as { status: string };
    if (res.status !== 200 || body.status !== 'succeeded') throw new Error(`approve answered ${res.status} ${JSON.stringify(body)}`);
  };
  // Each sample is created on top of the backlog just before it is approved, so between `waiting`
  // and `waiting + sample` actions wait while it is measured.
  const approveSample = async (inFlight: number) => {
    const ids = await createActions(sample);
    await quiet();
    return timed(ids, inFlight, approve);
  };
  for (const waiting of levels) {
    say(`[5/6] approvals with ${waiting} actions waiting: creating the backlog…`);
    await createActions(waiting - created);
    created = waiting;
    // One person's round trip (one approval at a time), then four people approving at once.
    const one = await approveSample(1);
    const four = await approveSample(4);
    const [{ n: pending }] = await db.query(`SELECT count(*)::int AS n FROM actions WHERE status = 'pending'`);
    const growth = (stack.workerRss() - rssBefore) / 1048576;
    const bare = await bareUpdates(stack, client, sample, `${waiting}`);
    results.push({ waiting: pending, one, four, bare, workerRssGrowthMiB: growth });
    say(
      `  ${pending} waiting: approve → effect p50 ${one.p50.toFixed(1)} ms, p99 ${one.p99.toFixed(1)} ms (4 at once: p50 ${four.p50.toFixed(1)}, p99 ${four.p99.toFixed(1)}); worker memory +${growth.toFixed(0)} MiB`,
    );
    say(
      `  bare update with one no-op local activity: p50 ${bare.one.p50.toFixed(1)} ms, p99 ${bare.one.p99.toFixed(1)} ms (4 at once: p50 ${bare.four.p50.toFixed(1)}, p99 ${bare.four.p99.toFixed(1)})`,
    );
  }
  return results;
}

async function main() {
  const log = createLogger('warn');
  const fake = SECTIONS.has('pull') ? await new FakeGraphSource().start() : undefined;
  const source = fake && {
    name: 'bench-graph',
    kind: 'graph_alerts',
    tenantId: fake.tenantId,
    clientId: fake.clientId,
    clientSecretVar: 'BENCH_SOURCE_SECRET',
    apiUrl: fake.url,
    loginUrl: fake.url,
    allowInsecureHttp: true,
    pageSize: PULL_PAGE,
    startAt: '2025-12-31T00:00:00Z',
  };
  const stack = await startStack(log, {
    purpose: 'bench',
    env: {
      PLAYBOOKS_DIR: process.env.BENCH_PLAYBOOKS_DIR ?? 'scripts/bench-playbooks',
      // Both pull and push of 20,000 alerts go faster than the default per-key limit allows.
      INGEST_RATE_LIMIT: '0',
      // The accept section posts for ACCEPT_SECONDS faster than the workers correlate: under the
      // default backlog limit (100,000) it would measure that limit (429 after ~100,000 alerts),
      // not the request path. The check itself still runs on every POST.
      ALERT_BACKLOG_LIMIT: process.env.BENCH_BACKLOG_LIMIT ?? '10000000',
      ...(fake ? { BENCH_SOURCE_SECRET: fake.secret, SOURCES_CONFIG: JSON.stringify({ sources: [source] }) } : {}),
    },
    workerProcess: true,
  });
  try {
    const db = stack.app.get(DataSource);
    const client = stack.app.get(Client);
    const headers = { Authorization: `Bearer ${await stack.key('ingest')}`, 'Content-Type': 'application/json' };
    const target: BenchTarget = { baseUrl: stack.baseUrl, taskQueue: stack.config.temporal.taskQueue, db, client, headers };
    // Warm up both paths so neither pays for JIT and connection set-up; one warm-up alert also
    // tells how many activities the alert workflow runs, which the baseline then matches.
    await inParallel(
      Array.from({ length: 50 }, (_, i) => i),
      16,
      (i) => post(stack.baseUrl, headers, makeAlert(20 * N + i)),
    );
    const [sample] = await db.query(`SELECT id FROM alerts ORDER BY received_at LIMIT 1`);
    await resultOf(client, alertWorkflowId(sample.id));
    // Next to nothing stored yet: the pull section runs first, into an all but empty Quell.
    const pull = fake ? await pullVsPush(stack, db, fake, headers) : undefined;
    const alertsPart = SECTIONS.has('alerts');
    const { base, quell } = alertsPart
      ? await throughput(target, (await activityCount(client, alertWorkflowId(sample.id))).total, { alerts: N, label: '[1/6] ' })
      : {};
    const lat = quell ? await latency(stack, db, headers, quell.alertsPerSec / 2) : undefined;
    const accept = alertsPart ? await acceptCeiling(stack, db, headers) : undefined;
    const inv = SECTIONS.has('investigations')
      ? await investigations(target, { investigations: Number(process.env.BENCH_INVESTIGATIONS ?? 500), label: '[4/6] ' })
      : undefined;
    const approval = SECTIONS.has('approvals') ? await approvals(stack, db, client) : [];
    const scaling = SECTIONS.has('correlation') ? await correlationScaling(db, stack) : undefined;
    const stormed = SECTIONS.has('storm') ? await storm(stack, db, client, headers) : undefined;
    // Last: what it accepts is left to drain after the run.
    const accepted = SECTIONS.has('accept') ? await acceptVsInsert(stack, db, headers) : undefined;
    const result = {
      when: new Date().toISOString(),
      machine: { cpus: (await import('node:os')).cpus().length, node: process.version },
      temporalPersistence: stack.temporalPersistence,
      database: process.env.DATABASE_URL ? 'DATABASE_URL server' : 'embedded PostgreSQL',
      alerts: N,
      concurrency: CONCURRENCY,
      baseline: base,
      quell,
      throughputRatio: quell && base ? quell.alertsPerSec / base.workflowsPerSec : undefined,
      latencyMsAtHalfLoad: lat,
      acceptCeiling: accept,
      correlationScaling: scaling,
      investigations: inv,
      approvals: approval,
      pull,
      storm: stormed,
      accept: accepted,
    };
    const f = (n: number) => n.toFixed(1);
    const lines = [`\nQuell benchmark (${result.machine.cpus} cores, Temporal: ${result.temporalPersistence})`];
    if (base && quell && lat && accept) {
      lines.push(
        `  bare Temporal workflow (${base.activities} no-op activit${base.activities === 1 ? 'y' : 'ies'})   ${f(base.workflowsPerSec)} /s`,
        `  Quell alert → incident (HTTP, 30% shared)   ${f(quell.alertsPerSec)} /s   ratio ${result.throughputRatio!.toFixed(2)} (target ≥ 0.8)`,
        `  latency at ${f(lat.rate)}/s: p50 ${f(lat.p50)} ms  p95 ${f(lat.p95)} ms  p99 ${f(lat.p99)} ms (target p99 ≤ 250)`,
        `  accept-only ceiling (batches of 100)        ${f(accept.acceptedPerSec)} alerts/s`,
      );
    }
    if (scaling) {
      lines.push(
        `  correlation per alert: empty ${scaling.emptyMsPerAlert.toFixed(2)} ms, ${scaling.stored} stored ${scaling.largeMsPerAlert.toFixed(2)} ms  ratio ${scaling.ratio.toFixed(2)} (target ≤ 1.5); p50 ${scaling.empty.p50.toFixed(2)} vs ${scaling.large.p50.toFixed(2)} ms (${scaling.p50Ratio.toFixed(2)}×), p95 ${scaling.empty.p95.toFixed(2)} vs ${scaling.large.p95.toFixed(2)} ms (${scaling.p95Ratio.toFixed(2)}×)`,
      );
    }
    if (inv) {
      lines.push(
        `  investigations (6-step playbook)            ${f(inv.perSec)} /s vs bare ${f(inv.baselinePerSec)} /s (${inv.activitiesPerAlert} activities, ${inv.localActivitiesPerAlert} of them local in Quell)  ratio ${inv.ratio.toFixed(2)} (target ≥ 0.8); duration p50 ${f(inv.durationMs.p50)} ms p99 ${f(inv.durationMs.p99)} ms`,
      );
    }
    for (const { waiting, one, four, bare, workerRssGrowthMiB } of approval) {
      lines.push(
        `  approval round trip with ${waiting} waiting: p50 ${f(one.p50)} ms  p99 ${f(one.p99)} ms (target p99 ≤ 100 at 1,000); 4 at once p50 ${f(four.p50)} ms p99 ${f(four.p99)} ms; worker memory +${f(workerRssGrowthMiB)} MiB (target ≤ 1,024 at 10,000)`,
        `    bare Temporal update (1 no-op local activity): p50 ${f(bare.one.p50)} ms  p99 ${f(bare.one.p99)} ms; 4 at once p50 ${f(bare.four.p50)} ms p99 ${f(bare.four.p99)} ms`,
      );
    }
    if (pull) {
      lines.push(
        `  pull from Graph (pages of ${pull.pageSize}, ${pull.pages} pages)     ${f(pull.pullPerSec)} alerts/s vs push (batches of ${pull.pageSize}, ${pull.pushInFlight} in flight) ${f(pull.pushPerSec)} alerts/s  ratio ${pull.ratio.toFixed(2)} (target ≥ 0.9)`,
      );
    }
    if (stormed) {
      lines.push(
        `  commit → workflow started (quiet)           p50 ${f(stormed.quietDispatchMs.p50)} ms  p99 ${f(stormed.quietDispatchMs.p99)} ms`,
        `  storm of ${stormed.alerts} alerts (${stormed.shape}, into ${stormed.incidents} incidents, the largest of ${stormed.largestIncident}): accepted ${f(stormed.acceptedPerSec)} alerts/s (${stormed.refused429} × 429), drained ${f(stormed.drainPerSec)} alerts/s vs bare 1-activity workflow loop ${f(stormed.bareOneActivityPerSec)} /s  ratio ${stormed.ratio.toFixed(2)} (target ≥ 5)`,
        `    GET /incidents while draining: p50 ${f(stormed.incidentsMs.p50)} ms  p99 ${f(stormed.incidentsMs.p99)} ms over ${stormed.incidentsMs.samples} samples (target p99 ≤ 250)`,
        `    CPU (share of one core) during the storm: ${cpuLine(stormed.cpuShare)}`,
      );
    }
    if (accepted) {
      lines.push(
        `  accept ceiling (batches of ${STORM_BATCH}, ${ACCEPT_SECONDS}s)   POST /alerts ${f(accepted.acceptedPerSec)} alerts/s vs bare INSERT … ON CONFLICT ${f(accepted.bareInsertPerSec)} rows/s  ratio ${accepted.ratio.toFixed(2)} (target ≥ 0.5); ${accepted.stored} stored of ${accepted.accepted} accepted (${accepted.lost} lost), ${accepted.refused429} × 429`,
        `    CPU (share of one core) while accepting: ${cpuLine(accepted.cpuShare)}`,
        `    with the workers stopped (the request path alone): POST /alerts ${f(accepted.acceptedAlonePerSec)} alerts/s  ratio ${accepted.ratioAlone.toFixed(2)}`,
        `    CPU (share of one core) while accepting alone: ${cpuLine(accepted.aloneCpuShare)}`,
      );
    }
    process.stdout.write(`${lines.join('\n')}\n\n`);
    const out = process.env.BENCH_OUT ?? 'bench-results.json';
    writeFileSync(out, `${JSON.stringify(result, null, 2)}\n`);
    say(`results written to ${out}`);
  } finally {
    await stack.stop();
    await fake?.close();
  }
}

await main();
process.exit(0);
