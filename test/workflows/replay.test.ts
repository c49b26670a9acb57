import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { createLogger } from '../../src/infra/logger.js';
import { projectRoot } from '../../src/infra/paths.js';
import { installTemporalRuntime } from '../../src/worker/temporal-runtime.js';
import * as workflows from '../../workflows/index.js';

// The tampered history makes the SDK log a determinism warning; keep the test output clean.
installTemporalRuntime(createLogger('silent'));

/**
 * Saved histories of every workflow type replay against the current workflow code: a change that
 * would break running workflows fails here. Record new ones with `RECORD_HISTORIES=1` (see
 * test/integration/histories.test.ts) when a workflow changes on purpose.
 */
const dir = join(projectRoot, 'test', 'histories');
const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
const bundle = { codePath: process.env.TEST_WORKFLOW_BUNDLE! };

describe('workflow replay', () => {
  it('has a saved history for every workflow type', () => {
    const types = files.map((f) => f.split('.')[0]);
    expect(new Set(types)).toEqual(new Set(Object.keys(workflows)));
  });

  it.each(files)('replays %s without a determinism error', async (file) => {
    const history = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    await Worker.runReplayHistory({ workflowBundle: bundle, replayName: file }, history);
  });

  it('fails on a history the code would not produce', async () => {
    const file = files.find((f) => f.startsWith('investigationWorkflow'))!;
    const history = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    let tampered = 0;
    for (const e of history.events) {
      const scheduled = e.activityTaskScheduledEventAttributes;
      if (scheduled?.activityType?.name === 'runCatalogFunction') {
        scheduled.activityType.name = 'somethingElse';
        tampered++;
      }
    }
    expect(tampered).toBeGreaterThan(0);
    await expect(Worker.runReplayHistory({ workflowBundle: bundle, replayName: 'tampered' }, history)).rejects.toMatchObject({
      name: 'DeterminismViolationError',
    });
  });
});
