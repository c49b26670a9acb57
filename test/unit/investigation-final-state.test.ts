import {
  detectorVerdict,
  finalInvestigationState as sut,
  isUnsettled,
  settledVerdict,
  type FinalInvestigationState,
  type InvestigationFacts,
} from '../../src/domain/investigation.js';

const facts = (over: Partial<InvestigationFacts> = {}): InvestigationFacts => ({
  cancelled: false,
  runs: { total: 1, failed: 0 },
  evidence: {},
  actions: {},
  unsettled: 0,
  ...over,
});

describe('the verdict a detector gives what it names', () => {
  it.each([
    ['file', 'high', 'suspicious'],
    ['process', 'medium', 'suspicious'],
    ['url', 'high', 'suspicious'],
    ['email', 'medium', 'suspicious'],
    ['file', 'low', 'unknown'],
    ['url', 'informational', 'unknown'],
    ['device', 'high', 'unknown'],
    ['user', 'high', 'unknown'],
    ['ip', 'high', 'unknown'],
  ])('%s in a %s alert: %s', (type, severity, verdict) => {
    expect(detectorVerdict(type, severity)).toBe(verdict);
  });
});

describe('the verdict evidence settles on', () => {
  const detector = (verdict: 'suspicious' | 'unknown') => ({ verdict, detector: 'endpoint' });
  const playbook = (verdict: 'malicious' | 'suspicious' | 'no_threats_found' | 'unknown') => ({ verdict, playbook: 'p', step: 's' });
  it.each([
    ['the detector alone', [detector('suspicious')], 'suspicious'],
    ['clean facts overrule the detector', [detector('suspicious'), playbook('no_threats_found')], 'no_threats_found'],
    ['unknown facts do not', [detector('suspicious'), playbook('unknown')], 'suspicious'],
    ['the strongest conclusive fact wins', [playbook('no_threats_found'), playbook('malicious'), detector('suspicious')], 'malicious'],
    ['one clean answer settles an unknown one', [playbook('unknown'), playbook('no_threats_found')], 'no_threats_found'],
    ['nothing conclusive and nothing flagged', [detector('unknown'), playbook('unknown')], 'unknown'],
  ] as const)('%s', (_name, reasons, expected) => {
    expect(settledVerdict(reasons)).toBe(expected);
  });
});

describe('the state an investigation ends in', () => {
  const cases: [string, InvestigationFacts, FinalInvestigationState][] = [
    ['cancelled by a person, whatever else happened', facts({ cancelled: true, actions: { succeeded: 2 } }), 'terminated_by_user'],
    ['cancelled before any playbook ran', facts({ cancelled: true, runs: { total: 0, failed: 0 } }), 'terminated_by_user'],
    ['no playbook ran', facts({ runs: { total: 0, failed: 0 } }), 'unsupported_alert_type'],
    ['no playbook ran, even with evidence', facts({ runs: { total: 0, failed: 0 }, evidence: { malicious: 1 } }), 'unsupported_alert_type'],
    ['every action expired', facts({ actions: { expired: 2 } }), 'terminated_by_system'],
    ['every action succeeded', facts({ evidence: { malicious: 1 }, actions: { succeeded: 3 } }), 'remediated'],
    [
      'every action succeeded but a playbook failed',
      facts({ runs: { total: 2, failed: 1 }, actions: { succeeded: 1 } }),
      'partially_investigated',
    ],
    ['some actions succeeded, one was rejected', facts({ actions: { succeeded: 1, rejected: 1 } }), 'partially_remediated'],
    ['some succeeded, one failed', facts({ actions: { succeeded: 1, failed: 1 } }), 'partially_remediated'],
    ['some succeeded, some expired', facts({ actions: { succeeded: 1, expired: 1 } }), 'partially_remediated'],
    ['none succeeded and one failed', facts({ actions: { failed: 1, rejected: 2 } }), 'failed'],
    ['every action rejected', facts({ actions: { rejected: 2 } }), 'partially_remediated'],
    ['some expired, some rejected', facts({ actions: { expired: 1, rejected: 1 } }), 'partially_remediated'],
    ['an action undone after it ran', facts({ actions: { undone: 1 } }), 'partially_remediated'],
    [
      'actions settle before playbook failures count',
      facts({ runs: { total: 1, failed: 1 }, actions: { rejected: 1 } }),
      'partially_remediated',
    ],
    ['no actions and every playbook failed', facts({ runs: { total: 2, failed: 2 } }), 'failed'],
    ['no actions and some playbooks failed', facts({ runs: { total: 3, failed: 1 } }), 'partially_investigated'],
    ['no actions, a malicious finding', facts({ evidence: { malicious: 1, no_threats_found: 2 } }), 'partially_investigated'],
    ['no actions, a suspicious finding', facts({ evidence: { suspicious: 1 } }), 'partially_investigated'],
    [
      'no actions, only unknown and clean verdicts, none on a threat carrier',
      facts({ evidence: { unknown: 2, no_threats_found: 3 } }),
      'no_threats_found',
    ],
    [
      'no actions, a file nobody could settle',
      facts({ evidence: { unknown: 1, no_threats_found: 3 }, unsettled: 1 }),
      'partially_investigated',
    ],
    [
      'a file nobody could settle does not undo a remediation',
      facts({ evidence: { malicious: 1, unknown: 1 }, actions: { succeeded: 1 }, unsettled: 1 }),
      'remediated',
    ],
    ['cancelled with unsettled evidence', facts({ cancelled: true, unsettled: 2 }), 'terminated_by_user'],
    ['no actions and no evidence', facts(), 'no_threats_found'],
    ['zero counts are the same as none', facts({ evidence: { malicious: 0 }, actions: { succeeded: 0 } }), 'no_threats_found'],
  ];

  it.each(cases)('%s', (_name, input, expected) => {
    expect(sut(input)).toBe(expected);
  });
});

describe('evidence that keeps an investigation open (isUnsettled)', () => {
  const cases: [string, Parameters<typeof isUnsettled>[0], boolean][] = [
    ['a file nobody could judge', { verdict: 'unknown', entityType: 'file', reasons: [{ detector: 'endpoint' }] }, true],
    ['a device only the detector named', { verdict: 'unknown', entityType: 'device', reasons: [{ detector: 'endpoint' }] }, false],
    [
      'a device a playbook looked at and could not tell',
      { verdict: 'unknown', entityType: 'device', reasons: [{ playbook: 'p', step: 's' }] },
      true,
    ],
    ['a file judged clean', { verdict: 'no_threats_found', entityType: 'file', reasons: [{ playbook: 'p', step: 's' }] }, false],
    [
      'a suspicious URL (a finding, not an open question)',
      { verdict: 'suspicious', entityType: 'url', reasons: [{ detector: 'email' }] },
      false,
    ],
  ];
  it.each(cases)('%s', (_name, input, expected) => {
    expect(isUnsettled(input)).toBe(expected);
  });
});
