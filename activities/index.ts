import { createActionActivities } from './action.activities.js';
import { createCorrelationActivities } from './correlation.activities.js';
import type { ActivityDeps } from './deps.js';
import { createInvestigationActivities } from './investigation.activities.js';
import { createWritebackActivities } from './writeback.activities.js';
import { createSourceActivities } from './source.activities.js';
import { createPlaybookVersionActivities } from './playbook-version.activities.js';
import { PlaybookVersionsService } from '../src/playbooks/playbook-versions.service.js';

/** Every activity the worker registers, bound to its dependencies. */
export function createActivities(deps: ActivityDeps) {
  const versions = new PlaybookVersionsService(deps.db, deps.playbooks, deps.catalog, deps.temporal, deps.config, deps.log);
  return {
    ...createCorrelationActivities(deps, versions),
    ...createInvestigationActivities(deps, versions),
    ...createPlaybookVersionActivities(versions),
    ...createActionActivities(deps),
    ...createWritebackActivities(deps),
    ...createSourceActivities(deps),
    /** Does nothing: the benchmark's baseline measures Temporal alone with it. */
    async benchNoop(): Promise<void> {},
  };
}

export type Activities = ReturnType<typeof createActivities>;
