import { ENRICHMENT, enrichmentOptions } from '../../workflows/activity-options.js';
import type { PlaybookDefinition, PlaybookStep } from '../../src/domain/playbook.js';
import { type PlaybookRuntime, render, runPlaybook } from '../../workflows/playbook-interpreter.js';

function playbook(steps: PlaybookStep[]): PlaybookDefinition {
  return { name: 't', version: '1', description: '', priority: 1, fallback: false, triggers: [{}], steps, hash: 'h', file: 'inline' };
}

/** A runtime that records what the interpreter asked for; `fail` makes a function throw. */
function fakeRuntime(outputs: Record<string, unknown>, fail: string[] = []) {
  const calls: { fn: string; args: unknown; path: string }[] = [];
  const verdicts: unknown[] = [];
  const actions: unknown[] = [];
  let clock = 0;
  const runtime: PlaybookRuntime = {
    now: () => ++clock,
    call: async (step, fn, args) => {
      calls.push({ fn, args, path: step.path });
      if (fail.includes(fn)) throw new Error(`${fn} is down`);
      return { output: outputs[fn], attempts: 1 };
    },
    verdict: async (_s, entity, verdict, reason) => {
      verdicts.push({ entity, verdict, reason });
      return { verdict };
    },
    remediate: async (_s, action, target) => {
      actions.push({ action, target });
      return { actionId: 'a1' };
    },
  };
  return { runtime, calls, verdicts, actions };
}

const alert = {
  title: 'x',
  entities: [
    { type: 'file', sha256: 'a'.repeat(64), name: 'a.exe' },
    { type: 'file', sha256: 'b'.repeat(64), name: 'b.exe' },
    { type: 'device', hostname: 'ws-1' },
  ],
};

describe('playbook interpreter', () => {
  it('renders whole expressions with their type and embedded ones as text', () => {
    expect(render('${{ 1 + 2 }}', {})).toBe(3);
    expect(render('${{ alert.entities }}', { alert })).toHaveLength(3);
    expect(render('n=${{ size(alert.entities) }} on ${{ alert.title }}', { alert })).toBe('n=3 on x');
    expect(render({ a: ['${{ alert.title }}'] }, { alert })).toEqual({ a: ['x'] });
    expect(render('${{ alert.title }} and ${{ size(alert.entities) }}', { alert })).toBe('x and 3');
  });

  it('runs forEach over a group, sees the item and earlier outputs, and skips on a false `if`', async () => {
    const { runtime, calls, verdicts, actions } = fakeRuntime({ 'file.reputation': { verdict: 'malicious' } });
    const result = await runPlaybook(
      playbook([
        {
          id: 'files',
          kind: 'group',
          forEach: "alert.entities.filter(e, e.type == 'file')",
          as: 'f',
          steps: [
            { id: 'rep', kind: 'uses', uses: 'file.reputation', with: { sha256: '${{ f.sha256 }}' } },
            {
              id: 'judge',
              kind: 'verdict',
              verdict: { entity: '${{ f }}', verdict: '${{ steps.rep.output.verdict }}', reason: 'rep ${{ steps.rep.output.verdict }}' },
            },
            {
              id: 'fix',
              kind: 'remediate',
              if: "steps.rep.output.verdict == 'malicious'",
              remediate: { action: 'quarantine_file', target: '${{ f }}', reason: 'bad' },
            },
          ],
        },
        { id: 'never', kind: 'uses', uses: 'device.info', if: 'size(alert.entities) > 10', with: { device: 'ws-1' } },
      ]),
      { alert, incident: null },
      runtime,
    );
    expect(result.status).toBe('succeeded');
    expect(calls.map((c) => [c.fn, (c.args as { sha256: string }).sha256[0], c.path])).toEqual([
      ['file.reputation', 'a', 'files[0].rep'],
      ['file.reputation', 'b', 'files[1].rep'],
    ]);
    expect(verdicts).toHaveLength(2);
    expect(verdicts[0]).toMatchObject({ verdict: 'malicious', reason: 'rep malicious' });
    expect(actions).toHaveLength(2);
    const never = result.steps.find((s) => s.stepId === 'never')!;
    expect(never.status).toBe('skipped');
    expect(never.reason).toContain('size(alert.entities) > 10');
  });

  it('runs parallel branches and fails the run on an error unless the step continues on error', async () => {
    const { runtime, calls } = fakeRuntime({ 'device.info': { found: true } }, ['user.info']);
    const failing = await runPlaybook(
      playbook([
        {
          id: 'both',
          kind: 'parallel',
          parallel: [
            { id: 'dev', kind: 'uses', uses: 'device.info', with: { device: 'ws-1' } },
            { id: 'usr', kind: 'uses', uses: 'user.info', with: { user: 'u@x.com' } },
          ],
        },
        { id: 'after', kind: 'uses', uses: 'device.info', with: { device: 'ws-1' } },
      ]),
      { alert, incident: null },
      runtime,
    );
    expect(failing.status).toBe('failed');
    expect(failing.error).toContain('user.info is down');
    expect(failing.steps.find((s) => s.stepId === 'after')).toBeUndefined();
    expect(calls.map((c) => c.fn).sort()).toEqual(['device.info', 'user.info']);

    const tolerant = await runPlaybook(
      playbook([
        { id: 'usr', kind: 'uses', uses: 'user.info', with: { user: 'u@x.com' }, continueOnError: true },
        { id: 'after', kind: 'uses', uses: 'device.info', if: "steps.usr.status == 'failed'", with: { device: 'ws-1' } },
      ]),
      { alert, incident: null },
      fakeRuntime({ 'device.info': {} }, ['user.info']).runtime,
    );
    expect(tolerant.status).toBe('succeeded');
    expect(tolerant.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['usr', 'failed'],
      ['after', 'succeeded'],
    ]);
  });

  it('reports expression errors and non-list forEach values as step failures', async () => {
    const { runtime } = fakeRuntime({});
    const bad = await runPlaybook(
      playbook([{ id: 'x', kind: 'uses', uses: 'device.info', with: { device: '${{ alert.nope }}' } }]),
      { alert, incident: null },
      runtime,
    );
    expect(bad.status).toBe('failed');
    expect(bad.steps[0].error).toContain('alert.nope');
    const notList = await runPlaybook(
      playbook([{ id: 'y', kind: 'uses', uses: 'device.info', forEach: 'alert.title', with: { device: 'a' } }]),
      { alert, incident: null },
      runtime,
    );
    expect(notList.steps[0]).toMatchObject({ status: 'failed', error: expect.stringContaining('not a list') });
    const empty = await runPlaybook(
      playbook([{ id: 'z', kind: 'uses', uses: 'device.info', forEach: '[]', with: { device: 'a' } }]),
      { alert, incident: null },
      runtime,
    );
    expect(empty.steps[0]).toMatchObject({ status: 'skipped', reason: 'forEach: no items' });
  });
});

describe('playbook interpreter: a step of a kind it does not know', () => {
  it('fails the step and the run instead of recording a success', async () => {
    const { runtime, calls } = fakeRuntime({ 'device.info': {} });
    // A definition from a newer or hand-built source: the types rule the kind out, the data need not.
    const unknown = { id: 'shell', kind: 'run', run: 'whoami' } as unknown as PlaybookStep;

    const sut = await runPlaybook(
      playbook([unknown, { id: 'after', kind: 'uses', uses: 'device.info', with: { device: 'ws-1' } }]),
      { alert, incident: null },
      runtime,
    );

    expect(sut.status).toBe('failed');
    expect(sut.error).toBe("unknown step kind 'run'");
    expect(sut.steps).toEqual([expect.objectContaining({ stepId: 'shell', status: 'failed', error: "unknown step kind 'run'" })]);
    expect(calls).toEqual([]);
  });

  it('lets a later step see the unknown step as failed when it continues on error', async () => {
    const unknown = { id: 'shell', kind: 'run', continueOnError: true } as unknown as PlaybookStep;

    const sut = await runPlaybook(
      playbook([
        unknown,
        { id: 'after', kind: 'uses', uses: 'device.info', if: "steps.shell.status == 'failed'", with: { device: 'ws-1' } },
      ]),
      { alert, incident: null },
      fakeRuntime({ 'device.info': {} }).runtime,
    );

    expect(sut.steps.map((s) => [s.stepId, s.status])).toEqual([
      ['shell', 'failed'],
      ['after', 'succeeded'],
    ]);
  });
});

describe('enrichment activity options from a step', () => {
  it('keeps the defaults when the step sets nothing', () => {
    expect(enrichmentOptions({})).toBe(ENRICHMENT);
  });

  it("maps the playbook's retry onto Temporal's retry policy", () => {
    const opts = enrichmentOptions({ timeout: '5s', retry: { maxAttempts: 2, initialInterval: '1s', backoffCoefficient: 3 } });
    expect(opts.startToCloseTimeout).toBe('5s');
    expect(opts.retry).toEqual({ ...ENRICHMENT.retry, maximumAttempts: 2, initialInterval: '1s', backoffCoefficient: 3 });
    expect(opts.retry).not.toHaveProperty('maxAttempts');
  });
});
