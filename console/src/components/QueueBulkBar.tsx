import { type FormEvent, useState } from 'react';
import { CLASSIFICATIONS, DETERMINATIONS } from '../../../src/domain/incident';
import { useBulkUpdateIncidents } from '../api/queries';
import type { BulkIncidentRequest, BulkIncidentResult, Classification, Determination } from '../api/types';
import { useSession } from '../auth/session';
import { words } from './bits';
import { ErrorBox } from './states';

type Changes = BulkIncidentRequest['changes'];
const STATUSES = ['active', 'in_progress', 'resolved'] as const satisfies Changes['status'][];

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

function failure(r: BulkIncidentResult): string | undefined {
  if (r.result === 'not_found') return 'no such incident';
  if (r.result === 'redirected') return `merged into incident ${r.redirectedTo}: change that one`;
  return undefined;
}

/** What a bulk edit did, incident by incident: the counts, and each incident that could not take it and why. */
function Outcome({ what, results }: { what: string; results: BulkIncidentResult[] }) {
  const updated = results.filter((r) => r.result === 'updated').length;
  const unchanged = results.filter((r) => r.result === 'unchanged').length;
  const failed = results.filter((r) => failure(r));
  return (
    <div className="bulk-outcome">
      <strong>{what}:</strong> {plural(updated, 'incident')} updated
      {unchanged > 0 && `, ${unchanged} already so`}
      {failed.length > 0 && `, ${failed.length} failed`}.
      {failed.length > 0 && (
        <ul className="problems">
          {failed.map((r) => (
            <li key={r.id}>
              Incident {r.id}: {failure(r)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The same change on every selected incident, through `POST /incidents/bulk` (all or nothing when a rule refuses one). */
export function QueueBulkBar({ ids, onClear }: { ids: number[]; onClear: () => void }) {
  const { identity } = useSession();
  const bulk = useBulkUpdateIncidents();
  const [outcome, setOutcome] = useState<{ what: string; results: BulkIncidentResult[] }>();
  const [assignee, setAssignee] = useState('');
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('in_progress');
  const [classification, setClassification] = useState<Classification>('true_positive');
  const [determination, setDetermination] = useState<Determination | ''>('');
  const [tag, setTag] = useState('');

  const apply = (what: string, changes: Changes) => {
    setOutcome(undefined);
    bulk.mutate({ ids, changes }, { onSuccess: (r) => setOutcome({ what, results: r.results }) });
  };
  const submit = (fn: () => void) => (e: FormEvent) => {
    e.preventDefault();
    fn();
  };
  const trimmedTag = tag.trim();
  const busy = bulk.isPending;
  const report = (
    <>
      <div role="status">{outcome && <Outcome {...outcome} />}</div>
      {bulk.error && <ErrorBox error={bulk.error} title="Nothing was changed" />}
    </>
  );

  // A change can take incidents off the page (and so out of the selection): what it did stays in view.
  if (ids.length === 0) {
    if (!outcome && !bulk.error) return null;
    return (
      <section className="bulkbar" aria-label="Bulk edit result">
        {report}
        <button
          type="button"
          className="link"
          onClick={() => {
            setOutcome(undefined);
            bulk.reset();
          }}
        >
          Dismiss
        </button>
      </section>
    );
  }

  return (
    <section className="bulkbar" aria-label="Bulk edit of the selected incidents">
      <div className="row">
        <strong aria-live="polite">{plural(ids.length, 'incident')} selected</strong>
        <button type="button" className="link" onClick={onClear}>
          Clear selection
        </button>
        {busy && <span className="muted">Applying…</span>}
      </div>
      <div className="row">
        <form
          className="row"
          onSubmit={submit(() => assignee.trim() && apply(`Assigned to ${assignee.trim()}`, { assignedTo: assignee.trim() }))}
        >
          <label>
            Assign to <input value={assignee} onChange={(e) => setAssignee(e.target.value)} size={14} maxLength={256} />
          </label>
          <button type="submit" disabled={busy || !assignee.trim()}>
            Assign
          </button>
          <button type="button" disabled={busy} onClick={() => apply(`Assigned to ${identity.name}`, { assignedTo: identity.name })}>
            Assign to me
          </button>
          <button type="button" disabled={busy} onClick={() => apply('Unassigned', { assignedTo: null })}>
            Unassign
          </button>
        </form>
        <form className="row" onSubmit={submit(() => apply(`Status ${words(status)}`, { status }))}>
          <label>
            Status
            <select value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
              {STATUSES.map((s) => (
                <option key={s} value={s}>
                  {words(s)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy}>
            Set status
          </button>
        </form>
      </div>
      <div className="row">
        <form
          className="row"
          onSubmit={submit(() =>
            apply(`Classified ${words(classification)}`, { classification, determination: determination === '' ? null : determination }),
          )}
        >
          <label>
            Classification
            <select
              value={classification}
              onChange={(e) => {
                setClassification(e.target.value as Classification);
                setDetermination('');
              }}
            >
              {CLASSIFICATIONS.map((c) => (
                <option key={c} value={c}>
                  {words(c)}
                </option>
              ))}
            </select>
          </label>
          <label>
            Determination
            <select value={determination} onChange={(e) => setDetermination(e.target.value as Determination | '')}>
              <option value="">not set</option>
              {DETERMINATIONS[classification].map((d) => (
                <option key={d} value={d}>
                  {words(d)}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" disabled={busy}>
            Classify
          </button>
        </form>
        <form className="row" onSubmit={submit(() => trimmedTag && apply(`Tag ${trimmedTag} added`, { addTags: [trimmedTag] }))}>
          <label>
            Tag <input value={tag} onChange={(e) => setTag(e.target.value)} size={12} maxLength={64} />
          </label>
          <button type="submit" disabled={busy || !trimmedTag}>
            Add tag
          </button>
          <button
            type="button"
            disabled={busy || !trimmedTag}
            onClick={() => apply(`Tag ${trimmedTag} removed`, { removeTags: [trimmedTag] })}
          >
            Remove tag
          </button>
        </form>
      </div>
      {report}
    </section>
  );
}
