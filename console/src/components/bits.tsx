import { useEffect, useState } from 'react';

const label = (s: string) => s.replace(/_/g, ' ');

export function Badge({ kind, value }: { kind: string; value: string | null | undefined }) {
  if (!value) return <span className="muted">—</span>;
  return <span className={`badge ${kind}-${value}`}>{label(value)}</span>;
}

// One formatter for every time shown: `toLocaleString` with options builds a new one per call, which adds up on long lists.
const SHORT_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'short', timeStyle: 'short' });

export function Time({ at }: { at: string | null | undefined }) {
  if (!at) return <span className="muted">—</span>;
  const d = new Date(at);
  return (
    <time dateTime={d.toISOString()} title={d.toISOString()}>
      {SHORT_TIME.format(d)}
    </time>
  );
}

function useNow(everyMs: number): number {
  const [now, setNow] = useState(Date.now);
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(t);
  }, [everyMs]);
  return now;
}

/** Time left until `at`, ticking every second. */
export function Countdown({ at }: { at: string | null }) {
  const now = useNow(1000);
  if (!at) return <span className="muted">never</span>;
  let left = Math.max(0, Math.floor((new Date(at).getTime() - now) / 1000));
  if (left === 0) return <span className="badge status-expired">expired</span>;
  const d = Math.floor(left / 86400);
  left %= 86400;
  const h = Math.floor(left / 3600);
  const m = Math.floor((left % 3600) / 60);
  const s = left % 60;
  return (
    <span title={new Date(at).toISOString()}>
      {d > 0 ? `${d}d ` : ''}
      {String(h).padStart(2, '0')}:{String(m).padStart(2, '0')}:{String(s).padStart(2, '0')}
    </span>
  );
}

export const words = label;
