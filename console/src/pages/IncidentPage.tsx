import { type FormEvent, useState } from 'react';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { useActions, useIncident, useInvestigation, useUpdateIncident } from '../api/queries';
import type { Asset, AssetType, Classification, Incident, IncidentAlert, IncidentChanges, IncidentInvestigation } from '../api/types';
import { useSession } from '../auth/session';
import { ActionList } from '../components/ActionList';
import { Badge, Time, words } from '../components/bits';
import { ErrorBox, Loading } from '../components/states';

type Determination = NonNullable<IncidentChanges['determination']>;
const DETERMINATIONS: Record<Classification, Determination[]> = {
  true_positive: [
    'multistage_attack',
    'malicious_user_activity',
    'compromised_account',
    'malware',
    'phishing',
    'unwanted_software',
    'other',
  ],
  informational_expected_activity: ['security_testing', 'line_of_business_application', 'confirmed_activity', 'other'],
  false_positive: ['not_malicious', 'not_enough_data_to_validate', 'other'],
};
const ASSET_TITLES: Record<AssetType, string> = {
  devices: 'Devices',
  users: 'Users',
  mailboxes: 'Mailboxes',
  ips: 'IP addresses',
  urls: 'URLs',
  files: 'Files',
  cloudApps: 'Cloud apps',
};

type Update = ReturnType<typeof useUpdateIncident>;

/** The analyst's edits. Keyed by the ETag, so it starts from what the server holds; the mutation lives above it so a 412 outlives the reload. */
function Manage({ incident, etag, update }: { incident: Incident; etag: string | null; update: Update }) {
  const { identity } = useSession();
  const [status, setStatus] = useState(incident.status === 'redirected' ? 'active' : incident.status);
  const [assignedTo, setAssignedTo] = useState(incident.assignedTo ?? '');
  const [classification, setClassification] = useState<Classification | ''>(incident.classification ?? '');
  const [determination, setDetermination] = useState<Determination | ''>(incident.determination ?? '');

  const save = (e: FormEvent) => {
    e.preventDefault();
    const changes: IncidentChanges = {};
    if (status !== incident.status) changes.status = status as IncidentChanges['status'];
    if ((assignedTo.trim() || null) !== incident.assignedTo) changes.assignedTo = assignedTo.trim() || null;
    if ((classification || null) !== incident.classification) changes.classification = classification || null;
    if ((determination || null) !== incident.determination) changes.determination = determination || null;
    if (Object.keys(changes).length) update.mutate({ changes, etag });
  };
  const stale = update.error instanceof ApiError && update.error.status === 412;

  return (
    <form className="manage" onSubmit={save} aria-label="Manage incident">
      <label>
        Status
        <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
          <option value="active">Active</option>
          <option value="in_progress">In progress</option>
          <option value="resolved">Resolved</option>
        </select>
      </label>
      <label>
        Assigned to
        <input value={assignedTo} onChange={(e) => setAssignedTo(e.target.value)} placeholder="unassigned" />
      </label>
      <button type="button" className="link" onClick={() => setAssignedTo(identity.name)}>
        Assign to me
      </button>
      <label>
        Classification
        <select
          value={classification}
          onChange={(e) => {
            setClassification(e.target.value as Classification | '');
            setDetermination('');
          }}
        >
          <option value="">Not set</option>
          {Object.keys(DETERMINATIONS).map((c) => (
            <option key={c} value={c}>
              {words(c)}
            </option>
          ))}
        </select>
      </label>
      <label>
        Determination
        <select value={determination} disabled={!classification} onChange={(e) => setDetermination(e.target.value as Determination | '')}>
          <option value="">Not set</option>
          {classification &&
            DETERMINATIONS[classification].map((d) => (
              <option key={d} value={d}>
                {words(d)}
              </option>
            ))}
        </select>
      </label>
      <button type="submit" className="primary" disabled={update.isPending}>
        Save
      </button>
      {update.isSuccess && (
        <span role="status" className="ok">
          Saved.
        </span>
      )}
      {stale ? (
        <div className="error" role="alert">
          <strong>Someone else changed this incident since you opened it.</strong>
          <p>Your edit was not saved, so nothing of theirs was overwritten. The page now shows their version: check it and save again.</p>
        </div>
      ) : (
        update.error && <ErrorBox error={update.error} title="Not saved" />
      )}
    </form>
  );
}

/** Why correlation put the alert in this incident, or who moved it here by hand. */
function WhyHere({ correlation }: { correlation: NonNullable<IncidentAlert['correlation']> }) {
  if (correlation.movedBy) {
    return (
      <div className="small why">
        <span className="label">Why here:</span> moved by {correlation.movedBy}
      </div>
    );
  }
  return (
    <div className="small why">
      <span className="label">Why here:</span> {words(correlation.decision)}
      {correlation.reason ? ` — ${correlation.reason}` : ''}
      {correlation.matchedKeys.length > 0 && (
        <span>
          {' '}
          {correlation.matchedKeys.map((k) => (
            <mark key={k}>{k}</mark>
          ))}
        </span>
      )}
    </div>
  );
}

function Timeline({ alerts }: { alerts: IncidentAlert[] }) {
  return (
    <ol className="timeline">
      {alerts.map((a) => (
        <li key={a.id}>
          <div className="when">
            <Time at={a.firstActivityAt} />
          </div>
          <div className="what">
            <div>
              <Badge kind="severity" value={a.severity} /> <strong>{a.title}</strong>
            </div>
            <div className="small">
              {a.category && <span className="tactic">{a.category}</span>}
              {a.mitreTechniques.map((t) => (
                <span key={t} className="technique">
                  {t}
                </span>
              ))}
              <span className="muted"> · {a.detectionSource ?? a.source}</span>
            </div>
            {a.correlation && <WhyHere correlation={a.correlation} />}
          </div>
        </li>
      ))}
    </ol>
  );
}

function Assets({ assets }: { assets: Incident['impactedAssets'] }) {
  const groups = Object.entries(assets).filter(([, list]) => list && list.length) as [AssetType, Asset[]][];
  if (!groups.length) return <p className="muted">No impacted assets.</p>;
  return (
    <div className="assets">
      {groups.map(([type, list]) => (
        <div key={type}>
          <h3>{ASSET_TITLES[type] ?? type}</h3>
          <ul>
            {list.map((a) => (
              <li key={a.id}>
                {a.name}{' '}
                <span className="muted small">
                  ({a.alertCount} alert{a.alertCount === 1 ? '' : 's'})
                </span>
              </li>
            ))}
          </ul>
        </div>
      ))}
    </div>
  );
}

function Investigation({ summary }: { summary: IncidentInvestigation }) {
  const { data, error, isPending } = useInvestigation(summary.id);
  return (
    <details className="investigation" open>
      <summary>
        Investigation <code>{summary.id.slice(0, 8)}</code> <Badge kind="state" value={data?.state ?? summary.state} /> started{' '}
        <Time at={summary.startedAt} />
      </summary>
      {error ? (
        <ErrorBox error={error} />
      ) : isPending ? (
        <Loading what="the investigation" />
      ) : (
        <>
          <h4>Evidence</h4>
          <ul className="evidence">
            {data.evidence.map((e) => (
              <li key={e.key}>
                <code>{e.key}</code> <Badge kind="verdict" value={e.verdict} />{' '}
                <span className="muted small">{words(e.remediationStatus)}</span>
              </li>
            ))}
          </ul>
          {data.playbookRuns.map((run) => (
            <div key={`${run.alertId}-${run.playbook}`} className="run">
              <h4>
                Playbook <Link to={`/playbooks/${run.playbook}`}>{run.playbook}</Link> <Badge kind="status" value={run.status} />{' '}
                <span className="muted small">on “{data.alerts.find((x) => x.id === run.alertId)?.title ?? run.alertId}”</span>
              </h4>
              <ol className="steps">
                {run.steps.map((s) => (
                  <li key={s.path}>
                    <Badge kind="step" value={s.status} /> <code>{s.stepId}</code> <span className="muted small">{s.kind}</span>
                    {s.attempts > 1 && <span className="small"> · {s.attempts} attempts</span>}
                    {(s.reason || s.error) && <div className="small muted">{s.error ?? s.reason}</div>}
                  </li>
                ))}
              </ol>
            </div>
          ))}
        </>
      )}
    </details>
  );
}

export function IncidentPage() {
  const id = Number(useParams().id);
  const { data, error, isPending } = useIncident(id);
  const actions = useActions({ incidentId: id, limit: 100 });
  const update = useUpdateIncident(id);
  const { can } = useSession();
  if (error) return <ErrorBox error={error} />;
  if (isPending) return <Loading what={`incident ${id}`} />;
  const { incident, etag } = data;
  return (
    <article aria-labelledby="incident-title">
      <p className="crumbs">
        <Link to="/incidents">Incidents</Link> › {incident.id}
      </p>
      <h1 id="incident-title">{incident.name}</h1>
      {incident.redirectedTo && (
        <p className="notice">
          Merged into <Link to={`/incidents/${incident.redirectedTo}`}>incident {incident.redirectedTo}</Link>.
        </p>
      )}
      <dl className="facts">
        <div>
          <dt>Severity</dt>
          <dd>
            <Badge kind="severity" value={incident.severity} />
          </dd>
        </div>
        <div>
          <dt>Status</dt>
          <dd>
            <Badge kind="status" value={incident.status} />
          </dd>
        </div>
        <div>
          <dt>Assigned to</dt>
          <dd>{incident.assignedTo ?? 'unassigned'}</dd>
        </div>
        <div>
          <dt>Classification</dt>
          <dd>
            <Badge kind="class" value={incident.classification} /> {incident.determination && words(incident.determination)}
          </dd>
        </div>
        <div>
          <dt>Alerts</dt>
          <dd>{incident.alertCount}</dd>
        </div>
        <div>
          <dt>Activity</dt>
          <dd>
            <Time at={incident.firstActivityAt} /> – <Time at={incident.lastActivityAt} />
          </dd>
        </div>
        <div>
          <dt>Tactics</dt>
          <dd>{incident.categories.join(' → ') || '—'}</dd>
        </div>
      </dl>
      {can.triage && incident.status !== 'redirected' && <Manage key={etag} incident={incident} etag={etag} update={update} />}

      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Attack story</h2>
        <Timeline alerts={incident.alerts} />
      </section>
      <section aria-labelledby="assets-title">
        <h2 id="assets-title">Impacted assets</h2>
        <Assets assets={incident.impactedAssets} />
      </section>
      <section aria-labelledby="actions-title">
        <h2 id="actions-title">Actions</h2>
        {actions.error ? (
          <ErrorBox error={actions.error} />
        ) : !actions.data ? (
          <Loading what="actions" />
        ) : actions.data.items.length ? (
          <ActionList actions={actions.data.items} showIncident={false} />
        ) : (
          <p className="muted">No remediation action for this incident.</p>
        )}
      </section>
      <section aria-labelledby="investigations-title">
        <h2 id="investigations-title">Automated investigations</h2>
        {incident.investigations.length ? (
          incident.investigations.map((v) => <Investigation key={v.id} summary={v} />)
        ) : (
          <p className="muted">No investigation: no playbook handles these alerts.</p>
        )}
      </section>
    </article>
  );
}
