import { type FormEvent, memo, type MouseEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { Link, useLocation, useNavigate } from 'react-router';
import type { AssetType, IncidentListItem, QueueQuery } from '../api/types';
import { useIncidentQueue, useQueueNews } from '../api/queries';
import { useSession } from '../auth/session';
import { Badge, Time, words } from '../components/bits';
import { QueueBulkBar } from '../components/QueueBulkBar';
import { Empty, ErrorBox, Loading } from '../components/states';
import { useUrlParams } from '../components/url';

/** The values a multi-valued filter takes, as the API lists them. */
type Values<K extends keyof QueueQuery> = NonNullable<QueueQuery[K]>;

const STATUSES = ['active', 'in_progress', 'resolved'] as const satisfies Values<'status'>;
const SEVERITIES = ['high', 'medium', 'low', 'informational'] as const satisfies Values<'severity'>;
const CLASSIFICATIONS = [
  'none',
  'true_positive',
  'informational_expected_activity',
  'false_positive',
] as const satisfies Values<'classification'>;
const SORTS: { value: NonNullable<QueueQuery['sort']>; label: string }[] = [
  { value: 'lastActivityAt', label: 'Last activity' },
  { value: 'createdAt', label: 'Created' },
  { value: 'severity', label: 'Severity' },
  { value: 'alertCount', label: 'Alerts' },
  { value: 'id', label: 'Incident id' },
];
const ASSET_LABELS: Record<AssetType, string> = {
  devices: 'device',
  users: 'user',
  mailboxes: 'mailbox',
  ips: 'IP',
  urls: 'URL',
  files: 'file',
  cloudApps: 'app',
};
/** The filters kept in the URL; multi-valued ones repeat (`?severity=high&severity=medium`), as the API takes them. */
const MULTI = ['status', 'severity', 'classification', 'source', 'category', 'tag', 'assignedTo'] as const satisfies (keyof QueueQuery)[];
/** The filters typed into the search form (the rest are chips and the sort). */
const TEXT_FILTERS = ['q', 'source', 'category', 'tag', 'assignedTo'] as const satisfies (keyof QueueQuery)[];
const SINGLE = ['q', 'sort', 'order', 'cursor', 'unassigned', 'includeInformational'] as const satisfies (keyof QueueQuery)[];

function queryFrom(params: URLSearchParams): QueueQuery {
  const q: Record<string, unknown> = { limit: 25 };
  for (const k of MULTI) if (params.getAll(k).length) q[k] = params.getAll(k);
  for (const k of SINGLE) if (params.get(k)) q[k] = params.get(k);
  return q as QueueQuery;
}

function assets(counts: IncidentListItem['impactedAssetCounts']) {
  const parts = Object.entries(counts)
    .filter(([, n]) => n)
    .map(([type, n]) => `${n} ${ASSET_LABELS[type as AssetType] ?? type}${n === 1 ? '' : 's'}`);
  return parts.length ? parts.join(', ') : '—';
}

function Toggle({ name, value, params, set }: { name: string; value: string; params: URLSearchParams; set: (p: URLSearchParams) => void }) {
  const on = params.getAll(name).includes(value);
  const flip = () => {
    const next = new URLSearchParams(params);
    const rest = next.getAll(name).filter((v) => v !== value);
    next.delete(name);
    for (const v of on ? rest : [...rest, value]) next.append(name, v);
    set(next);
  };
  return (
    <button type="button" className={`chip${on ? ' on' : ''}`} aria-pressed={on} onClick={flip}>
      {words(value)}
    </button>
  );
}

/** One queue row: plain cells only, re-rendered only when its incident or its selection changes (the queue shows many). */
const Row = memo(function Row({
  i,
  selected,
  onSelect,
}: {
  i: IncidentListItem;
  selected: boolean | undefined;
  onSelect: ((id: number, on: boolean, range: boolean) => void) | undefined;
}) {
  return (
    <tr className={selected ? 'selected' : undefined}>
      {onSelect && (
        <td className="pick">
          <input
            type="checkbox"
            checked={selected}
            aria-label={`Select incident ${i.id}: ${i.name}`}
            onChange={() => undefined}
            onClick={(e: MouseEvent<HTMLInputElement>) => onSelect(i.id, e.currentTarget.checked, e.shiftKey)}
          />
        </td>
      )}
      <td>{i.id}</td>
      <td className="name">
        <Link to={`/incidents/${i.id}`}>{i.name}</Link>
      </td>
      <td>
        {[...i.tags, ...i.systemTags].map((t) => (
          <span key={t} className="tag">
            {t}
          </span>
        ))}
      </td>
      <td>
        <Badge kind="severity" value={i.severity} />
      </td>
      <td>
        <Badge kind="status" value={i.status} />
      </td>
      <td>
        <Badge kind="state" value={i.investigationState} />
      </td>
      <td>{i.categories.join(', ')}</td>
      <td>{assets(i.impactedAssetCounts)}</td>
      <td className="num">{i.alertCount}</td>
      <td>{i.sources.join(', ')}</td>
      <td>
        <Time at={i.firstActivityAt} />
      </td>
      <td>
        <Time at={i.lastActivityAt} />
      </td>
      <td>{i.assignedTo ?? <span className="muted">unassigned</span>}</td>
      <td>
        <Badge kind="class" value={i.classification} />
      </td>
    </tr>
  );
});

function newsText(added: number, changed: number): string {
  const parts = [added && `${added} new`, changed && `${changed} changed`].filter(Boolean);
  return `${parts.join(' and ')} incident${added + changed === 1 ? '' : 's'}`;
}

const NO_SELECTION: ReadonlySet<number> = new Set();

export function IncidentQueue() {
  const [params, setParams] = useUrlParams();
  const navigate = useNavigate();
  const location = useLocation();
  const query = useMemo(() => queryFrom(params), [params]);
  const { data, error, isPending, isFetching, dataUpdatedAt } = useIncidentQueue(query);
  const news = useQueueNews(query, data, dataUpdatedAt);
  const { can } = useSession();

  // The selection belongs to one query (filters, sort and page): any other query starts with none.
  const queryKey = useMemo(() => JSON.stringify(query), [query]);
  const [selection, setSelection] = useState<{ key: string; ids: ReadonlySet<number> }>({ key: queryKey, ids: NO_SELECTION });
  const items = useMemo(() => data?.items ?? [], [data]);
  const selected = useMemo(
    () => (selection.key === queryKey ? new Set(items.filter((i) => selection.ids.has(i.id)).map((i) => i.id)) : NO_SELECTION),
    [selection, queryKey, items],
  );
  const shownIds = useRef<number[]>([]);
  const anchor = useRef<number | undefined>(undefined);
  useEffect(() => {
    shownIds.current = items.map((i) => i.id);
  }, [items]);
  /** Ticks or unticks one incident, or with Shift every incident from the last one ticked to this one. */
  const select = useCallback(
    (id: number, on: boolean, range: boolean) => {
      const order = shownIds.current;
      const from = range && anchor.current !== undefined ? order.indexOf(anchor.current) : -1;
      const to = order.indexOf(id);
      const span = from >= 0 ? order.slice(Math.min(from, to), Math.max(from, to) + 1) : [id];
      anchor.current = id;
      setSelection((s) => {
        const ids = new Set(s.key === queryKey ? s.ids : []);
        for (const x of span) {
          if (on) ids.add(x);
          else ids.delete(x);
        }
        return { key: queryKey, ids };
      });
    },
    [queryKey],
  );
  const selectAll = (on: boolean) => setSelection({ key: queryKey, ids: on ? new Set(items.map((i) => i.id)) : NO_SELECTION });
  const allSelected = items.length > 0 && selected.size === items.length;
  /** Cursors of the pages before this one (keyset paging can only go forward, so the way back is remembered). */
  const back = ((location.state as { back?: string[] } | null)?.back ?? []) as string[];

  // Any change of filter or sort starts again at the first page.
  const setFilters = (next: URLSearchParams) => {
    next.delete('cursor');
    setParams(next);
  };
  const page = (cursor: string | undefined, stack: string[]) => {
    const next = new URLSearchParams(params);
    if (cursor) next.set('cursor', cursor);
    else next.delete('cursor');
    void navigate({ search: next.toString() }, { state: { back: stack } });
  };
  const search = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const next = new URLSearchParams(params);
    for (const k of TEXT_FILTERS) {
      const v = String(form.get(k) ?? '').trim();
      next.delete(k);
      if (v) next.set(k, v);
    }
    setFilters(next);
  };
  const sortBy = (field: string) => {
    const next = new URLSearchParams(params);
    const same = (params.get('sort') ?? 'lastActivityAt') === field;
    next.set('sort', field);
    next.set('order', same && (params.get('order') ?? 'desc') === 'desc' ? 'asc' : 'desc');
    setFilters(next);
  };
  const sortMark = (field: string) =>
    (params.get('sort') ?? 'lastActivityAt') === field ? ((params.get('order') ?? 'desc') === 'desc' ? ' ▼' : ' ▲') : '';
  const ariaSort = (field: string) =>
    (params.get('sort') ?? 'lastActivityAt') === field
      ? (params.get('order') ?? 'desc') === 'desc'
        ? 'descending'
        : 'ascending'
      : undefined;
  const filtered = [...params.keys()].some((k) => k !== 'sort' && k !== 'order' && k !== 'cursor');

  return (
    <section aria-labelledby="queue-title">
      <div className="pagehead">
        <h1 id="queue-title">Incidents</h1>
        <div className="live" role="status">
          {news.added.length + news.changed.length > 0 ? (
            <span className="notice">
              {newsText(news.added.length, news.changed.length)}{' '}
              <button type="button" className="link" onClick={news.show}>
                Show
              </button>
            </span>
          ) : (
            <span className="muted">{isFetching ? 'Refreshing…' : 'Live: new and changed incidents are announced here'}</span>
          )}
        </div>
      </div>
      <div className="filters" role="group" aria-label="Filters">
        <div className="chips" role="group" aria-label="Status">
          <span className="label">Status</span>
          {STATUSES.map((s) => (
            <Toggle key={s} name="status" value={s} params={params} set={setFilters} />
          ))}
        </div>
        <div className="chips" role="group" aria-label="Severity">
          <span className="label">Severity</span>
          {SEVERITIES.map((s) => (
            <Toggle key={s} name="severity" value={s} params={params} set={setFilters} />
          ))}
        </div>
        <div className="chips" role="group" aria-label="Classification">
          <span className="label">Classification</span>
          {CLASSIFICATIONS.map((s) => (
            <Toggle key={s} name="classification" value={s} params={params} set={setFilters} />
          ))}
        </div>
        {/* Remounted only when its own fields change in the URL, so a chip or sort change keeps what is being typed. */}
        <form className="row" onSubmit={search} key={TEXT_FILTERS.map((k) => params.get(k) ?? '').join('\u0000')}>
          <label>
            Search <input name="q" type="search" defaultValue={params.get('q') ?? ''} placeholder="name, entity, id" />
          </label>
          <label>
            Source <input name="source" defaultValue={params.get('source') ?? ''} placeholder="endpoint" size={10} />
          </label>
          <label>
            Tactic <input name="category" defaultValue={params.get('category') ?? ''} placeholder="Execution" size={12} />
          </label>
          <label>
            Tag <input name="tag" defaultValue={params.get('tag') ?? ''} size={10} />
          </label>
          <label>
            Assigned to <input name="assignedTo" defaultValue={params.get('assignedTo') ?? ''} size={12} />
          </label>
          <button type="submit">Apply</button>
          <label>
            Sort{' '}
            <select
              value={params.get('sort') ?? 'lastActivityAt'}
              onChange={(e) => {
                const next = new URLSearchParams(params);
                next.set('sort', e.target.value);
                setFilters(next);
              }}
            >
              {SORTS.map((s) => (
                <option key={s.value} value={s.value}>
                  {s.label}
                </option>
              ))}
            </select>
          </label>
          {filtered && (
            <button type="button" className="link" onClick={() => setFilters(new URLSearchParams())}>
              Clear filters
            </button>
          )}
        </form>
      </div>

      {can.triage && <QueueBulkBar ids={[...selected]} onClear={() => selectAll(false)} />}
      {error ? (
        <ErrorBox error={error} />
      ) : isPending ? (
        <Loading what="incidents" />
      ) : data.items.length === 0 ? (
        filtered ? (
          <p className="empty">No incident matches these filters (the queue shows the last 30 days).</p>
        ) : (
          <Empty>No open incident in the last 30 days.</Empty>
        )
      ) : (
        <div className="tablewrap">
          <table className="queue">
            <thead>
              <tr>
                {can.triage && (
                  <th className="pick">
                    <input
                      type="checkbox"
                      aria-label="Select all incidents on this page"
                      checked={allSelected}
                      ref={(el) => {
                        if (el) el.indeterminate = selected.size > 0 && !allSelected;
                      }}
                      onChange={(e) => selectAll(e.target.checked)}
                    />
                  </th>
                )}
                <th aria-sort={ariaSort('id')}>
                  <button type="button" className="th" onClick={() => sortBy('id')}>
                    Id{sortMark('id')}
                  </button>
                </th>
                <th>Incident name</th>
                <th>Tags</th>
                <th aria-sort={ariaSort('severity')}>
                  <button type="button" className="th" onClick={() => sortBy('severity')}>
                    Severity{sortMark('severity')}
                  </button>
                </th>
                <th>Status</th>
                <th>Investigation state</th>
                <th>Categories</th>
                <th>Impacted assets</th>
                <th aria-sort={ariaSort('alertCount')}>
                  <button type="button" className="th" onClick={() => sortBy('alertCount')}>
                    Alerts{sortMark('alertCount')}
                  </button>
                </th>
                <th>Sources</th>
                <th>First activity</th>
                <th aria-sort={ariaSort('lastActivityAt')}>
                  <button type="button" className="th" onClick={() => sortBy('lastActivityAt')}>
                    Last activity{sortMark('lastActivityAt')}
                  </button>
                </th>
                <th>Assigned to</th>
                <th>Classification</th>
              </tr>
            </thead>
            <tbody>
              {data.items.map((i) => (
                <Row key={i.id} i={i} selected={can.triage ? selected.has(i.id) : undefined} onSelect={can.triage ? select : undefined} />
              ))}
            </tbody>
          </table>
        </div>
      )}
      {data && (back.length > 0 || params.get('cursor') || data.nextCursor) && (
        <nav className="pager" aria-label="Pages">
          <button type="button" disabled={!params.get('cursor')} onClick={() => page(back.at(-1), back.slice(0, -1))}>
            ← Previous
          </button>
          <button
            type="button"
            disabled={!data.nextCursor}
            onClick={() => page(data.nextCursor ?? undefined, [...back, params.get('cursor') ?? ''])}
          >
            Next →
          </button>
        </nav>
      )}
    </section>
  );
}
