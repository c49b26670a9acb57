import { useId, useState } from 'react';
import { Link } from 'react-router';
import type { Action } from '../api/types';
import { type ActionVerb, useActOn, useAutomation } from '../api/queries';
import { type Session, useSession } from '../auth/session';
import { Badge, Countdown, Time, words } from './bits';
import { ErrorBox } from './states';

/**
 * Why the signed-in person cannot approve a pending action, if they cannot: the action service refuses
 * an approval by whoever requested the action (unless self-approval is allowed) and a second one by the same person.
 */
export function approvalRefusal(a: Action, me: { name: string; subject: string }, selfApprovalAllowed: boolean): string | undefined {
  if (a.status !== 'pending') return undefined;
  // As the server counts: by identity (one person, whichever key or session), by name for older records.
  const isMe = (who: { by: string; subject?: string | null }) => (who.subject ? who.subject === me.subject : who.by === me.name);
  if (isMe({ by: a.requestedBy, subject: a.requestedBySubject }) && !selfApprovalAllowed)
    return 'You requested this action: another approver must approve it.';
  if (a.approvals.some(isMe)) {
    const left = a.requiredApprovals - a.approvals.length;
    return `You have approved it; waiting for ${left} more approver${left === 1 ? '' : 's'}.`;
  }
  return undefined;
}

/** Whether the automation settings let a requester approve their own action (off until known, as by default). */
export function useSelfApproval(session: Session): boolean {
  return useAutomation(session.can.approve).data?.view.settings.allowSelfApproval ?? false;
}

function Decide({ action, refusal }: { action: Action; refusal: string | undefined }) {
  const { can } = useSession();
  const act = useActOn();
  // The same action can be listed twice on a page (the incident's actions and a selected entity's): ids stay unique.
  const commentId = useId();
  const hintId = useId();
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
          <button
            type="button"
            className="primary"
            disabled={act.isPending || refusal !== undefined}
            aria-describedby={refusal ? hintId : undefined}
            onClick={() => run('approve')}
          >
            Approve
          </button>
          <button type="button" className="danger" disabled={act.isPending} onClick={() => run('reject')}>
            Reject
          </button>
          {refusal && (
            <p id={hintId} className="refusal">
              {refusal}
            </p>
          )}
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

/** Who proposed the action: the playbook step of an investigation, or the person who asked for it. */
function Origin({ a }: { a: Action }) {
  if (a.source === 'manual') return <div className="muted small">requested by {a.requestedBy}</div>;
  const playbook = typeof a.proposedBy.playbook === 'string' ? a.proposedBy.playbook : undefined;
  const step = typeof a.proposedBy.step === 'string' ? a.proposedBy.step : undefined;
  return (
    <div className="muted small">
      proposed by {playbook ? <Link to={`/playbooks/${encodeURIComponent(playbook)}`}>{playbook}</Link> : 'the investigation'}
      {step && (
        <>
          {' '}
          step <code>{step}</code>
        </>
      )}
    </div>
  );
}

/** The entity the action targets, with what the alert said about it that helps decide (e.g. the device group). */
function Target({ a }: { a: Action }) {
  const t = a.target;
  const detail = t.type === 'device' ? t.deviceGroup && `group ${t.deviceGroup}` : t.type === 'file' ? t.path : undefined;
  return (
    <>
      <code>{a.targetKey}</code>
      <div className="muted small">
        {words(t.type)}
        {detail ? ` · ${detail}` : ''}
      </div>
    </>
  );
}

export interface ActionSelection {
  selected: ReadonlySet<string>;
  onSelect(id: string, on: boolean): void;
  onSelectAll(on: boolean): void;
}

/** Actions with their target, why they were proposed, approvals so far and the time left to decide. */
export function ActionList({
  actions,
  showIncident = true,
  selection,
}: {
  actions: Action[];
  showIncident?: boolean;
  /** Ticks to choose pending actions for a bulk decision. */
  selection?: ActionSelection;
}) {
  const session = useSession();
  const selfApproval = useSelfApproval(session);
  const selectable = selection ? actions.filter((a) => a.status === 'pending') : [];
  const all = selectable.length > 0 && selectable.every((a) => selection?.selected.has(a.id));
  const some = selectable.some((a) => selection?.selected.has(a.id));
  return (
    <div className="tablewrap">
      <table className="actions">
        <thead>
          <tr>
            {selection && (
              <th className="pick">
                <input
                  type="checkbox"
                  aria-label="Select all pending actions on this page"
                  checked={all}
                  disabled={selectable.length === 0}
                  ref={(el) => {
                    if (el) el.indeterminate = some && !all;
                  }}
                  onChange={(e) => selection.onSelectAll(e.target.checked)}
                />
              </th>
            )}
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
            <tr key={a.id} data-action={a.id} className={selection?.selected.has(a.id) ? 'selected' : undefined}>
              {selection && (
                <td className="pick">
                  {a.status === 'pending' && (
                    <input
                      type="checkbox"
                      aria-label={`Select ${a.title} of ${a.targetKey}`}
                      checked={selection.selected.has(a.id)}
                      onChange={(e) => selection.onSelect(a.id, e.target.checked)}
                    />
                  )}
                </td>
              )}
              <td>
                {a.title}
                <Origin a={a} />
              </td>
              <td>
                <Target a={a} />
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
              {showIncident && (
                <td>
                  {a.incidentId ? <Link to={`/incidents/${a.incidentId}`}>{a.incidentId}</Link> : '—'}
                  {a.investigationId && (
                    <div className="muted small" title={a.investigationId}>
                      investigation <code>{a.investigationId.slice(0, 8)}</code>
                    </div>
                  )}
                </td>
              )}
              <td className="small">
                <span className="approvals">
                  {a.approvals.length} of {a.requiredApprovals}
                </span>
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
                <Decide action={a} refusal={approvalRefusal(a, session.identity, selfApproval)} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
