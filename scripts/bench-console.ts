import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { type Browser, chromium, type Page } from 'playwright-core';
import { DataSource } from 'typeorm';
import { CONSOLE_DIR } from '../src/console/console.js';
import { createLogger } from '../src/infra/logger.js';
import { demoApi } from './lib/demo-attack.js';
import { seedIncidents } from './lib/seed-incidents.js';
import { startStack } from './lib/stack.js';

/**
 * The analyst console's speed in headless Chromium against a real Quell holding 100,000 incidents:
 * the queue's first render on a cold cache, the next page, and the page of a 200-alert incident,
 * plus the size of the JavaScript a first visit loads. It reports; missed targets do not fail it.
 */

const say = (s: string) => process.stderr.write(`${s}\n`);
const COUNT = Number(process.env.BENCH_INCIDENTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
const STORY_ALERTS = Number(process.env.BENCH_STORY_ALERTS ?? 200);
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const SETTLE_MS = Number(process.env.BENCH_SETTLE_S ?? 600) * 1000;
const STEP_MS = 60_000;
const run = randomBytes(3).toString('hex');

const TARGETS = { queue: 1000, next: 300, incident: 1500, initialJsKiB: 300 };

const pct = (xs: number[], p: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length ? s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] : NaN;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One attack story on one workstation: every alert names the same device, so correlation puts them in one incident. */
function storyAlert(i: number) {
  const steps = [
    ['InitialAccess', 'T1566.001', 'Suspicious attachment opened'],
    ['Execution', 'T1059.001', 'Suspicious PowerShell command line'],
    ['Persistence', 'T1547.001', 'Run key added for an unsigned binary'],
    ['PrivilegeEscalation', 'T1055', 'Process injection into a system process'],
    ['CredentialAccess', 'T1003.001', 'LSASS memory read by an unknown process'],
    ['Discovery', 'T1087', 'Domain account enumeration'],
    ['LateralMovement', 'T1021.002', 'Remote service created over SMB'],
    ['Exfiltration', 'T1041', 'Large upload to an unfamiliar host'],
  ] as const;
  const [category, technique, title] = steps[i % steps.length];
  return {
    externalId: `bench-console-${run}-${i}`,
    source: i % 3 === 0 ? 'identity' : 'endpoint',
    title: `${title} (${i + 1})`,
    type: 'bench_console_story',
    severity: (['low', 'medium', 'high'] as const)[i % 3],
    category,
    mitreTechniques: [technique],
    firstActivityAt: new Date(Date.now() - (STORY_ALERTS - i) * 15_000).toISOString(),
    entities: [
      { type: 'device', hostname: `ws-${run}-finance-07` },
      { type: 'user', upn: `user${i % 20}-${run}@corp.example` },
      { type: 'ip', address: `10.77.${i >> 8}.${i & 255}` },
    ],
  };
}

/** Sends the story through the API and waits until correlation has put all of it in one incident and its investigation has settled. */
async function storyIncident(base: string, ingestKey: string, readerKey: string, db: DataSource): Promise<number> {
  say(`sending ${STORY_ALERTS} alerts on one device through the API…`);
  await demoApi(base, ingestKey)(
    'POST',
    '/alerts',
    Array.from({ length: STORY_ALERTS }, (_, i) => storyAlert(i)),
  );
  const started = Date.now();
  let incidentId: number | undefined;
  for (;;) {
    const [r] = (await db.query(
      `SELECT count(*) FILTER (WHERE correlated_at IS NOT NULL)::int AS done, array_agg(DISTINCT incident_id) FILTER (WHERE incident_id IS NOT NULL) AS ids
       FROM alerts WHERE external_id LIKE $1`,
      [`bench-console-${run}-%`],
    )) as { done: number; ids: number[] | null }[];
    process.stderr.write(`\r  ${r.done}/${STORY_ALERTS} correlated`);
    if (r.done === STORY_ALERTS && r.ids?.length === 1) {
      incidentId = r.ids[0];
      break;
    }
    if (Date.now() - started > SETTLE_MS)
      throw new Error(`the story's alerts were not correlated into one incident in time (${JSON.stringify(r)})`);
    await sleep(500);
  }
  process.stderr.write('\n');
  const api = demoApi(base, readerKey);
  for (;;) {
    const incident = await api<{ alertCount: number; alerts: unknown[]; investigations: { state: string }[] }>(
      'GET',
      `/incidents/${incidentId}`,
    );
    const busy = incident.investigations.filter((v) => v.state === 'queued' || v.state === 'running').length;
    process.stderr.write(`\r  incident ${incidentId}: ${incident.alerts.length} alerts, ${busy} investigation(s) still running`);
    if (incident.alerts.length !== STORY_ALERTS)
      throw new Error(`incident ${incidentId} holds ${incident.alerts.length} alerts, not ${STORY_ALERTS}`);
    if (!busy) break;
    if (Date.now() - started > SETTLE_MS) {
      say('\n  the investigation is still running; measuring anyway (the worker shares the CPU with the browser)');
      return incidentId;
    }
    await sleep(2000);
  }
  process.stderr.write('\n');
  return incidentId;
}

/** The console's scripts as a first visit loads them (the entry and its modulepreloads) and the lazy chunks, gzip-compressed. */
function bundleSizes() {
  const html = readFileSync(join(CONSOLE_DIR, 'index.html'), 'utf8');
  const initial = [
    ...html.matchAll(/<script[^>]*\stype="module"[^>]*\ssrc="([^"]+)"/g),
    ...html.matchAll(/<link[^>]*\srel="modulepreload"[^>]*\shref="([^"]+)"/g),
  ].map((m) => m[1].replace(/^\//, ''));
  if (!initial.length) throw new Error(`no entry script found in ${join(CONSOLE_DIR, 'index.html')}`);
  const gz = (file: string) => gzipSync(readFileSync(join(CONSOLE_DIR, file))).length;
  const all = readdirSync(join(CONSOLE_DIR, 'assets'))
    .filter((f) => f.endsWith('.js'))
    .map((f) => `assets/${f}`);
  return {
    initial: initial.map((file) => ({ file, gzipBytes: gz(file) })),
    lazy: all.filter((f) => !initial.includes(f)).map((file) => ({ file, gzipBytes: gz(file) })),
  };
}

/**
 * Put in every page before its own scripts: records, in the page's clock (0 = navigation start),
 * when the first queue row, the full timeline and the page after a click on Next are painted
 * (a frame after the DOM change, then the task after that frame).
 */
const INSTRUMENT = (timeline: number) => `(() => {
  const state = { marks: {}, next: null };
  window.__bench = state;
  const afterPaint = (set) => requestAnimationFrame(() => {
    const ch = new MessageChannel();
    ch.port1.onmessage = () => set(performance.now());
    ch.port2.postMessage(null);
  });
  const waiting = new Set();
  const mark = (name) => {
    if (waiting.has(name)) return;
    waiting.add(name);
    afterPaint((t) => (state.marks[name] = t));
  };
  // The first cell after the selection box: the incident id.
  const firstRow = () => document.querySelector('table.queue tbody tr td:not(.pick)')?.textContent ?? null;
  new MutationObserver(() => {
    const first = firstRow();
    if (first !== null) mark('queue');
    if (!waiting.has('timeline') && document.querySelectorAll('ol.timeline > li').length >= ${timeline}) mark('timeline');
    const n = state.next;
    if (n && n.clickAt !== undefined && !n.seen && first !== null && first !== n.from) {
      n.seen = true;
      afterPaint((t) => (n.at = t));
    }
  }).observe(document, { childList: true, subtree: true, characterData: true });
  document.addEventListener('click', (e) => {
    if (state.next && state.next.clickAt === undefined) state.next.clickAt = e.timeStamp;
  }, true);
})()`;

interface Timing {
  /** Navigation start (or the click) to the rows painted. */
  total: number;
  /** A page load's scripts all received (NaN for the next page, which loads none). */
  scripts: number;
  /** A page load's sign-in check, `GET /me`, answered (NaN for the next page). */
  me: number;
  /** Start of the page's data request. */
  apiStart: number;
  /** The data request: sent to last byte received. */
  api: number;
  /** Of which the server's answer time: request sent to first byte. */
  server: number;
  /** Last byte of the data to the rows painted: JSON, React, layout, paint. */
  render: number;
}

interface ResourceEntry {
  name: string;
  startTime: number;
  requestStart: number;
  responseStart: number;
  responseEnd: number;
  transferSize: number;
  initiatorType: string;
}

const resources = (page: Page) =>
  page.evaluate<ResourceEntry[]>(
    `performance.getEntriesByType('resource').map((e) => ({ name: e.name, startTime: e.startTime, requestStart: e.requestStart,
      responseStart: e.responseStart, responseEnd: e.responseEnd, transferSize: e.transferSize, initiatorType: e.initiatorType }))`,
  );

/** Splits the time from `from` (navigation start or the click) to `at` (painted) by the resource timings of the page. */
function timing(from: number, at: number, entries: ResourceEntry[], isData: (url: URL) => boolean, what: string): Timing {
  const request = entries.find((e) => e.startTime >= from && isData(new URL(e.name)));
  if (!request) throw new Error(`no request for ${what} was seen`);
  const scripts = entries.filter((e) => e.startTime >= from && /\/assets\/[^/]+\.js$/.test(new URL(e.name).pathname));
  const me = entries.find((e) => e.startTime >= from && new URL(e.name).pathname === '/api/v1/me');
  return {
    total: at - from,
    scripts: scripts.length ? Math.max(...scripts.map((e) => e.responseEnd)) - from : NaN,
    me: me ? me.responseEnd - from : NaN,
    apiStart: request.startTime - from,
    api: request.responseEnd - request.startTime,
    server: request.responseStart - request.requestStart,
    render: at - request.responseEnd,
  };
}

/** The page's marks (see INSTRUMENT) as the page holds them. */
interface BenchState {
  marks: Record<string, number | undefined>;
  next?: { from: string; clickAt?: number; at?: number };
}

/** Waits for a mark: a function, not a string, since the page's CSP forbids eval (and Playwright evaluates a string predicate with it). */
const waitMark = async (page: Page, name: string) =>
  (await (
    await page.waitForFunction((n) => (globalThis as unknown as { __bench?: BenchState }).__bench?.marks[n], name, { timeout: STEP_MS })
  ).jsonValue()) as number;
const waitNext = async (page: Page) =>
  (await (
    await page.waitForFunction(() => (globalThis as unknown as { __bench?: BenchState }).__bench?.next?.at, undefined, { timeout: STEP_MS })
  ).jsonValue()) as number;

/** One analyst's visit on a cold cache: sign in, open the queue, go to page 2, open the big incident. */
async function visit(browser: Browser, base: string, key: string, incidentId: number, problems: string[]) {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
  try {
    await context.addInitScript(INSTRUMENT(STORY_ALERTS));
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_MS);
    page.on('console', (m) => m.type() === 'error' && !/status of 4\d\d/.test(m.text()) && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    // Signing in through the form, as an analyst does; the credential then lives in this tab's session storage.
    await page.goto(`${base}/`);
    await page.getByLabel('API key').fill(key);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Incidents' }).waitFor();
    const cdp = await context.newCDPSession(page);
    // Each page load below starts with an empty HTTP cache, as an analyst's first visit of the day does.
    const coldLoad = async (path: string, mark: string) => {
      await cdp.send('Network.clearBrowserCache');
      await page.goto(`${base}${path}`, { waitUntil: 'commit' });
      const at = await waitMark(page, mark);
      const entries = await resources(page);
      const scripts = entries.filter((e) => /\/assets\/[^/]+\.js$/.test(new URL(e.name).pathname));
      if (!scripts.length || scripts.some((e) => e.transferSize === 0))
        throw new Error(`${path}: the console's scripts came from the cache`);
      return { at, entries };
    };

    const q = await coldLoad('/incidents', 'queue');
    const queue = timing(0, q.at, q.entries, (u) => u.pathname === '/api/v1/incidents', 'the queue');

    const from = await page.evaluate<string>(`document.querySelector('table.queue tbody tr td:not(.pick)').textContent`);
    await page.evaluate(`window.__bench.next = { from: ${JSON.stringify(from)} }`);
    await page.getByRole('button', { name: 'Next →' }).click();
    const nextAt = await waitNext(page);
    const clickAt = await page.evaluate<number>('window.__bench.next.clickAt');
    const next = timing(
      clickAt,
      nextAt,
      await resources(page),
      (u) => u.pathname === '/api/v1/incidents' && u.searchParams.has('cursor'),
      'the next page',
    );

    const i = await coldLoad(`/incidents/${incidentId}`, 'timeline');
    const incident = timing(0, i.at, i.entries, (u) => u.pathname === `/api/v1/incidents/${incidentId}`, 'the incident page');
    return { queue, next, incident };
  } finally {
    await context.close();
  }
}

const ms = (n: number) => (Number.isNaN(n) ? '—' : `${Math.round(n)} ms`);
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

async function main() {
  if (!existsSync(CHROMIUM))
    throw new Error(`Chromium is missing at ${CHROMIUM}: install it with \`apt-get install -y chromium\` or set CHROMIUM_PATH.`);
  if (!existsSync(join(CONSOLE_DIR, 'index.html'))) throw new Error('The console is not built: run `npm run build` first.');
  const sizes = bundleSizes();
  const stack = await startStack(createLogger('warn'), { purpose: 'bench-console' });
  let browser: Browser | undefined;
  try {
    const db = stack.app.get(DataSource);
    say(`storing ${COUNT} incidents…`);
    await seedIncidents(db, COUNT, (done) => process.stderr.write(`\r  ${done}/${COUNT}`));
    process.stderr.write('\n');
    const incidentId = await storyIncident(stack.baseUrl, await stack.key('ingest'), await stack.key('reader'), db);
    const key = await stack.key('analyst');

    say('starting Chromium…');
    // Playwright starts Chromium with a fresh profile directory of its own; each visit then opens a context of its own.
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    const problems: string[] = [];
    const load = loadavg();
    const runs: Awaited<ReturnType<typeof visit>>[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const r = await visit(browser, stack.baseUrl, key, incidentId, problems);
      const label = i < WARMUP ? `warm-up ${i + 1}/${WARMUP}` : `run ${i - WARMUP + 1}/${RUNS}`;
      say(`  ${label.padEnd(14)} queue ${ms(r.queue.total)}, next page ${ms(r.next.total)}, incident page ${ms(r.incident.total)}`);
      if (i >= WARMUP) runs.push(r);
    }

    const stats = (pick: (r: (typeof runs)[number]) => Timing) => {
      const of = (f: keyof Timing) => runs.map((r) => pick(r)[f]);
      const total = of('total');
      return {
        p50: pct(total, 50),
        p95: pct(total, 95),
        max: Math.max(...total),
        breakdownP50: {
          scripts: pct(of('scripts'), 50),
          me: pct(of('me'), 50),
          apiStart: pct(of('apiStart'), 50),
          api: pct(of('api'), 50),
          server: pct(of('server'), 50),
          render: pct(of('render'), 50),
        },
      };
    };
    const results = {
      queue: { ...stats((r) => r.queue), target: TARGETS.queue },
      next: { ...stats((r) => r.next), target: TARGETS.next },
      incident: { ...stats((r) => r.incident), target: TARGETS.incident },
    };
    const initialGzip = sizes.initial.reduce((s, f) => s + f.gzipBytes, 0);
    const labels = {
      queue: `queue first render (cold cache, ${COUNT} incidents)`,
      next: 'queue next page',
      incident: `incident page (${STORY_ALERTS} alerts, cold cache)`,
    };
    const yes = (ok: boolean) => (ok ? 'yes' : '**no**');
    const split = (label: string, b: Omit<Timing, 'total'>) =>
      `| ${label} | ${ms(b.scripts)} | ${ms(b.me)} | ${ms(b.apiStart)} | ${ms(b.api)} | ${ms(b.server)} | ${ms(b.render)} |`;
    const out = [
      '',
      `Console speed, headless Chromium, ${RUNS} runs after ${WARMUP} warm-up (target met when p95 ≤ target)`,
      '',
      '| measure | p50 | p95 | max | target | met |',
      '|---|---:|---:|---:|---:|:---:|',
      ...(Object.keys(labels) as (keyof typeof labels)[]).map((k) => {
        const r = results[k];
        return `| ${labels[k]} | ${ms(r.p50)} | ${ms(r.p95)} | ${ms(r.max)} | ≤ ${ms(r.target)} | ${yes(r.p95 <= r.target)} |`;
      }),
      `| initial JavaScript, gzip (${sizes.initial.length} file${sizes.initial.length === 1 ? '' : 's'}) | ${kib(initialGzip)} | | | ≤ ${TARGETS.initialJsKiB} KiB | ${yes(initialGzip <= TARGETS.initialJsKiB * 1024)} |`,
      '',
      'Where the time goes, from navigation start (or the click): scripts received, the sign-in check (GET /me) answered,',
      'the data request sent; then that request (of which the server, to its first byte), and JSON, React, layout and paint',
      'from its last byte to the rows on screen. p50 of each part, and every run over its target.',
      '',
      '| measure | scripts in | /me answered | data request sent | data request | of which server | render after data |',
      '|---|---:|---:|---:|---:|---:|---:|',
      ...(Object.keys(labels) as (keyof typeof labels)[]).flatMap((k) => [
        split(`${labels[k]}, p50`, results[k].breakdownP50),
        // A missed target is explained run by run: which part grew.
        ...runs.flatMap((r, i) => (r[k].total > TARGETS[k] ? [split(`${labels[k]}, run ${i + 1}: ${ms(r[k].total)}`, r[k])] : [])),
      ]),
      '',
      `Load average when measuring began: ${load.map((l) => l.toFixed(1)).join(', ')} on ${cpus().length} cores.`,
      `Lazy chunks (not loaded on a first visit): ${sizes.lazy.map((f) => `${f.file} ${kib(f.gzipBytes)}`).join(', ') || 'none'}`,
      ...(problems.length ? ['', `Page errors seen: ${[...new Set(problems)].join(' | ')}`] : []),
      '',
    ];
    process.stdout.write(out.join('\n'));
    writeFileSync(
      process.env.BENCH_OUT ?? 'bench-console-results.json',
      `${JSON.stringify({ when: new Date().toISOString(), incidents: COUNT, storyAlerts: STORY_ALERTS, runs: RUNS, loadAverage: load, results, timings: runs, bundle: { initialGzip, ...sizes }, problems }, null, 2)}\n`,
    );
  } finally {
    await browser?.close();
    await stack.stop();
  }
}

await main();
process.exit(0);
