import 'reflect-metadata';
import { join } from 'node:path';
import { loadConfig } from '../src/config/config.js';
import { startEmbeddedPostgres } from '../src/infra/embedded-postgres.js';
import { createLogger } from '../src/infra/logger.js';
import { dataDir, projectRoot } from '../src/infra/paths.js';
import {
  EvalDatabases,
  evaluateSet,
  formatScore,
  formatTable,
  type LabelledSet,
  loadScenario,
  loadSentinelSet,
  meetsBar,
  scenarioFiles,
  type SetScore,
} from './lib/correlation-eval.js';

/**
 * `npm run eval:correlation` scores the engine on every scenario of the corpus
 * (test/fixtures/scenarios) and on the SecRL sample; `-- <alerts.csv> <incidents.csv>` or
 * `-- <scenario.yaml>…` scores only the sets named. The engine runs in this process against
 * DATABASE_URL's server or an embedded PostgreSQL; the exit code says whether every set clears the bar.
 */
function setsFrom(args: string[]): LabelledSet[] {
  if (args.length === 0) {
    const fixtures = join(projectRoot, 'test', 'fixtures');
    return [
      ...scenarioFiles(join(fixtures, 'scenarios')).map(loadScenario),
      loadSentinelSet(join(fixtures, 'sentinel', 'secrl_dev_alerts.csv'), join(fixtures, 'sentinel', 'secrl_dev_incidents.csv')),
    ];
  }
  if (args.length === 2 && args.every((a) => a.endsWith('.csv'))) return [loadSentinelSet(args[0], args[1])];
  if (args.every((a) => a.endsWith('.yaml'))) return args.map(loadScenario);
  process.stderr.write('usage: npm run eval:correlation [-- <alerts.csv> <incidents.csv> | -- <scenario.yaml>…]\n');
  process.exit(2);
}

async function main(): Promise<boolean> {
  const sets = setsFrom(process.argv.slice(2));
  const config = loadConfig();
  const log = createLogger('warn');
  let server = config.database.url;
  let stopPg: (() => Promise<void>) | undefined;
  if (!server) {
    process.stderr.write('starting embedded PostgreSQL…\n');
    const run = await startEmbeddedPostgres(log, {
      dataDir: join(dataDir(config.dataDir), 'eval', 'pgdata'),
      port: config.database.embeddedPort + 1,
      database: 'postgres',
    });
    stopPg = run.stop;
    server = run.url;
  }
  const dbs = new EvalDatabases(server);
  const scores: SetScore[] = [];
  try {
    for (const set of sets) {
      const score = await evaluateSet(await dbs.fresh(), config.correlation, set);
      scores.push(score);
      process.stdout.write(`\n${formatScore(score)}`);
    }
  } finally {
    await dbs.dropAll();
    await stopPg?.();
  }
  const ok = scores.every(meetsBar);
  process.stdout.write(`\n${formatTable(scores)}`);
  process.stdout.write(`\n${ok ? 'every set clears' : 'NOT every set clears'} the bar (precision ≥ 0.98, F1 ≥ 0.95)\n`);
  process.stdout.write(`${JSON.stringify(scores)}\n`);
  return ok;
}

process.exit((await main()) ? 0 : 1);
