import { automationSettingsSchema, decide, type PolicyInput } from '../../src/domain/automation.js';
import { decisionChanges, describeChange } from '../../src/domain/automation-shadow.js';

const settings = (over: object = {}) => automationSettingsSchema.parse(over);
const input = (over: Partial<PolicyInput> = {}): PolicyInput => ({
  type: 'isolate_device',
  verdict: 'suspicious',
  deviceGroup: 'Servers',
  deviceCount: 1,
  manual: true,
  ...over,
});

describe('a shadow decision against the live one', () => {
  const live = settings({ deviceGroups: { Servers: 'semi_all' } });

  it('is a change when the candidate runs what the live settings hold, or holds what they run', () => {
    const candidate = settings({ deviceGroups: { Servers: 'full' } });
    expect(decisionChanges(decide(live, input()), decide(candidate, input()))).toBe(true);
    expect(decisionChanges(decide(candidate, input()), decide(live, input()))).toBe(true);
    expect(decisionChanges(decide(live, input({ deviceGroup: 'Other' })), decide(candidate, input({ deviceGroup: 'Other' })))).toBe(false);
  });

  it('is a change when the approvals needed differ, and not when only the reason does', () => {
    const stricter = settings({ deviceGroups: { Servers: 'semi_all' }, approvalRules: { isolate_device: { approvers: 2 } } });
    expect(decisionChanges(decide(live, input()), decide(stricter, input()))).toBe(true);
    const other = settings({ defaultLevel: 'none', deviceGroups: {} });
    expect(decide(other, input()).reason).not.toBe(decide(live, input()).reason);
    expect(decisionChanges(decide(live, input()), decide(other, input()))).toBe(false);
  });

  it('reads as a sentence', () => {
    const base = { count: 12, actionType: 'isolate_device', liveApprovals: 1, shadowApprovals: 1 };
    expect(describeChange({ ...base, live: 'approval', shadow: 'automatic' })).toBe('12 isolate_device would have run without approval');
    expect(describeChange({ ...base, live: 'automatic', shadow: 'approval' })).toBe('12 isolate_device would have waited for approval');
    expect(describeChange({ ...base, live: 'approval', shadow: 'approval', shadowApprovals: 2 })).toBe(
      '12 isolate_device would have needed 2 approval(s) instead of 1',
    );
  });
});
