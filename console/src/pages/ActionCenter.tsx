import { type FormEvent, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router';
import { ACTIONS } from '../../../src/domain/actions';
import { useActions, useDecideActions } from '../api/queries';
import type { Action, ActionQuery, ActionStatus, ActionType, BulkDecisionResult } from '../api/types';
import { useSession } from '../auth/session';
import { ImpactPanel } from '../components/ActionImpact';
import { type ActionSelection, ActionList, approvalRefusal, useSelfApproval } from '../components/ActionList';
import { words } from '../components/bits';
import { Empty, ErrorBox, Loading } from '../components/states';
import { useUrlParams } from '../components/url';

const HISTORY: ActionStatus[] = ['approved', 'running', 'succeeded', 'failed', 'rejected', 'expired', 'undone'];
const TYPES = Object.entries(ACTIONS).map(([type, spec]) => ({ type: type as ActionType, title: spec.title }));
const NONE: ReadonlySet<string> = new Set();

/** What a bulk decision did to each action it named, by the action's title and target. */
function Outcome({ decision, results, actions }: { decision: string; results: BulkDecisionResult[]; actions: Map<string, Action> }) {
  const decided = results.filter((r) => r.result === 'decided').length;
  const refused = results.filter((r) => r.result === 'refused').length;
  return (
    <div className="bulk-outcome">
      <strong>
        {decision === 'approve' ? 'Approval' : 'Rejection'}: {decided} decided{refused > 0 && `, ${refused} refused`}.
      </strong>
      <ul className="results">
        {results.map((r) => {
          const a = actions.get(r.id);
          return (
            <li key={r.id} className={r.result === 'refused' ? 'err' : undefined}>
              {a ? `${a.title} of ${a.targetKey}` : r.id}: {r.result === 'decided' ? `now ${words(r.status)}` : `refused — ${r.detail}`}
            </li>
          );
        })}
      </ul>
    </div>
  );
}

/** Approve or reject the ticked actions at once, with one comment (`POST /actions/decide`: one action type per request). */
function DecideBar({ chosen, onDone }: { chosen: Action[]; onDone: () => void }) {
  const session = useSession();
  const selfApproval = useSelfApproval(session);
  const decide = useDecideActions();
  const [comment, setComment] = useState('');
  const [outcome, setOutcome] = useState<{ decision: string; results: BulkDecisionResult[]; actions: Map<string, Action> }>();
  const types = new Set(chosen.map((a) => a.type));
  const refusals = chosen.filter((a) => approvalRefusal(a, session.identity, selfApproval));
  const run = (decision: 'approve' | 'reject') => {
    const actions = new Map(chosen.map((a) => [a.id, a]));
    setOutcome(undefined);
    decide.mutate(
      { ids: chosen.map((a) => a.id), decision, comment: comment.trim() || undefined },
      {
        onSuccess: (r) => {
          setOutcome({ decision, results: r.results, actions });
          setComment('');
          onDone();
        },
      },
    );
  };
  const submit = (e: FormEvent) => e.preventDefault();
  if (!session.can.approve || (chosen.length === 0 && !outcome && !decide.error)) return null;
  const mixed = types.size > 1;
  return (
    <section className="bulkbar" aria-label="Decide the selected actions">
      {chosen.length > 0 && (
        <form className="row" onSubmit={submit}>
          <strong aria-live="polite">
            {chosen.length} action{chosen.length === 1 ? '' : 's'} selected
          </strong>
          <label>
            Comment <input value={comment} onChange={(e) => setComment(e.target.value)} size={28} maxLength={2000} />
          </label>
          <button type="button" className="primary" disabled={decide.isPending || mixed} onClick={() => run('approve')}>
            Approve selected
          </button>
          <button type="button" className="danger" disabled={decide.isPending || mixed} onClick={() => run('reject')}>
            Reject selected
          </button>
          {decide.isPending && <span className="muted">Deciding…</span>}
        </form>
      )}
      {mixed && (
        <p className="refusal">
          Bulk decisions take actions of one type; the selection has {[...types].map((t) => ACTIONS[t].title).join(', ')}. Filter by action
          type, or select actions of one type.
        </p>
      )}
      {refusals.length > 0 && (
        <p className="refusal">
          {refusals.length} of the selected cannot be approved by you ({refusals[0].title} of {refusals[0].targetKey}:{' '}
          {approvalRefusal(refusals[0], session.identity, selfApproval)}) — approving would refuse them; rejecting works.
        </p>
      )}
      <div role="status">{outcome && <Outcome {...outcome} />}</div>
      {decide.error && <ErrorBox error={decide.error} title="No decision was made" />}
    </section>
  );
}

function Section({ title, query, cursorParam, pending }: { title: string; query: ActionQuery; cursorParam: string; pending: boolean }) {
  const [params, setParams] = useSearchParams();
  const cursor = params.get(cursorParam) ?? undefined;
  const full = useMemo(() => ({ ...query, cursor, limit: 25 }), [query, cursor]);
  const { data, error, isPending } = useActions(full);
  const { can } = useSession();
  // The ticks belong to one page of one filter: another page or filter starts with none.
  const key = JSON.stringify(full);
  const [ticks, setTicks] = useState<{ key: string; ids: ReadonlySet<string> }>({ key, ids: NONE });
  const shown = useMemo(() => data?.items ?? [], [data]);
  const chosen = ticks.key === key ? shown.filter((a) => a.status === 'pending' && ticks.ids.has(a.id)) : [];
  const selection: ActionSelection | undefined =
    pending && can.approve
      ? {
          selected: new Set(chosen.map((a) => a.id)),
          onSelect: (id, on) =>
            setTicks((t) => {
              const ids = new Set(t.key === key ? t.ids : []);
              if (on) ids.add(id);
              else ids.delete(id);
              return { key, ids };
            }),
          onSelectAll: (on) => setTicks({ key, ids: on ? new Set(shown.filter((a) => a.status === 'pending').map((a) => a.id)) : NONE }),
        }
      : undefined;
  const go = (c: string | null) => {
    const next = new URLSearchParams(params);
    if (c) next.set(cursorParam, c);
    else next.delete(cursorParam);
    setParams(next);
  };
  const id = `${cursorParam}-title`;
  const filtered = Boolean(query.type || query.incidentId);
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {pending && <DecideBar chosen={chosen} onDone={() => setTicks({ key, ids: NONE })} />}
      {error ? (
        <ErrorBox error={error} />
      ) : isPending ? (
        <Loading what={title.toLowerCase()} />
      ) : data.items.length === 0 ? (
        filtered ? (
          <p className="empty">No {pending ? 'pending' : 'decided or executed'} action matches these filters.</p>
        ) : pending ? (
          <Empty>No action waits for a decision.</Empty>
        ) : (
          <p className="empty">No decided or executed action yet.</p>
        )
      ) : (
        <>
          <ActionList actions={data.items} selection={selection} />
          {pending && (
            <section className="impacts" aria-label="What approval would do">
              {data.items
                .filter((a) => a.status === 'pending')
                .map((a) => (
                  <ImpactPanel key={a.id} action={a} />
                ))}
            </section>
          )}
          {(cursor || data.nextCursor) && (
            <nav className="pager" aria-label={`${title} pages`}>
              <button type="button" disabled={!cursor} onClick={() => go(null)}>
                ← First page
              </button>
              <button type="button" disabled={!data.nextCursor} onClick={() => go(data.nextCursor)}>
                Next →
              </button>
            </nav>
          )}
        </>
      )}
    </section>
  );
}

/** The action center's filters, kept in the URL as the API takes them (`status` repeats). */
function Filters() {
  const [params, setParams] = useUrlParams();
  const set = (next: URLSearchParams) => {
    next.delete('pendingCursor');
    next.delete('historyCursor');
    setParams(next);
  };
  const statuses = params.getAll('status');
  const flip = (s: string) => {
    const next = new URLSearchParams(params);
    next.delete('status');
    for (const v of statuses.includes(s) ? statuses.filter((x) => x !== s) : [...statuses, s]) next.append('status', v);
    set(next);
  };
  const incident = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const v = String(new FormData(e.currentTarget).get('incident') ?? '').trim();
    const next = new URLSearchParams(params);
    if (/^[1-9]\d*$/.test(v)) next.set('incident', v);
    else next.delete('incident');
    set(next);
  };
  return (
    <div className="filters" role="group" aria-label="Filters">
      <div className="chips" role="group" aria-label="Status">
        <span className="label">Status</span>
        {(['pending', ...HISTORY] as const).map((s) => (
          <button
            key={s}
            type="button"
            className={`chip${statuses.includes(s) ? ' on' : ''}`}
            aria-pressed={statuses.includes(s)}
            onClick={() => flip(s)}
          >
            {words(s)}
          </button>
        ))}
      </div>
      {/* Remounted only when the incident in the URL changes, so a change of type or status keeps what is being typed. */}
      <form className="row" onSubmit={incident} key={params.get('incident') ?? ''}>
        <label>
          Action type
          <select
            value={params.get('type') ?? ''}
            onChange={(e) => {
              const next = new URLSearchParams(params);
              if (e.target.value) next.set('type', e.target.value);
              else next.delete('type');
              set(next);
            }}
          >
            <option value="">any</option>
            {TYPES.map((t) => (
              <option key={t.type} value={t.type}>
                {t.title}
              </option>
            ))}
          </select>
        </label>
        <label>
          Incident <input name="incident" inputMode="numeric" defaultValue={params.get('incident') ?? ''} size={8} />
        </label>
        <button type="submit">Apply</button>
        {(statuses.length > 0 || params.get('type') || params.get('incident')) && (
          <button type="button" className="link" onClick={() => set(new URLSearchParams())}>
            Clear filters
          </button>
        )}
      </form>
    </div>
  );
}

export function ActionCenter() {
  const [params] = useSearchParams();
  const type = params.get('type') as ActionType | null;
  const incident = params.get('incident');
  const statusParam = params.getAll('status').join(',');
  const base = useMemo<ActionQuery>(
    () => ({ ...(type ? { type: [type] } : {}), ...(incident ? { incidentId: Number(incident) } : {}) }),
    [type, incident],
  );
  const statuses = useMemo(() => (statusParam ? (statusParam.split(',') as ActionStatus[]) : []), [statusParam]);
  const showPending = statuses.length === 0 || statuses.includes('pending');
  const history = useMemo(() => (statuses.length === 0 ? HISTORY : HISTORY.filter((s) => statuses.includes(s))), [statuses]);
  const pendingQuery = useMemo(() => ({ ...base, status: ['pending' as const] }), [base]);
  const historyQuery = useMemo(() => ({ ...base, status: history }), [base, history]);
  return (
    <>
      <h1>Action center</h1>
      <Filters />
      {showPending && <Section title="Pending" query={pendingQuery} cursorParam="pendingCursor" pending />}
      {history.length > 0 && <Section title="History" query={historyQuery} cursorParam="historyCursor" pending={false} />}
    </>
  );
}
