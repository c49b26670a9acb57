import { memo, useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useActions, useIncident, useInvestigation } from '../api/queries';
import type { Asset, AssetType, Incident, IncidentAlert, IncidentInvestigation } from '../api/types';
import { useSession } from '../auth/session';
import { ActionList } from '../components/ActionList';
import { Badge, Time, words } from '../components/bits';
import { ErrorBox, Loading } from '../components/states';
import { ActivityLog } from './incident/ActivityLog';
import { alertAnchor } from './incident/alerts';
import { EvidenceGraph } from './incident/EvidenceGraph';
import { Manage } from './incident/Manage';
import { MergesAndMoves, type Origin, originsOf } from './incident/MergesAndMoves';
import { Rollback } from './incident/Rollback';

const ASSET_TITLES: Record<AssetType, string> = {
  devices: 'Devices',
  users: 'Users',
  mailboxes: 'Mailboxes',
  ips: 'IP addresses',
  urls: 'URLs',
  files: 'Files',
  cloudApps: 'Cloud apps',
};

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

/**
 * The attack story. Memoised: a 200-alert incident re-renders it only when its alerts change,
 * not on every poll of the incident or keystroke in the form.
 */
const Timeline = memo(TimelineList, (a, b) => a.alerts === b.alerts && sameOrigins(a.origins, b.origins));

function sameOrigins(a: Map<string, Origin>, b: Map<string, Origin>): boolean {
  if (a.size !== b.size) return false;
  for (const [id, o] of a) {
    const p = b.get(id);
    if (!p || p.how !== o.how || p.from !== o.from) return false;
  }
  return true;
}

function TimelineList({ alerts, origins }: { alerts: IncidentAlert[]; origins: Map<string, Origin> }) {
  return (
    <ol className="timeline">
      {alerts.map((a) => {
        const origin = origins.get(a.id);
        return (
          <li key={a.id} id={alertAnchor(a.id)} tabIndex={-1}>
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
                {origin && (
                  <span className="origin">
                    {' '}
                    · {origin.how === 'merged' ? 'came with' : 'moved in from'}{' '}
                    <Link to={`/incidents/${origin.from}`}>incident {origin.from}</Link>
                  </span>
                )}
              </div>
              {a.correlation && <WhyHere correlation={a.correlation} />}
            </div>
          </li>
        );
      })}
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

/** Playbook runs shown at first: an investigation of 200 alerts has 200 of them. */
const RUNS_SHOWN = 10;

function Investigation({ summary }: { summary: IncidentInvestigation }) {
  const { data, error, isPending } = useInvestigation(summary.id);
  const [allRuns, setAllRuns] = useState(false);
  const titles = useMemo(() => new Map(data?.alerts.map((a) => [a.id, a.title])), [data]);
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
          {(allRuns ? data.playbookRuns : data.playbookRuns.slice(0, RUNS_SHOWN)).map((run) => (
            <div key={`${run.alertId}-${run.playbook}`} className="run">
              <h4>
                Playbook <Link to={`/playbooks/${run.playbook}`}>{run.playbook}</Link> <Badge kind="status" value={run.status} />{' '}
                <span className="muted small">on “{titles.get(run.alertId) ?? run.alertId}”</span>
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
          {!allRuns && data.playbookRuns.length > RUNS_SHOWN && (
            <button type="button" className="link" onClick={() => setAllRuns(true)}>
              Show all {data.playbookRuns.length} playbook runs
            </button>
          )}
        </>
      )}
    </details>
  );
}

export function IncidentPage() {
  const id = Number(useParams().id);
  const { data, error, isPending } = useIncident(id);
  const actions = useActions({ incidentId: id, limit: 100 });
  const { can } = useSession();
  const incident = data?.incident;
  const origins = useMemo(() => (incident ? originsOf(incident) : new Map<string, Origin>()), [incident]);
  if (error) return <ErrorBox error={error} />;
  if (isPending || !incident) return <Loading what={`incident ${id}`} />;
  const redirected = incident.status === 'redirected';
  return (
    <article aria-labelledby="incident-title">
      <p className="crumbs">
        <Link to="/incidents">Incidents</Link> › {incident.id}
      </p>
      <h1 id="incident-title">{incident.name}</h1>
      {incident.redirectedTo && (
        <p className="notice" role="note">
          This incident was merged into <Link to={`/incidents/${incident.redirectedTo}`}>incident {incident.redirectedTo}</Link>: its
          alerts, comments and investigations continue there.
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
        <div>
          <dt>Tags</dt>
          <dd className="facts-tags">
            {incident.tags.map((t) => (
              <span key={t} className="tag">
                {t}
              </span>
            ))}
            {incident.systemTags.map((t) => (
              <span key={t} className="tag system" title="Set by Quell">
                {t}
              </span>
            ))}
            {!incident.tags.length && !incident.systemTags.length && '—'}
          </dd>
        </div>
      </dl>
      {can.triage && !redirected && <Manage incident={incident} etag={data.etag} />}
      {can.approve && !redirected && <Rollback incidentId={id} available={incident.rollbackAvailable} />}

      <section aria-labelledby="graph-title">
        <h2 id="graph-title">Evidence graph</h2>
        {redirected ? (
          <p className="muted">The evidence is on the incident this one was merged into.</p>
        ) : (
          <EvidenceGraph incidentId={id} actions={actions.data?.items} />
        )}
      </section>
      <section aria-labelledby="timeline-title">
        <h2 id="timeline-title">Attack story</h2>
        <Timeline alerts={incident.alerts} origins={origins} />
      </section>
      <section aria-labelledby="moves-title">
        <h2 id="moves-title">Merged and moved alerts</h2>
        <MergesAndMoves incident={incident} origins={origins} />
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
      <section aria-labelledby="activity-title">
        <h2 id="activity-title">Activity</h2>
        <ActivityLog incidentId={id} all={incident.activity} canComment={can.triage && !redirected} />
      </section>
    </article>
  );
}
