import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pino } from 'pino';
import { type PlaybookRuntime, runPlaybook } from '../../workflows/playbook-interpreter.js';
import { ACTIONS, type ActionType } from '../../src/domain/actions.js';
import { entitySchema } from '../../src/domain/alert.js';
import type { CatalogFunction } from '../../src/domain/catalog.js';
import { projectRoot } from '../../src/infra/paths.js';
import { parsePlaybook } from '../../src/playbooks/playbook.parser.js';
import { PlaybookRegistry } from '../../src/playbooks/playbook.registry.js';

const dir = join(projectRoot, 'playbooks');
const files = readdirSync(dir).filter((f) => /\.ya?ml$/.test(f));

describe('shipped playbooks', () => {
  it('are at least ten', () => {
    expect(files.length).toBeGreaterThanOrEqual(10);
  });

  it.each(files)('%s parses with no errors, named after its file, with a description', (file) => {
    const { definition, errors } = parsePlaybook(readFileSync(join(dir, file), 'utf8'), `playbooks/${file}`);
    expect(errors).toEqual([]);
    expect(definition!.name).toBe(basename(file).replace(/\.ya?ml$/, ''));
    expect(definition!.description.length).toBeGreaterThan(40);
  });

  it('have unique names and all load into the registry', () => {
    const sut = new PlaybookRegistry(dir, pino({ level: 'silent' }));
    const report = sut.load();
    expect(report.skipped).toEqual([]);
    expect(new Set(report.loaded).size).toBe(files.length);
  });
});

/** Enrichment answers for an attack in progress: every check comes back bad. */
const OUTPUTS: Record<CatalogFunction, unknown> = {
  'device.info': {
    found: true,
    deviceId: 'dev-1',
    hostname: 'ws-01',
    os: 'Windows 11',
    deviceGroup: 'Workstations',
    isolated: false,
    restricted: false,
    loggedOnUsers: ['alice'],
    risk: 'high',
  },
  'file.reputation': { verdict: 'suspicious', source: 'lab-ti', prevalence: 2, devices: ['dev-1', 'dev-2'] },
  'url.reputation': { verdict: 'malicious', source: 'lab-ti', domain: 'evil.example' },
  'ip.reputation': { verdict: 'malicious', source: 'lab-ti' },
  'domain.reputation': { verdict: 'malicious', source: 'lab-ti' },
  'user.info': {
    found: true,
    upn: 'alice@contoso.com',
    enabled: true,
    isAdmin: true,
    groups: ['Finance'],
    risk: 'high',
    compromised: false,
  },
  'user.signins': { signins: [], countries: ['NL', 'BR'], failed: 14, succeeded: 1, impossibleTravel: true },
  'email.similar': {
    count: 1,
    messages: [
      {
        networkMessageId: 'msg-2',
        mailbox: 'bob@contoso.com',
        sender: 'billing@evil.example',
        subject: 'Invoice',
        receivedAt: '2025-01-01T10:00:00Z',
        deleted: false,
      },
    ],
    mailboxes: ['bob@contoso.com'],
  },
  'alerts.related': {
    count: 2,
    alerts: [{ id: 'a-9', title: 'Pass-the-hash', severity: 'high', incidentId: 3, firstActivityAt: '2025-01-01T09:00:00Z' }],
  },
  'process.details': {
    encoded: true,
    decoded: 'IEX (New-Object Net.WebClient)',
    indicators: ['encoded_powershell', 'lsass_minidump_via_comsvcs'],
    suspicious: true,
  },
};

const E = {
  device: { type: 'device', deviceId: 'dev-1', hostname: 'ws-01.contoso.local' },
  user: { type: 'user', upn: 'alice@contoso.com' },
  file: { type: 'file', sha256: 'a'.repeat(64), name: 'invoice.exe' },
  process: { type: 'process', commandLine: 'powershell.exe -enc SQBFAFgA', imageFile: 'powershell.exe' },
  url: { type: 'url', url: 'https://evil.example/login' },
  email: { type: 'email', networkMessageId: 'msg-1', sender: 'billing@evil.example', recipient: 'alice@contoso.com', subject: 'Invoice' },
  mailbox: { type: 'mailbox', address: 'alice@contoso.com' },
  ip: { type: 'ip', address: '203.0.113.7' },
};

const sample = (title: string, source: string, severity: string, entities: object[], extra: Record<string, unknown> = {}) => ({
  externalId: `x-${title}`,
  source,
  title,
  severity,
  entities,
  ...extra,
});

const SCENARIOS: [string, Record<string, unknown>, ActionType[]][] = [
  ['malware-on-device', sample('Trojan detected on ws-01', 'endpoint', 'high', [E.device, E.file]), ['isolate_device', 'quarantine_file']],
  [
    'suspicious-process',
    sample('Suspicious PowerShell command line', 'endpoint', 'medium', [E.device, E.process], { category: 'Execution' }),
    ['restrict_app_execution', 'run_av_scan'],
  ],
  [
    'credential-theft',
    sample('Possible LSASS memory dump', 'endpoint', 'high', [E.device, E.user, E.process], { category: 'CredentialAccess' }),
    ['collect_investigation_package', 'reset_password', 'revoke_sessions'],
  ],
  [
    'lateral-movement',
    sample('Lateral movement using PsExec', 'endpoint', 'high', [E.device, E.user], { category: 'LateralMovement' }),
    ['isolate_device', 'mark_user_compromised'],
  ],
  [
    'ransomware',
    sample('Ransomware activity detected', 'endpoint', 'high', [E.device, E.file], { category: 'Impact' }),
    ['isolate_device', 'stop_and_quarantine_file'],
  ],
  [
    'malicious-url-click',
    sample('User clicked a malicious URL', 'email', 'medium', [E.user, E.url, E.email]),
    ['block_url', 'soft_delete_email'],
  ],
  [
    'user-reported-phish',
    sample('Email reported by user as phish', 'email', 'low', [E.email, E.url]),
    ['block_sender', 'block_url', 'soft_delete_email'],
  ],
  [
    'malicious-email-delivered',
    sample('Email messages containing malware removed after delivery', 'email', 'medium', [E.email, E.file]),
    ['soft_delete_email'],
  ],
  [
    'compromised-account',
    sample('Impossible travel activity', 'identity', 'medium', [E.user, E.ip]),
    ['disable_user', 'reset_password', 'revoke_sessions'],
  ],
  [
    'business-email-compromise',
    sample('Suspicious inbox manipulation rule', 'cloudapp', 'medium', [E.user, E.mailbox]),
    ['disable_external_forwarding', 'mark_user_compromised', 'remove_inbox_rule'],
  ],
];

/** Records what a playbook would do, and insists every verdict and target is a real entity of the right type. */
function recordingRuntime() {
  const actions: { action: string; target: unknown; params: Record<string, unknown> }[] = [];
  const verdicts: { entity: unknown; verdict: string }[] = [];
  const runtime: PlaybookRuntime = {
    now: () => 0,
    call: async (_step, fn) => ({ output: OUTPUTS[fn as CatalogFunction], attempts: 1 }),
    verdict: async (_step, entity, verdict) => {
      entitySchema.parse(entity);
      verdicts.push({ entity, verdict });
      return { verdict };
    },
    remediate: async (_step, action, target, _reason, params) => {
      const entity = entitySchema.parse(target);
      expect(entity.type).toBe(ACTIONS[action as ActionType].target);
      actions.push({ action, target, params });
      return { status: 'proposed' };
    },
  };
  return { runtime, actions, verdicts };
}

describe('shipped playbooks against a sample attack', () => {
  const registry = new PlaybookRegistry(dir, pino({ level: 'silent' }));

  it.each(SCENARIOS)('%s is triggered and proposes its remediation', async (name, alert, expected) => {
    expect(registry.match(alert).map((p) => p.name)).toContain(name);
    const { runtime, actions, verdicts } = recordingRuntime();

    const result = await runPlaybook(registry.get(name)!, { alert, incident: { id: 1, name: 'incident', severity: 'high' } }, runtime);

    expect(result.steps.filter((s) => s.status === 'failed')).toEqual([]);
    expect(result.status).toBe('succeeded');
    expect([...new Set(actions.map((a) => a.action))].sort()).toEqual(expected);
    expect(verdicts.length).toBeGreaterThan(0);
  });

  it('malicious-email-delivered removes the whole cluster in one action', async () => {
    const { runtime, actions } = recordingRuntime();
    await runPlaybook(registry.get('malicious-email-delivered')!, { alert: SCENARIOS[7][1], incident: null }, runtime);
    expect(actions).toEqual([
      { action: 'soft_delete_email', target: E.email, params: { scope: 'cluster', mailboxes: ['bob@contoso.com'] } },
    ]);
  });

  it('does nothing drastic when enrichment comes back clean', async () => {
    const { runtime, actions, verdicts } = recordingRuntime();
    const clean: PlaybookRuntime = {
      ...runtime,
      call: async (_step, fn) => ({
        output:
          fn === 'file.reputation' ? { verdict: 'clean', source: 'lab-ti', prevalence: 900, devices: [] } : OUTPUTS[fn as CatalogFunction],
        attempts: 1,
      }),
    };
    const result = await runPlaybook(registry.get('malware-on-device')!, { alert: SCENARIOS[0][1], incident: null }, clean);
    expect(result.status).toBe('succeeded');
    expect(verdicts.length).toBeGreaterThan(0);
    expect(actions).toEqual([]);
  });
});
