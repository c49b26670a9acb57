import { readdirSync, readFileSync } from 'node:fs';
import { AdapterError } from '../../src/alerts/adapters/adapter.js';
import { fromOcsf } from '../../src/alerts/adapters/ocsf.js';
import { nativeAlertSchema } from '../../src/domain/alert.js';

const dir = new URL('../fixtures/ocsf/', import.meta.url);
const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
const mapped = (name: string) => fromOcsf(fixture(name));

const minimal = (extra: Record<string, unknown> = {}) => ({
  class_uid: 2004,
  severity_id: 2,
  finding_info: { uid: 'f-1', title: 'A finding' },
  ...extra,
});

function issuePaths(input: unknown): (string | number)[][] {
  try {
    fromOcsf(input);
  } catch (err) {
    expect(err).toBeInstanceOf(AdapterError);
    return (err as AdapterError).issues.map((i) => i.path);
  }
  throw new Error('expected an AdapterError');
}

describe('OCSF Detection Finding adapter', () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith('.json')))('maps %s into a valid native alert, keeping the payload as raw', (name) => {
    const input = fixture(name);
    const out = fromOcsf(input);
    expect(out.raw).toBe(input);
    expect(() => nativeAlertSchema.parse(out)).not.toThrow();
  });

  it('maps an EDR malware finding with device, process, user and hashed file evidence', () => {
    const out = mapped('edr-malware.json');
    expect(out).toMatchObject({
      externalId: 'ldt:4c0e1f9a2b3c4d5e:81604718377',
      source: 'falcon-insight-xdr',
      detectionSource: 'Machine Learning',
      title: 'Malicious payload loaded by rundll32',
      description: 'rundll32.exe loaded payload.dll, which matches a known malware family.',
      type: 'Malware',
      severity: 'high',
      category: 'Defense Evasion',
      mitreTechniques: ['T1218', 'T1218.011', 'T1059'],
      firstActivityAt: '2024-06-03T02:14:07.250Z',
      lastActivityAt: '2024-06-03T02:14:59.000Z',
    });
    expect(out).not.toHaveProperty('unmapped');
    expect(nativeAlertSchema.parse(out).category).toBe('DefenseEvasion');
    // The same device appears in both evidence items and once as a resource: it is kept once.
    expect(out.entities).toEqual([
      { type: 'device', deviceId: '4c0e1f9a2b3c4d5e6f708192a3b4c5d6', hostname: 'ENG-LT-0193', os: 'Windows 11', ips: ['10.44.2.193'] },
      {
        type: 'user',
        upn: 'mlee@contoso.com',
        sid: 'S-1-5-21-1004336348-1177238915-682003330-1340',
        accountName: 'mlee',
        domain: 'CONTOSO',
      },
      {
        type: 'process',
        pid: 9120,
        commandLine: 'C:\\Windows\\System32\\rundll32.exe C:\\Users\\mlee\\AppData\\Local\\Temp\\payload.dll,Start',
        imageFile: 'C:\\Windows\\System32\\rundll32.exe',
        parent: 'C:\\Program Files\\Microsoft Office\\root\\Office16\\WINWORD.EXE',
        deviceId: '4c0e1f9a2b3c4d5e6f708192a3b4c5d6',
      },
      {
        type: 'file',
        sha256: 'dc210235590dd85a8caedb46d2123b27f0e709279d2376995f28eee5ecb4a9c8',
        sha1: '44cd9be67e2cc4a3cf9afaec959f522a5e7bbcd0',
        md5: '1947d8ad1ecba06bae33058db6793ed1',
        name: 'payload.dll',
        path: 'C:\\Users\\mlee\\AppData\\Local\\Temp\\payload.dll',
      },
    ]);
  });

  it('maps an identity password spray: vendor name as source, severity 99 by caption, one time for both ends', () => {
    const out = mapped('identity-password-spray.json');
    expect(out).toMatchObject({
      externalId: 'okta-itp-2024-06-03-000481',
      source: 'okta',
      detectionSource: 'Statistical',
      type: 'Password Spray Detection',
      severity: 'medium',
      category: 'Credential Access',
      mitreTechniques: ['T1110', 'T1110.003'],
      firstActivityAt: '2024-06-03T02:41:55.000Z',
      lastActivityAt: '2024-06-03T02:41:55.000Z',
    });
    expect(nativeAlertSchema.parse(out).category).toBe('CredentialAccess');
    expect(out.entities).toEqual([
      { type: 'user', upn: 'asmith@contoso.com', accountName: 'asmith', domain: 'contoso.com' },
      { type: 'ip', address: '2001:DB8:85a3::8A2E:370:7334', roles: ['source'] },
      // A display-name address is not a UPN; the GUID in uid_alt is the directory object id.
      { type: 'user', aadObjectId: '3F2504E0-4F89-11D3-9A0C-0305E82C3301', accountName: 'bjones' },
      { type: 'device', hostname: 'contoso.okta.com', roles: ['destination'] },
    ]);
  });

  it('maps a phishing finding: the message, its recipients, the clicking user and host, and the URL', () => {
    const out = mapped('phishing-email.json');
    expect(out).toMatchObject({
      source: 'proofpoint-tap',
      title: 'Credential phishing URL clicked',
      type: 'Phishing',
      severity: 'high',
      category: 'initial_access',
      mitreTechniques: ['T1566', 'T1566.002'],
      firstActivityAt: '2024-09-17T13:05:00.000Z',
      lastActivityAt: '2024-09-17T13:07:30.500Z',
    });
    expect(out).not.toHaveProperty('detectionSource');
    expect(nativeAlertSchema.parse(out).category).toBe('InitialAccess');
    expect(out.entities).toEqual([
      { type: 'ip', address: '198.51.100.23', roles: ['source'] },
      {
        type: 'email',
        networkMessageId: '5e0c1a2b-3c4d-4e5f-a6b7-08dcd6f1e2a3',
        internetMessageId: '<PH7PR11MB6124A1B2C3D4E5F6@PH7PR11MB6124.namprd11.prod.outlook.com>',
        sender: 'it-support@contoso-helpdesk.example.org',
        recipient: 'carol.white@contoso.com',
        subject: 'Action required: password expires today',
      },
      { type: 'mailbox', address: 'carol.white@contoso.com', roles: ['recipient'] },
      { type: 'mailbox', address: 'dave.green@contoso.com', roles: ['recipient'] },
      { type: 'user', upn: 'carol.white@contoso.com' },
      { type: 'ip', address: '10.12.0.77', roles: ['source'] },
      { type: 'device', hostname: 'MKT-WS-007', ips: ['10.12.0.77'], roles: ['source'] },
      { type: 'url', url: 'https://contoso-helpdesk.example.org/reset?u=cwhite' },
    ]);
  });

  it.each([
    [1, undefined, 'informational'],
    [2, undefined, 'low'],
    [3, 'Medium', 'medium'],
    [4, undefined, 'high'],
    [5, 'Critical', 'high'],
    [6, 'Fatal', 'high'],
    ['4', undefined, 'high'],
    [0, undefined, 'informational'],
    [0, 'HIGH', 'high'],
    [99, 'critical', 'high'],
    [undefined, 'Low', 'low'],
  ])('maps severity_id %s with caption %s to %s', (severity_id, severity, expected) => {
    expect(fromOcsf(minimal({ severity_id, severity })).severity).toBe(expected);
  });

  it('takes the finding’s status (status_id, else its caption) and modified_time, so a later version updates it in place', () => {
    const at = (status: Record<string, unknown>) => fromOcsf(minimal(status));
    expect(at({ status_id: 1 }).status).toBe('new');
    expect(at({ status_id: 2, status: 'In Progress' }).status).toBe('in_progress');
    expect(at({ status_id: 3 }).status).toBe('resolved');
    expect(at({ status_id: 4 }).status).toBe('resolved');
    expect(at({ status: 'Resolved' }).status).toBe('resolved');
    expect(at({ status_id: 0 })).not.toHaveProperty('status');
    expect(at({ status_id: 99, status: 'Resolved' })).not.toHaveProperty('status');
    const modified = fromOcsf({ ...minimal(), finding_info: { uid: 'f-1', title: 'A finding', modified_time: 1717380899000 } });
    expect(modified.lastUpdatedAt).toBe('2024-06-03T02:14:59.000Z');
    expect(nativeAlertSchema.parse(modified).lastUpdatedAt).toBe('2024-06-03T02:14:59.000Z');
    expect(issuePaths({ ...minimal(), finding_info: { uid: 'f-1', title: 'A finding', modified_time: 'later' } })).toEqual([
      ['finding_info', 'modified_time'],
    ]);
  });

  it('uses the analytic name when there are no types, and the vendor when the product has no name', () => {
    const out = fromOcsf(
      minimal({
        metadata: { product: { vendor_name: 'Palo Alto Networks' } },
        finding_info: { uid: 'f-1', title: 't', analytic: { name: 'Impossible travel' }, attacks: [{ technique: { uid: 'T1078' } }] },
      }),
    );
    expect(out).toMatchObject({ source: 'palo-alto-networks', type: 'Impossible travel', mitreTechniques: ['T1078'] });
    expect(out).not.toHaveProperty('category');
    expect(fromOcsf(minimal()).source).toBe('ocsf');
  });

  it('skips entities without an identifier and drops malformed hashes', () => {
    const out = fromOcsf(
      minimal({
        evidences: [
          { device: { os: { name: 'Linux' } }, user: { full_name: 'Nobody' }, email: { subject: 'no uid' } },
          { file: { hashes: [{ algorithm_id: 3, value: 'abc' }], name: 'x.sh' }, process: { file: {} } },
        ],
      }),
    );
    expect(out.entities).toEqual([{ type: 'file', name: 'x.sh' }]);
  });

  it("names a device's owner as its logged-on user, and a process's hashed image file and account", () => {
    const out = fromOcsf(
      minimal({
        evidences: [
          {
            device: { hostname: 'ws-9', owner: { name: 'CONTOSO\\pkim', uid: 'S-1-5-21-1-2-3-4411' } },
            process: {
              pid: 77,
              file: { name: 'x.exe', path: 'C:\\t\\x.exe', hashes: [{ algorithm_id: 3, value: 'd'.repeat(64) }] },
              user: { name: 'pkim', domain: 'CONTOSO' },
            },
          },
        ],
      }),
    );
    expect(out.entities).toEqual([
      { type: 'device', hostname: 'ws-9', loggedOnUsers: [{ accountName: 'pkim', domain: 'CONTOSO', sid: 'S-1-5-21-1-2-3-4411' }] },
      { type: 'process', pid: 77, imageFile: 'C:\\t\\x.exe' },
      { type: 'file', sha256: 'd'.repeat(64), name: 'x.exe', path: 'C:\\t\\x.exe' },
      { type: 'user', accountName: 'pkim', domain: 'CONTOSO' },
    ]);
  });

  it('rejects other OCSF classes at class_uid', () => {
    expect(issuePaths(minimal({ class_uid: 2001 }))).toEqual([['class_uid']]);
    expect(issuePaths({ finding_info: { uid: 'f-1', title: 't' } })).toEqual([['class_uid']]);
  });

  it('rejects what is not a finding object', () => {
    for (const input of [null, 'finding', 2004, []]) expect(issuePaths(input)).toEqual([[]]);
    expect(issuePaths({ class_uid: 2004, severity_id: 1 })).toEqual([['finding_info']]);
  });

  it('reports every bad field at once, with paths', () => {
    expect(issuePaths(minimal({ finding_info: { uid: '  ', title: '' }, severity_id: 8 }))).toEqual([
      ['finding_info', 'uid'],
      ['finding_info', 'title'],
      ['severity_id'],
    ]);
    expect(issuePaths(minimal({ severity_id: 99, severity: 'spicy' }))).toEqual([['severity']]);
    expect(issuePaths(minimal({ severity_id: undefined }))).toEqual([['severity_id']]);
    expect(
      issuePaths(
        minimal({
          time: 'soon',
          evidences: 'none',
          resources: [1],
          finding_info: { uid: 'f', title: 't', attacks: {}, last_seen_time: 'later' },
        }),
      ),
    ).toEqual([['evidences'], ['resources', 0], ['finding_info', 'attacks'], ['time'], ['finding_info', 'last_seen_time']]);
  });
});
