import { diffOutcomes } from '../../src/domain/playbook-version.js';

describe('diffOutcomes', () => {
  const before = {
    verdicts: { 'file:sha256:aa': 'malicious' as const, 'device:host:ws1': 'suspicious' as const },
    actions: ['isolate_device device:host:ws1', 'quarantine_file file:sha256:aa'],
    autoResolved: false,
  };

  it('reports no change for the same outcome', () => {
    expect(diffOutcomes(before, { ...before, actions: [...before.actions] })).toEqual({
      changed: false,
      verdicts: [],
      actionsAdded: [],
      actionsRemoved: [],
      autoResolved: { before: false, after: false },
    });
  });

  it('lists verdicts changed, gained and lost, actions added and removed, and a change of auto-resolution', () => {
    const sut = diffOutcomes(before, {
      verdicts: { 'file:sha256:aa': 'no_threats_found', 'user:upn:bob@contoso.com': 'unknown' },
      actions: ['quarantine_file file:sha256:aa', 'disable_user user:upn:bob@contoso.com'],
      autoResolved: true,
    });
    expect(sut).toEqual({
      changed: true,
      verdicts: [
        { key: 'device:host:ws1', before: 'suspicious', after: null },
        { key: 'file:sha256:aa', before: 'malicious', after: 'no_threats_found' },
        { key: 'user:upn:bob@contoso.com', before: null, after: 'unknown' },
      ],
      actionsAdded: ['disable_user user:upn:bob@contoso.com'],
      actionsRemoved: ['isolate_device device:host:ws1'],
      autoResolved: { before: false, after: true },
    });
  });

  it('counts a change of auto-resolution alone as a change', () => {
    expect(diffOutcomes(before, { ...before, autoResolved: true }).changed).toBe(true);
  });
});
