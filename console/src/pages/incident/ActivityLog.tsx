import { type FormEvent, type ReactNode, useState } from 'react';
import { Link } from 'react-router';
import { useAddComment, useIncidentActivity } from '../../api/queries';
import type { ActivityEntry } from '../../api/types';
import { Time, words } from '../../components/bits';
import { ErrorBox, Loading } from '../../components/states';

const PAGE = 25;

/** What the log can be narrowed to, as the API's `kind` filter. */
const FILTERS: { label: string; kinds?: string[] }[] = [
  { label: 'All' },
  { label: 'Comments', kinds: ['comment'] },
  { label: 'Changes', kinds: ['created', 'updated', 'auto_resolved'] },
  { label: 'Alerts', kinds: ['alert_joined', 'alert_moved_in', 'alert_moved_out'] },
  { label: 'Merges', kinds: ['merged', 'redirected', 'merge_reason'] },
];

const FIELD_NAMES: Record<string, string> = {
  name: 'name',
  assignedTo: 'assignee',
  status: 'status',
  severity: 'severity',
  classification: 'classification',
  determination: 'determination',
  tags: 'tags',
  resolutionComment: 'resolution comment',
};

/** A value as an analyst reads it: enum values in words, nothing as "none". */
export function shown(value: unknown): string {
  if (value === null || value === undefined || value === '') return 'none';
  if (Array.isArray(value)) return value.length ? value.join(', ') : 'none';
  if (typeof value === 'string') return /^[a-z_]+$/.test(value) ? words(value) : `“${value}”`;
  return JSON.stringify(value);
}

function TagChange({ from, to }: { from: unknown; to: unknown }) {
  const before = Array.isArray(from) ? (from as string[]) : [];
  const after = Array.isArray(to) ? (to as string[]) : [];
  const added = after.filter((t) => !before.includes(t));
  const removed = before.filter((t) => !after.includes(t));
  return (
    <>
      tags:
      {added.length > 0 && ` added ${added.join(', ')}`}
      {added.length > 0 && removed.length > 0 && ';'}
      {removed.length > 0 && ` removed ${removed.join(', ')}`}
    </>
  );
}

const incidentLink = (id: unknown) => <Link to={`/incidents/${String(id)}`}>incident {String(id)}</Link>;
const alertName = (d: Record<string, unknown>) => (typeof d.title === 'string' ? `“${d.title}”` : `alert ${String(d.alertId).slice(0, 8)}`);

/** One log entry in words: what was done (the actor and time are shown beside it). */
export function ActivityText({ entry }: { entry: ActivityEntry }): ReactNode {
  const d = entry.details;
  switch (entry.kind) {
    case 'created':
      return d.movedFrom ? <>created the incident for an alert moved from {incidentLink(d.movedFrom)}</> : <>created the incident</>;
    case 'updated': {
      const changes = Object.entries((d.changes ?? {}) as Record<string, { from: unknown; to: unknown }>);
      return (
        <>
          changed{' '}
          {changes.map(([field, c], i) => (
            <span key={field}>
              {i > 0 && '; '}
              {field === 'tags' ? (
                <TagChange from={c.from} to={c.to} />
              ) : (
                <>
                  {FIELD_NAMES[field] ?? field} from {shown(c.from)} to {shown(c.to)}
                </>
              )}
            </span>
          ))}
        </>
      );
    }
    case 'comment':
      return (
        <>
          commented
          <blockquote className="comment">{String(d.text ?? '')}</blockquote>
        </>
      );
    case 'alert_joined':
      return (
        <>
          added alert {alertName(d)}
          {Array.isArray(d.matchedKeys) && d.matchedKeys.length > 0 && (
            <span className="muted"> (shares {(d.matchedKeys as string[]).join(', ')})</span>
          )}
        </>
      );
    case 'alert_moved_in':
      return (
        <>
          moved alert {alertName(d)} in from {incidentLink(d.from)}
          {d.reason ? `: ${String(d.reason)}` : ''}
        </>
      );
    case 'alert_moved_out':
      return (
        <>
          moved alert {alertName(d)} out to {incidentLink(d.to)}
          {d.reason ? `: ${String(d.reason)}` : ''}
        </>
      );
    case 'merged':
      return (
        <>
          merged{' '}
          {((d.from ?? []) as number[]).map((id, i) => (
            <span key={id}>
              {i > 0 && ', '}
              {incidentLink(id)}
            </span>
          ))}{' '}
          into this one{d.byAlert ? ' when an alert linked them' : ''}
        </>
      );
    case 'merge_reason':
      return <>gave the reason for the merge: {String(d.reason ?? '')}</>;
    case 'redirected':
      return <>merged this incident into {incidentLink(d.to)}</>;
    case 'auto_resolved':
      return <>resolved the incident automatically</>;
    default:
      return (
        <>
          {words(entry.kind)} <span className="muted small">{JSON.stringify(d)}</span>
        </>
      );
  }
}

/** One line of the log: who, what, when. */
export function ActivityItem({ entry, incidentId }: { entry: ActivityEntry; incidentId: number }) {
  return (
    <li className={`activity-${entry.kind}`}>
      <div className="when">
        <Time at={entry.at} />
      </div>
      <div>
        <strong>{entry.actor}</strong> <ActivityText entry={entry} />
        {entry.incidentId !== incidentId && <span className="muted small"> (in {incidentLink(entry.incidentId)})</span>}
      </div>
    </li>
  );
}

function CommentBox({ incidentId }: { incidentId: number }) {
  const [text, setText] = useState('');
  const add = useAddComment(incidentId);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!text.trim()) return;
    add.mutate({ text: text.trim() }, { onSuccess: () => setText('') });
  };
  return (
    <form className="comment-box" onSubmit={submit} aria-label="Add a comment">
      <label htmlFor="comment-text">Comment</label>
      <textarea
        id="comment-text"
        value={text}
        maxLength={30_000}
        rows={3}
        onChange={(e) => setText(e.target.value)}
        placeholder="What you found, what you did, what is next…"
      />
      <div className="row">
        <button type="submit" className="primary" disabled={add.isPending || !text.trim()}>
          Add comment
        </button>
        {add.isSuccess && !text && (
          <span role="status" className="ok">
            Comment added.
          </span>
        )}
      </div>
      {add.error && <ErrorBox error={add.error} title="The comment was not added" />}
    </form>
  );
}

/** The incident's audit log, newest first, with a filter by kind, paging, and a comment box for analysts. */
export function ActivityLog({ incidentId, all, canComment }: { incidentId: number; all: ActivityEntry[]; canComment: boolean }) {
  const [filter, setFilter] = useState(0);
  const [shownCount, setShownCount] = useState(PAGE);
  // The whole log comes with the incident; a narrower view asks the API for those kinds.
  const kinds = FILTERS[filter].kinds;
  const filtered = useIncidentActivity(incidentId, { kind: kinds }, kinds !== undefined);
  const { data, error, isPending } = kinds ? filtered : { data: { items: all }, error: null, isPending: false };
  const items = data?.items ?? [];
  const newest = items.slice(-shownCount).reverse();
  return (
    <>
      {canComment && <CommentBox incidentId={incidentId} />}
      <div className="chips" role="group" aria-label="Show in the activity log">
        {FILTERS.map((f, i) => (
          <button
            key={f.label}
            type="button"
            className={`chip${i === filter ? ' on' : ''}`}
            aria-pressed={i === filter}
            onClick={() => {
              setFilter(i);
              setShownCount(PAGE);
            }}
          >
            {f.label}
          </button>
        ))}
      </div>
      {error ? (
        <ErrorBox error={error} />
      ) : isPending ? (
        <Loading what="the activity log" />
      ) : newest.length ? (
        <>
          <ol className="activity" aria-label="Activity log, newest first">
            {newest.map((entry) => (
              <ActivityItem key={entry.id} entry={entry} incidentId={incidentId} />
            ))}
          </ol>
          <p className="muted small">
            Showing {newest.length} of {items.length}.{' '}
            {items.length > newest.length && (
              <button type="button" className="link" onClick={() => setShownCount((n) => n + PAGE)}>
                Show {Math.min(PAGE, items.length - newest.length)} older
              </button>
            )}
          </p>
        </>
      ) : (
        <p className="muted">Nothing of this kind in the log yet.</p>
      )}
    </>
  );
}
