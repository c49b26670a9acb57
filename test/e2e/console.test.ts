import { eventually } from '../support/harness.js';
import { type ConsoleFixture, openConsole, SETUP_MS, STEP_MS } from './console-fixture.js';

/**
 * The analyst's path through the console in a real Chromium against a real Quell with the demo
 * attack: sign in, the queue, the incident, the action center, the playbook editor.
 */
interface ActionItem {
  id: string;
  status: string;
  targetKey: string;
}

describe('the analyst console in Chromium', () => {
  let f: ConsoleFixture;
  let page: ConsoleFixture['page'];
  let api: ConsoleFixture['api'];
  let base: string;
  let adminKey: string;
  let incidentId: number;
  const shot = (name: string) => f.shot(name);

  beforeAll(async () => {
    f = await openConsole('e2e');
    ({ page, api, base, adminKey, incidentId } = f);
  }, SETUP_MS);

  afterAll(async () => {
    await f?.close();
  });

  it('signs in with an API key and shows the queue with the demo incident', async () => {
    await page.goto(`${base}/`);
    await page.getByLabel('API key').waitFor();
    await shot('01-sign-in');
    await page.getByLabel('API key').fill(adminKey);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('heading', { name: 'Incidents' }).waitFor();
    expect(page.url()).toBe(`${base}/incidents`);
    await page.locator(`a[href="/incidents/${incidentId}"]`).waitFor();
    expect(await page.locator('.who').innerText()).toContain('test-admin');
    await shot('02-incident-queue');
  }, 60_000);

  it('filters the queue through the URL, and the back button undoes a filter', async () => {
    const incidentLink = page.locator(`a[href="/incidents/${incidentId}"]`);
    await page.getByLabel('Source', { exact: true }).fill('no-such-source');
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.getByText('No incident matches these filters').waitFor();
    expect(new URL(page.url()).searchParams.get('source')).toBe('no-such-source');
    await page.goBack();
    await incidentLink.waitFor();
    await page.getByRole('group', { name: 'Severity' }).getByRole('button', { name: 'high' }).click();
    await page.waitForURL(/severity=high/);
    await incidentLink.waitFor();
    await page.getByRole('group', { name: 'Severity' }).getByRole('button', { name: 'low' }).click();
    await page.waitForURL(/severity=high&severity=low/);
    await shot('03-incident-queue-filtered');
    // A shared link opens the same view.
    await page.goto(`${base}/incidents?severity=informational`);
    await page.getByText('No incident matches these filters').waitFor();
    await page.goto(`${base}/incidents?severity=high`);
    await incidentLink.waitFor();
  }, 60_000);

  it('opens the demo incident: the attack story with tactics and why each alert joined', async () => {
    await page.locator(`a[href="/incidents/${incidentId}"]`).click();
    await page.getByRole('heading', { name: 'Attack story' }).waitFor();
    const timeline = page.locator('ol.timeline > li');
    await eventually(async () => ((await timeline.count()) === 5 ? true : undefined), STEP_MS, 'five alerts on the timeline');
    const story = await page.locator('ol.timeline').innerText();
    for (const text of ["Malware 'Trojan:Win32/Demo' was detected", 'CredentialAccess', 'LateralMovement', 'Why here:'])
      expect(story).toContain(text);
    expect(await page.locator('ol.timeline mark').count()).toBeGreaterThan(0);
    await page.getByRole('heading', { name: 'Impacted assets' }).waitFor();
    await page.locator('.investigation ol.steps li').first().waitFor();
    await shot('04-incident');
    await page.emulateMedia({ colorScheme: 'dark' });
    await shot('05-incident-dark');
    await page.emulateMedia({ colorScheme: 'light' });
  }, 60_000);

  it('assigns and classifies the incident, and a stale edit is refused with a conflict message', async () => {
    const manage = page.getByRole('form', { name: 'Manage incident' });
    await manage.getByRole('button', { name: 'Assign to me' }).click();
    await manage.getByLabel('Classification').selectOption('true_positive');
    await manage.getByLabel('Determination').selectOption('multistage_attack');
    // Someone else changes the incident after the page read it: the page's ETag is now stale.
    const res = await fetch(`${base}/api/v1/incidents/${incidentId}`, {
      method: 'PATCH',
      headers: { Authorization: `Bearer ${adminKey}`, 'Content-Type': 'application/json' },
      body: JSON.stringify({ addTags: ['seen-by-colleague'] }),
    });
    expect(res.status).toBe(200);
    await manage.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Someone else changed this incident since you opened it.').waitFor();
    await shot('06-incident-conflict');
    const after = await api<{ assignedTo: string | null; tags: string[] }>('GET', `/incidents/${incidentId}`);
    expect(after.assignedTo).toBeNull();
    expect(after.tags).toContain('seen-by-colleague');
    // Reloaded with the colleague's version, the same edit goes through.
    const fresh = page.getByRole('form', { name: 'Manage incident' });
    await fresh.getByRole('button', { name: 'Assign to me' }).click();
    await fresh.getByLabel('Classification').selectOption('true_positive');
    await fresh.getByLabel('Determination').selectOption('multistage_attack');
    await fresh.getByRole('button', { name: 'Save' }).click();
    await eventually(
      async () => {
        const now = await api<{ assignedTo: string | null; classification: string | null }>('GET', `/incidents/${incidentId}`);
        return now.assignedTo === 'test-admin' && now.classification === 'true_positive' ? true : undefined;
      },
      STEP_MS,
      'the edit to be saved',
    );
  }, 60_000);

  it('approves a pending action in the action center and sees it succeed', async () => {
    const pending = await api<{ items: ActionItem[] }>('GET', `/actions?status=pending&incidentId=${incidentId}`);
    expect(pending.items.length).toBeGreaterThan(0);
    const action = pending.items[0];
    await page.getByRole('link', { name: 'Action center' }).click();
    await page.getByRole('heading', { name: 'Pending' }).waitFor();
    const row = page.locator(`section[aria-labelledby="pendingCursor-title"] tr[data-action="${action.id}"]`);
    await row.waitFor();
    await shot('07-action-center');
    await row.getByRole('textbox').fill('approved in the browser test');
    await row.getByRole('button', { name: 'Approve' }).click();
    const done = page.locator(`section[aria-labelledby="historyCursor-title"] tr[data-action="${action.id}"]`);
    await done.getByText('succeeded').waitFor({ timeout: 60_000 });
    expect(await done.innerText()).toContain('approved in the browser test');
    const stored = await api<ActionItem>('GET', `/actions/${action.id}`);
    expect(stored.status).toBe('succeeded');
    await shot('08-action-center-approved');
  }, 90_000);

  it('lists the playbooks and reports an error in the editor at its line and column', async () => {
    await page.getByRole('link', { name: 'Playbooks' }).click();
    await page.getByRole('link', { name: 'malware-on-device' }).waitFor();
    await shot('09-playbooks');
    await page.getByRole('link', { name: 'malware-on-device' }).click();
    const editor = page.locator('.cm-content');
    await editor.waitFor();
    await page.getByText('Valid playbook.').waitFor();
    await shot('10-playbook-editor');
    // Line 12 is the second trigger's `severityAtLeast`: an unknown field goes in above it.
    await editor.click();
    await page.keyboard.press('Control+Home');
    for (let i = 0; i < 11; i++) await page.keyboard.press('ArrowDown');
    await page.keyboard.insertText('    bogus: 1\n');
    const problemsList = page.getByRole('list', { name: 'Validation errors' });
    await problemsList.waitFor();
    const reported = await problemsList.innerText();
    expect(reported).toContain('line 12, column 5');
    expect(reported).toContain("unknown field 'bogus'");
    await page.locator('.cm-lint-marker-error').first().waitFor();
    await shot('11-playbook-editor-error');
  }, 60_000);

  it('ran without script errors or content-security-policy violations', () => {
    expect(f.problems).toEqual([]);
  });

  it('has no serious or critical accessibility violation on any page (axe-core, WCAG 2.1 A/AA)', () => {
    expect(f.inaccessible).toEqual({});
  });
});
