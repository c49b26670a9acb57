import { demoApi, type DemoApi } from '../../scripts/lib/demo-attack.js';
import { LAB_DEMO } from '../../src/lab/lab-seed.js';
import { eventually } from '../support/harness.js';
import { type ConsoleFixture, openConsole, SETUP_MS, signIn, STEP_MS } from './console-fixture.js';

/**
 * The incident queue and the action center in Chromium against a real Quell with the demo attack:
 * bulk edits of ticked incidents, new incidents announced without a reload (the changes feed), bulk
 * decisions on pending actions, and the refusal hint where someone would approve their own request.
 */
interface IncidentView {
  id: number;
  name: string;
  status: string;
  assignedTo: string | null;
  tags: string[];
  redirectedTo: number | null;
}
interface ActionView {
  id: string;
  status: string;
  requestedBy: string;
  approvals: { by: string; comment?: string }[];
}

describe('the incident queue and the action center in Chromium', () => {
  let f: ConsoleFixture;
  let page: ConsoleFixture['page'];
  let api: DemoApi;
  let base: string;
  const run = `q${Date.now().toString(36)}`;
  const shot = (name: string) => f.shot(name);

  /**
   * Sends one alert about a device no other alert names, so it becomes an incident of its own;
   * resolves with its id. (Its investigation finds nothing on the device and resolves it.)
   */
  async function newIncident(label: string): Promise<number> {
    const posted = await api<{ results: { id: string }[] }>('POST', '/alerts', {
      externalId: `${run}-${label}`,
      source: 'endpoint',
      title: `Suspicious script on ${run}-${label}`,
      type: 'suspicious_script',
      severity: 'medium',
      category: 'Execution',
      entities: [{ type: 'device', hostname: `${run}-${label}.contoso.test` }],
    });
    const alertId = posted.results[0].id;
    return eventually(
      async () => (await api<{ incidentId: number | null }>('GET', `/alerts/${alertId}`)).incidentId ?? undefined,
      STEP_MS,
      'the alert to be correlated',
    );
  }
  /** Waits until the incident's investigations have ended (and so changed it for the last time). */
  const settled = (id: number) =>
    eventually(
      async () => {
        const i = await api<{ investigations: { endedAt: string | null }[] }>('GET', `/incidents/${id}`);
        return i.investigations.length > 0 && i.investigations.every((x) => x.endedAt) ? true : undefined;
      },
      STEP_MS,
      `the investigation of incident ${id} to end`,
    );
  /** The queue with every status but merged, so incidents the automation resolved are listed too. */
  const EVERY_STATUS = 'status=active&status=in_progress&status=resolved';
  const incident = (id: number) => api<IncidentView>('GET', `/incidents/${id}`);
  const rowBox = (id: number) => page.getByRole('checkbox', { name: new RegExp(`^Select incident ${id}: `) });

  beforeAll(async () => {
    f = await openConsole('queue');
    ({ page, api, base } = f);
    await signIn(f);
  }, SETUP_MS);

  afterAll(async () => {
    await f?.close();
  });

  it('ticks incidents, assigns them to the signed-in analyst and tags them in one go; a filter change clears the ticks', async () => {
    const [a, b, c] = [await newIncident('a'), await newIncident('b'), await newIncident('c')];
    for (const id of [a, b, c]) await settled(id);
    await page.goto(`${base}/incidents?q=${run}&${EVERY_STATUS}`);
    await rowBox(c).waitFor();
    expect(await page.locator('table.queue tbody tr').count()).toBe(3);
    await rowBox(a).check();
    // Space on a focused checkbox ticks it too: the keyboard path.
    await rowBox(b).focus();
    await page.keyboard.press('Space');
    const bar = page.getByRole('region', { name: 'Bulk edit of the selected incidents' });
    await bar.getByText('2 incidents selected').waitFor();
    await shot('queue-bulk-selected');

    await bar.getByRole('button', { name: 'Assign to me' }).click();
    await bar.getByText('Assigned to test-admin: 2 incidents updated.').waitFor();
    await bar.getByRole('textbox', { name: 'Tag', exact: true }).fill(`${run}-tag`);
    await bar.getByRole('button', { name: 'Add tag' }).click();
    await bar.getByText(`Tag ${run}-tag added: 2 incidents updated.`).waitFor();
    const [ia, ib, ic] = await Promise.all([incident(a), incident(b), incident(c)]);
    expect([ia.assignedTo, ib.assignedTo, ic.assignedTo]).toEqual(['test-admin', 'test-admin', null]);
    expect(ia.tags).toContain(`${run}-tag`);
    expect(ib.tags).toContain(`${run}-tag`);
    expect(ic.tags).not.toContain(`${run}-tag`);
    // The rows show the change without leaving the page.
    await page
      .locator('table.queue tbody tr', { has: rowBox(a) })
      .getByText(`${run}-tag`)
      .waitFor();

    await page.getByRole('group', { name: 'Severity' }).getByRole('button', { name: 'medium' }).click();
    await page.waitForURL(/severity=medium/);
    await rowBox(a).waitFor();
    expect(await bar.count()).toBe(0);
    expect(await rowBox(a).isChecked()).toBe(false);
  }, 120_000);

  it('reports, incident by incident, what a bulk change could not do', async () => {
    await page.goto(`${base}/incidents?q=${run}&${EVERY_STATUS}`);
    const all = page.getByRole('checkbox', { name: 'Select all incidents on this page' });
    await all.waitFor();
    await all.check();
    const bar = page.getByRole('region', { name: 'Bulk edit of the selected incidents' });
    await bar.getByText('3 incidents selected').waitFor();
    const ids = await page
      .locator('table.queue tbody tr td:nth-child(2)')
      .allInnerTexts()
      .then((t) => t.map(Number));
    const [target, merged] = [Math.min(...ids), Math.max(...ids)];
    // A colleague reopens two of the ticked incidents and merges one into the other while the page shows them.
    await api('POST', '/incidents/bulk', { ids: [target, merged], changes: { status: 'active' } });
    await api('POST', `/incidents/${target}/merge`, { sourceIds: [merged], reason: 'same host family' });
    await bar.getByLabel('Status').selectOption('in_progress');
    await bar.getByRole('button', { name: 'Set status' }).click();
    await page.getByText('Status in progress: 2 incidents updated, 1 failed.').waitFor();
    await page.getByText(`Incident ${merged}: merged into incident ${target}: change that one`).waitFor();
    await shot('queue-bulk-result');
    expect((await incident(merged)).redirectedTo).toBe(target);
    for (const id of ids.filter((x) => x !== merged)) expect((await incident(id)).status).toBe('in_progress');
  }, 60_000);

  it('announces a new incident without a reload and shows it on request', async () => {
    await page.goto(`${base}/incidents?${EVERY_STATUS}`);
    await page.locator('table.queue tbody tr').first().waitFor();
    // Anything that reloads the page loses this mark.
    await page.evaluate(() => Object.assign(globalThis, { stillTheSamePage: true }));
    const created = await newIncident('live');
    const link = page.locator(`table.queue a[href="/incidents/${created}"]`);
    expect(await link.count()).toBe(0);
    const notice = page.locator('.live .notice');
    await notice.getByText(/\d+ new/).waitFor({ timeout: 20_000 });
    await shot('queue-live-notice');
    // The rows did not move: the new incident waits behind the notice until asked for.
    expect(await link.count()).toBe(0);
    await notice.getByRole('button', { name: 'Show' }).click();
    await link.waitFor();
    expect(await page.evaluate(() => (globalThis as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(true);
    await shot('queue-live-shown');
  }, 60_000);

  it('approves several pending actions at once and shows each result; own requests carry the refusal hint', async () => {
    const analyst = demoApi(base, await f.q.key('analyst'));
    const request = (who: DemoApi, upn: string) =>
      who<ActionView>('POST', '/actions', {
        type: 'revoke_sessions',
        target: { type: 'user', upn },
        reason: `Queue test ${run}: sign ${upn} out everywhere`,
        incidentId: f.incidentId,
      });
    const [x, y] = [await request(analyst, LAB_DEMO.financeUpns[0]), await request(analyst, LAB_DEMO.financeUpns[1])];
    const own = await request(api, LAB_DEMO.adminUpn);
    for (const a of [x, y, own]) expect(a.status).toBe('pending');
    expect(own.requestedBy).toBe('test-admin');

    await page.getByRole('link', { name: 'Action center' }).click();
    await page.getByRole('heading', { name: 'Pending' }).waitFor();
    // The playbook step that proposed each of the demo's actions, and its investigation.
    const pendingSection = page.locator('section[aria-labelledby="pendingCursor-title"]');
    await pendingSection
      .getByText(/proposed by .+ step /)
      .first()
      .waitFor();
    await shot('actions-center');
    await page.getByLabel('Action type').selectOption('revoke_sessions');
    await page.waitForURL(/type=revoke_sessions/);
    await page.getByLabel('Incident').fill(String(f.incidentId));
    await page.getByRole('button', { name: 'Apply' }).click();
    await page.waitForURL(new RegExp(`incident=${f.incidentId}`));

    const row = (id: string) => pendingSection.locator(`tr[data-action="${id}"]`);
    await row(own.id).waitFor();
    await row(own.id).getByText('You requested this action: another approver must approve it.').waitFor();
    expect(await row(own.id).getByRole('button', { name: 'Approve' }).isDisabled()).toBe(true);
    expect(await row(x.id).getByRole('button', { name: 'Approve' }).isDisabled()).toBe(false);
    await shot('actions-self-approval');

    await row(x.id).getByRole('checkbox').check();
    await row(y.id).getByRole('checkbox').check();
    await row(own.id).getByRole('checkbox').check();
    const bar = page.getByRole('region', { name: 'Decide the selected actions' });
    await bar.getByText('3 actions selected').waitFor();
    await bar.getByText(/1 of the selected cannot be approved by you/).waitFor();
    await bar.getByLabel('Comment').fill('bulk approval in the browser test');
    await shot('actions-bulk-selected');
    await bar.getByRole('button', { name: 'Approve selected' }).click();
    await bar.getByText('Approval: 2 decided, 1 refused.').waitFor();
    await bar.getByText(/whoever requested an action cannot approve it/).waitFor();
    const history = page.locator('section[aria-labelledby="historyCursor-title"]');
    for (const a of [x, y]) await history.locator(`tr[data-action="${a.id}"]`).getByText('succeeded').waitFor({ timeout: 60_000 });
    await shot('actions-bulk');

    for (const a of [x, y]) {
      const stored = await api<ActionView>('GET', `/actions/${a.id}`);
      expect(stored.status).toBe('succeeded');
      expect(stored.approvals).toEqual([expect.objectContaining({ by: 'test-admin', comment: 'bulk approval in the browser test' })]);
    }
    expect((await api<ActionView>('GET', `/actions/${own.id}`)).status).toBe('pending');
    expect(new URL(page.url()).searchParams.get('type')).toBe('revoke_sessions');
  }, 120_000);

  it('ran without script errors or content-security-policy violations', () => {
    expect(f.problems).toEqual([]);
  });

  it('has no serious or critical accessibility violation on any page (axe-core, WCAG 2.1 A/AA)', () => {
    expect(f.inaccessible).toEqual({});
  });
});
