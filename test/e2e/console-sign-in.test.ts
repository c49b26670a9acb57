import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium } from 'playwright-core';
import { CONSOLE_DIR } from '../../src/console/console.js';
import { startQuell, type TestQuell } from '../support/harness.js';
import { startOidcProvider, type TestProvider } from '../support/oidc-provider.js';
import { CHROMIUM, SETUP_MS, STEP_MS } from './console-fixture.js';

const WORKER = Number(process.env.JEST_WORKER_ID ?? 1);
const PROVIDER_PORT = 41210 + WORKER;
const QUELL_PORT = 41230 + WORKER;

/** The console's sign-in through a real OpenID provider, in a real Chromium: button, provider pages, back signed in, sign-out. */
describe('console sign-in with the organisation account', () => {
  let provider: TestProvider;
  let q: TestQuell;
  let browser: Browser;
  const base = `http://127.0.0.1:${QUELL_PORT}`;

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) throw new Error(`Chromium is missing at ${CHROMIUM}`);
    if (!existsSync(join(CONSOLE_DIR, 'index.html'))) throw new Error('The console is not built: run `npm run build` first.');
    provider = await startOidcProvider({ port: PROVIDER_PORT, quellRedirectUri: `${base}/auth/callback` });
    q = await startQuell({
      env: {
        OIDC_ISSUER: provider.issuer,
        OIDC_CLIENT_ID: provider.console.clientId,
        OIDC_CLIENT_SECRET: provider.console.clientSecret,
        OIDC_AUDIENCE: 'quell-api',
        OIDC_REDIRECT_URI: `${base}/auth/callback`,
        OIDC_SCOPES: 'openid profile email groups',
        OIDC_ROLE_MAP: JSON.stringify({ 'soc-analysts': 'analyst', 'soc-approvers': 'approver' }),
        OIDC_PROVIDER_NAME: 'Contoso ID',
        OIDC_ALLOW_INSECURE_HTTP: 'true',
      },
    });
    await q.app.listen(QUELL_PORT, '127.0.0.1');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run'],
    });
  }, SETUP_MS);
  afterAll(async () => {
    await browser?.close();
    await q?.close();
    await provider?.close();
  });

  it(
    'signs in through the provider, shows the person, keeps the key sign-in, and signs out',
    async () => {
      const page = await (await browser.newContext()).newPage();
      page.setDefaultTimeout(STEP_MS);
      await page.goto(`${base}/`);
      await page.getByLabel('API key').waitFor();
      await page.getByRole('link', { name: 'Sign in with Contoso ID' }).click();
      // The provider's own sign-in and consent pages.
      await page.locator('input[name="login"]').fill('alice');
      await page.locator('input[name="password"]').fill('any');
      await page.getByRole('button', { name: 'Sign-in' }).click();
      await page.getByRole('button', { name: 'Continue' }).click();
      await page.waitForURL(`${base}/`);
      await page.getByText('Alice Analyst').waitFor();
      await page.getByText('analyst', { exact: true }).waitFor();
      const cookies = await page.context().cookies(base);
      const session = cookies.find((c) => c.name === 'quell_session')!;
      expect(session).toMatchObject({ httpOnly: true, sameSite: 'Strict' });
      // Script in the page cannot read the session.
      expect(await page.evaluate('document.cookie')).not.toContain('quell_session');

      await page.getByRole('button', { name: 'Sign out' }).click();
      await page.getByLabel('API key').waitFor();
      const [row] = await q.db.query(`SELECT count(*)::int AS n FROM sessions WHERE revoked_at IS NOT NULL`);
      expect(row.n).toBe(1);
      // After signing out, a reload stays signed out.
      await page.reload();
      await page.getByLabel('API key').waitFor();
    },
    SETUP_MS,
  );
});
