import { type FormEvent, type KeyboardEvent, useState } from 'react';
import { ApiError } from '../../api/client';
import { useUpdateIncident } from '../../api/queries';
import type { Classification, Incident, IncidentChanges } from '../../api/types';
import { useSession } from '../../auth/session';
import { words } from '../../components/bits';
import { ErrorBox } from '../../components/states';
import { DETERMINATIONS, MAX_TAG_LENGTH } from '../../../../src/domain/incident';
import { ActivityItem, shown } from './ActivityLog';

type Determination = NonNullable<IncidentChanges['determination']>;
type Status = NonNullable<IncidentChanges['status']>;

interface Fields {
  name: string;
  status: Status;
  assignedTo: string;
  classification: Classification | '';
  determination: Determination | '';
}
/** What the analyst changed in the form; everything else shows the incident as the server has it now. */
type Edits = Partial<Fields> & { addTags?: string[]; removeTags?: string[] };
/** The incident as the analyst saw it when they started editing: its ETag guards the save. */
interface Seen {
  incident: Incident;
  etag: string | null;
}

const fieldsOf = (i: Incident): Fields => ({
  name: i.name,
  status: i.status === 'redirected' ? 'active' : i.status,
  assignedTo: i.assignedTo ?? '',
  classification: i.classification ?? '',
  determination: (i.determination as Determination | null) ?? '',
});

/** The fields a colleague may have changed, as the conflict report names them. */
const COMPARED: { field: keyof Incident; label: string }[] = [
  { field: 'name', label: 'Name' },
  { field: 'status', label: 'Status' },
  { field: 'severity', label: 'Severity' },
  { field: 'assignedTo', label: 'Assigned to' },
  { field: 'classification', label: 'Classification' },
  { field: 'determination', label: 'Determination' },
  { field: 'tags', label: 'Tags' },
];
const MINE: Partial<Record<keyof Incident, (c: IncidentChanges) => unknown>> = {
  name: (c) => c.name,
  status: (c) => c.status,
  assignedTo: (c) => c.assignedTo,
  classification: (c) => c.classification,
  determination: (c) => c.determination,
  tags: (c) =>
    c.addTags || c.removeTags
      ? [...(c.addTags ?? []).map((t) => `+${t}`), ...(c.removeTags ?? []).map((t) => `−${t}`)].join(' ')
      : undefined,
};

/** A refused save: what changed between the version the analyst saw and the one the server has now. */
function Conflict({ seen, mine, now, onDiscard }: { seen: Incident; mine: IncidentChanges; now: Incident; onDiscard(): void }) {
  const differ = COMPARED.filter(({ field }) => JSON.stringify(seen[field]) !== JSON.stringify(now[field]));
  const lastSeen = Math.max(0, ...seen.activity.map((a) => Number(a.id)));
  const since = now.activity.filter((a) => Number(a.id) > lastSeen).slice(-10);
  return (
    <div className="error conflict" role="alert">
      <strong>Someone else changed this incident since you opened it.</strong>
      <p>Your edit was not saved, so nothing of theirs was overwritten. The page now shows their version: check it and save again.</p>
      {differ.length > 0 ? (
        <table aria-label="What changed">
          <thead>
            <tr>
              <th scope="col">Field</th>
              <th scope="col">You saw</th>
              <th scope="col">Now</th>
              <th scope="col">Your edit</th>
            </tr>
          </thead>
          <tbody>
            {differ.map(({ field, label }) => {
              const yours = MINE[field]?.(mine);
              return (
                <tr key={field}>
                  <th scope="row">{label}</th>
                  <td>{shown(seen[field])}</td>
                  <td>
                    <strong>{shown(now[field])}</strong>
                  </td>
                  <td>{yours === undefined ? <span className="muted">unchanged</span> : shown(yours)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      ) : (
        <p>None of the fields you can edit here changed{since.length ? '; this happened:' : '.'}</p>
      )}
      {since.length > 0 && (
        <ol className="activity" aria-label="Changes since you opened it">
          {since.map((a) => (
            <ActivityItem key={a.id} entry={a} incidentId={now.id} />
          ))}
        </ol>
      )}
      <p>
        Your edits are still in the form: <strong>Save</strong> applies them to this version.{' '}
        <button type="button" className="link" onClick={onDiscard}>
          Discard my edits
        </button>
      </p>
    </div>
  );
}

function TagEditor({ tags, onAdd, onRemove }: { tags: string[]; onAdd(tag: string): void; onRemove(tag: string): void }) {
  const [draft, setDraft] = useState('');
  const add = () => {
    const tag = draft.trim();
    if (tag) onAdd(tag);
    setDraft('');
  };
  const onKey = (e: KeyboardEvent) => {
    if (e.key !== 'Enter') return;
    e.preventDefault();
    add();
  };
  return (
    <div className="tags-editor" role="group" aria-label="Tags">
      <span className="label">Tags</span>
      <ul aria-label="Tags of the incident">
        {tags.map((t) => (
          <li key={t} className="tag">
            {t}{' '}
            <button type="button" className="link" aria-label={`Remove tag ${t}`} onClick={() => onRemove(t)}>
              ×
            </button>
          </li>
        ))}
        {!tags.length && <li className="muted">none</li>}
      </ul>
      <input
        aria-label="New tag"
        placeholder="new tag"
        maxLength={MAX_TAG_LENGTH}
        value={draft}
        onChange={(e) => setDraft(e.target.value)}
        onKeyDown={onKey}
      />
      <button type="button" onClick={add} disabled={!draft.trim()}>
        Add tag
      </button>
    </div>
  );
}

/**
 * The analyst's edits. They sit over the incident as the server has it now, so polling keeps the
 * untouched fields fresh; the save carries the ETag of the version seen when editing began, so a
 * colleague's change in between is refused (412) and reported field by field, never overwritten.
 */
export function Manage({ incident, etag }: { incident: Incident; etag: string | null }) {
  const { identity } = useSession();
  const update = useUpdateIncident(incident.id);
  const [edits, setEdits] = useState<Edits>({});
  const [base, setBase] = useState<Seen | null>(null);
  const [conflict, setConflict] = useState<{ seen: Incident; mine: IncidentChanges } | null>(null);

  const form = { ...fieldsOf(incident), ...edits };
  const addTags = edits.addTags ?? [];
  const removeTags = edits.removeTags ?? [];
  const tags = [...new Set([...incident.tags.filter((t) => !removeTags.includes(t)), ...addTags])];

  const edit = (change: Edits) => {
    if (!base) setBase({ incident, etag });
    setEdits((e) => ({ ...e, ...change }));
  };
  const discard = () => {
    setEdits({});
    setBase(null);
    setConflict(null);
    update.reset();
  };

  const save = (e: FormEvent) => {
    e.preventDefault();
    const seen = base ?? { incident, etag };
    const was = fieldsOf(seen.incident);
    const changes: IncidentChanges = {};
    if (edits.name !== undefined && edits.name.trim() && edits.name.trim() !== was.name) changes.name = edits.name.trim();
    if (edits.status !== undefined && edits.status !== seen.incident.status) changes.status = edits.status;
    if (edits.assignedTo !== undefined && edits.assignedTo.trim() !== was.assignedTo) changes.assignedTo = edits.assignedTo.trim() || null;
    if (edits.classification !== undefined && edits.classification !== was.classification)
      changes.classification = edits.classification || null;
    if (edits.determination !== undefined && edits.determination !== was.determination) changes.determination = edits.determination || null;
    const adding = addTags.filter((t) => !seen.incident.tags.includes(t));
    const removing = removeTags.filter((t) => seen.incident.tags.includes(t));
    if (adding.length) changes.addTags = adding;
    if (removing.length) changes.removeTags = removing;
    if (!Object.keys(changes).length) return discard();
    update.mutate(
      { changes, etag: seen.etag },
      {
        onSuccess: () => {
          setEdits({});
          setBase(null);
          setConflict(null);
        },
        onError: (err) => {
          if (!(err instanceof ApiError && err.status === 412)) return;
          // The incident has been read again by now: the next save applies these edits to that version.
          setConflict({ seen: seen.incident, mine: changes });
          setBase(null);
        },
      },
    );
  };
  const stale = update.error instanceof ApiError && update.error.status === 412;

  return (
    <form className="manage" onSubmit={save} aria-label="Manage incident">
      <label className="wide">
        Name
        <input value={form.name} maxLength={512} onChange={(e) => edit({ name: e.target.value })} />
      </label>
      <label>
        Status
        <select value={form.status} onChange={(e) => edit({ status: e.target.value as Status })}>
          <option value="active">Active</option>
          <option value="in_progress">In progress</option>
          <option value="resolved">Resolved</option>
        </select>
      </label>
      <label>
        Assigned to
        <input value={form.assignedTo} onChange={(e) => edit({ assignedTo: e.target.value })} placeholder="unassigned" />
      </label>
      <button type="button" className="link" onClick={() => edit({ assignedTo: identity.name })}>
        Assign to me
      </button>
      <label>
        Classification
        <select
          value={form.classification}
          onChange={(e) => edit({ classification: e.target.value as Classification | '', determination: '' })}
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
        <select
          value={form.determination}
          disabled={!form.classification}
          onChange={(e) => edit({ determination: e.target.value as Determination | '' })}
        >
          <option value="">Not set</option>
          {form.classification &&
            DETERMINATIONS[form.classification].map((d) => (
              <option key={d} value={d}>
                {words(d)}
              </option>
            ))}
        </select>
      </label>
      <TagEditor
        tags={tags}
        onAdd={(t) => edit({ addTags: [...addTags.filter((x) => x !== t), t], removeTags: removeTags.filter((x) => x !== t) })}
        onRemove={(t) => edit({ removeTags: [...removeTags.filter((x) => x !== t), t], addTags: addTags.filter((x) => x !== t) })}
      />
      <button type="submit" className="primary" disabled={update.isPending}>
        Save
      </button>
      {Object.keys(edits).length > 0 && !update.isPending && (
        <button type="button" onClick={discard}>
          Cancel
        </button>
      )}
      {update.isSuccess && !Object.keys(edits).length && (
        <span role="status" className="ok">
          Saved.
        </span>
      )}
      {stale && conflict ? (
        <Conflict seen={conflict.seen} mine={conflict.mine} now={incident} onDiscard={discard} />
      ) : (
        update.error && <ErrorBox error={update.error} title="Not saved" />
      )}
    </form>
  );
}
