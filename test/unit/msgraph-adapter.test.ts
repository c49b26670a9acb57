import { readdirSync, readFileSync } from 'node:fs';
import { AdapterError } from '../../src/alerts/adapters/adapter.js';
import { fromMsGraph } from '../../src/alerts/adapters/msgraph.js';
import { nativeAlertSchema } from '../../src/domain/alert.js';

const dir = new URL('../fixtures/msgraph/', import.meta.url);
const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(name, dir), 'utf8'));
const mapped = (name: string) => fromMsGraph(fixture(name));
const entitiesOf = (name: string) => mapped(name).entities as Record<string, unknown>[];

/** The AdapterError paths thrown for an input, or a failure when none is thrown. */
function issuePaths(input: unknown): (string | number)[][] {
  try {
    fromMsGraph(input);
  } catch (err) {
    expect(err).toBeInstanceOf(AdapterError);
    return (err as AdapterError).issues.map((i) => i.path);
  }
  throw new Error('expected an AdapterError');
}

describe('Microsoft Graph alert adapter', () => {
  it.each(readdirSync(dir).filter((f) => f.endsWith('.json')))('maps %s into a valid native alert, keeping the payload as raw', (name) => {
    const input = fixture(name);
    const out = fromMsGraph(input);
    expect(out.raw).toBe(input);
    expect(() => nativeAlertSchema.parse(out)).not.toThrow();
  });

  it('maps an endpoint malware alert with device, file, process, user and registry evidence', () => {
    const out = mapped('endpoint-malware.json');
    expect(out).toMatchObject({
      externalId: 'da637551227677560813_-961444813',
      source: 'endpoint',
      detectionSource: 'antivirus',
      title: "'InvoiceLoader' malware was detected on a device",
      type: 'e0da400f-affd-43ef-b1d5-afc2eb6f2756',
      severity: 'high',
      category: 'Execution',
      mitreTechniques: ['T1204.002', 'T1547.001', 'T1059'],
      firstActivityAt: '2024-05-14T09:12:33.046Z',
      lastActivityAt: '2024-05-14T09:12:58.500Z',
    });
    expect(out).not.toHaveProperty('someFutureField');
    expect(out.entities).toEqual([
      {
        type: 'device',
        deviceId: '73e7e2de709dff64ef64b1d0c30e67fab63279db',
        hostname: 'FIN-WS-042.contoso.local',
        aadDeviceId: '5a1b9c2e-0f43-4d7e-9d1b-3b2f7a0c9e11',
        os: 'Windows11',
        deviceGroup: 'Finance workstations',
        ips: ['10.20.30.42', 'FE80::1C2B:3FFF:FE4D:5A6E', '127.0.0.1'],
        loggedOnUsers: [{ accountName: 'jdoe', domain: 'CONTOSO' }],
      },
      {
        type: 'file',
        sha256: 'aa88ec4cfe0b5d584997b895d6aebb25b75778d586eafc9629368fc89d31d58b',
        sha1: '801074bbc100d4e829846b1223cf45e0028e129d',
        name: 'invoice_loader.exe',
        path: 'C:\\Users\\jdoe\\Downloads\\invoice_loader.exe',
        roles: ['source'],
      },
      {
        type: 'process',
        pid: 7412,
        commandLine: '"invoice_loader.exe" /silent /install',
        imageFile: 'C:\\Users\\jdoe\\Downloads\\invoice_loader.exe',
        parent: 'C:\\Windows\\explorer.exe',
        deviceId: '73e7e2de709dff64ef64b1d0c30e67fab63279db',
      },
      // The process's image file and the account it ran as, from the same processEvidence.
      {
        type: 'file',
        sha256: 'aa88ec4cfe0b5d584997b895d6aebb25b75778d586eafc9629368fc89d31d58b',
        sha1: '801074bbc100d4e829846b1223cf45e0028e129d',
        name: 'invoice_loader.exe',
        path: 'C:\\Users\\jdoe\\Downloads\\invoice_loader.exe',
      },
      { type: 'user', sid: 'S-1-5-21-1004336348-1177238915-682003330-1105', accountName: 'jdoe', domain: 'CONTOSO' },
      {
        type: 'user',
        upn: 'jdoe@contoso.com',
        sid: 'S-1-5-21-1004336348-1177238915-682003330-1105',
        aadObjectId: '8f2c61a4-6e0b-4c8e-9d39-2a0f7d5c1b77',
        accountName: 'jdoe',
        domain: 'CONTOSO',
        roles: ['compromised'],
      },
      {
        type: 'registry',
        hive: 'HKEY_CURRENT_USER',
        key: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run',
        valueName: 'InvoiceHelper',
        valueData: 'C:\\Users\\jdoe\\Downloads\\invoice_loader.exe /silent',
      },
      { type: 'registry', hive: 'HKEY_CURRENT_USER', key: 'SOFTWARE\\Microsoft\\Windows\\CurrentVersion\\Run' },
    ]);
  });

  it('maps an identity password spray with PascalCase enums, epoch-millisecond times and namespace-free evidence types', () => {
    const out = mapped('identity-password-spray.json');
    expect(out).toMatchObject({
      externalId: 'aa4a3dc0a7-6f1e-4c3f-a9f1-5d2e1bb07c11',
      source: 'identity',
      type: 'PasswordSprayAlert',
      severity: 'medium',
      category: 'credentialAccess',
      mitreTechniques: ['T1110.003'],
      firstActivityAt: '2024-06-03T02:14:07.250Z',
      lastActivityAt: '2024-06-03T02:41:55.000Z',
    });
    expect(nativeAlertSchema.parse(out).category).toBe('CredentialAccess');
    expect(out.entities).toEqual([
      {
        type: 'user',
        upn: 'asmith@contoso.com',
        sid: 'S-1-5-21-1004336348-1177238915-682003330-1201',
        accountName: 'asmith',
        domain: 'contoso.local',
        roles: ['compromised', 'attacked'],
      },
      {
        type: 'user',
        sid: 'S-1-5-21-1004336348-1177238915-682003330-1202',
        accountName: 'bjones',
        domain: 'contoso.local',
        roles: ['attacked'],
      },
      { type: 'ip', address: '2001:DB8:85A3::8A2E:370:7334', roles: ['attacker', 'source'] },
      { type: 'device', hostname: 'DC01.contoso.local', os: 'WindowsServer2022', ips: ['10.0.0.5'], roles: ['destination'] },
    ]);
  });

  it('maps a phishing alert: mailbox, the analysed message with its sender IP and URLs, and URL evidence', () => {
    const out = mapped('phishing-email.json');
    expect(out).toMatchObject({
      source: 'email',
      type: 'CustomPolicy_9f3b7e0c-1d2a-4b5c-8e6f-0a1b2c3d4e5f',
      severity: 'high',
      category: 'InitialAccess',
      lastActivityAt: '2024-09-17T13:07:30.500Z',
    });
    expect(entitiesOf('phishing-email.json')).toEqual([
      // The owner's Entra id on the mailbox (its UPN is the address), and the owner's account of its own.
      {
        type: 'mailbox',
        address: 'Carol.White@contoso.com',
        displayName: 'Carol White',
        aadObjectId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
        roles: ['attacked'],
      },
      { type: 'user', aadObjectId: '1c2d3e4f-5a6b-4c7d-8e9f-0a1b2c3d4e5f', accountName: 'cwhite', roles: ['attacked'] },
      {
        type: 'email',
        networkMessageId: '5e0c1a2b-3c4d-4e5f-a6b7-08dcd6f1e2a3',
        internetMessageId: '<PH7PR11MB6124A1B2C3D4E5F6@PH7PR11MB6124.namprd11.prod.outlook.com>',
        sender: 'bounce-7731@mail-relay.example.net',
        recipient: 'carol.white@contoso.com',
        subject: 'Action required: password expires today',
      },
      { type: 'ip', address: '198.51.100.23' },
      { type: 'url', url: 'https://contoso-helpdesk.example.org/reset?u=cwhite' },
      { type: 'url', url: 'http://Login.Example.ORG/oauth' },
    ]);
  });

  it('names a mailbox owner whose UPN differs from the address, and skips unhashed image files and unnamed logged-on users', () => {
    const out = fromMsGraph({
      id: 'a1',
      title: 'Mailbox and process',
      severity: 'low',
      evidence: [
        {
          '@odata.type': '#microsoft.graph.security.mailboxEvidence',
          primaryAddress: 'sales@contoso.com',
          userAccount: {
            accountName: 'pkim',
            domainName: 'CONTOSO',
            userSid: 'S-1-5-21-1-2-3-4411',
            userPrincipalName: 'p.kim@contoso.com',
          },
        },
        {
          '@odata.type': '#microsoft.graph.security.deviceEvidence',
          deviceDnsName: 'ws-9',
          loggedOnUsers: [{ domainName: 'CONTOSO' }, { accountName: 'pkim', domainName: 'CONTOSO' }],
        },
        { '@odata.type': '#microsoft.graph.security.processEvidence', processId: 4, imageFile: { fileName: 'x.exe', filePath: 'C:\\t' } },
      ],
    });
    expect(out.entities).toEqual([
      { type: 'mailbox', address: 'sales@contoso.com', upn: 'p.kim@contoso.com' },
      { type: 'user', upn: 'p.kim@contoso.com', sid: 'S-1-5-21-1-2-3-4411', accountName: 'pkim', domain: 'CONTOSO' },
      { type: 'device', hostname: 'ws-9', loggedOnUsers: [{ accountName: 'pkim', domain: 'CONTOSO' }] },
      { type: 'process', pid: 4, imageFile: 'C:\\t\\x.exe' },
    ]);
  });

  it('maps severity unknown to informational, falls back to the title for the type, and names apps by id when unnamed', () => {
    const out = mapped('cloudapp-oauth-consent.json');
    expect(out).toMatchObject({
      source: 'cloudapp',
      severity: 'informational',
      type: 'Unusual addition of credentials to an OAuth app',
      firstActivityAt: '2024-07-01T22:10:00.000Z',
    });
    for (const omitted of ['description', 'mitreTechniques', 'lastActivityAt']) expect(out).not.toHaveProperty(omitted);
    expect(out.entities).toEqual([
      { type: 'cloudApp', appId: '11161', name: 'Office 365', roles: ['contextual'] },
      { type: 'cloudApp', appId: '20595', name: '20595' },
    ]);
  });

  it.each([
    ['microsoftDefenderForIdentity', 'identity'],
    ['AzureAdIdentityProtection', 'identity'],
    ['microsoftDefenderForCloudApps', 'cloudapp'],
    ['MicrosoftSentinel', 'sentinel'],
    ['microsoftDefenderXDR', 'xdr'],
    ['microsoftAppGovernance', 'microsoft_app_governance'],
    [undefined, 'msgraph'],
  ])('maps service source %s to %s', (serviceSource, source) => {
    expect(fromMsGraph({ id: 'a1', title: 't', severity: 'low', serviceSource }).source).toBe(source);
  });

  it('accepts severities in any casing', () => {
    for (const [given, severity] of [
      ['INFORMATIONAL', 'informational'],
      ['Low', 'low'],
      ['unknownFutureValue', 'informational'],
    ]) {
      expect(fromMsGraph({ id: 'a1', title: 't', severity: given }).severity).toBe(severity);
    }
  });

  it('skips evidence without an identifier and evidence of unknown types', () => {
    const out = fromMsGraph({
      id: 'a1',
      title: 't',
      severity: 'low',
      evidence: [
        { '@odata.type': '#microsoft.graph.security.fileEvidence', fileDetails: { sha256: 'not-a-hash', fileSize: 10 } },
        { '@odata.type': '#microsoft.graph.security.analyzedMessageEvidence', subject: 'no id' },
        { '@odata.type': '#microsoft.graph.security.amazonResourceEvidence', resourceName: 'bucket' },
        { roles: ['attacker'], ipAddress: '203.0.113.7' },
      ],
    });
    expect(out.entities).toEqual([]);
  });

  it('rejects what is not an alert object', () => {
    for (const input of [null, 'alert', 42, [{ id: 'a1' }]]) expect(issuePaths(input)).toEqual([[]]);
  });

  it('reports every bad field at once, with paths', () => {
    expect(issuePaths({ title: '\u200B ', severity: 'severe' })).toEqual([['id'], ['title'], ['severity']]);
    expect(issuePaths({ id: 'a1', title: 't', severity: 'low', firstActivityDateTime: 'yesterday', evidence: {} })).toEqual([
      ['firstActivityDateTime'],
      ['evidence'],
    ]);
    expect(issuePaths({ id: 'a1', title: 't', evidence: [null] })).toEqual([['severity'], ['evidence', 0]]);
  });
});
