import { ApiError } from '../api/client';

export function Loading({ what }: { what: string }) {
  return (
    <p className="loading" role="status">
      Loading {what}…
    </p>
  );
}

/** An error as the API told it: the problem's title and detail, and each field's message. */
export function ErrorBox({ error, title }: { error: unknown; title?: string }) {
  const problem = error instanceof ApiError ? error.problem : undefined;
  return (
    <div className="error" role="alert">
      <strong>{title ?? problem?.title ?? 'Something went wrong'}</strong>
      {problem ? (
        <>
          {problem.detail && <p>{problem.detail}</p>}
          {problem.errors && (
            <ul>
              {problem.errors.map((e, i) => (
                <li key={i}>
                  <code>{e.path}</code>: {e.message}
                </li>
              ))}
            </ul>
          )}
        </>
      ) : (
        <p>{error instanceof Error ? error.message : String(error)}</p>
      )}
    </div>
  );
}

/** What a newcomer sees where there is nothing yet: how to get something to look at. */
export function Empty({ children }: { children: React.ReactNode }) {
  return (
    <div className="empty">
      <p>{children}</p>
      <p>
        New to Quell? With Quell running, <code>QUELL_API_KEY=&lt;admin key&gt; npm run demo</code> seeds the lab and sends a multi-stage
        attack: its incident, investigation and pending actions appear here within seconds.
      </p>
    </div>
  );
}
