import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { demoApi, type DemoApi, runDemoAttack } from '../../scripts/lib/demo-attack.js';
import { CONSOLE_DIR } from '../../src/console/console.js';
import { projectRoot } from '../../src/infra/paths.js';
import { serveHttp, startQuell, type TestQuell } from '../support/harness.js';
import { accessibilityViolations, type Violation } from './accessibility.js';

/**
 * A real Quell (PostgreSQL, Temporal, worker) with the lab seeded and the demo attack sent as
 * `npm run demo` sends it, and a headless Chromium page on its console. Screenshots go to
 * .quell/screenshots/ for a reviewer to look at; every page shot is also checked with axe-core.
 */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const SHOTS = join(projectRoot, '.quell', 'screenshots');
export const STEP_MS = 30_000;
export const SETUP_MS = 180_000;

export interface ConsoleFixture {
  q: TestQuell;
  /** The demo's API client, signed in as admin. */
  api: DemoApi;
  browser: Browser;
  page: Page;
  base: string;
  adminKey: string;
  incidentId: number;
  /** Script errors and content-security-policy violations seen in the page. */
  problems: string[];
  /** Serious and critical axe-core violations, by screenshot name. */
  inaccessible: Record<string, Violation[]>;
  /** Writes `<name>.png` and runs axe-core on the page as shown. */
  shot(name: string): Promise<void>;
  close(): Promise<void>;
}

export async function openConsole(run: string): Promise<ConsoleFixture> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is missing at ${CHROMIUM}: install it with \`apt-get install -y chromium\` (npm test does so when run as root).`,
    );
  }
  if (!existsSync(join(CONSOLE_DIR, 'index.html'))) throw new Error('The console is not built: run `npm run build` first.');
  mkdirSync(SHOTS, { recursive: true });
  const q = await startQuell();
  try {
    const base = await serveHttp(q);
    const adminKey = await q.key('admin');
    const api = demoApi(base, adminKey);
    const { incidentId } = await runDemoAttack(api, `${run}-${Date.now().toString(36)}`);
    const browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
    const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, colorScheme: 'light' });
    const page = await context.newPage();
    page.setDefaultTimeout(STEP_MS);
    const problems: string[] = [];
    // Content-security-policy violations and script errors show up here: the console must run under Quell's policy as it is.
    page.on('console', (m) => m.type() === 'error' && !/status of 4\d\d/.test(m.text()) && problems.push(m.text()));
    page.on('pageerror', (e) => problems.push(e.message));
    const inaccessible: Record<string, Violation[]> = {};
    return {
      q,
      api,
      browser,
      page,
      base,
      adminKey,
      incidentId,
      problems,
      inaccessible,
      async shot(name) {
        await page.screenshot({ path: join(SHOTS, `${name}.png`), fullPage: true });
        const violations = await accessibilityViolations(page);
        if (violations.length) inaccessible[name] = violations;
      },
      async close() {
        await browser.close();
        await q.close();
      },
    };
  } catch (e) {
    await q.close();
    throw e;
  }
}

/** Signs in through the form with an API key and waits for the queue. */
export async function signIn(f: ConsoleFixture, key = f.adminKey): Promise<void> {
  await f.page.goto(`${f.base}/`);
  await f.page.getByLabel('API key').fill(key);
  await f.page.getByRole('button', { name: 'Sign in' }).click();
  await f.page.getByRole('heading', { name: 'Incidents' }).waitFor();
}
