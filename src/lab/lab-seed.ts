import type { DataSource, EntityManager } from 'typeorm';
import { normaliseUrl } from '../correlation/keys.js';

/**
 * The lab's demo organisation, Contoso (contoso.com): one coherent story that the playbooks, the
 * tests and `npm run demo` share. A phishing campaign from a look-alike helpdesk domain reaches
 * five mailboxes; Megan clicks and runs the payload on ws-03 (it also sits on ws-05); Alex's
 * account is taken over (sign-ins from two countries within the hour, mail forwarded out, an
 * inbox rule hiding payment mail).
 */
const DOMAIN = 'contoso.com';
const upn = (name: string) => `${name}@${DOMAIN}`;

export const LAB_DEMO = {
  domain: DOMAIN,
  victimUpn: upn('megan.bowen'),
  victimHost: 'ws-03',
  victimDeviceId: 'dev-ws-03',
  serverHost: 'srv-01',
  adminUpn: upn('isaiah.langer'),
  financeUpns: [upn('lynne.robbins'), upn('johanna.lorenz')],
  serviceAccountUpn: upn('svc-backup'),
  compromisedUser: upn('alex.wilber'),
  externalForwarding: 'alexw.archive@outlook-mail.net',
  suspiciousInboxRule: '..',
  maliciousSha256: '4aa95100c3f0712bbdf13800a994c8c18f0ca94787e0194f01d153426694e9be',
  maliciousFileHosts: ['ws-03', 'ws-05'],
  cleanSha256: '5fcf94f558524e6d7b4b561f3d24fc87c298244ebad855cae18d58ce3afa3213',
  phishSender: 'it-support@contoso-helpdesk.com',
  phishSubject: 'Action required: your mailbox password expires today',
  phishingUrl: 'https://login.contoso-helpdesk.com/reset-password',
  phishingDomain: 'contoso-helpdesk.com',
  phishMessageId: 'c0de0001-0000-4000-8000-000000000001',
  phishMailboxes: [upn('megan.bowen'), upn('lynne.robbins'), upn('johanna.lorenz'), upn('diego.siciliani'), upn('lee.gu')],
  maliciousAttachmentMessageId: 'c0de0002-0000-4000-8000-000000000001',
  maliciousIp: '203.0.113.66',
  maliciousDomain: 'update-cdn-cloud.net',
  /** The address Alex's account was signed in from abroad: an anonymising VPN exit. */
  suspiciousIp: '198.51.100.23',
  indicatorSource: 'quell-lab',
} as const;

const d = LAB_DEMO;
const H = 3_600_000;

interface Person {
  name: string;
  display: string;
  groups: string[];
  host?: string;
  admin?: boolean;
  risk?: string;
  country?: string;
}

const PEOPLE: Person[] = [
  { name: 'isaiah.langer', display: 'Isaiah Langer', groups: ['IT', 'Domain Admins', 'Global Administrators'], host: 'ws-07', admin: true },
  { name: 'lynne.robbins', display: 'Lynne Robbins', groups: ['Finance', 'Accounts Payable'], host: 'ws-01' },
  { name: 'johanna.lorenz', display: 'Johanna Lorenz', groups: ['Finance'], host: 'ws-02', country: 'DE' },
  { name: 'megan.bowen', display: 'Megan Bowen', groups: ['Marketing'], host: 'ws-03' },
  { name: 'alex.wilber', display: 'Alex Wilber', groups: ['Sales', 'Finance Approvers'], host: 'ws-08', risk: 'high' },
  { name: 'diego.siciliani', display: 'Diego Siciliani', groups: ['HR'], host: 'ws-08' },
  { name: 'lee.gu', display: 'Lee Gu', groups: ['Engineering'], host: 'ws-04' },
  { name: 'grady.archie', display: 'Grady Archie', groups: ['Engineering'], host: 'ws-05' },
  { name: 'nestor.wilke', display: 'Nestor Wilke', groups: ['Engineering', 'Operations'], host: 'ws-06' },
  { name: 'pradeep.gupta', display: 'Pradeep Gupta', groups: ['Legal'], country: 'GB' },
  { name: 'joni.sherman', display: 'Joni Sherman', groups: ['Legal'] },
  { name: 'svc-backup', display: 'Backup service account', groups: ['Backup Operators', 'Service Accounts'], host: 'srv-02' },
];

/** Stable per-person ids: a re-seed keeps the same object ids and SIDs. */
const aadId = (i: number) => `6e0c${String(i).padStart(4, '0')}-8d2b-4c1a-9f00-0000000000${String(i).padStart(2, '0')}`;
const sid = (i: number) => `S-1-5-21-1004336348-1177238915-682003330-${1101 + i}`;

function users() {
  return PEOPLE.map((p, i) => ({
    upn: upn(p.name),
    display_name: p.display,
    aad_object_id: aadId(i),
    sid: sid(i),
    enabled: true,
    is_admin: Boolean(p.admin),
    groups: p.groups,
    risk: p.risk ?? 'low',
    compromised: false,
    password_reset_at: null,
    sessions_revoked_at: null,
  }));
}

const DEVICES: [host: string, group: string, os: string, risk: string][] = [
  ['ws-01', 'Finance', 'Windows 11', 'low'],
  ['ws-02', 'Finance', 'Windows 11', 'low'],
  ['ws-03', 'Default', 'Windows 11', 'high'],
  ['ws-04', 'Engineering', 'Windows 11', 'low'],
  ['ws-05', 'Engineering', 'Windows 10', 'medium'],
  ['ws-06', 'Engineering', 'Ubuntu 24.04', 'low'],
  ['ws-07', 'Default', 'Windows 11', 'low'],
  ['ws-08', 'Default', 'Windows 11', 'low'],
  ['srv-01', 'Servers', 'Windows Server 2022', 'medium'],
  ['srv-02', 'Servers', 'Windows Server 2019', 'low'],
];

function devices(now: number) {
  return DEVICES.map(([hostname, group, os, risk], i) => ({
    device_id: `dev-${hostname}`,
    hostname,
    os,
    device_group: group,
    risk,
    isolated: false,
    app_restricted: false,
    logged_on_users: PEOPLE.filter((p) => p.host === hostname).map((p) => upn(p.name)),
    ips: [`10.0.${group === 'Servers' ? 10 : 1}.${21 + i}`],
    last_seen_at: new Date(now - (i + 1) * 7 * 60_000).toISOString(),
    av_scans: 0,
    packages_collected: 0,
  }));
}

function mailboxes() {
  return PEOPLE.filter((p) => !p.name.startsWith('svc-')).map((p) => {
    const address = upn(p.name);
    const takenOver = address === d.compromisedUser;
    return {
      address,
      user_upn: address,
      external_forwarding: takenOver ? d.externalForwarding : null,
      inbox_rules: takenOver
        ? [
            { name: 'Newsletters', conditions: { senderContains: 'news@' }, actions: { moveToFolder: 'Newsletters' } },
            // The classic BEC rule: a meaningless name, payment mail hidden in a folder nobody opens.
            {
              name: d.suspiciousInboxRule,
              conditions: { bodyOrSubjectContains: ['invoice', 'payment', 'wire'] },
              actions: { moveToFolder: 'RSS Feeds', markAsRead: true },
            },
          ]
        : [],
    };
  });
}

const WINDOWS_FILES: [sha256: string, path: string][] = [
  [d.cleanSha256, 'C:\\Windows\\System32\\notepad.exe'],
  ['81f44e41dd833f7ce5e7819c12740d27372018eeb8523e6c9d96c6a85b0b2ffc', 'C:\\Program Files\\Google\\Chrome\\Application\\chrome.exe'],
  ['999326c459c211e941afcb74df9be8a2dffb0d8fcf42024c13336cd844e2fc3e', 'C:\\Program Files\\Microsoft\\Teams\\ms-teams.exe'],
];
const baseName = (path: string) => path.split(/[\\/]/).pop()!;

function files() {
  const rows = DEVICES.filter(([, , os]) => os.startsWith('Windows')).flatMap(([host]) =>
    WINDOWS_FILES.map(([sha256, path]) => ({ device_id: `dev-${host}`, sha256, path, name: baseName(path), quarantined: false })),
  );
  const payload = (host: string, path: string) => ({
    device_id: `dev-${host}`,
    sha256: d.maliciousSha256,
    path,
    name: baseName(path),
    quarantined: false,
  });
  rows.push(
    payload('ws-03', 'C:\\Users\\megan.bowen\\Downloads\\invoice.exe'),
    payload('ws-05', 'C:\\Users\\Public\\invoice.exe'),
    {
      device_id: 'dev-ws-01',
      sha256: '68e6c72765751a28109b522f958b6c6b00745caea57ed45f93eae3304c8a67c9',
      path: 'C:\\Users\\lynne.robbins\\Documents\\Q3-report.xlsx',
      name: 'Q3-report.xlsx',
      quarantined: false,
    },
    {
      device_id: 'dev-srv-01',
      sha256: '25c2bee585e11008fbb6185a2fbf6de0068e83bf43d523df4f67acdd2009e716',
      path: 'C:\\Temp\\procdump64.exe',
      name: 'procdump64.exe',
      quarantined: false,
    },
  );
  return rows;
}

function persistence() {
  return [
    {
      device_id: 'dev-ws-03',
      kind: 'registry_run_key',
      location: 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\InvoiceUpdater',
      removed: false,
    },
    { device_id: 'dev-ws-03', kind: 'scheduled_task', location: '\\Microsoft\\Windows\\Maintenance\\InvoiceSync', removed: false },
    {
      device_id: 'dev-ws-05',
      kind: 'registry_run_key',
      location: 'HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\InvoiceUpdater',
      removed: false,
    },
    { device_id: 'dev-srv-01', kind: 'service', location: 'HKLM\\SYSTEM\\CurrentControlSet\\Services\\PSEXESVC', removed: false },
    {
      device_id: 'dev-ws-01',
      kind: 'registry_run_key',
      location: 'HKCU\\Software\\Microsoft\\Windows\\CurrentVersion\\Run\\OneDrive',
      removed: false,
    },
  ];
}

const BENIGN_MAIL: [sender: string, subject: string][] = [
  [upn('isaiah.langer'), 'Planned maintenance this weekend'],
  [upn('lynne.robbins'), 'Q3 budget review'],
  [upn('johanna.lorenz'), 'Expense reports due Friday'],
  ['news@fabrikam.com', 'Fabrikam monthly newsletter'],
  [upn('nestor.wilke'), 'Release notes 4.2'],
  ['noreply@contoso.sharepoint.com', 'A file was shared with you'],
];

function messages(now: number) {
  const at = (hoursAgo: number) => new Date(now - hoursAgo * H).toISOString();
  const recipients = mailboxes().map((m) => m.address);
  const benign = BENIGN_MAIL.flatMap(([sender, subject], s) =>
    recipients
      .filter((_, r) => (r + s) % 3 === 0)
      .map((mailbox, r) => ({
        network_message_id: `c0de1${String(s).padStart(3, '0')}-0000-4000-8000-${String(r).padStart(12, '0')}`,
        internet_message_id: `<benign-${s}-${r}@${sender.split('@')[1]}>`,
        mailbox,
        sender,
        subject,
        urls: sender.includes('sharepoint') ? [normaliseUrl('https://contoso.sharepoint.com/sites/finance/Shared%20Documents')] : [],
        attachment_sha256: [],
        received_at: at(30 - s * 4 - r * 0.5),
        deleted: false,
      })),
  );
  const phish = d.phishMailboxes.map((mailbox, i) => ({
    network_message_id: `c0de0001-0000-4000-8000-${String(i + 1).padStart(12, '0')}`,
    internet_message_id: `<reset-${i + 1}@contoso-helpdesk.com>`,
    mailbox,
    sender: d.phishSender,
    subject: d.phishSubject,
    urls: [normaliseUrl(d.phishingUrl)],
    attachment_sha256: [],
    received_at: at(3 - i * 0.05),
    deleted: false,
  }));
  const invoice = {
    network_message_id: d.maliciousAttachmentMessageId,
    internet_message_id: '<inv-20931@fabrikam-invoices.com>',
    mailbox: d.victimUpn,
    sender: 'accounts@fabrikam-invoices.com',
    subject: 'Overdue invoice 20931',
    urls: [],
    attachment_sha256: [d.maliciousSha256],
    received_at: at(2.5),
    deleted: false,
  };
  return [...benign, ...phish, invoice];
}

/** Ordinary days at the office, and Alex's takeover: US, then (40 minutes later) abroad through a VPN. */
function signins(now: number) {
  const at = (hoursAgo: number) => new Date(now - hoursAgo * H).toISOString();
  const routine = PEOPLE.flatMap((p, i) =>
    [3, 11, 26, 35, 46]
      // Since the takeover, only the attacker signs in as Alex.
      .filter((h) => !(upn(p.name) === d.compromisedUser && h < 6))
      .map((h, k) => ({
        upn: upn(p.name),
        at: at(h + i * 0.1),
        ip: p.name.startsWith('svc-') ? '10.0.10.30' : `192.0.2.${10 + i}`,
        country: p.country ?? 'US',
        result: k === 2 && i % 4 === 0 ? 'failure' : 'success',
      })),
  );
  const takeover = [
    { upn: d.compromisedUser, at: at(5.5), ip: d.suspiciousIp, country: 'RU', result: 'failure' },
    { upn: d.compromisedUser, at: at(5.4), ip: d.suspiciousIp, country: 'RU', result: 'failure' },
    { upn: d.compromisedUser, at: at(5), ip: '192.0.2.14', country: 'US', result: 'success' },
    { upn: d.compromisedUser, at: at(4.33), ip: d.suspiciousIp, country: 'RU', result: 'success' },
  ];
  return [...routine, ...takeover];
}

function indicators() {
  const intel: [type: string, value: string, verdict: string, description: string][] = [
    ['sha256', d.maliciousSha256, 'malicious', 'Trojan:Win32/Demo dropper delivered as invoice.exe'],
    ['url', normaliseUrl(d.phishingUrl), 'malicious', 'Credential phishing page imitating the Contoso helpdesk'],
    ['domain', d.phishingDomain, 'malicious', 'Look-alike domain registered for the helpdesk phishing campaign'],
    ['domain', d.maliciousDomain, 'malicious', 'Command-and-control domain of the invoice.exe dropper'],
    ['ip', d.maliciousIp, 'malicious', 'Command-and-control server of the invoice.exe dropper'],
    ['ip', d.suspiciousIp, 'suspicious', 'Anonymising VPN exit node'],
    ['sha256', d.cleanSha256, 'clean', 'Microsoft-signed notepad.exe'],
  ];
  return intel.map(([type, value, verdict, description]) => ({ type, value, verdict, source: d.indicatorSource, description }));
}

/**
 * Inserts or overwrites rows from JSON through `jsonb_to_recordset`. Table and column names come
 * from this file only. `key` is the conflict target; an empty `update` list keeps existing rows.
 */
async function upsert(m: EntityManager, table: string, columns: Record<string, string>, key: string[], rows: object[]): Promise<number> {
  const names = Object.keys(columns);
  const update = names.filter((c) => !key.includes(c));
  await m.query(
    `INSERT INTO ${table} (${names.join(', ')})
     SELECT ${names.join(', ')} FROM jsonb_to_recordset($1::jsonb) AS r(${names.map((c) => `${c} ${columns[c]}`).join(', ')})
     ON CONFLICT (${key.join(', ')}) DO UPDATE SET ${update.map((c) => `${c} = EXCLUDED.${c}`).join(', ')}`,
    [JSON.stringify(rows)],
  );
  return rows.length;
}

/**
 * Seeds (or resets) the demo organisation. Re-running puts every seeded row back to its seeded
 * state (a re-run demo starts clean) and leaves anything else, including the effect ledger, alone.
 * Sign-ins are relative to now, so the seeded users' sign-ins are replaced rather than kept.
 */
export async function seedLab(db: DataSource): Promise<Record<string, number>> {
  const now = Date.now();
  return db.transaction(async (m) => {
    const counts: Record<string, number> = {};
    counts.users = await upsert(
      m,
      'lab_users',
      {
        upn: 'text',
        display_name: 'text',
        aad_object_id: 'text',
        sid: 'text',
        enabled: 'boolean',
        is_admin: 'boolean',
        groups: 'text[]',
        risk: 'text',
        compromised: 'boolean',
        password_reset_at: 'timestamptz',
        sessions_revoked_at: 'timestamptz',
      },
      ['upn'],
      users(),
    );
    counts.devices = await upsert(
      m,
      'lab_devices',
      {
        device_id: 'text',
        hostname: 'text',
        os: 'text',
        device_group: 'text',
        risk: 'text',
        isolated: 'boolean',
        app_restricted: 'boolean',
        logged_on_users: 'text[]',
        ips: 'text[]',
        last_seen_at: 'timestamptz',
        av_scans: 'int',
        packages_collected: 'int',
      },
      ['device_id'],
      devices(now),
    );
    counts.mailboxes = await upsert(
      m,
      'lab_mailboxes',
      { address: 'text', user_upn: 'text', external_forwarding: 'text', inbox_rules: 'jsonb' },
      ['address'],
      mailboxes(),
    );
    counts.messages = await upsert(
      m,
      'lab_messages',
      {
        network_message_id: 'text',
        internet_message_id: 'text',
        mailbox: 'text',
        sender: 'text',
        subject: 'text',
        urls: 'text[]',
        attachment_sha256: 'text[]',
        received_at: 'timestamptz',
        deleted: 'boolean',
      },
      ['network_message_id'],
      messages(now),
    );
    counts.files = await upsert(
      m,
      'lab_files',
      { device_id: 'text', sha256: 'text', path: 'text', name: 'text', quarantined: 'boolean' },
      ['device_id', 'sha256', 'path'],
      files(),
    );
    counts.persistence = await upsert(
      m,
      'lab_persistence',
      { device_id: 'text', kind: 'text', location: 'text', removed: 'boolean' },
      ['device_id', 'kind', 'location'],
      persistence(),
    );
    await m.query('DELETE FROM lab_signins WHERE upn = ANY($1)', [PEOPLE.map((p) => upn(p.name))]);
    const seededSignins = signins(now);
    await m.query(
      `INSERT INTO lab_signins (upn, at, ip, country, result)
       SELECT upn, at, ip, country, result FROM jsonb_to_recordset($1::jsonb) AS r(upn text, at timestamptz, ip text, country text, result text)`,
      [JSON.stringify(seededSignins)],
    );
    counts.signins = seededSignins.length;
    counts.indicators = await upsert(
      m,
      'indicators',
      { type: 'text', value: 'text', verdict: 'text', source: 'text', description: 'text' },
      ['type', 'value'],
      indicators(),
    );
    return counts;
  });
}
