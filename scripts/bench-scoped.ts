import 'reflect-metadata';
import { availableParallelism, loadavg } from 'node:os';
import { DataSource } from 'typeorm';
import { AccessService, ACCESS_CACHE_MS } from '../src/auth/access.service.js';
import { RoleAssignmentRepository } from '../src/auth/role-assignment.repository.js';
import { systemAudit } from '../src/audit/audit.store.js';
import { createLogger } from '../src/infra/logger.js';
import { seedIncidents } from './lib/seed-incidents.js';
import { startStack } from './lib/stack.js';

const say = (s: string) => process.stderr.write(`${s}\n`);
const INCIDENTS = Number(process.env.BENCH_INCIDENTS ?? 10_000);
const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 16);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Phases alternate, so that a machine whose load changes during the run weighs on both alike. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 2);

const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * xs.length) - 1)];

/**
 * Requests per second of the incident queue for a scoped caller (a reader on the `vip` tag), with
 * the caller's grants read from the database on every request and with them cached per subject:
 * what authorisation costs on every request. CONCURRENCY requests in flight for SECONDS seconds per
 * phase, phases alternating ROUNDS times, from this process (the worker runs in its own).
 */
async function main() {
  const stack = await startStack(createLogger('warn'), { purpose: 'bench-scoped', workerProcess: true });
  try {
    const db = stack.app.get(DataSource);
    await seedIncidents(db, INCIDENTS);
    const key = await stack.key('reader');
    const [{ id }] = await db.query(`SELECT id FROM api_keys WHERE name = 'bench-scoped-reader'`);
    await stack.app
      .get(RoleAssignmentRepository)
      .create({ subject: `key:${id}`, role: 'reader', scope: { kind: 'incident_tag', value: 'vip' } }, systemAudit('bench'));
    const access = stack.app.get(AccessService);
    const url = `${stack.baseUrl}/api/v1/incidents?limit=50&status=active,in_progress,resolved&includeInformational=true&since=2000-01-01T00:00:00Z`;
    const headers = { Authorization: `Bearer ${key}` };
    const once = async () => {
      const res = await fetch(url, { headers });
      const body = (await res.json()) as { items: unknown[] };
      if (res.status !== 200) throw new Error(`${res.status} ${JSON.stringify(body)}`);
      return body.items.length;
    };
    const items = await once();
    for (let i = 0; i < 50; i++) await once();
    const phase = async (ttlMs: number) => {
      access.ttlMs = ttlMs;
      const times: number[] = [];
      const end = Date.now() + SECONDS * 1000;
      await Promise.all(
        Array.from({ length: CONCURRENCY }, async () => {
          while (Date.now() < end) {
            const t = performance.now();
            await once();
            times.push(performance.now() - t);
          }
        }),
      );
      return times;
    };
    const modes = { 'read every request': 0, [`cached ${ACCESS_CACHE_MS} ms`]: ACCESS_CACHE_MS };
    const times: Record<string, number[]> = Object.fromEntries(Object.keys(modes).map((m) => [m, []]));
    const loadBefore = loadavg()[0];
    for (let r = 0; r < ROUNDS; r++)
      for (const [mode, ttl] of Object.entries(modes)) {
        const t = await phase(ttl);
        say(`  round ${r + 1}, ${mode}: ${(t.length / SECONDS).toFixed(0)} requests/s`);
        times[mode].push(...t);
      }
    process.stdout.write(
      `GET /api/v1/incidents (all statuses, 50 a page) as a reader scoped to tag vip (${items} items a page, ${INCIDENTS} incidents), ` +
        `${CONCURRENCY} in flight, ${ROUNDS} × ${SECONDS} s per mode (load average ${loadBefore.toFixed(1)} → ${loadavg()[0].toFixed(1)} on ${availableParallelism()} CPUs):\n`,
    );
    for (const [mode, t] of Object.entries(times))
      process.stdout.write(
        `  ${mode.padEnd(20)} ${(t.length / (ROUNDS * SECONDS)).toFixed(0).padStart(5)} requests/s  p50 ${pct(t, 50).toFixed(1)} ms  p99 ${pct(t, 99).toFixed(1)} ms\n`,
      );
  } finally {
    await stack.stop();
  }
}

await main();
process.exit(0);
