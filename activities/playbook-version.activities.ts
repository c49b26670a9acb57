import { ApplicationFailure } from '@temporalio/activity';
import { NotFoundError, type PlaybookVersionsService } from '../src/playbooks/playbook-versions.service.js';

/** Shadow runs and backtests: dry runs of a stored playbook version, recorded for comparison. */
export function createPlaybookVersionActivities(versions: PlaybookVersionsService) {
  const notFound = (err: unknown): never => {
    if (err instanceof NotFoundError) throw ApplicationFailure.nonRetryable(err.message, 'NotFoundError');
    throw err;
  };
  return {
    /** Idempotent: a retry records the same alert's run again in place. */
    async runShadow(input: { alertId: string; versionId: string }) {
      return versions.runShadow(input.versionId, input.alertId).catch(notFound);
    },

    /** Idempotent: the page's results and the cursor commit together, and a page whose cursor moved is not recorded twice. */
    async runBacktestPage(input: { backtestId: string }): Promise<{ more: boolean }> {
      return versions.backtestPage(input.backtestId).catch(notFound);
    },

    async finishBacktest(input: { backtestId: string; status: 'completed' | 'failed'; error?: string }): Promise<void> {
      await versions.finishBacktest(input.backtestId, input.status, input.error);
    },
  };
}
