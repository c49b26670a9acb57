import { automationSettingsSchema, decide, placeOf, type PolicyInput } from '../../src/domain/automation.js';

const settings = (over: object = {}) => automationSettingsSchema.parse(over);
const input = (over: Partial<PolicyInput> = {}): PolicyInput => ({
  type: 'isolate_device',
  verdict: 'malicious',
  deviceCount: 1,
  manual: false,
  ...over,
});

describe('automation policy', () => {
  it('full: malicious runs at once, suspicious waits', () => {
    expect(decide(settings(), input())).toMatchObject({
      mode: 'automatic',
      reason: 'automatic: malicious verdict; the default level is full',
    });
    expect(decide(settings(), input({ verdict: 'suspicious' }))).toMatchObject({
      mode: 'approval',
      reason: expect.stringContaining('suspicious verdict needs approval'),
    });
  });

  it('semi_all and none wait; the device group overrides the default', () => {
    const s = settings({ deviceGroups: { Finance: 'semi_all', Servers: 'none' } });
    expect(decide(s, input({ deviceGroup: 'Finance' }))).toEqual({
      mode: 'approval',
      reason: 'waiting: device group Finance is semi_all',
      requiredApprovals: 1,
    });
    expect(decide(s, input({ deviceGroup: 'Servers' })).mode).toBe('approval');
    expect(decide(s, input({ deviceGroup: 'Engineering' })).mode).toBe('automatic');
    expect(decide(settings({ defaultLevel: 'semi_all' }), input()).reason).toBe('waiting: the default level is semi_all');
  });

  it('semi_core_folders: files in OS folders wait, others run as under full', () => {
    const s = settings({ defaultLevel: 'semi_core_folders' });
    const file = (filePath: string) => input({ type: 'quarantine_file', filePath });
    expect(decide(s, file('C:\\Windows\\System32\\evil.dll')).reason).toContain('is in a core folder');
    expect(decide(s, file('c:/program files/app/evil.exe')).mode).toBe('approval');
    expect(decide(s, file('C:\\Users\\bob\\Downloads\\evil.exe')).mode).toBe('automatic');
    expect(decide(s, input()).mode).toBe('automatic');
  });

  it('semi_non_temp_folders: files outside temporary folders wait', () => {
    const s = settings({ defaultLevel: 'semi_non_temp_folders' });
    const file = (filePath: string) => input({ type: 'quarantine_file', filePath });
    expect(decide(s, file('C:\\Users\\bob\\AppData\\Local\\Temp\\x.exe')).mode).toBe('automatic');
    expect(decide(s, file('C:\\Windows\\Temp\\x.exe')).mode).toBe('automatic');
    expect(decide(s, file('C:\\Users\\bob\\Documents\\x.exe')).reason).toContain('outside temporary folders');
  });

  it('e-mail and identity actions wait unless set to automatic; bulk actions always wait', () => {
    expect(decide(settings(), input({ type: 'soft_delete_email' })).reason).toBe('waiting: email actions need approval');
    expect(decide(settings(), input({ type: 'disable_user' }))).toMatchObject({ mode: 'approval', requiredApprovals: 2 });
    expect(decide(settings({ families: { identity: 'automatic' } }), input({ type: 'reset_password' })).mode).toBe('automatic');
    expect(decide(settings(), input({ deviceCount: 10 })).reason).toContain('10 or more always wait');
  });

  it('runs manual actions at once only where automation would', () => {
    expect(decide(settings(), input({ manual: true, verdict: 'unknown' })).mode).toBe('automatic');
    expect(decide(settings({ defaultLevel: 'semi_all' }), input({ manual: true })).mode).toBe('approval');
  });

  it('places files by path and devices by group', () => {
    expect(placeOf({ type: 'file', name: 'a.exe', path: 'C:\\Temp' })).toEqual({ filePath: 'C:\\Temp\\a.exe' });
    expect(placeOf({ type: 'device', hostname: 'x', deviceGroup: 'Finance' })).toEqual({ deviceGroup: 'Finance' });
  });
});
