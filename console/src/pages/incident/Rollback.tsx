import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState } from 'react';
import { get, post } from '../../api/client';
import type { RollbackAnswer, RollbackOperation, RollbackPlan } from '../../api/types';
import { ErrorBox } from '../../components/states';

/**
 * Offers the one-call rollback of what automation did for an incident (a false positive, say): the
 * plan first, then — confirmed — one tracked operation with a result per action.
 */
export function Rollback({ incidentId, available }: { incidentId: number; available: number }) {
  const client = useQueryClient();
  const [open, setOpen] = useState(false);
  const [operationId, setOperationId] = useState<string | null>(null);
  const plan = useQuery({
    queryKey: ['incident', incidentId, 'rollback'],
    queryFn: ({ signal }) => get<RollbackPlan>(`/incidents/${incidentId}/rollback`, undefined, signal),
    enabled: open && !operationId,
  });
  const confirm = useMutation({
    mutationFn: () => post<RollbackAnswer>(`/incidents/${incidentId}/rollback`, { confirm: true }),
    onSuccess: (answer) => {
      if (answer.confirmed) setOperationId(answer.operation.id);
    },
  });
  const operation = useQuery({
    queryKey: ['incident', incidentId, 'rollback', operationId],
    queryFn: ({ signal }) => get<RollbackOperation>(`/incidents/${incidentId}/rollback/${operationId}`, undefined, signal),
    enabled: operationId !== null,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1_000 : false),
  });
  const done = operation.data !== undefined && operation.data.status !== 'running';
  // Once finished, the incident's count and the action list are read again.
  useEffect(() => {
    if (done) void client.invalidateQueries({ queryKey: ['incident', incidentId], exact: true });
    if (done) void client.invalidateQueries({ queryKey: ['actions'] });
  }, [done, client, incidentId]);

  if (!open && !operationId) {
    if (available === 0) return null;
    return (
      <section aria-labelledby="rollback-title">
        <h2 id="rollback-title">Rollback</h2>
        <button type="button" onClick={() => setOpen(true)}>
          Roll back {available} automated action{available === 1 ? '' : 's'}…
        </button>
      </section>
    );
  }
  return (
    <section aria-labelledby="rollback-title">
      <h2 id="rollback-title">Rollback</h2>
      {plan.error && <ErrorBox error={plan.error} />}
      {confirm.error && <ErrorBox error={confirm.error} />}
      {!operationId && plan.data && (
        <>
          <p>Undone, the last taken first:</p>
          <ol>
            {plan.data.reversible.map((a) => (
              <li key={a.actionId}>{a.title}</li>
            ))}
          </ol>
          {plan.data.irreversible.length > 0 && (
            <>
              <p>No inverse — to do by hand:</p>
              <ul>
                {plan.data.irreversible.map((a) => (
                  <li key={a.actionId}>
                    {a.title}: {a.byHand}
                  </li>
                ))}
              </ul>
            </>
          )}
          <button type="button" disabled={confirm.isPending || !plan.data.reversible.length} onClick={() => confirm.mutate()}>
            Confirm rollback
          </button>{' '}
          <button type="button" onClick={() => setOpen(false)}>
            Cancel
          </button>
        </>
      )}
      {operation.data && (
        <>
          <p>
            {operation.data.id}: {operation.data.status.replace('_', ' ')}
          </p>
          <ul>
            {operation.data.results.map((r) => (
              <li key={r.actionId}>
                {r.actionId}: {r.result.replace('_', ' ')}
                {r.detail ? ` (${r.detail})` : ''}
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
