import { useState } from 'react';
import { Link } from 'react-router';
import { useActionImpact } from '../api/queries';
import type { Action, ActionImpact } from '../api/types';
import { Time, words } from './bits';
import { ErrorBox, Loading } from './states';

const short = (v: unknown) => {
  const text = JSON.stringify(v);
  return text.length > 160 ? `${text.slice(0, 160)}…` : text;
};

function Branch({ title, branch }: { title: string; branch: NonNullable<ActionImpact['prediction']>['ifApproved'] }) {
  return (
    <div className="impact-branch" data-branch={branch.actionStatus}>
      <h4>{title}</h4>
      <p>
        Investigation ends <strong data-ends>{branch.investigationEnds ? words(branch.investigationEnds) : '—'}</strong>
        {branch.incidentResolvedByAutomation && ' · alerts resolved by automation'}
      </p>
      <ol className="small">
        {branch.then.map((t, i) => (
          <li key={i}>{t}</li>
        ))}
      </ol>
    </div>
  );
}

function ImpactBody({ impact }: { impact: ActionImpact }) {
  const { evidence: e, target: t, prediction: p } = impact;
  return (
    <div className="impact-body">
      <section aria-label="Evidence chain">
        <h4>Why it was proposed</h4>
        <ol className="chain">
          {e.alert && (
            <li>
              Alert <q>{e.alert.title}</q> ({e.alert.severity}, {e.alert.source})
            </li>
          )}
          {e.playbook && (
            <li>
              Playbook {e.playbook.name}
              {e.playbook.version && ` v${e.playbook.version}`}, step <code>{e.playbook.step}</code>
            </li>
          )}
          {e.source === 'manual' && (
            <li>
              Requested by {e.requestedBy}: {e.reason}
            </li>
          )}
          {e.verdict && (
            <li>
              Verdict <strong>{words(e.verdict.verdict)}</strong>
              {e.verdict.reasons.length > 0 && ` — ${e.verdict.reasons.map((r) => r.reason).join('; ')}`}
            </li>
          )}
        </ol>
        {e.facts.length > 0 && (
          <ul className="small facts" aria-label="Facts used">
            {e.facts.map((f) => (
              <li key={f.step}>
                <code>{f.fn}</code> ({f.step}): {short(f.output)}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Target">
        <h4>The target: {t.label}</h4>
        <ul className="small">
          {t.role && <li data-fact="role">{t.role === 'server' ? 'A server: others depend on it' : words(t.role)}</li>}
          {t.privileged !== null && (
            <li data-fact="privileged">{t.privileged ? 'An admin or privileged account' : 'Not an admin account'}</li>
          )}
          {(t.os || t.deviceGroup) && <li>{[t.os, t.deviceGroup && `group ${t.deviceGroup}`].filter(Boolean).join(', ')}</li>}
          {t.users.length > 0 && <li>Users: {t.users.join(', ')}</li>}
          {t.devices.length > 0 && <li>Devices: {t.devices.join(', ')}</li>}
          <li>
            {t.alertsNaming} stored alert{t.alertsNaming === 1 ? '' : 's'} in 30 days;{' '}
            {t.otherOpenIncidents.length === 0 ? (
              'no other open incident'
            ) : (
              <>
                other open incidents:{' '}
                {t.otherOpenIncidents.map((id) => (
                  <Link key={id} to={`/incidents/${id}`}>
                    {id}{' '}
                  </Link>
                ))}
              </>
            )}
          </li>
          {t.lookups
            .filter((l) => !l.available)
            .map((l) => (
              <li key={l.fn} className="warn">
                {l.fn} unavailable: {l.detail}
              </li>
            ))}
        </ul>
      </section>
      <section aria-label="Also contained">
        <h4>Also contained</h4>
        {impact.collateral.length === 0 ? (
          <p className="small muted">Nothing besides the target.</p>
        ) : (
          <ul className="small">
            {impact.collateral.map((c) => (
              <li key={`${c.kind}:${c.what}`}>
                {c.what} — {c.effect}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-label="Undo">
        <h4>{impact.reversal.reversible ? 'Can be undone' : 'Cannot be undone'}</h4>
        <p className="small">{impact.reversal.how}</p>
      </section>
      {p && (
        <section aria-label="What follows">
          <h4>What follows (dry run)</h4>
          <p className="small muted">{p.basis}</p>
          <div className="impact-branches">
            <Branch title="If approved" branch={p.ifApproved} />
            <Branch title="If rejected" branch={p.ifRejected} />
          </div>
        </section>
      )}
    </div>
  );
}

/** One pending action's impact, fetched (and so recomputed) each time the panel is opened. */
export function ImpactPanel({ action }: { action: Action }) {
  const [open, setOpen] = useState(false);
  const { data, error, isFetching, refetch } = useActionImpact(action.id, open);
  const then = data?.atProposal;
  const changed =
    then &&
    data &&
    (then.prediction?.ifApproved.investigationEnds !== data.current.prediction?.ifApproved.investigationEnds ||
      then.target.otherOpenIncidents.length !== data.current.target.otherOpenIncidents.length);
  return (
    <details className="impact" data-impact={action.id} onToggle={(ev) => setOpen((ev.target as HTMLDetailsElement).open)}>
      <summary>
        What approving does: {action.title} of {action.targetKey}
      </summary>
      {error ? (
        <ErrorBox error={error} />
      ) : !data ? (
        open && <Loading what="the impact" />
      ) : (
        <>
          <p className="small muted">
            Computed <Time at={data.current.computedAt} />{' '}
            <button type="button" className="link" disabled={isFetching} onClick={() => void refetch()}>
              Refresh
            </button>
          </p>
          <ImpactBody impact={data.current} />
          {then && (
            <p className="small" data-at-proposal>
              At proposal (<Time at={then.computedAt} />
              ): if approved the investigation would end {words(then.prediction?.ifApproved.investigationEnds ?? '—')}
              {changed ? ' — things have changed since' : ' — unchanged'}.
            </p>
          )}
        </>
      )}
    </details>
  );
}
