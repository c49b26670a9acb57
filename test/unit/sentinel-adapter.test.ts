import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AdapterError } from '../../src/alerts/adapters/adapter.js';
import { fromSentinel } from '../../src/alerts/adapters/sentinel.js';
import { alertKeys } from '../../src/correlation/keys.js';
import { nativeAlertSchema } from '../../src/domain/alert.js';
import { projectRoot } from '../../src/infra/paths.js';
import { readSentinelCsv } from '../../scripts/lib/sentinel-csv.js';

const SAMPLES = join(projectRoot, 'test', 'fixtures', 'sentinel', 'secrl_dev_alerts.csv');
const rows = readSentinelCsv(SAMPLES);
const row = (id: string): Record<string, string> => {
  const found = rows.find((r) => r.SystemAlertId === id);
  if (!found) throw new Error(`no sample alert ${id}`);
  return found;
};
const parsed = (input: unknown) => nativeAlertSchema.parse(fromSentinel(input));
const withoutRaw = (input: unknown) => {
  const { raw: _raw, ...rest } = fromSentinel(input);
  return rest;
};

/** A minimal valid row, with the given columns replaced. */
const handMade = (columns: Record<string, unknown>): Record<string, unknown> => ({
  SystemAlertId: 'alert-1',
  DisplayName: 'Test alert',
  AlertSeverity: 'Medium',
  ProductName: 'Microsoft Defender Advanced Threat Protection',
  ProviderName: 'MDATP',
  ...columns,
});

/** The AdapterError paths thrown for an input, or a failure when none is thrown. */
function issuePaths(input: unknown): (string | number)[][] {
  try {
    fromSentinel(input);
  } catch (err) {
    expect(err).toBeInstanceOf(AdapterError);
    return (err as AdapterError).issues.map((i) => i.path);
  }
  throw new Error('expected an AdapterError');
}

describe('Sentinel CSV reader', () => {
  it('reads the 24 sample alerts with every column, including multi-line quoted fields', () => {
    expect(rows).toHaveLength(24);
    expect(Object.keys(rows[0])).toHaveLength(36);
    expect(rows.every((r) => r.SystemAlertId.length === 36)).toBe(true);
    expect(rows.some((r) => r.Description.includes('\n'))).toBe(true);
    expect(() => rows.forEach((r) => JSON.parse(r.Entities))).not.toThrow();
  });

  it('handles separators, doubled quotes and CRLF line ends inside and outside quotes', () => {
    const file = join(mkdtempSync(join(tmpdir(), 'sentinel-csv-')), 'rows.csv');
    writeFileSync(file, 'A❖B❖C\r\n"x❖y"❖"say ""hi""\nthere"❖\r\nplain❖❖last\n');
    expect(readSentinelCsv(file)).toEqual([
      { A: 'x❖y', B: 'say "hi"\nthere', C: '' },
      { A: 'plain', B: '', C: 'last' },
    ]);
  });
});

describe('Microsoft Sentinel SecurityAlert adapter', () => {
  it.each(rows.map((r) => [r.SystemAlertId, r] as const))('maps sample %s into a valid native alert, keeping the row as raw', (_id, r) => {
    const out = fromSentinel(r);
    expect(out.raw).toBe(r);
    expect(() => nativeAlertSchema.parse(out)).not.toThrow();
  });

  it('maps a Defender for Endpoint alert with its device, account, IP, processes and files', () => {
    const out = parsed(row('197c2262-2cd9-4ca0-4c33-add856f8af63'));
    expect(out).toMatchObject({
      externalId: '197c2262-2cd9-4ca0-4c33-add856f8af63',
      source: 'endpoint',
      detectionSource: 'WindowsDefenderAtp',
      title: 'Suspicious Application Window Discovery',
      type: 'WindowsDefenderAtp',
      severity: 'low',
      category: 'Discovery',
      mitreTechniques: ['T1010', 'T1059', 'T1518', 'T1059.001'],
      firstActivityAt: '2024-06-26T15:49:16.784Z',
      lastActivityAt: '2024-06-26T15:49:51.202Z',
    });
    expect(out.entities).toContainEqual({
      type: 'device',
      hostname: 'vnevado-win11a',
      deviceId: 'ea4d0f6828d838027701d6a85a2408c9317ad687',
      aadDeviceId: '39d8c57f-2d08-4888-b0cd-12cd0679337a',
      os: 'Windows 22H2',
    });
    expect(out.entities).toContainEqual({
      type: 'user',
      upn: 'nathans@vnevado.alpineskihouse.co',
      sid: 'S-1-5-21-1240151660-3534038288-105586567-4122',
      aadObjectId: '12185914-91dd-4fb9-94f9-3252203b0426',
      accountName: 'nathans',
      domain: 'vnevado.alpineskihouse.co',
    });
    expect(out.entities).toContainEqual({ type: 'ip', address: '72.5.72.208' });
    expect(out.entities).toContainEqual({ type: 'process', pid: 9484, commandLine: 'wt.exe', imageFile: 'WindowsTerminal.exe' });
    // Three processes and two image files; their hashes are not repeated as files of their own.
    expect(out.entities.map((e) => e.type).sort()).toEqual(['device', 'file', 'file', 'ip', 'process', 'process', 'process', 'user']);
  });

  it('takes the logon name, not the display name, from Defender XDR accounts', () => {
    const users = parsed(row('816c721c-33f5-992c-0cc2-50cfcb9fc569')).entities.filter((e) => e.type === 'user');
    expect(users).toEqual([
      {
        type: 'user',
        upn: 'raphaelt@vnevado.alpineskihouse.co',
        sid: 'S-1-5-21-1874151667-3554330288-105586563-1715',
        aadObjectId: 'e036dee7-fa23-42ef-a019-468c8d3401f1',
        accountName: 'raphaelt',
        domain: 'vnevado.alpineskihouse.co',
        roles: ['compromised'],
      },
    ]);
  });

  it('keeps the Entra object id as the only identifier of identity-protection accounts', () => {
    const out = parsed(row('78c877d5-131f-699c-daed-0ec82d532020'));
    expect(out).toMatchObject({ source: 'identity', detectionSource: 'IPC', category: 'InitialAccess', type: 'MaliciousIP' });
    expect(out.entities).toEqual([
      { type: 'user', aadObjectId: 'e036dee7-fa23-42ef-a019-468c8d3401f1' },
      { type: 'ip', address: '170.54.121.63' },
    ]);
  });

  it('maps e-mail, mailbox, registry and cloud-app entities', () => {
    const mail = parsed(row('6e899746-28f3-9ccd-d1ee-3f3add01a356'));
    expect(mail.source).toBe('xdr');
    expect(mail.entities).toContainEqual({
      type: 'mailbox',
      address: 'Nathan@avoriaz.alpineskihouse.co',
      displayName: 'Nathan@avoriaz.alpineskihouse.co',
    });
    expect(mail.entities).toContainEqual({
      type: 'email',
      networkMessageId: '47e56987-44a0-45c4-d1b1-08dca6508dd1',
      internetMessageId: '<MR1P264MB3828B28AB0B09C3DAED11FCA96A32@MR1P264MB3828.FRAP264.PROD.OUTLOOK.COM>',
      sender: 'raphaelt@vnevado.alpineskihouse.co',
      recipient: 'Nathan@avoriaz.alpineskihouse.co',
      subject: 'Re: Lee Don t miss 777-Con Event next month',
    });
    const registry = parsed(row('64bfe87b-7a67-ab87-571a-511b6861669d')).entities.filter((e) => e.type === 'registry');
    const runOnce = 'S-1-5-21-1870156660-7534030218-135086563-1193\\SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\RunOnce';
    expect(registry).toEqual([
      { type: 'registry', hive: 'HKEY_CURRENT_USER', key: runOnce, valueName: 'Yrei' },
      { type: 'registry', hive: 'HKEY_CURRENT_USER', key: runOnce },
    ]);
    expect(parsed(row('90a1a2a8-5bba-97c5-6ca2-52e0408ff494')).entities).toContainEqual({
      type: 'cloudApp',
      appId: '20893',
      name: 'Microsoft Exchange Online',
    });
  });

  it("keeps a mailbox owner's UPN and Entra id when the UPN differs from the address", () => {
    const entities = [
      {
        $id: '2',
        Type: 'mailbox',
        MailboxPrimaryAddress: 'sales@contoso.com',
        Upn: 'p.kim@contoso.com',
        ExternalDirectoryObjectId: '0e9d1c2b-3a4f-4e5d-8c7b-6a5f4e3d2c1b',
        DisplayName: 'Sales',
      },
    ];
    expect(parsed(handMade({ Entities: JSON.stringify(entities) })).entities).toEqual([
      {
        type: 'mailbox',
        address: 'sales@contoso.com',
        displayName: 'Sales',
        upn: 'p.kim@contoso.com',
        aadObjectId: '0e9d1c2b-3a4f-4e5d-8c7b-6a5f4e3d2c1b',
      },
    ]);
  });

  it('resolves $ref back-references wherever the referenced object sits, and lists each entity once', () => {
    const entities = [
      {
        $id: '1',
        Type: 'process',
        ProcessId: '4242',
        CommandLine: '  evil.exe --run  ',
        ImageFile: { $ref: '3' },
        ParentProcess: { $id: '2', Type: 'process', ProcessId: 100, ImageFile: { $ref: '3' } },
      },
      {
        $id: '3',
        Type: 'file',
        Name: 'evil.exe',
        Directory: 'C:\\Temp',
        FileHashes: [{ $ref: '4' }, { $ref: '5' }],
      },
      { $id: '6', Type: 'host', FQDN: 'ws-07.corp.example' },
      { $id: '7', Type: 'account', Name: 'alice', UPNSuffix: 'corp.example', Sid: 'S-1-5-21-1-2-3-1001' },
      { $id: '8', Type: 'malware', Name: 'Evilware' },
      { $ref: '2' },
      { $ref: '3' },
      { $ref: '1' },
      { $ref: '4' },
      { $ref: '99' },
      { $id: '9', Type: 'FileHash', Algorithm: 'SHA256', Value: 'B'.repeat(64) },
      { $id: '10', Type: 'ip', IsValid: false },
      { $id: '11', Type: 'constructor', Algorithm: 'constructor', Value: 'x' },
      {
        $id: 'x',
        Type: 'hashes',
        List: [
          { $id: '4', Type: 'filehash', Algorithm: 'SHA1', Value: 'a'.repeat(40) },
          { $id: '5', Type: 'filehash', Algorithm: 'md5', Value: 'c'.repeat(32) },
        ],
      },
    ];
    const out = parsed(handMade({ Entities: JSON.stringify(entities) }));
    expect(out.entities).toEqual([
      { type: 'process', pid: 4242, commandLine: 'evil.exe --run', imageFile: 'evil.exe' },
      { type: 'file', sha1: 'a'.repeat(40), md5: 'c'.repeat(32), name: 'evil.exe', path: 'C:\\Temp' },
      { type: 'device', hostname: 'ws-07.corp.example' },
      { type: 'user', upn: 'alice@corp.example', sid: 'S-1-5-21-1-2-3-1001', accountName: 'alice' },
      { type: 'process', pid: 100, imageFile: 'evil.exe' },
      { type: 'file', sha256: 'b'.repeat(64) },
    ]);
    // The same rows as an already parsed array.
    expect(parsed(handMade({ Entities: entities })).entities).toEqual(out.entities);
  });

  it('cleans a zero-width space from a sample title', () => {
    const r = row('6b50ba78-1fff-03b6-3576-034f8d31cb65');
    expect(r.DisplayName).toContain('\u200b');
    expect(parsed(r).title).toBe('Email messages containing malicious URL removed after delivery');
  });

  it('reads tactics and techniques as JSON arrays or comma lists, ignoring Unknown and malformed ids', () => {
    expect(
      parsed(handMade({ Tactics: '["Lateral Movement","Discovery"]', Techniques: 'T1021, bogus', SubTechniques: '["T1021.002","T99"]' })),
    ).toMatchObject({
      category: 'LateralMovement',
      mitreTechniques: ['T1021', 'T1021.002'],
    });
    const fallback = parsed(handMade({ Tactics: 'Unknown', ExtendedProperties: '{"MicrosoftDefenderAtp.Category":"Execution"}' }));
    expect(fallback.category).toBe('Execution');
    expect(fallback.mitreTechniques).toBeUndefined();
  });

  it('derives the source from the product or provider name, lower-casing products it does not know', () => {
    expect(parsed(handMade({ ProductName: 'Microsoft Defender for Cloud Apps' })).source).toBe('cloudapp');
    expect(parsed(handMade({ ProductName: '', ProviderName: 'Azure Advanced Threat Protection' })).source).toBe('identity');
    expect(parsed(handMade({ ProductName: 'Microsoft Defender XDR' })).source).toBe('xdr');
    expect(parsed(handMade({ ProductName: 'Some New Product', ProviderName: 'X' })).source).toBe('some new product');
    expect(parsed(handMade({ ProductName: 'constructor', ProviderName: 'constructor' })).source).toBe('constructor');
  });

  it('uses AlertName when DisplayName is missing and the title when AlertType is', () => {
    expect(parsed(handMade({ DisplayName: '', AlertName: 'From AlertName' }))).toMatchObject({
      title: 'From AlertName',
      type: 'From AlertName',
    });
  });

  it('matches severities case-insensitively and rejects unknown ones at AlertSeverity', () => {
    expect(parsed(handMade({ AlertSeverity: 'HIGH' })).severity).toBe('high');
    expect(parsed(handMade({ AlertSeverity: 'informational' })).severity).toBe('informational');
    expect(issuePaths(handMade({ AlertSeverity: 'Critical' }))).toEqual([['AlertSeverity']]);
    expect(issuePaths(handMade({ AlertSeverity: undefined }))).toEqual([['AlertSeverity']]);
  });

  it('takes the alert’s status and, from TimeGenerated, when it last changed, so a later row updates it in place', () => {
    expect(withoutRaw(handMade({ Status: 'InProgress', TimeGenerated: '2024-06-26 15:49:16.784267+00:00' }))).toMatchObject({
      status: 'in_progress',
      lastUpdatedAt: '2024-06-26T15:49:16.784Z',
    });
    expect(parsed(handMade({ Status: 'New' })).status).toBe('new');
    expect(parsed(handMade({ Status: 'Resolved' })).status).toBe('resolved');
    expect(parsed(handMade({ Status: 'Dismissed' })).status).toBe('resolved');
    expect(withoutRaw(handMade({ Status: 'Unknown' }))).not.toHaveProperty('status');
    expect(issuePaths(handMade({ TimeGenerated: 'soon' }))).toEqual([['TimeGenerated']]);
  });

  it('rejects unparseable Entities JSON at Entities', () => {
    expect(issuePaths(handMade({ Entities: '[{"$id":"1","Type":"ip",' }))).toEqual([['Entities']]);
    expect(issuePaths(handMade({ Entities: '{"Type":"ip"}' }))).toEqual([['Entities']]);
  });

  it('rejects a non-object, a missing SystemAlertId and a missing title, naming the fields', () => {
    expect(issuePaths('not a row')).toEqual([[]]);
    expect(issuePaths(handMade({ SystemAlertId: ' ', DisplayName: undefined, AlertName: '' }))).toEqual([
      ['SystemAlertId'],
      ['DisplayName'],
    ]);
    expect(issuePaths(handMade({ StartTime: 'yesterday' }))).toEqual([['StartTime']]);
  });

  it('lets no answer field influence the mapped alert: IncidentId shows up only inside raw', () => {
    for (const r of rows) {
      const out = withoutRaw(r);
      expect(JSON.stringify(out)).not.toMatch(/IncidentId|AssignedTo|Classification|Determination/);
      const extended = JSON.parse(r.ExtendedProperties) as Record<string, unknown>;
      const altered = {
        ...r,
        ExtendedProperties: JSON.stringify({
          ...extended,
          IncidentId: '999999',
          AssignedTo: 'x@y.z',
          Classification: 'TruePositive',
          Determination: 'Malware',
        }),
        IsIncident: 'True',
      };
      expect(withoutRaw(altered)).toEqual(out);
    }
    const sample = row('197c2262-2cd9-4ca0-4c33-add856f8af63');
    expect(JSON.stringify(fromSentinel(sample).raw)).toContain('IncidentId');
  });

  it('gives every sample alert at least one correlation key', () => {
    const policy = { ignore: [], disabledEntityTypes: [] };
    // Every sample names a host, an account or an IP: none is truly without an identifying entity.
    const keyless = rows.filter((r) => alertKeys(parsed(r).entities, policy).keys.length === 0).map((r) => r.SystemAlertId);
    expect(keyless).toEqual([]);
  });
});
