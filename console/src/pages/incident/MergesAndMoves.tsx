import { Link } from 'react-router';
import { useAlert } from '../../api/queries';
import type { ActivityEntry, Incident, IncidentAlert } from '../../api/types';
import { Badge, Time } from '../../components/bits';
import { alertAnchor, showAlert } from './alerts';

/** Where an alert on the timeline came from, when it did not start here. */
export interface Origin {
  how: 'merged' | 'moved';
  from: number;
}

/** The incident each alert came from: with a merged incident (its correlation names the incident it first joined) or moved in by hand. */
export function originsOf(incident: Incident): Map<string, Origin> {
  const out = new Map<string, Origin>();
  for (const a of incident.activity) {
    if (a.kind === 'alert_moved_in' && a.incidentId === incident.id)
      out.set(String(a.details.alertId), { how: 'moved', from: Number(a.details.from) });
  }
  for (const a of incident.alerts) {
    const first = a.correlation?.incidentId;
    if (first && first !== incident.id && !out.has(a.id)) out.set(a.id, { how: 'merged', from: first });
  }
  return out;
}

function AlertLink({ alert }: { alert: IncidentAlert }) {
  return (
    <a
      href={`#${alertAnchor(alert.id)}`}
      onClick={(e) => {
        e.preventDefault();
        showAlert(alert.id);
      }}
    >
      {alert.title}
    </a>
  );
}

/** An alert that left: its title is read from the alert itself, as this incident no longer lists it. */
function MovedOut({ entry }: { entry: ActivityEntry }) {
  const alertId = String(entry.details.alertId);
  const { data } = useAlert(alertId);
  return (
    <li>
      {data ? <Badge kind="severity" value={data.severity} /> : null} <strong>{data?.title ?? `alert ${alertId.slice(0, 8)}`}</strong> moved
      to <Link to={`/incidents/${String(entry.details.to)}`}>incident {String(entry.details.to)}</Link> by {entry.actor},{' '}
      <Time at={entry.at} />
      {entry.details.reason ? <span className="muted">: {String(entry.details.reason)}</span> : null}
    </li>
  );
}

/** Incidents merged into this one with the alerts they brought, and alerts moved in or out by hand. */
export function MergesAndMoves({ incident, origins }: { incident: Incident; origins: Map<string, Origin> }) {
  const merges = incident.activity.filter((a) => a.kind === 'merged' && a.incidentId === incident.id);
  const reasons = incident.activity.filter((a) => a.kind === 'merge_reason');
  const movedOut = incident.activity.filter((a) => a.kind === 'alert_moved_out' && a.incidentId === incident.id);
  const movedIn = incident.alerts.filter((a) => origins.get(a.id)?.how === 'moved');
  if (!merges.length && !movedOut.length && !movedIn.length)
    return <p className="muted">No incident was merged into this one and no alert was moved in or out.</p>;
  return (
    <div className="moves">
      {merges.length > 0 && (
        <>
          <h3>Merged in</h3>
          <ul>
            {merges.map((m) => {
              const from = (m.details.from ?? []) as number[];
              const reason = reasons.find((r) => JSON.stringify(r.details.from) === JSON.stringify(from));
              return (
                <li key={m.id}>
                  {from.map((id, i) => (
                    <span key={id}>
                      {i > 0 && ', '}
                      <Link to={`/incidents/${id}`}>incident {id}</Link>
                    </span>
                  ))}{' '}
                  merged in by {m.actor === 'system' ? 'correlation (an alert linked them)' : m.actor}, <Time at={m.at} />
                  {reason ? <span className="muted">: {String(reason.details.reason)}</span> : null}
                  <ul>
                    {incident.alerts
                      .filter((a) => from.includes(origins.get(a.id)?.from ?? 0) && origins.get(a.id)?.how === 'merged')
                      .map((a) => (
                        <li key={a.id}>
                          <AlertLink alert={a} />
                        </li>
                      ))}
                  </ul>
                </li>
              );
            })}
          </ul>
        </>
      )}
      {movedIn.length > 0 && (
        <>
          <h3>Moved in</h3>
          <ul>
            {movedIn.map((a) => (
              <li key={a.id}>
                <AlertLink alert={a} /> from <Link to={`/incidents/${origins.get(a.id)!.from}`}>incident {origins.get(a.id)!.from}</Link>
                {a.correlation?.movedBy ? ` by ${a.correlation.movedBy}` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
      {movedOut.length > 0 && (
        <>
          <h3>Moved out</h3>
          <ul>
            {movedOut.map((m) => (
              <MovedOut key={m.id} entry={m} />
            ))}
          </ul>
        </>
      )}
    </div>
  );
}
