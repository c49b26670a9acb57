import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import type { PlaybookTrigger } from '../../src/domain/playbook.js';
import { parsePlaybook } from '../../src/playbooks/playbook.parser.js';
import { PlaybookRegistry, triggerMatches } from '../../src/playbooks/playbook.registry.js';

const silent = pino({ level: 'silent' });

function playbook(name: string, triggers: string, priority = 100): string {
  return [
    `name: ${name}`,
    'version: "1"',
    `priority: ${priority}`,
    'triggers:',
    triggers,
    'steps:',
    '  - id: who',
    '    uses: user.info',
    '    with: { user: alice@contoso.com }',
    '',
  ].join('\n');
}

const alert = (over: Record<string, unknown> = {}) => ({
  id: 'a-1',
  externalId: 'x-1',
  source: 'endpoint',
  title: 'Suspicious LSASS access by procdump.exe',
  type: 'CredentialDumping',
  severity: 'medium',
  category: 'CredentialAccess',
  entities: [{ type: 'user', upn: 'alice@contoso.com' }],
  ...over,
});

describe('PlaybookRegistry', () => {
  let dir: string;
  const write = (file: string, text: string) => writeFileSync(join(dir, file), text);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'quell-playbooks-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('matches with a promoted or pinned version in place of the file of the same name, and keeps each file text by hash', () => {
    const text = playbook('cred-theft', '  - category: CredentialAccess');
    write('cred.yaml', text);
    write('other.yaml', playbook('other', '  - source: [endpoint]', 200));
    const sut = new PlaybookRegistry(dir, silent);
    const fileHash = sut.get('cred-theft')!.hash;
    const promoted = parsePlaybook(playbook('cred-theft', '  - source: [identity]'), 'stored').definition!;

    expect(sut.match(alert()).map((p) => p.name)).toEqual(['cred-theft', 'other']);
    expect(sut.match(alert(), [promoted]).map((p) => p.name)).toEqual(['other']);
    expect(sut.match(alert({ source: 'identity' }), [promoted]).map((p) => p.hash)).toEqual([promoted.hash]);
    expect(sut.source(fileHash)).toBe(text);
    expect(sut.source(promoted.hash)).toBeUndefined();
  });

  it('loads valid files, reports an invalid one and a duplicate name without throwing', () => {
    write('a-first.yaml', playbook('cred-theft', '  - category: CredentialAccess'));
    write('b-broken.yml', playbook('broken', '  - titleMatches: "("'));
    write('c-copy.yaml', playbook('cred-theft', '  - source: endpoint'));
    write('notes.txt', 'not a playbook');
    const sut = new PlaybookRegistry(dir, silent);

    const report = sut.load();

    expect(report.loaded).toEqual(['cred-theft']);
    expect(report.skipped).toEqual([
      {
        file: join(dir, 'b-broken.yml'),
        errors: [
          expect.objectContaining({ line: 5, column: 19, path: 'triggers[0].titleMatches', message: 'is not a valid regular expression' }),
        ],
      },
      {
        file: join(dir, 'c-copy.yaml'),
        errors: [
          {
            file: join(dir, 'c-copy.yaml'),
            line: 1,
            column: 7,
            path: 'name',
            message: `duplicate playbook name 'cred-theft': ${join(dir, 'a-first.yaml')} already defines it`,
          },
        ],
      },
    ]);
    expect(sut.errors().map((e) => e.file)).toEqual([join(dir, 'b-broken.yml'), join(dir, 'c-copy.yaml')]);
    expect(sut.list().map((p) => p.file)).toEqual([join(dir, 'a-first.yaml')]);
    expect(sut.get('cred-theft')?.triggers).toEqual([{ category: ['CredentialAccess'] }]);
    expect(sut.get('broken')).toBeUndefined();
  });

  it('reports a missing directory instead of throwing', () => {
    const sut = new PlaybookRegistry(join(dir, 'absent'), silent);
    expect(sut.load().loaded).toEqual([]);
    expect(sut.errors()).toEqual([
      expect.objectContaining({ message: expect.stringMatching(/^cannot read the playbook directory: ENOENT/) }),
    ]);
  });

  it('loads on first use when load() was not called', () => {
    write('p.yaml', playbook('lazy', '  - source: endpoint'));
    expect(new PlaybookRegistry(dir, silent).match(alert()).map((p) => p.name)).toEqual(['lazy']);
  });

  it('returns the matching playbooks by priority, then name', () => {
    write('1.yaml', playbook('zeta', '  - source: ENDPOINT', 50));
    write('2.yaml', playbook('alpha', '  - category: Credential access', 50));
    write('3.yaml', playbook('first', '  - titleMatches: lsass', 10));
    write('4.yaml', playbook('email-only', '  - source: [email, cloudapp]', 1));
    const sut = new PlaybookRegistry(dir, silent);
    sut.load();

    expect(sut.match(alert()).map((p) => p.name)).toEqual(['first', 'alpha', 'zeta']);
    expect(sut.match(alert({ source: 'Email', title: 'x', category: 'InitialAccess' })).map((p) => p.name)).toEqual(['email-only']);
  });

  it('runs a playbook when any one of its triggers matches', () => {
    write('p.yaml', playbook('multi', ['  - source: identity', '  - type: [CredentialDumping]'].join('\n')));
    const sut = new PlaybookRegistry(dir, silent);
    expect(sut.match(alert()).map((p) => p.name)).toEqual(['multi']);
    expect(sut.match(alert({ type: 'Other' }))).toEqual([]);
  });

  it('picks up an edit on reload, with a new hash', () => {
    write('p.yaml', playbook('editable', '  - source: identity'));
    const sut = new PlaybookRegistry(dir, silent);
    sut.load();
    const before = sut.get('editable')!.hash;
    expect(sut.match(alert())).toEqual([]);

    write('p.yaml', playbook('editable', '  - source: endpoint'));
    const report = sut.reload();

    expect(report).toEqual({ loaded: ['editable'], skipped: [] });
    expect(sut.get('editable')!.hash).not.toBe(before);
    expect(sut.match(alert()).map((p) => p.name)).toEqual(['editable']);
  });

  it('drops a playbook whose file became invalid, and reports it', () => {
    write('p.yaml', playbook('fragile', '  - source: endpoint'));
    const sut = new PlaybookRegistry(dir, silent);
    sut.load();
    write('p.yaml', 'name: fragile\nversion: [\n');

    sut.reload();

    expect(sut.get('fragile')).toBeUndefined();
    expect(sut.errors()).toHaveLength(1);
  });
});

describe('triggerMatches', () => {
  const cases: [string, PlaybookTrigger, Record<string, unknown>, boolean][] = [
    ['source, case-insensitively', { source: ['Endpoint'] }, {}, true],
    ['source not listed', { source: ['identity', 'email'] }, {}, false],
    ['type', { type: ['credentialdumping'] }, {}, true],
    ['type absent on the alert', { type: ['CredentialDumping'] }, { type: undefined }, false],
    ['category by canonical tactic', { category: ['credential_access'] }, {}, true],
    ['severity at the floor', { severityAtLeast: 'medium' }, {}, true],
    ['severity above the floor', { severityAtLeast: 'low' }, { severity: 'high' }, true],
    ['severity below the floor', { severityAtLeast: 'high' }, {}, false],
    ['title regex, case-insensitively', { titleMatches: 'lsass|mimikatz' }, { title: 'LSASS memory read' }, true],
    ['title regex not matching', { titleMatches: '^ransom' }, {}, false],
    ['when on entities', { when: "alert.entities.exists(e, e.type == 'user' && e.upn.endsWith('@contoso.com'))" }, {}, true],
    ['when false', { when: "alert.severity == 'high'" }, {}, false],
    ['when failing to evaluate', { when: 'alert.nope == 1' }, {}, false],
    ['when yielding a non-boolean', { when: 'alert.title' }, {}, false],
    ['every field must match', { source: ['endpoint'], severityAtLeast: 'high' }, {}, false],
  ];

  it.each(cases)('%s', (_, trigger, over, expected) => {
    expect(triggerMatches(trigger, alert(over))).toBe(expected);
  });
});
