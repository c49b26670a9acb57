import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useMemo, useState } from 'react';
import { Link } from 'react-router';
import { simulatePlaybook, useRecentAlerts } from '../api/queries';
import type { AlertListItem, Simulation, SimulationRequest } from '../api/types';
import { Badge, Time, words } from './bits';
import { ErrorBox, Loading } from './states';

const SAMPLE = `{
  "source": "endpoint",
  "externalId": "try-1",
  "title": "Malware 'Trojan:Win32/Try' was detected",
  "type": "malware_detected",
  "severity": "high",
  "entities": [
    { "type": "device", "hostname": "ws-01" },
    { "type": "file", "name": "invoice.exe", "sha256": "0000000000000000000000000000000000000000000000000000000000000000" }
  ]
}`;

/** JSON.parse's complaint, with the line and column where the engine gives a position. */
function parseAlert(text: string): { alert?: unknown; error?: string } {
  try {
    const alert: unknown = JSON.parse(text);
    if (typeof alert !== 'object' || alert === null || Array.isArray(alert))
      return { error: 'An alert is a JSON object: { "title": …, "entities": [ … ] }.' };
    return { alert };
  } catch (err) {
    const message = (err as Error).message;
    const at = /position (\d+)/.exec(message);
    if (!at || /line \d+/.test(message)) return { error: message };
    const before = text.slice(0, Number(at[1])).split('\n');
    return { error: `${message} (line ${before.length}, column ${before[before.length - 1].length + 1})` };
  }
}

function describe(a: AlertListItem): string {
  return [a.title, a.type, a.source, a.detectionSource ?? '', ...a.entities.map((e) => Object.values(e).join(' '))].join(' ').toLowerCase();
}

function AlertPicker({ value, onChange }: { value: string | undefined; onChange: (id: string) => void }) {
  const { data, error, isPending } = useRecentAlerts(true);
  const [search, setSearch] = useState('');
  const id = useId();
  const shown = useMemo(() => {
    const words = search.toLowerCase().split(/\s+/).filter(Boolean);
    return (data?.items ?? []).filter((a) => words.every((w) => describe(a).includes(w))).slice(0, 50);
  }, [data, search]);
  if (error) return <ErrorBox error={error} title="Could not list alerts" />;
  if (isPending) return <Loading what="alerts" />;
  return (
    <div>
      <label htmlFor={`${id}-search`}>Search alerts</label>{' '}
      <input
        id={`${id}-search`}
        type="search"
        value={search}
        onChange={(e) => setSearch(e.target.value)}
        placeholder="title, type, source, host, user…"
        aria-describedby={`${id}-count`}
      />{' '}
      <span id={`${id}-count`} className="muted small" aria-live="polite">
        {shown.length} of the {data.items.length} newest alerts
      </span>
      {shown.length === 0 ? (
        <p className="muted">{data.items.length ? 'No alert matches.' : 'No alert in the store yet: paste one instead.'}</p>
      ) : (
        <div className="picker" role="radiogroup" aria-label="Alerts">
          {shown.map((a) => (
            <div key={a.id}>
              <label>
                <input type="radio" name={`${id}-alert`} value={a.id} checked={value === a.id} onChange={() => onChange(a.id)} />
                <Badge kind="severity" value={a.severity} />
                <span>{a.title}</span>
                <span className="muted small">
                  {a.type} · {a.source}
                  {a.incidentId ? ` · incident ${a.incidentId}` : ''} · <Time at={a.receivedAt} />
                </span>
              </label>
            </div>
          ))}
        </div>
      )}
    </div>
  );
}

function json(value: unknown): string {
  return JSON.stringify(value, null, 2) ?? 'undefined';
}

function Result({ sim }: { sim: Simulation }) {
  return (
    <div className="trace" aria-labelledby="sim-result-title">
      <h3 id="sim-result-title">
        Dry run of {sim.playbook.name} {sim.playbook.version} <Badge kind="status" value={sim.status} />
      </h3>
      {!sim.triggers.matches && (
        <p className="notice">
          The playbook's triggers do not match this alert: Quell would not run it on this alert. The dry run ran it anyway.
        </p>
      )}
      {sim.error && (
        <div className="error" role="alert">
          <strong>The run failed</strong>
          <p>{sim.error}</p>
        </div>
      )}
      <p className="outcome" data-outcome={sim.outcome.ifActionsSucceed}>
        If every proposed action succeeded, the investigation would end <Badge kind="state" value={sim.outcome.ifActionsSucceed} />
        {sim.outcome.unsettled.length > 0 && (
          <>
            ; unsettled evidence:{' '}
            {sim.outcome.unsettled.map((k) => (
              <code key={k}>{k} </code>
            ))}
          </>
        )}
        .
      </p>

      <h4>Verdicts</h4>
      {sim.verdicts.length === 0 ? (
        <p className="muted">No entity got a verdict.</p>
      ) : (
        <div>
          <table aria-label="Verdicts">
            <thead>
              <tr>
                <th scope="col">Entity</th>
                <th scope="col">Verdict</th>
                <th scope="col">Why</th>
              </tr>
            </thead>
            <tbody>
              {sim.verdicts.map((v) => (
                <tr key={v.key} data-entity={v.key}>
                  <th scope="row">
                    <code>{v.key}</code>
                  </th>
                  <td>
                    <Badge kind="verdict" value={v.verdict} />
                  </td>
                  <td className="small">
                    <ul className="reasons">
                      {v.reasons.map((r, i) => (
                        <li key={i}>
                          <Badge kind="verdict" value={r.verdict} /> {r.reason}
                          {r.step && <span className="muted"> (step {r.step})</span>}
                        </li>
                      ))}
                    </ul>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h4>What the policy would do</h4>
      {sim.actions.length === 0 ? (
        <p className="muted">No remediation would be proposed.</p>
      ) : (
        <div>
          <table aria-label="Proposed actions">
            <thead>
              <tr>
                <th scope="col">Action</th>
                <th scope="col">Target</th>
                <th scope="col">Verdict</th>
                <th scope="col">Would run</th>
                <th scope="col">Why (automation policy)</th>
                <th scope="col">Approvers</th>
              </tr>
            </thead>
            <tbody>
              {sim.actions.map((a) => (
                <tr key={`${a.action}-${a.targetKey}`} data-action={a.action}>
                  <th scope="row">
                    {words(a.action)}
                    <div className="small muted">{a.reason}</div>
                  </th>
                  <td>
                    <code>{a.targetKey}</code>
                  </td>
                  <td>
                    <Badge kind="verdict" value={a.verdict} />
                  </td>
                  <td>
                    <span className={`badge ${a.wouldRun === 'immediately' ? 'status-running' : 'status-pending'}`}>{a.wouldRun}</span>
                  </td>
                  <td className="small">{a.policy}</td>
                  <td className="num">{a.wouldRun === 'immediately' ? '—' : a.requiredApprovals}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}

      <h4>Trace</h4>
      <ol className="steps" aria-label="Steps">
        {sim.steps.map((s) => {
          const source = sim.enrichment.find((e) => e.step === s.path);
          return (
            <li key={s.path} data-step={s.path}>
              <Badge kind="step" value={s.status} /> <code>{s.path}</code> <span className="muted small">{s.kind}</span>
              {source && (
                <span className="small">
                  {' '}
                  · <code>{source.fn}</code> answered by {source.source}
                </span>
              )}
              {s.attempts > 1 && <span className="small"> · {s.attempts} attempts</span>}
              <span className="small muted"> · {Math.max(0, s.endedAt - s.startedAt)} ms</span>
              {(s.reason || s.error) && <div className={`small ${s.error ? 'err' : 'muted'}`}>{s.error ?? s.reason}</div>}
              {(s.output !== undefined || s.values) && (
                <details>
                  <summary className="small">Result</summary>
                  <pre>{json(s.output !== undefined ? s.output : s.values)}</pre>
                </details>
              )}
            </li>
          );
        })}
      </ol>
    </div>
  );
}

/** Dry-runs the playbook text in the editor against an alert from the store or a pasted one: nothing is written, nothing runs. */
export function SimulatePanel({ yaml }: { yaml: () => string }) {
  const [from, setFrom] = useState<'store' | 'paste'>('store');
  const [alertId, setAlertId] = useState<string | undefined>();
  const [pasted, setPasted] = useState(SAMPLE);
  const parsed = useMemo(() => parseAlert(pasted), [pasted]);
  const run = useMutation({ mutationFn: (body: SimulationRequest) => simulatePlaybook(body) });
  const ready = from === 'store' ? alertId !== undefined : parsed.alert !== undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!ready) return;
    run.mutate(from === 'store' ? { yaml: yaml(), alertId } : { yaml: yaml(), alert: parsed.alert });
  };
  return (
    <section className="simulate" aria-labelledby="simulate-title">
      <h2 id="simulate-title">Simulate</h2>
      <p className="hint">
        Runs the playbook as it is in the editor against an alert, looking facts up read-only in the lab and the connectors: no verdict is
        stored and no action runs. The policy column says what the automation settings would do now.
      </p>
      <form onSubmit={submit} aria-label="Simulate the playbook">
        <fieldset className="row">
          <legend>Alert</legend>
          <label>
            <input type="radio" name="sim-from" checked={from === 'store'} onChange={() => setFrom('store')} /> From the store
          </label>
          <label>
            <input type="radio" name="sim-from" checked={from === 'paste'} onChange={() => setFrom('paste')} /> Paste JSON
          </label>
        </fieldset>
        {from === 'store' ? (
          <AlertPicker value={alertId} onChange={setAlertId} />
        ) : (
          <div>
            <label htmlFor="sim-alert">
              Alert JSON (the body of <code>POST /api/v1/alerts</code>)
            </label>
            <textarea
              id="sim-alert"
              rows={12}
              spellCheck={false}
              value={pasted}
              onChange={(e) => setPasted(e.target.value)}
              aria-invalid={parsed.error ? true : undefined}
              aria-describedby={parsed.error ? 'sim-alert-error' : undefined}
            />
            {parsed.error && (
              <span id="sim-alert-error" className="fielderror">
                Not valid JSON: {parsed.error}
              </span>
            )}
          </div>
        )}
        <div className="row">
          <button type="submit" className="primary" disabled={!ready || run.isPending}>
            {run.isPending ? 'Simulating…' : 'Run simulation'}
          </button>
          {!ready && <span className="muted small">{from === 'store' ? 'Pick an alert first.' : 'Fix the JSON first.'}</span>}
        </div>
      </form>
      <div aria-live="polite">
        {run.error ? (
          <ErrorBox error={run.error} title="The simulation was refused" />
        ) : run.data ? (
          <Result sim={run.data} />
        ) : (
          <p className="muted small">
            Nothing simulated yet. Real runs of this playbook show on each incident's page; the <Link to="/incidents">queue</Link> lists
            them.
          </p>
        )}
      </div>
    </section>
  );
}
