import 'reflect-metadata';
import { LAB_DEMO } from '../src/lab/lab-seed.js';

/**
 * The demo, against a running Quell (`npm start` in another terminal): seeds the lab, sends a
 * multi-stage attack as it would arrive from detectors, and shows the incident, the automated
 * investigation and the actions waiting for a person.
 */
const base = process.env.QUELL_URL ?? 'http://127.0.0.1:3000';
const key = process.env.QUELL_API_KEY;
const say = (s = '') => process.stdout.write(`${s}\n`);

async function api<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as T;
  if (res.status >= 400) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
  return json;
}

async function seed(): Promise<void> {
  const { seeded: counts } = await api<{ seeded: Record<string, number> }>('POST', '/lab/seed');
  say(
    `Lab seeded: ${Object.entries(counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}`,
  );
}

function attack(run: string) {
  const d = LAB_DEMO;
  const t0 = Date.now() - 30 * 60_000;
  const at = (min: number) => new Date(t0 + min * 60_000).toISOString();
  return [
    {
      externalId: `demo-${run}-1`,
      source: 'email',
      title: 'Email messages containing malicious URL removed after delivery',
      type: 'malicious_url_email',
      severity: 'medium',
      category: 'InitialAccess',
      firstActivityAt: at(0),
      entities: [
        { type: 'mailbox', address: d.victimUpn },
        { type: 'email', networkMessageId: d.phishMessageId, sender: d.phishSender, recipient: d.victimUpn, subject: d.phishSubject },
        { type: 'url', url: d.phishingUrl },
      ],
    },
    {
      externalId: `demo-${run}-2`,
      source: 'email',
      title: 'A potentially malicious URL click was detected',
      type: 'malicious_url_click',
      severity: 'high',
      category: 'InitialAccess',
      firstActivityAt: at(4),
      entities: [
        { type: 'user', upn: d.victimUpn },
        { type: 'url', url: d.phishingUrl },
        { type: 'device', hostname: d.victimHost },
      ],
    },
    {
      externalId: `demo-${run}-3`,
      source: 'endpoint',
      title: "Malware 'Trojan:Win32/Demo' was detected",
      type: 'malware_detected',
      severity: 'high',
      category: 'Execution',
      firstActivityAt: at(9),
      entities: [
        { type: 'device', hostname: d.victimHost },
        { type: 'file', sha256: d.maliciousSha256, name: 'invoice.exe', path: 'C:\\Users\\Public\\Downloads\\invoice.exe' },
        { type: 'user', upn: d.victimUpn },
      ],
    },
    {
      externalId: `demo-${run}-4`,
      source: 'endpoint',
      title: 'Possible credential theft: LSASS memory access',
      type: 'credential_theft',
      severity: 'high',
      category: 'CredentialAccess',
      firstActivityAt: at(15),
      entities: [
        { type: 'device', hostname: d.victimHost },
        { type: 'user', upn: d.victimUpn },
        {
          type: 'process',
          commandLine: 'rundll32.exe C:\\Windows\\System32\\comsvcs.dll, MiniDump 624 C:\\Temp\\l.dmp full',
          imageFile: 'rundll32.exe',
        },
      ],
    },
    {
      externalId: `demo-${run}-5`,
      source: 'identity',
      title: 'Suspected lateral movement: remote execution on a server',
      type: 'lateral_movement',
      severity: 'high',
      category: 'LateralMovement',
      firstActivityAt: at(22),
      entities: [
        { type: 'user', upn: d.victimUpn },
        { type: 'device', hostname: d.victimHost },
        { type: 'device', hostname: d.serverHost },
      ],
    },
  ];
}

interface IncidentView {
  id: number;
  name: string;
  severity: string;
  alertCount: number;
  sources: string[];
  categories: string[];
  alerts: { severity: string; title: string; correlation?: { decision: string; reason?: string } }[];
  investigations: { id: string; state: string }[];
}
interface InvestigationView {
  id: string;
  state: string;
  evidence: { key: string; verdict: string; remediationStatus: string }[];
  actions: { id: string; type: string; targetKey: string; status: string; policyReason: string }[];
}

async function main() {
  if (!key) {
    say(
      'Set QUELL_API_KEY to an admin key (the one `npm start` printed on its first start), and QUELL_URL if Quell is not on 127.0.0.1:3000.',
    );
    process.exit(2);
  }
  await seed();
  const run = Date.now().toString(36);
  const posted = await api<{ results: { id: string }[] }>('POST', '/alerts', attack(run));
  say(`Sent ${posted.results.length} alerts of one attack: phishing e-mail → URL click → malware → credential theft → lateral movement.`);
  const ids = posted.results.map((r) => r.id);
  let incidentId: number | null = null;
  for (let i = 0; i < 120 && !incidentId; i++) {
    const alerts = await Promise.all(ids.map((id) => api<{ incidentId: number | null }>('GET', `/alerts/${id}`)));
    if (alerts.every((a) => a.incidentId)) incidentId = alerts[alerts.length - 1].incidentId;
    else await new Promise((r) => setTimeout(r, 500));
  }
  if (!incidentId) throw new Error('the alerts were not correlated in time; is the worker running?');
  let incident = await api<IncidentView>('GET', `/incidents/${incidentId}`);
  for (
    let i = 0;
    i < 60 && !['pending_approval', 'remediated', 'partially_remediated'].includes(incident.investigations?.[0]?.state);
    i++
  ) {
    await new Promise((r) => setTimeout(r, 1000));
    incident = await api<IncidentView>('GET', `/incidents/${incidentId}`);
  }
  say();
  say(`Incident ${incident.id}: ${incident.name}`);
  say(
    `  severity ${incident.severity}, ${incident.alertCount} alerts, sources ${incident.sources.join(', ')}, tactics ${incident.categories.join(' → ')}`,
  );
  for (const a of incident.alerts) say(`  - [${a.severity}] ${a.title} (${a.correlation?.decision}: ${a.correlation?.reason ?? ''})`);
  const inv = incident.investigations[0];
  if (inv) {
    const detail = await api<InvestigationView>('GET', `/investigations/${inv.id}`);
    say();
    say(`Investigation ${detail.id}: ${detail.state}`);
    for (const e of detail.evidence) say(`  evidence ${e.key}: ${e.verdict} (${e.remediationStatus})`);
    for (const a of detail.actions) say(`  action ${a.id} ${a.type} on ${a.targetKey}: ${a.status} — ${a.policyReason}`);
  }
  const pending = await api<{ items: { id: string; type: string; targetKey: string }[] }>(
    'GET',
    `/actions?status=pending&incidentId=${incidentId}`,
  );
  say();
  if (pending.items.length) {
    const first = pending.items[0];
    say(`${pending.items.length} action(s) wait for approval. Approve one with:`);
    say(`  curl -s -X POST -H "Authorization: Bearer $QUELL_API_KEY" -H 'Content-Type: application/json' \\`);
    say(`    -d '{"comment":"approved in the demo"}' ${base}/api/v1/actions/${first.id}/approve`);
    say(`then see its effect: curl -s -H "Authorization: Bearer $QUELL_API_KEY" ${base}/api/v1/lab/devices`);
  } else {
    say('No action is waiting for approval (the automation levels ran them at once).');
  }
  say(`Everything is also in the API docs at ${base}/docs.`);
}

await main();
