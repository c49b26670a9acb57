import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { eventually } from '../support/harness.js';
import { type ConsoleFixture, openConsole, SETUP_MS, signIn, STEP_MS } from './console-fixture.js';

/**
 * The admin's settings in a real Chromium against a real Quell with the demo attack: automation
 * levels, API keys, webhooks with their deliveries, connectors, what a reader sees, and the
 * simulation of a playbook in the editor.
 */
interface Automation {
  settings: { defaultLevel: string; deviceGroups: Record<string, string>; bulkDeviceThreshold: number };
}
interface KeyRecord {
  id: string;
  name: string;
  prefix: string;
  revokedAt: string | null;
}
interface Received {
  headers: IncomingHttpHeaders;
  body: { event?: string };
}

/** A webhook receiver on a loopback port that answers 200 and keeps what it got. */
async function receiver(): Promise<{ url: string; got: Received[]; server: Server }> {
  const got: Received[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (c: Buffer) => (body += c.toString()));
    req.on('end', () => {
      got.push({ headers: req.headers, body: JSON.parse(body || '{}') as Received['body'] });
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/quell-hook`, got, server };
}

describe('the settings and the playbook simulation in Chromium', () => {
  let f: ConsoleFixture;
  let page: ConsoleFixture['page'];
  let api: ConsoleFixture['api'];
  let hook: Awaited<ReturnType<typeof receiver>>;
  const shot = (name: string) => f.shot(name);
  const anonymous = async (key: string, path: string) =>
    (await fetch(`${f.base}/api/v1${path}`, { headers: { Authorization: `Bearer ${key}` } })).status;

  beforeAll(async () => {
    hook = await receiver();
    f = await openConsole('settings');
    ({ page, api } = f);
    await signIn(f);
  }, SETUP_MS);

  afterAll(async () => {
    await f?.close();
    hook?.server.close();
  });

  it('changes an automation level as admin, and shows a refused value at its field', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    await page.waitForURL(/\/settings\/automation$/);
    const form = page.getByRole('form', { name: 'Automation settings' });
    await form.getByText('Quell runs on its defaults').waitFor();
    // The demo's victim, ws-03, is in the lab's Default device group: nothing of it may run without a person from now on.
    await form.getByLabel('New device group', { exact: true }).fill('Default');
    await form.getByLabel('Automation level of the new device group').selectOption('none');
    await form.getByRole('button', { name: 'Add group' }).click();
    await form.getByLabel('Default level').selectOption('semi_non_temp_folders');
    await form.getByRole('button', { name: 'Save automation settings' }).click();
    await form.getByRole('status').getByText('Saved.').waitFor();
    const saved = await api<Automation>('GET', '/automation');
    expect(saved.settings.deviceGroups).toEqual({ Default: 'none' });
    expect(saved.settings.defaultLevel).toBe('semi_non_temp_folders');
    await form.getByText('Last changed by test-admin').waitFor();
    expect(await form.getByLabel('Automation level of Default').inputValue()).toBe('none');
    await shot('settings-automation');

    // The API refuses a bulk threshold under 2: the message shows at the field, and nothing is stored.
    const bulk = form.getByLabel('Devices at once that always wait');
    await bulk.fill('1');
    await form.getByRole('button', { name: 'Save automation settings' }).click();
    await form.getByRole('alert').getByText('Not saved: the settings were refused').waitFor();
    expect(await bulk.getAttribute('aria-invalid')).toBe('true');
    const message = form.locator(`#${await bulk.getAttribute('aria-describedby')}`);
    expect(await message.innerText()).toMatch(/>=\s*2/);
    await shot('settings-automation-error');
    expect((await api<Automation>('GET', '/automation')).settings.bulkDeviceThreshold).toBe(10);

    // Another admin saves while this page holds an older version: the page's save is refused, and theirs stands.
    const theirs = (await api<Automation>('GET', '/automation')).settings;
    await api('PUT', '/automation', { ...theirs, deviceGroups: { ...theirs.deviceGroups, Servers: 'semi_all' } });
    await bulk.fill('12');
    await form.getByRole('button', { name: 'Save automation settings' }).click();
    await page.getByText('Someone else changed the automation settings since you opened them.').waitFor();
    const after = await api<Automation>('GET', '/automation');
    expect(after.settings.bulkDeviceThreshold).toBe(10);
    expect(after.settings.deviceGroups).toEqual({ Default: 'none', Servers: 'semi_all' });
    await form.getByLabel('Automation level of Servers').waitFor();
    await shot('settings-automation-conflict');
  }, 60_000);

  it('creates an API key, shows its secret once, and revokes it', async () => {
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'API keys' }).click();
    await page.waitForURL(/\/settings\/keys$/);
    const form = page.getByRole('form', { name: 'Create an API key' });
    await form.getByLabel('Name').fill('e2e-forwarder');
    await form.getByLabel('Role').selectOption('reader');
    await form.getByRole('button', { name: 'Create key' }).click();
    const secretBox = page.getByRole('region', { name: 'New key “e2e-forwarder” (reader)' });
    await secretBox.getByText('it will not be shown again').waitFor();
    const secret = (await secretBox.locator('[data-secret]').innerText()).trim();
    const listed = (await api<{ items: KeyRecord[] }>('GET', '/keys')).items.find((k) => k.name === 'e2e-forwarder');
    expect(listed).toBeDefined();
    expect(secret.startsWith(listed!.prefix)).toBe(true);
    expect(await anonymous(secret, '/me')).toBe(200);
    const row = page.locator(`tr[data-key="${listed!.id}"]`);
    await row.getByText('active').waitFor();
    await shot('settings-keys');

    // Once hidden, the secret is nowhere on the page, and a reload does not bring it back.
    await secretBox.getByRole('button', { name: /hide it/ }).click();
    await secretBox.waitFor({ state: 'detached' });
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(secret);

    await row.getByRole('button', { name: 'Revoke e2e-forwarder' }).click();
    await row.getByRole('group', { name: 'Confirm revoking e2e-forwarder' }).getByRole('button', { name: 'Yes, revoke' }).click();
    await row.waitFor({ state: 'detached' });
    const revoked = (await api<{ items: KeyRecord[] }>('GET', '/keys?includeRevoked=true')).items.find((k) => k.id === listed!.id);
    expect(revoked?.revokedAt).not.toBeNull();
    expect(await anonymous(secret, '/me')).toBe(401);
    // The box shows its new state as the click ends, not when the router's navigation commits (which under load is later).
    expect(
      await page.getByLabel('Show revoked keys').evaluate((box: { click(): void; checked: boolean }) => (box.click(), box.checked)),
    ).toBe(true);
    await page.waitForURL(/revoked=1/);
    await row.getByText('revoked').first().waitFor();
  }, 60_000);

  it('adds a webhook, shows the deliveries an incident change causes, and deletes it', async () => {
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.waitForURL(/\/settings\/webhooks$/);
    const form = page.getByRole('form', { name: 'Create a webhook' });
    await form.getByLabel('URL').fill(hook.url);
    await form.getByRole('checkbox', { name: /incident\.updated/ }).check();
    await form.getByRole('button', { name: 'Add webhook' }).click();
    await page
      .getByRole('region', { name: /Signing secret of the webhook/ })
      .getByText('it will not be shown again')
      .waitFor();
    const stored = await api<{ items: { id: string; url: string; events: string[] }[] }>('GET', '/webhooks');
    expect(stored.items).toHaveLength(1);
    expect(stored.items[0].url).toBe(hook.url);
    expect(stored.items[0].events).toContain('incident.updated');
    const id = stored.items[0].id;

    // An analyst's change to the demo incident is an `incident.updated` event.
    await api('PATCH', `/incidents/${f.incidentId}`, { addTags: ['webhook-check'] });
    const row = page.locator(`tr[data-webhook="${id}"]`);
    await row.getByRole('button', { name: /^Deliveries/ }).click();
    await page.waitForURL(new RegExp(`webhook=${id}`));
    const deliveries = page.getByRole('table', { name: 'Deliveries' });
    const delivered = deliveries.locator('tr', { hasText: 'incident.updated' }).filter({ hasText: 'delivered' }).first();
    await delivered.waitFor({ timeout: STEP_MS });
    expect(await delivered.innerText()).toMatch(/200\s+1/);
    expect(hook.got.some((r) => r.headers['x-quell-event'] === 'incident.updated')).toBe(true);
    await row.getByText('delivered').waitFor();
    await shot('settings-webhooks');

    await row.getByRole('button', { name: /^Delete/ }).click();
    await row
      .getByRole('group', { name: /Confirm deleting/ })
      .getByRole('button', { name: 'Yes, delete' })
      .click();
    await row.waitFor({ state: 'detached' });
    expect((await api<{ items: unknown[] }>('GET', '/webhooks')).items).toEqual([]);
  }, 60_000);

  it('lists the connectors with the lab healthy and nothing unrouted', async () => {
    await page.getByRole('navigation', { name: 'Settings sections' }).getByRole('link', { name: 'Connectors' }).click();
    await page.waitForURL(/\/settings\/connectors$/);
    const lab = page.locator('tr[data-connector="lab"]');
    await lab.getByText('healthy').waitFor();
    expect(await lab.innerText()).toContain('device.info');
    expect(await page.getByText('would fail').count()).toBe(0);
    await shot('settings-connectors');
  }, 60_000);

  it('shows a reader the settings read only, without the admin sections', async () => {
    const readerKey = await f.q.key('reader');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(f, readerKey);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Settings' }).click();
    const form = page.getByRole('form', { name: 'Automation settings' });
    await form.getByText('Read only: changing automation needs an admin key.').waitFor();
    expect(await form.getByLabel('Automation level of Default').isDisabled()).toBe(true);
    expect(await form.getByRole('button', { name: 'Save automation settings' }).count()).toBe(0);
    const sections = page.getByRole('navigation', { name: 'Settings sections' });
    expect(await sections.getByRole('link').allInnerTexts()).toEqual(['Automation', 'Connectors']);
    await shot('settings-reader');
    await page.goto(`${f.base}/settings/keys`);
    await page.getByText('Only an admin can see and create API keys.').waitFor();
    expect(await page.getByRole('form', { name: 'Create an API key' }).count()).toBe(0);
    await page.getByRole('button', { name: 'Sign out' }).click();
    await signIn(f);
  }, 60_000);

  it('simulates the malware playbook in the editor against an alert picked from the store', async () => {
    await page.getByRole('link', { name: 'Playbooks' }).click();
    await page.getByRole('link', { name: 'malware-on-device' }).click();
    await page.getByText('Valid playbook.').waitFor();
    const panel = page.getByRole('region', { name: 'Simulate' });
    await panel.getByLabel('Search alerts').fill('trojan');
    const alerts = panel.getByRole('radiogroup', { name: 'Alerts' }).getByRole('radio');
    await eventually(async () => ((await alerts.count()) === 1 ? true : undefined), STEP_MS, 'one alert to match the search');
    await panel.getByRole('radio', { name: /Trojan:Win32\/Demo/ }).check();
    await panel.getByRole('button', { name: 'Run simulation' }).click();

    const verdicts = panel.getByRole('table', { name: 'Verdicts' });
    await verdicts.waitFor();
    const file = verdicts.locator('tr', { hasText: 'file:' });
    expect(await file.getByText('malicious').count()).toBeGreaterThan(0);
    const steps = panel.getByRole('list', { name: 'Steps' });
    expect(await steps.innerText()).toContain('file_rep');
    expect(await steps.innerText()).toContain('file.reputation answered by quell');
    // The Default device group was set to no automated response above: isolating ws-03 waits for a person.
    const actions = panel.getByRole('table', { name: 'Proposed actions' });
    const isolate = actions.locator('tr[data-action="isolate_device"]');
    expect(await isolate.innerText()).toContain('after approval');
    expect(await isolate.innerText()).toContain('device group Default is none');
    expect(await panel.locator('[data-outcome]').innerText()).toMatch(/the investigation would end/);
    await shot('playbook-simulation');

    // A pasted alert that is not JSON is caught before anything is sent; one the API refuses shows the API's reasons.
    await panel.getByLabel('Paste JSON').check();
    const text = panel.getByLabel(/Alert JSON/);
    await text.fill('{ "title": "x", }');
    await panel.getByText(/Not valid JSON:.*line 1/).waitFor();
    expect(await panel.getByRole('button', { name: 'Run simulation' }).isDisabled()).toBe(true);
    await text.fill('{ "title": "no source" }');
    await panel.getByRole('button', { name: 'Run simulation' }).click();
    const refused = panel.getByRole('alert').filter({ hasText: 'The simulation was refused' });
    await refused.waitFor();
    expect(await refused.innerText()).toContain('alert.source');
    await shot('playbook-simulation-refused');
  }, 90_000);

  it('backtests the playbook in the editor over the stored alerts and shows the report per alert type', async () => {
    const panel = page.getByRole('region', { name: 'Backtest' });
    await panel.getByLabel('Alerts received in the last').selectOption('7');
    await panel.getByRole('button', { name: 'Run backtest' }).click();
    await panel.locator('[data-backtest-status="completed"]').waitFor({ timeout: STEP_MS });
    expect(await panel.locator('[data-backtest-status]').innerText()).toMatch(
      /Completed: ([1-9]\d*) of \1 stored alerts; [1-9]\d* compared/,
    );
    expect(await panel.getByRole('table', { name: 'Backtest by alert type' }).locator('tbody tr').count()).toBeGreaterThan(0);
    await shot('playbook-backtest');
  }, 90_000);

  it('ran without script errors or content-security-policy violations', () => {
    expect(f.problems).toEqual([]);
  });

  it('has no serious or critical accessibility violation on any page (axe-core, WCAG 2.1 A/AA)', () => {
    expect(f.inaccessible).toEqual({});
  });
});
