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

/**
 * Sets that do not meet the goal yet, held at their measured figures as a floor: a regression fails,
 * and the gap stays visible here and in `npm run eval:correlation`. A set that clears the bar leaves
 * this list, and the goal is asserted for it.
 */
const FLOORS: Record<string, { precision: number; f1: number }> = {};
const floored = sets.filter((s) => FLOORS[s.name]);

describe('correlation quality on the labelled corpus', () => {
  const dbs = new EvalDatabases(process.env.TEST_DATABASE_URL!);
  const config = loadConfig({}).correlation;
  afterAll(() => dbs.dropAll());

  it('has several attack scenarios besides the SecRL sample', () => {
    expect(sets.length).toBeGreaterThanOrEqual(5);
  });

  it('holds floors only for sets of the corpus', () => {
    expect(Object.keys(FLOORS).filter((name) => !sets.some((s) => s.name === name))).toEqual([]);
  });

  it.each(sets.filter((s) => !FLOORS[s.name]).map((s) => [s.name, s] as const))(
    '%s: precision and F1 clear the bar',
    async (_name, set) => {
      const score = await evaluateSet(await dbs.fresh(), config, set);
      // On failure the message names the set's figures, wrong merges and splits.
      expect(meetsBar(score) ? 'clears the bar' : formatScore(score)).toBe('clears the bar');
    },
    120_000,
  );

  // Jest refuses an empty table: with every set at the goal, nothing is held at a floor.
  if (floored.length)
    it.each(floored.map((s) => [s.name, s] as const))(
      '%s: below the bar, but no worse than its measured floor',
      async (name, set) => {
        const score = await evaluateSet(await dbs.fresh(), config, set);
        const floor = FLOORS[name];
        const verdict = meetsBar(score)
          ? 'clears the bar now: remove its floor so the goal is asserted'
          : score.precision >= floor.precision && score.f1 >= floor.f1
            ? 'holds its floor'
            : `fell below its floor (precision ${floor.precision}, F1 ${floor.f1}):\n${formatScore(score)}`;
        expect(verdict).toBe('holds its floor');
      },
      120_000,
    );
});
