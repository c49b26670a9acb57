import { startTransition, useCallback, useOptimistic } from 'react';
import { useSearchParams } from 'react-router';

/**
 * The page's search parameters, as `useSearchParams` gives them, except that a change shows at once. The router applies a
 * navigation in a transition, so a control drawn from the URL (a checkbox, a select) would otherwise snap back to its old
 * value until that transition commits, which under load is long enough to see and to click again.
 */
export function useUrlParams(): [URLSearchParams, (next: URLSearchParams) => void] {
  const [params, setParams] = useSearchParams();
  const [shown, show] = useOptimistic(params);
  const set = useCallback(
    (next: URLSearchParams) =>
      startTransition(() => {
        show(next);
        setParams(next);
      }),
    [show, setParams],
  );
  return [shown, set];
}
