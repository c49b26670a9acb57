import { useSearchParams } from 'react-router';
import { useActions } from '../api/queries';
import type { ActionStatus } from '../api/types';
import { ActionList } from '../components/ActionList';
import { Empty, ErrorBox, Loading } from '../components/states';

const HISTORY: ActionStatus[] = ['approved', 'running', 'succeeded', 'failed', 'rejected', 'expired', 'undone'];

function Section({ title, status, cursorParam }: { title: string; status: ActionStatus[]; cursorParam: string }) {
  const [params, setParams] = useSearchParams();
  const cursor = params.get(cursorParam) ?? undefined;
  const { data, error, isPending } = useActions({ status, cursor, limit: 25 });
  const go = (c: string | null) => {
    const next = new URLSearchParams(params);
    if (c) next.set(cursorParam, c);
    else next.delete(cursorParam);
    setParams(next);
  };
  const id = `${cursorParam}-title`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      {error ? (
        <ErrorBox error={error} />
      ) : isPending ? (
        <Loading what={title.toLowerCase()} />
      ) : data.items.length === 0 ? (
        status.includes('pending') ? (
          <Empty>No action waits for a decision.</Empty>
        ) : (
          <p className="empty">No decided or executed action yet.</p>
        )
      ) : (
        <>
          <ActionList actions={data.items} />
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

export function ActionCenter() {
  return (
    <>
      <h1>Action center</h1>
      <Section title="Pending" status={['pending']} cursorParam="pendingCursor" />
      <Section title="History" status={HISTORY} cursorParam="historyCursor" />
    </>
  );
}
