import { eventually } from '../support/harness.js';
import { type ConsoleFixture, openConsole, SETUP_MS, STEP_MS, signIn } from './console-fixture.js';

/**
 * The action center's impact panel in a real Chromium against a real Quell with the demo attack:
 * each pending action opens on what approving it would do, as the API computes it.
 */
interface ActionItem {
  id: string;
  source: string;
  title: string;
  targetKey: string;
}
interface ImpactView {
  current: {
    computedAt: string;
    evidence: { alert: { title: string } | null; playbook: { name: string; step: string } | null };
    target: { label: string; users: string[]; devices: string[] };
    collateral: { what: string; effect: string }[];
    reversal: { reversible: boolean; how: string };
    prediction: { ifApproved: { investigationEnds: string }; ifRejected: { investigationEnds: string } } | null;
  };
  atProposal: { computedAt: string } | null;
}

describe('the action center shows what approving each pending action would do', () => {
  let f: ConsoleFixture;

  beforeAll(async () => {
    f = await openConsole('impact');
    await signIn(f);
  }, SETUP_MS);

  afterAll(async () => {
    await f?.close();
  });

  it('opens a pending automated action on its evidence, target, collateral, undo and dry run', async () => {
    const { page, api, base, incidentId } = f;
    const action = await eventually(
      async () => (await api<{ items: ActionItem[] }>('GET', `/actions?status=pending&source=automated&incidentId=${incidentId}`)).items[0],
      STEP_MS,
      'a pending automated action',
    );
    await page.goto(`${base}/actions`);
    await page.getByRole('heading', { name: 'Pending' }).waitFor();
    const panel = page.locator(`details[data-impact="${action.id}"]`);
    await panel.getByText(`What approving does: ${action.title} of ${action.targetKey}`).click();
    await panel.getByRole('region', { name: 'What follows' }).waitFor();
    const impact = await api<ImpactView>('GET', `/actions/${action.id}/impact`);
    const c = impact.current;
    const text = await panel.innerText();
    expect(c.evidence.playbook).not.toBeNull();
    expect(text).toContain(`Playbook ${c.evidence.playbook!.name}`);
    expect(text).toContain(c.evidence.playbook!.step);
    if (c.evidence.alert) expect(text).toContain(c.evidence.alert.title);
    expect(text).toContain(`The target: ${c.target.label}`);
    for (const x of c.collateral) expect(text).toContain(`${x.what} — ${x.effect}`);
    expect(text).toContain(c.reversal.how);
    expect(await panel.locator('[data-branch="succeeded"] [data-ends]').innerText()).toBe(
      c.prediction!.ifApproved.investigationEnds.replace(/_/g, ' '),
    );
    expect(await panel.locator('[data-branch="rejected"] [data-ends]').innerText()).toBe(
      c.prediction!.ifRejected.investigationEnds.replace(/_/g, ' '),
    );
    // The snapshot the approvers saw when it was proposed is shown beside the live view.
    expect(impact.atProposal).not.toBeNull();
    await panel.locator('[data-at-proposal]').waitFor();
    await f.shot('impact-01-panel');

    // Refresh computes it again: the API answers a newer computation.
    const asked = page.waitForResponse((r) => r.url().endsWith(`/api/v1/actions/${action.id}/impact`) && r.status() === 200);
    await panel.getByRole('button', { name: 'Refresh' }).click();
    const fresh = (await (await asked).json()) as ImpactView;
    expect(Date.parse(fresh.current.computedAt)).toBeGreaterThan(Date.parse(c.computedAt));
    await f.page.emulateMedia({ colorScheme: 'dark' });
    await f.shot('impact-02-panel-dark');
    await f.page.emulateMedia({ colorScheme: 'light' });
  }, 90_000);

  it('ran without script errors and with no serious accessibility violation', () => {
    expect(f.problems).toEqual([]);
    expect(f.inaccessible).toEqual({});
  });
});
