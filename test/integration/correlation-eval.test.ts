import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config/config.js';
import {
  EvalDatabases,
  evaluateSet,
  type LabelledSet,
  formatScore,
  loadScenario,
  loadSentinelSet,
  meetsBar,
  scenarioFiles,
} from '../../scripts/lib/correlation-eval.js';

const fixtures = fileURLToPath(new URL('../fixtures', import.meta.url));
const sets: LabelledSet[] = [
  ...scenarioFiles(join(fixtures, 'scenarios')).map(loadScenario),
  loadSentinelSet(join(fixtures, 'sentinel', 'secrl_dev_alerts.csv'), join(fixtures, 'sentinel', 'secrl_dev_incidents.csv')),
];

describe('correlation quality on the labelled corpus', () => {
  const dbs = new EvalDatabases(process.env.TEST_DATABASE_URL!);
  const config = loadConfig({}).correlation;
  afterAll(() => dbs.dropAll());

  it('has several attack scenarios besides the SecRL sample', () => {
    expect(sets.length).toBeGreaterThanOrEqual(5);
  });

  it.each(sets.map((s) => [s.name, s] as const))(
    '%s: precision and F1 clear the bar',
    async (_name, set) => {
      const score = await evaluateSet(await dbs.fresh(), config, set);
      // On failure the message names the set's figures, wrong merges and splits.
      expect(meetsBar(score) ? 'clears the bar' : formatScore(score)).toBe('clears the bar');
    },
    120_000,
  );
});
