import { useId, useState } from 'react';
import { Link } from 'react-router';
import type { Action } from '../api/types';
import { type ActionVerb, useActOn } from '../api/queries';
import { useSession } from '../auth/session';
import { Badge, Countdown, Time } from './bits';
import { ErrorBox } from './states';

function Decide({ action }: { action: Action }) {
  const { can } = useSession();
  const act = useActOn();
  // The same action can be listed twice on a page (the incident's actions and a selected entity's): ids stay unique.
  const commentId = useId();
  const [comment, setComment] = useState('');
  const run = (verb: ActionVerb) =>
    act.mutate({ id: action.id, verb, body: verb === 'approve' || verb === 'reject' ? { comment: comment || undefined } : undefined });
  if (!can.approve) return <span className="muted">needs an approver</span>;
  return (
    <div className="decide">
      {action.status === 'pending' && (
        <>
          <label className="sr-only" htmlFor={commentId}>
            Comment on {action.title} of {action.targetKey}
          </label>
          <input id={commentId} placeholder="Comment (optional)" value={comment} onChange={(e) => setComment(e.target.value)} />
          <button type="button" className="primary" disabled={act.isPending} onClick={() => run('approve')}>
            Approve
          </button>
          <button type="button" className="danger" disabled={act.isPending} onClick={() => run('reject')}>
            Reject
          </button>
        </>
      )}
      {action.status === 'succeeded' && action.reversible && (
        <button type="button" disabled={act.isPending} onClick={() => run('undo')}>
          Undo
        </button>
      )}
      {action.status === 'failed' && (
        <button type="button" disabled={act.isPending} onClick={() => run('retry')}>
          Retry
        </button>
      )}
      {act.error && <ErrorBox error={act.error} title="The action center refused" />}
    </div>
  );
}

/** Actions with their target, why they were proposed, approvals so far and the time left to decide. */
export function ActionList({ actions, showIncident = true }: { actions: Action[]; showIncident?: boolean }) {
  return (
    <div className="tablewrap">
      <table className="actions">
        <thead>
          <tr>
            <th>Action</th>
            <th>Target</th>
            <th>Status</th>
            <th>Verdict</th>
            <th>Reason</th>
            {showIncident && <th>Incident</th>}
            <th>Approvals</th>
            <th>Expires in</th>
            <th>Updated</th>
            <th>Decision</th>
          </tr>
        </thead>
        <tbody>
          {actions.map((a) => (
            <tr key={a.id} data-action={a.id}>
              <td>
                {a.title}
                <div className="muted small">
                  {a.source === 'manual' ? `requested by ${a.requestedBy}` : 'proposed by the investigation'}
                </div>
              </td>
              <td>
                <code>{a.targetKey}</code>
              </td>
              <td>
                <Badge kind="status" value={a.status} />
                {a.error && <div className="small err">{a.error}</div>}
              </td>
              <td>
                <Badge kind="verdict" value={a.verdict} />
              </td>
              <td className="small">
                {a.reason}
                <div className="muted">{a.policyReason}</div>
              </td>
              {showIncident && <td>{a.incidentId ? <Link to={`/incidents/${a.incidentId}`}>{a.incidentId}</Link> : '—'}</td>}
              <td className="small">
                {a.approvals.length}/{a.requiredApprovals}
                {a.approvals.map((x) => (
                  <div key={x.by + x.at} className="muted">
                    {x.by}
                    {x.comment ? `: ${x.comment}` : ''}
                  </div>
                ))}
                {a.decidedBy && a.status !== 'pending' && <div className="muted">decided by {a.decidedBy}</div>}
              </td>
              <td>{a.status === 'pending' ? <Countdown at={a.expiresAt} /> : <span className="muted">—</span>}</td>
              <td>
                <Time at={a.updatedAt} />
              </td>
              <td>
                <Decide action={a} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
