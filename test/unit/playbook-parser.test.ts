import { createHash } from 'node:crypto';
import { parsePlaybook, type PlaybookError } from '../../src/playbooks/playbook.parser.js';

/** Joins lines so that line numbers in a test read straight off the array index (+1). */
const yaml = (...lines: string[]) => lines.join('\n') + '\n';

const HEAD = ['name: sample', 'version: "1"', 'triggers:', '  - source: endpoint', 'steps:'];

function errorsOf(text: string): PlaybookError[] {
  const sut = parsePlaybook(text, 'playbooks/sample.yaml');
  expect(sut.definition).toBeUndefined();
  return sut.errors;
}

const at = (line: number, column: number, path: string, message: string | RegExp) =>
  expect.objectContaining({
    file: 'playbooks/sample.yaml',
    line,
    column,
    path,
    message: typeof message === 'string' ? message : expect.stringMatching(message),
  });

describe('parsePlaybook: a valid playbook', () => {
  const text = yaml(
    'name: malware-sample',
    'version: "2.1"',
    'description: Quarantines bad files',
    'triggers:',
    '  - source: Endpoint',
    '    titleMatches: malware',
    '  - type: [a, b]',
    '    category: CredentialAccess',
    '    severityAtLeast: medium',
    "    when: ${{ alert.title != '' }}",
    'steps:',
    '  - id: files',
    "    forEach: ${{ alert.entities.filter(e, e.type == 'file') }}",
    '    steps:',
    '      - id: rep',
    '        uses: file.reputation',
    '        with: { sha256: "${{ item.sha256 }}" }',
    '        timeout: 30s',
    '        retry: { maxAttempts: 2 }',
    '      - id: judge',
    "        if: steps.rep.output.verdict == 'malicious'",
    '        verdict: { entity: "${{ item }}", verdict: malicious, reason: "TI says ${{ steps.rep.output.verdict }}" }',
    '  - id: both',
    '    parallel:',
    '      - id: dev',
    '        uses: device.info',
    '        with: { device: ws-01 }',
    '        continueOnError: true',
    '      - id: who',
    '        uses: user.info',
    '        with: { user: alice@contoso.com }',
    '  - id: isolate',
    '    if: steps.dev.output.found',
    '    remediate: { action: isolate_device, target: "${{ alert.entities[0] }}", reason: bad, params: { comment: x } }',
  );

  it('maps every step to its kind, normalises trigger lists and fills the defaults', () => {
    const sut = parsePlaybook(text, 'playbooks/malware-sample.yaml');

    expect(sut.errors).toEqual([]);
    expect(sut.definition).toEqual({
      name: 'malware-sample',
      version: '2.1',
      description: 'Quarantines bad files',
      fallback: false,
      priority: 100,
      triggers: [
        { source: ['Endpoint'], titleMatches: 'malware' },
        { type: ['a', 'b'], category: ['CredentialAccess'], severityAtLeast: 'medium', when: "alert.title != ''" },
      ],
      steps: [
        {
          id: 'files',
          kind: 'group',
          forEach: "alert.entities.filter(e, e.type == 'file')",
          as: 'item',
          steps: [
            {
              id: 'rep',
              kind: 'uses',
              uses: 'file.reputation',
              with: { sha256: '${{ item.sha256 }}' },
              timeout: '30s',
              retry: { maxAttempts: 2, initialInterval: '1s', backoffCoefficient: 2 },
            },
            {
              id: 'judge',
              kind: 'verdict',
              if: "steps.rep.output.verdict == 'malicious'",
              verdict: { entity: '${{ item }}', verdict: 'malicious', reason: 'TI says ${{ steps.rep.output.verdict }}' },
            },
          ],
        },
        {
          id: 'both',
          kind: 'parallel',
          parallel: [
            { id: 'dev', kind: 'uses', uses: 'device.info', with: { device: 'ws-01' }, continueOnError: true },
            { id: 'who', kind: 'uses', uses: 'user.info', with: { user: 'alice@contoso.com' } },
          ],
        },
        {
          id: 'isolate',
          kind: 'remediate',
          if: 'steps.dev.output.found',
          remediate: { action: 'isolate_device', target: '${{ alert.entities[0] }}', reason: 'bad', params: { comment: 'x' } },
        },
      ],
      hash: createHash('sha256').update(text).digest('hex'),
      file: 'playbooks/malware-sample.yaml',
    });
  });

  it('keeps an explicit priority and `as` name', () => {
    const sut = parsePlaybook(
      yaml(
        'name: p',
        'version: "1"',
        'priority: 5',
        'triggers: [{ severityAtLeast: informational }]',
        'steps:',
        '  - id: each',
        '    forEach: alert.entities',
        '    as: entity',
        '    verdict: { entity: "${{ entity }}", verdict: unknown, reason: r }',
      ),
      'inline',
    );
    expect(sut.errors).toEqual([]);
    expect(sut.definition?.priority).toBe(5);
    expect(sut.definition?.steps[0]).toMatchObject({ kind: 'verdict', forEach: 'alert.entities', as: 'entity' });
  });
});

describe('parsePlaybook: errors carry the line and column of the offending node', () => {
  it('reports YAML syntax errors', () => {
    const errors = errorsOf(yaml(...HEAD, '  - id: a', '    uses: [device.info', '  - id: b'));
    expect(errors).toEqual([at(8, 3, '', /Flow sequence in block collection must be sufficiently indented and end with a \]/)]);
  });

  it('reports a duplicate key as a YAML error', () => {
    expect(errorsOf(yaml('name: a', 'name: b'))).toEqual([at(2, 1, '', 'Map keys must be unique')]);
  });

  it('reports an alias bomb instead of expanding it', () => {
    const levels = [
      'a: &a [x, x, x, x, x, x, x, x, x, x]',
      ...'bcdef'.split('').map((c, i) => `${c}: &${c} [${Array(10).fill(`*${'abcdef'[i]}`).join(', ')}]`),
    ];
    expect(errorsOf(yaml(...levels))).toEqual([at(1, 1, '', /^Excessive alias count/)]);
  });

  it('rejects a document that is not a mapping', () => {
    expect(errorsOf(yaml('- a', '- b'))).toEqual([at(1, 1, '', 'a playbook is a YAML mapping with name, version, triggers and steps')]);
  });

  it('reports unknown fields at their key, at the top level and in a step', () => {
    const errors = errorsOf(yaml(...HEAD, '  - id: a', '    uses: device.info', '    with: { device: d }', '    retries: 3', 'owner: soc'));
    expect(errors).toEqual([at(9, 5, 'steps[0].retries', "unknown field 'retries'"), at(10, 1, 'owner', "unknown field 'owner'")]);
  });

  it('reports missing required fields at the enclosing node', () => {
    const errors = errorsOf(
      yaml('name: sample', 'triggers:', '  - source: endpoint', 'steps:', '  - uses: device.info', '    with: { device: d }'),
    );
    expect(errors).toEqual([
      at(1, 1, 'version', "missing required field 'version'"),
      at(5, 5, 'steps[0].id', "missing required field 'id'"),
    ]);
  });

  it('checks name, version and priority', () => {
    const errors = errorsOf(
      yaml(
        'name: Malware_On_Device',
        'version: 1',
        'priority: 1.5',
        'triggers: [{ source: x }]',
        'steps: [{ id: a, uses: user.info, with: { user: u } }]',
      ),
    );
    expect(errors).toEqual([
      at(1, 7, 'name', /must be kebab-case/),
      at(2, 10, 'version', 'must be a string (quote it: version: "1")'),
      at(3, 11, 'priority', 'must be an integer'),
    ]);
  });

  it('needs at least one trigger and one step', () => {
    const errors = errorsOf(yaml('name: sample', 'version: "1"', 'triggers: []', 'steps: []'));
    expect(errors).toEqual([
      at(3, 11, 'triggers', 'a playbook needs at least one trigger'),
      at(4, 8, 'steps', 'a playbook needs at least one step'),
    ]);
  });

  it('checks trigger fields', () => {
    const errors = errorsOf(
      yaml(
        'name: sample',
        'version: "1"',
        'triggers:',
        '  - source: [endpoint, 3]',
        '    severityAtLeast: critical',
        '    titleMatches: "([a-"',
        '  - {}',
        'steps: [{ id: a, uses: user.info, with: { user: u } }]',
      ),
    );
    expect(errors).toEqual([
      at(4, 13, 'triggers[0].source', 'must be a string or a list of strings'),
      at(5, 22, 'triggers[0].severityAtLeast', 'must be one of informational, low, medium, high'),
      at(6, 19, 'triggers[0].titleMatches', 'is not a valid regular expression'),
      at(7, 5, 'triggers[1]', /^a trigger needs at least one of source, type, category/),
    ]);
  });

  it('checks step ids: format, and uniqueness across nested steps', () => {
    const errors = errorsOf(
      yaml(
        ...HEAD,
        '  - id: Enrich-1',
        '    uses: user.info',
        '    with: { user: u }',
        '  - id: grp',
        '    steps:',
        '      - id: grp',
        '        uses: user.info',
        '        with: { user: u }',
      ),
    );
    expect(errors).toEqual([
      at(6, 9, 'steps[0].id', /^must start with a lower-case letter and contain only a-z, 0-9 and _/),
      at(11, 13, 'steps[1].steps[0].id', "duplicate step id 'grp': steps[1] already uses it"),
    ]);
  });

  it('needs exactly one kind per step, `with` only with `uses`, `as` only with `forEach`', () => {
    const errors = errorsOf(
      yaml(
        ...HEAD,
        '  - id: nothing',
        '    name: does nothing',
        '  - id: two',
        '    uses: user.info',
        '    with: { user: u }',
        '    verdict: { entity: "${{ alert }}", verdict: unknown, reason: r }',
        '  - id: stray',
        '    with: { x: 1 }',
        '    as: thing',
        '    verdict: { entity: "${{ alert }}", verdict: unknown, reason: r }',
      ),
    );
    expect(errors).toEqual([
      at(6, 5, 'steps[0]', 'a step needs one of: uses, verdict, remediate, parallel, steps'),
      at(
        11,
        5,
        'steps[1].verdict',
        "'verdict' cannot be combined with 'uses': a step does exactly one of uses, verdict, remediate, parallel, steps",
      ),
      at(13, 5, 'steps[2].with', "'with' gives the arguments of 'uses' and needs it"),
      at(14, 5, 'steps[2].as', "'as' names the item of a 'forEach' and needs it"),
    ]);
  });

  it('names an unknown step kind at its field, in nested steps too, instead of reading the step as a group', () => {
    const errors = errorsOf(
      yaml(...HEAD, '  - id: shell', '    run: whoami', '  - id: outer', '    parallel:', '      - id: inner', '        script: { x: 1 }'),
    );
    expect(errors).toEqual([
      at(7, 5, 'steps[0].run', "unknown step kind 'run': a step does one of uses, verdict, remediate, parallel, steps"),
      at(11, 9, 'steps[1].parallel[0].script', "unknown step kind 'script': a step does one of uses, verdict, remediate, parallel, steps"),
    ]);
  });

  it('checks `as`, timeout and retry', () => {
    const errors = errorsOf(
      yaml(
        ...HEAD,
        '  - id: a',
        '    forEach: alert.entities',
        '    as: alert',
        '    uses: user.info',
        '    with: { user: u }',
        '    timeout: 2h',
        '    retry: { maxAttempts: 11, initialInterval: soon, backoffCoefficient: 0.5 }',
        '  - id: b',
        '    forEach: alert.entities',
        '    as: 1st',
        '    timeout: 90',
        '    uses: user.info',
        '    with: { user: u }',
      ),
    );
    expect(errors).toEqual([
      at(8, 9, 'steps[0].as', 'is a reserved name'),
      at(11, 14, 'steps[0].timeout', 'must be a duration like 500ms, 30s, 2m or 1h, greater than 0 and at most 1h'),
      at(12, 27, 'steps[0].retry.maxAttempts', /<=10/),
      at(12, 48, 'steps[0].retry.initialInterval', /^must be a duration/),
      at(12, 74, 'steps[0].retry.backoffCoefficient', />=1/),
      at(15, 9, 'steps[1].as', 'must be an identifier (letters, digits and _)'),
      at(16, 14, 'steps[1].timeout', /expected string/),
    ]);
  });

  it('checks `uses` against the catalog and literal `with` arguments against its input', () => {
    const errors = errorsOf(
      yaml(
        ...HEAD,
        '  - id: a',
        '    uses: file.hash',
        '  - id: b',
        '    uses: user.signins',
        '    with:',
        '      user: alice',
        '      hours: 9999',
        '      since: yesterday',
        '  - id: c',
        '    uses: device.info',
        '    with: {}',
        '  - id: d',
        '    uses: email.similar',
        '    with: {}',
      ),
    );
    expect(errors).toEqual([
      at(7, 11, 'steps[0].uses', /^must name a catalog function: device\.info, file\.reputation/),
      at(12, 14, 'steps[1].with.hours', /^user\.signins: Too big: expected number to be <=720/),
      at(13, 7, 'steps[1].with.since', "user.signins has no argument 'since' (it takes user, hours)"),
      at(16, 11, 'steps[2].with.device', "device.info needs the argument 'device'"),
      at(19, 11, 'steps[3].with', 'email.similar: give at least one of networkMessageId, sender, subject, url, attachmentSha256'),
    ]);
  });

  it('skips dynamic `${{ }}` arguments but still requires the required ones', () => {
    const ok = parsePlaybook(
      yaml(...HEAD, '  - id: a', '    uses: user.signins', '    with: { user: "${{ alert.entities[0].upn }}", hours: "${{ 24 * 2 }}" }'),
      'inline',
    );
    expect(ok.errors).toEqual([]);

    const errors = errorsOf(yaml(...HEAD, '  - id: a', '    uses: user.signins', '    with: { hours: "${{ 24 }}" }'));
    expect(errors).toEqual([at(8, 11, 'steps[0].with.user', "user.signins needs the argument 'user'")]);
  });

  it('checks remediate actions and verdict values', () => {
    const errors = errorsOf(
      yaml(
        ...HEAD,
        '  - id: v',
        '    verdict: { entity: "${{ alert.entities[0] }}", verdict: evil, reason: r }',
        '  - id: w',
        '    verdict: { entity: "${{ alert.entities[0] }}", verdict: "${{ \'malicious\' }}", reason: r }',
        '  - id: r',
        '    remediate:',
        '      action: release_device',
        '      target: the-device',
        '      reason: r',
      ),
    );
    expect(errors).toEqual([
      at(7, 61, 'steps[0].verdict.verdict', 'must be one of malicious, suspicious, unknown, no_threats_found or a ${{ … }} expression'),
      at(12, 15, 'steps[2].remediate.action', /^must be one of the proposable actions: isolate_device/),
      at(13, 15, 'steps[2].remediate.target', 'must be a ${{ … }} expression that yields an entity, e.g. ${{ item }}'),
    ]);
  });

  it('parses every expression as CEL: if, forEach, when and templates anywhere in with/verdict/remediate', () => {
    const errors = errorsOf(
      yaml(
        'name: sample',
        'version: "1"',
        'triggers:',
        '  - when: alert.severity ==',
        'steps:',
        '  - id: a',
        '    if: alert.title &&& true',
        '    forEach: ${{ alert.entities.filter(e, e.type == ) }}',
        '    uses: user.info',
        '    with: { user: "u-${{ item.upn + }}" }',
        '  - id: b',
        '    remediate:',
        '      action: isolate_device',
        '      target: ${{ item }}',
        '      reason: "why ${{ steps.a.output.risk"',
        '      params: { notes: ["${{ [1, }}"] }',
        '  - id: c',
        '    if: a ${{ b }}',
        '    verdict: { entity: "${{ alert }}", verdict: unknown, reason: r }',
      ),
    );
    expect(errors).toEqual([
      at(4, 11, 'triggers[0].when', "invalid CEL expression 'alert.severity ==': Unexpected token: EOF (at character 18)"),
      at(7, 9, 'steps[0].if', /^invalid CEL expression 'alert\.title &&& true': Unexpected character: & \(at character 15\)$/),
      at(8, 14, 'steps[0].forEach', /^invalid CEL expression 'alert\.entities\.filter\(e, e\.type == \)'/),
      at(10, 19, 'steps[0].with.user', /^invalid CEL expression 'item\.upn \+'/),
      at(15, 15, 'steps[1].remediate.reason', "has a '${{' without its closing '}}'"),
      at(16, 25, 'steps[1].remediate.params.notes[0]', /^invalid CEL expression '\[1,'/),
      at(18, 9, 'steps[2].if', 'must be one CEL expression, written bare or as a single ${{ … }}'),
    ]);
  });

  it('flags text that starts with ${{ and ends with }}: the interpreter reads it as one expression', () => {
    const errors = errorsOf(
      yaml(
        ...HEAD,
        '  - id: a',
        '    verdict:',
        '      entity: "${{ alert }}"',
        '      verdict: unknown',
        '      reason: "${{ alert.source }} says ${{ alert.title }}"',
      ),
    );
    expect(errors).toEqual([
      at(
        10,
        15,
        'steps[0].verdict.reason',
        'starts with ${{ and ends with }}, so it is read as one expression; put text before the first ${{ or after the last }}',
      ),
    ]);
  });

  it('allows references to steps that ran earlier, including inside earlier groups and parallel blocks', () => {
    const sut = parsePlaybook(
      yaml(
        ...HEAD,
        '  - id: fan',
        '    parallel:',
        '      - id: left',
        '        uses: user.info',
        '        with: { user: u }',
        '      - id: right',
        '        steps:',
        '          - id: inner',
        '            uses: device.info',
        '            with: { device: d }',
        '          - id: after_inner',
        '            if: steps.inner.output.found',
        '            uses: device.info',
        '            with: { device: "${{ steps[\'inner\'].output.hostname }}" }',
        '  - id: last',
        '    if: steps.left.output.found && steps.after_inner.status == "succeeded" && steps.fan.status == "succeeded"',
        '    uses: user.info',
        '    with: { user: u }',
      ),
      'inline',
    );
    expect(sut.errors).toEqual([]);
  });

  it('rejects references to unknown, later, own, enclosed, enclosing and parallel steps', () => {
    const errors = errorsOf(
      yaml(
        ...HEAD,
        '  - id: first',
        '    if: steps.nope.output.x',
        '    uses: user.info',
        '    with: { user: "${{ steps.second.output.upn }}" }',
        '  - id: second',
        '    if: steps.second.output.found',
        '    uses: user.info',
        '    with: { user: u }',
        '  - id: grp',
        '    if: steps.child.status == "succeeded"',
        '    steps:',
        '      - id: child',
        '        if: steps.grp.status == "succeeded"',
        '        uses: user.info',
        '        with: { user: u }',
        '  - id: fan',
        '    parallel:',
        '      - id: a',
        '        uses: user.info',
        '        with: { user: u }',
        '      - id: b',
        '        uses: user.info',
        '        with: { user: "${{ steps.a.output.upn }}" }',
      ),
    );
    expect(errors).toEqual([
      at(7, 9, 'steps[0].if', "steps.nope: there is no step with id 'nope'"),
      at(9, 19, 'steps[0].with.user', "steps.second: step 'second' is declared after this step and has not run yet"),
      at(11, 9, 'steps[1].if', 'steps.second: a step cannot read its own output'),
      at(15, 9, 'steps[2].if', "steps.child: step 'child' is inside this step and has not run when this step's expressions are evaluated"),
      at(18, 13, 'steps[2].steps[0].if', "steps.grp: step 'grp' encloses this step and has not finished yet"),
      at(28, 23, 'steps[3].parallel[1].with.user', "steps.a: step 'a' runs in parallel with this step"),
    ]);
  });

  it('rejects step references in a trigger', () => {
    const errors = errorsOf(
      yaml(
        'name: sample',
        'version: "1"',
        'triggers:',
        '  - when: steps.a.output.x',
        'steps: [{ id: a, uses: user.info, with: { user: u } }]',
      ),
    );
    expect(errors).toEqual([at(4, 11, 'triggers[0].when', 'steps.a: a trigger sees only the alert; no step has run yet')]);
  });

  it('collects every error in one pass, in document order', () => {
    const errors = errorsOf(
      yaml(
        'name: Bad',
        'version: "1"',
        'triggers: [{ titleMatches: "(" }]',
        'steps:',
        '  - id: a',
        '    uses: nope',
        '    timeout: forever',
        '  - id: a',
        '    if: steps.zzz.x',
        '    verdict: { entity: x, verdict: y, reason: z }',
      ),
    );
    expect(errors.map((e) => [e.line, e.path])).toEqual([
      [1, 'name'],
      [3, 'triggers[0].titleMatches'],
      [6, 'steps[0].uses'],
      [7, 'steps[0].timeout'],
      [8, 'steps[1].id'],
      [9, 'steps[1].if'],
      [10, 'steps[1].verdict.entity'],
      [10, 'steps[1].verdict.verdict'],
    ]);
  });
});
