import { readFileSync } from 'node:fs';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, Runtime, Worker } from '@temporalio/worker';
import { pino } from 'pino';
import { loggerOptions } from '../src/infra/logger.js';
import { WORKFLOW_BUNDLE_OPTIONS, WORKFLOW_INTERCEPTOR_MODULES } from '../src/worker/bundle-options.js';

/**
 * What tracing costs when it is off, side by side in one run:
 * - workflow code: saved histories replayed (every replay is a fresh run that loads its modules and
 *   runs every activation) with the bundle Quell ships (the tracing interceptors in it) against the
 *   same workflows bundled without them; and the traced histories, where the interceptors make spans;
 * - logging: a line (outside any span) through the logger with tracing off, and with tracing on (its trace mixin).
 * `BENCH_REPLAYS` (default 60) replays of each history per round, `BENCH_ROUNDS` (default 3) rounds.
 */
const REPLAYS = Number(process.env.BENCH_REPLAYS ?? 60);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const LINES = Number(process.env.BENCH_LOG_LINES ?? 200_000);
const say = (s: string) => process.stderr.write(`${s}\n`);

Runtime.install({ logger: { log() {}, trace() {}, debug() {}, info() {}, warn() {}, error() {} } });
const quiet = { trace() {}, debug() {}, info() {}, warn: console.warn, error: console.error, log() {} };
const workflowsPath = fileURLToPath(new URL('../workflows/index.js', import.meta.url));
const history = (name: string) => JSON.parse(readFileSync(fileURLToPath(new URL(`../../test/histories/${name}`, import.meta.url)), 'utf8'));

say('bundling the workflows with and without the tracing interceptors…');
const [withTracing, without] = await Promise.all([
  bundleWorkflowCode({
    ...WORKFLOW_BUNDLE_OPTIONS,
    workflowInterceptorModules: WORKFLOW_INTERCEPTOR_MODULES,
    workflowsPath,
    logger: quiet,
  }),
  bundleWorkflowCode({ ...WORKFLOW_BUNDLE_OPTIONS, workflowsPath, logger: quiet }),
]);

async function replay(bundle: { code: string }, files: string[]): Promise<number> {
  const histories = files.map((f) => ({ workflowId: f, history: history(f) }));
  const all = Array.from({ length: REPLAYS }, (_, i) => histories.map((h) => ({ ...h, workflowId: `${h.workflowId}-${i}` }))).flat();
  const started = performance.now();
  for await (const r of Worker.runReplayHistories({ workflowBundle: bundle, replayName: 'bench' }, all)) if (r.error) throw r.error;
  return (performance.now() - started) / all.length;
}

const untraced = ['alertWorkflow.json', 'investigationWorkflow.json', 'actionWorkflow.json'];
const traced = ['alertWorkflow.traced.json', 'investigationWorkflow.traced.json', 'actionWorkflow.traced.json'];
const best = { without: Infinity, off: Infinity, traced: Infinity, tracedWithout: Infinity };
for (let round = 1; round <= ROUNDS; round++) {
  best.without = Math.min(best.without, await replay(without, untraced));
  best.off = Math.min(best.off, await replay(withTracing, untraced));
  best.tracedWithout = Math.min(best.tracedWithout, await replay(without, traced));
  best.traced = Math.min(best.traced, await replay(withTracing, traced));
  say(`round ${round}/${ROUNDS} done`);
}

function logCost(log: pino.Logger): number {
  const started = performance.now();
  for (let i = 0; i < LINES; i++) log.info({ alertId: 'a', n: i }, 'a line');
  return ((performance.now() - started) * 1e6) / LINES;
}
const sink = () => new Writable({ write: (_c, _e, done) => done() });
let plain = Infinity;
let mixin = Infinity;
// Logging is cheap and this machine's noise is not: more, interleaved rounds, the best of each kept.
for (let round = 0; round < Math.max(ROUNDS, 7); round++) {
  plain = Math.min(plain, logCost(pino(loggerOptions('info', false), sink())));
  mixin = Math.min(mixin, logCost(pino(loggerOptions('info', true), sink())));
}

const ms = (n: number) => `${n.toFixed(2)} ms`;
const ratio = (a: number, b: number) => `${((a / b - 1) * 100).toFixed(1)} %`;
process.stdout.write(
  [
    `replay, untraced histories (alert, investigation, action), best of ${ROUNDS} rounds of ${REPLAYS} each:`,
    `  bundle without the interceptors   ${ms(best.without)} per run`,
    `  bundle as shipped (tracing off)   ${ms(best.off)} per run  (${ratio(best.off, best.without)})`,
    `replay, traced histories:`,
    `  bundle without the interceptors   ${ms(best.tracedWithout)} per run`,
    `  bundle as shipped (spans made)    ${ms(best.traced)} per run  (${ratio(best.traced, best.tracedWithout)})`,
    `log line (${LINES} lines, best of ${Math.max(ROUNDS, 7)} rounds):`,
    `  tracing off (no mixin)            ${(plain / 1000).toFixed(2)} µs`,
    `  tracing on (trace mixin)          ${(mixin / 1000).toFixed(2)} µs  (${ratio(mixin, plain)})`,
    `bundle size: ${Math.round(without.code.length / 1024)} KiB without, ${Math.round(withTracing.code.length / 1024)} KiB as shipped`,
    '',
  ].join('\n'),
);
