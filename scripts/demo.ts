import 'reflect-metadata';
import { demoApi, runDemoAttack } from './lib/demo-attack.js';

/**
 * The demo, against a running Quell (`npm start` in another terminal): seeds the lab, sends a
 * multi-stage attack as it would arrive from detectors, and shows the incident, the automated
 * investigation and the actions waiting for a person.
 */
const base = process.env.QUELL_URL ?? 'http://127.0.0.1:3000';
const key = process.env.QUELL_API_KEY;
const say = (s = '') => process.stdout.write(`${s}\n`);

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
  const api = demoApi(base, key);
  const { seeded: counts, alertIds, incidentId } = await runDemoAttack(api, Date.now().toString(36));
  say(
    `Lab seeded: ${Object.entries(counts)
      .map(([k, v]) => `${v} ${k}`)
      .join(', ')}`,
  );
  say(`Sent ${alertIds.length} alerts of one attack: phishing e-mail → URL click → malware → credential theft → lateral movement.`);
  const incident = await api<IncidentView>('GET', `/incidents/${incidentId}`);
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
  say(`Work the incident in the console: ${base}/incidents/${incidentId} (sign in with the same key).`);
  say(`Everything is also in the API docs at ${base}/docs.`);
}

await main();
