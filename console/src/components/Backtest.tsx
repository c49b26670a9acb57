import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { startBacktest, useBacktest } from '../api/queries';
import type { Backtest } from '../api/types';
import { ErrorBox } from './states';

const RANGES = [1, 7, 30, 90];

function Report({ b }: { b: Backtest }) {
  const { done, total } = b.progress;
  return (
    <div aria-live="polite">
      <p data-backtest-status={b.status}>
        {b.status === 'running' ? 'Running' : b.status === 'completed' ? 'Completed' : `Failed: ${b.error ?? ''}`}: {done} of {total} stored
        alerts; {b.report.compared} compared with what happened, {b.report.changed} would change.{' '}
        <span className="muted">Enrichment: {b.enrichment}.</span>
      </p>
      <progress max={Math.max(total, 1)} value={done} aria-label="Backtest progress" />
      {b.report.byType.length > 0 && (
        <table aria-label="Backtest by alert type">
          <thead>
            <tr>
              <th scope="col">Alert type</th>
              <th scope="col">Alerts</th>
              <th scope="col">Would change</th>
              <th scope="col">Verdict changes</th>
              <th scope="col">Actions added</th>
              <th scope="col">Actions removed</th>
              <th scope="col">Auto-resolved (now → with this version)</th>
              <th scope="col">Examples</th>
            </tr>
          </thead>
          <tbody>
            {b.report.byType.map((t) => (
              <tr key={t.alertType} data-alert-type={t.alertType}>
                <th scope="row">{t.alertType}</th>
                <td>{t.alerts}</td>
                <td>{t.changed}</td>
                <td>{t.verdictChanges}</td>
                <td>{t.actionsAdded}</td>
                <td>{t.actionsRemoved}</td>
                <td>
                  {t.autoResolved.before} → {t.autoResolved.after}
                </td>
                <td>
                  <ul>
                    {t.examples.map((e) => (
                      <li key={e.alertId}>
                        {e.title}: {[...e.diff.actionsAdded.map((a) => `+ ${a}`), ...e.diff.actionsRemoved.map((a) => `− ${a}`)].join(', ')}
                        {e.diff.verdicts.map((v) => ` ${v.key} ${v.before ?? 'none'} → ${v.after ?? 'none'}`).join(',')}
                      </li>
                    ))}
                  </ul>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** Backtests the editor's text over stored alerts: registers it as a version (nothing goes live) and shows the report as it fills. */
export function BacktestPanel({ name, yaml }: { name: string; yaml: () => string }) {
  const [days, setDays] = useState(7);
  const [id, setId] = useState<string>();
  const start = useMutation({ mutationFn: () => startBacktest(name, yaml(), days), onSuccess: (b) => setId(b.id) });
  const backtest = useBacktest(name, id);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    start.mutate();
  };
  return (
    <section className="simulate" aria-labelledby="backtest-title">
      <h2 id="backtest-title">Backtest</h2>
      <form onSubmit={submit} aria-label="Backtest the playbook">
        <label htmlFor="backtest-days">Alerts received in the last</label>{' '}
        <select id="backtest-days" value={days} onChange={(e) => setDays(Number(e.target.value))}>
          {RANGES.map((d) => (
            <option key={d} value={d}>
              {d} day{d > 1 ? 's' : ''}
            </option>
          ))}
        </select>{' '}
        <button type="submit" disabled={start.isPending}>
          Run backtest
        </button>
      </form>
      {start.error && <ErrorBox error={start.error} title="The backtest was refused" />}
      {backtest.error && <ErrorBox error={backtest.error} title="Could not read the backtest" />}
      {backtest.data && <Report b={backtest.data} />}
    </section>
  );
}
