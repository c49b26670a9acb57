import { LAB_DEMO } from '../../src/lab/lab-seed.js';

/** Calls Quell's API as `method path` with a JSON body; resolves with the answer's JSON, throws on 4xx/5xx. */
export type DemoApi = <T>(method: string, path: string, body?: unknown) => Promise<T>;

/** The API of the Quell at `base`, called with `key`. */
export function demoApi(base: string, key: string): DemoApi {
  return async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const res = await fetch(`${base}/api/v1${path}`, {
      method,
      headers: { Authorization: `Bearer ${key}`, 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json = (await res.json()) as T;
    if (res.status >= 400) throw new Error(`${method} ${path} answered ${res.status}: ${JSON.stringify(json)}`);
    return json;
  };
}

/** A multi-stage attack on the lab organisation, as it would arrive from detectors; `run` keeps its alert ids apart from other runs. */
export function attack(run: string) {
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

export interface DemoAttack {
  /** Lab objects created, by kind. */
  seeded: Record<string, number>;
  alertIds: string[];
  incidentId: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Seeds the lab, sends the attack and waits until its alerts are in one incident and the
 * investigation has reached a decision point (pending approval or remediated). Needs an admin key.
 */
export async function runDemoAttack(api: DemoApi, run: string): Promise<DemoAttack> {
  const { seeded } = await api<{ seeded: Record<string, number> }>('POST', '/lab/seed');
  const posted = await api<{ results: { id: string }[] }>('POST', '/alerts', attack(run));
  const alertIds = posted.results.map((r) => r.id);
  let incidentId: number | null = null;
  for (let i = 0; i < 120 && !incidentId; i++) {
    const alerts = await Promise.all(alertIds.map((id) => api<{ incidentId: number | null }>('GET', `/alerts/${id}`)));
    if (alerts.every((a) => a.incidentId)) incidentId = alerts[alerts.length - 1].incidentId;
    else await sleep(500);
  }
  if (!incidentId) throw new Error('the alerts were not correlated in time; is the worker running?');
  for (let i = 0; i < 60; i++) {
    const incident = await api<{ investigations: { state: string }[] }>('GET', `/incidents/${incidentId}`);
    if (['pending_approval', 'remediated', 'partially_remediated'].includes(incident.investigations?.[0]?.state)) break;
    await sleep(1000);
  }
  return { seeded, alertIds, incidentId };
}
