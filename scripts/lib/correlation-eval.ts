import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { fromSentinel } from '../../src/alerts/adapters/sentinel.js';
import { AlertsRepository } from '../../src/alerts/alerts.repository.js';
import type { QuellConfig } from '../../src/config/config.js';
import { CorrelationEngine } from '../../src/correlation/correlation.engine.js';
import { dataSourceOptions, runMigrations } from '../../src/db/data-source.js';
import { nativeAlertSchema, type NativeAlert } from '../../src/domain/alert.js';
import { readSentinelCsv } from './sentinel-csv.js';

/**
 * The correlation evaluation: labelled alert sets (scenario files and the SecRL sample) are
 * correlated one by one, in activity order, by the real engine on a real database, and the grouping
 * is scored against the labels. Used by `npm run eval:correlation` and by the test suite.
 */

/** The bar every labelled set must clear (wrong merges cost analysts more than splits). */
export const QUALITY_BAR = { precision: 0.98, f1: 0.95 } as const;

export interface LabelledSet {
  name: string;
  /** Alerts in the order they are correlated, each with the true incident it belongs to. */
  alerts: { alert: NativeAlert; truth: string }[];
}

/** `D2 14:05` → day 2 of the scenario at 14:05 UTC. */
const DAY_TIME = /^D(\d+) (\d{2}):(\d{2})$/;

const scenarioSchema = z.strictObject({
  name: z.string().min(1),
  /** Day 1 of the scenario, an ISO date. */
  start: z.iso.date(),
  sources: z.array(z.strictObject({ title: z.string(), url: z.url() })).min(1),
  /** Named entities, referred to by YAML aliases in the alerts; not read otherwise. */
  entities: z.record(z.string(), z.unknown()).optional(),
  alerts: z
    .array(
      z
        .looseObject({
          id: z.string().min(1),
          incident: z.string().min(1),
          at: z.string().regex(DAY_TIME, 'must look like D1 09:30'),
          minutes: z.number().int().min(0).optional(),
        })
        .transform(({ id, incident, at, minutes, ...rest }) => ({ id, incident, at, minutes, rest })),
    )
    .min(1),
});

function dayTime(start: string, at: string, plusMinutes = 0): string {
  const [, day, hh, mm] = DAY_TIME.exec(at)!;
  const ms = Date.parse(`${start}T00:00:00Z`) + ((Number(day) - 1) * 24 * 60 + Number(hh) * 60 + Number(mm) + plusMinutes) * 60_000;
  return new Date(ms).toISOString();
}

/** A scenario file (YAML): native alerts with `id`, `incident` (the truth), `at` and optional `minutes` of duration. */
export function loadScenario(file: string): LabelledSet {
  const doc = scenarioSchema.parse(parseYaml(readFileSync(file, 'utf8'), { maxAliasCount: -1 }));
  const alerts = doc.alerts.map(({ id, incident, at, minutes, rest }) => {
    const alert = nativeAlertSchema.parse({
      externalId: `${doc.name}-${id}`,
      firstActivityAt: dayTime(doc.start, at),
      lastActivityAt: dayTime(doc.start, at, minutes ?? 0),
      ...rest,
    });
    return { alert, truth: incident };
  });
  return { name: doc.name, alerts: byActivity(alerts) };
}

/** Fields of a Sentinel alert row that carry the answer (the detector's own grouping or triage). */
const ANSWER_PROPERTIES = [
  'IncidentId',
  'AssignedTo',
  'Classification',
  'Determination',
  'InvestigationState',
  'MicrosoftDefenderAtp.InvestigationId',
  'MicrosoftDefenderAtp.InvestigationState',
];

function stripAnswers(row: Record<string, string>): Record<string, string> {
  const copy = { ...row };
  delete copy.IsIncident;
  try {
    const ext = JSON.parse(copy.ExtendedProperties || '{}');
    for (const k of ANSWER_PROPERTIES) delete ext[k];
    copy.ExtendedProperties = JSON.stringify(ext);
  } catch {
    delete copy.ExtendedProperties;
  }
  return copy;
}

/** Sentinel `SecurityAlert` rows with the `SecurityIncident` rows that group them (the vendor's answer, stripped from the alerts). */
export function loadSentinelSet(alertsFile: string, incidentsFile: string): LabelledSet {
  const truth = new Map<string, string>();
  for (const inc of readSentinelCsv(incidentsFile)) {
    for (const alertId of JSON.parse(inc.AlertIds) as string[]) truth.set(alertId, inc.ProviderIncidentId || inc.IncidentNumber);
  }
  const alerts = readSentinelCsv(alertsFile)
    .filter((row) => truth.has(row.SystemAlertId))
    .map((row) => ({ alert: nativeAlertSchema.parse(fromSentinel(stripAnswers(row))), truth: truth.get(row.SystemAlertId)! }));
  return { name: basename(alertsFile), alerts: byActivity(alerts) };
}

function byActivity<T extends { alert: NativeAlert }>(alerts: T[]): T[] {
  // Stable: alerts with the same start keep the file's order, so every run correlates the same sequence.
  return alerts
    .map((a, i) => ({ a, i }))
    .sort((x, y) => (x.a.alert.firstActivityAt ?? '').localeCompare(y.a.alert.firstActivityAt ?? '') || x.i - y.i)
    .map(({ a }) => a);
}

export interface PairwiseScore {
  precision: number;
  recall: number;
  f1: number;
  truePairs: number;
  predictedPairs: number;
  correctPairs: number;
}

/** Pairwise precision/recall over every pair of alerts: "grouped together" predicted vs true. */
export function pairwise(truth: Map<string, string>, predicted: Map<string, string>): PairwiseScore {
  const ids = [...truth.keys()].filter((id) => predicted.has(id));
  let tp = 0;
  let fp = 0;
  let fn = 0;
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const t = truth.get(ids[i]) === truth.get(ids[j]);
      const p = predicted.get(ids[i]) === predicted.get(ids[j]);
      if (t && p) tp++;
      else if (p) fp++;
      else if (t) fn++;
    }
  }
  const precision = tp + fp ? tp / (tp + fp) : 1;
  const recall = tp + fn ? tp / (tp + fn) : 1;
  return {
    precision,
    recall,
    f1: precision + recall ? (2 * precision * recall) / (precision + recall) : 0,
    truePairs: tp + fn,
    predictedPairs: tp + fp,
    correctPairs: tp,
  };
}

export interface SetScore extends PairwiseScore {
  name: string;
  alerts: number;
  trueIncidents: number;
  quellIncidents: number;
  wrongMerges: string[];
  splits: string[];
}

/** The pairwise score with the wrong merges and splits spelled out (true labels, Quell incident ids). */
export function scoreGrouping(name: string, truth: Map<string, string>, predicted: Map<string, string>): SetScore {
  const byTruth = new Map<string, Set<string>>();
  const byPred = new Map<string, Set<string>>();
  for (const [id, t] of truth) {
    const p = predicted.get(id);
    if (!p) continue;
    (byTruth.get(t) ?? byTruth.set(t, new Set()).get(t)!).add(p);
    (byPred.get(p) ?? byPred.set(p, new Set()).get(p)!).add(t);
  }
  return {
    name,
    alerts: truth.size,
    trueIncidents: byTruth.size,
    quellIncidents: byPred.size,
    ...pairwise(truth, predicted),
    wrongMerges: [...byPred]
      .filter(([, ts]) => ts.size > 1)
      .map(([p, ts]) => `Quell incident ${p} fuses true incidents ${[...ts].join(', ')}`),
    splits: [...byTruth]
      .filter(([, ps]) => ps.size > 1)
      .map(([t, ps]) => `true incident ${t} is split over Quell incidents ${[...ps].join(', ')}`),
  };
}

/** Correlates the set, alert by alert in order, on an empty migrated database; returns the final grouping by external id. */
export async function correlateSet(
  databaseUrl: string,
  config: QuellConfig['correlation'],
  set: LabelledSet,
): Promise<Map<string, string>> {
  const db = new DataSource(dataSourceOptions(databaseUrl, 2));
  await db.initialize();
  try {
    const alerts = new AlertsRepository(db);
    const engine = new CorrelationEngine(db, config);
    for (const { alert } of set.alerts) {
      const ids = await db.transaction((m) => alerts.insertNew(m, [alert], 'native', new Date(alert.firstActivityAt!)));
      await engine.correlate([...ids.values()][0]);
    }
    // Merges move alerts after they were correlated: read the final grouping.
    const rows: { external_id: string; incident_id: string }[] = await db.query('SELECT external_id, incident_id FROM alerts');
    return new Map(rows.map((r) => [r.external_id, String(r.incident_id)]));
  } finally {
    await db.destroy();
  }
}

/** Correlates and scores one labelled set. */
export async function evaluateSet(databaseUrl: string, config: QuellConfig['correlation'], set: LabelledSet): Promise<SetScore> {
  const predicted = await correlateSet(databaseUrl, config, set);
  const truth = new Map(set.alerts.map(({ alert, truth: t }) => [alert.externalId, t]));
  return scoreGrouping(set.name, truth, predicted);
}

export const meetsBar = (s: SetScore) => s.precision >= QUALITY_BAR.precision && s.f1 >= QUALITY_BAR.f1;

/** One row per set: precision, recall, F1, how many wrong merges and splits, and whether it clears the bar. */
export function formatTable(scores: SetScore[]): string {
  const head = ['set', 'alerts', 'true', 'Quell', 'precision', 'recall', 'F1', 'wrong merges', 'splits', 'bar'];
  const rows = scores.map((s) => [
    s.name,
    String(s.alerts),
    String(s.trueIncidents),
    String(s.quellIncidents),
    s.precision.toFixed(3),
    s.recall.toFixed(3),
    s.f1.toFixed(3),
    String(s.wrongMerges.length),
    String(s.splits.length),
    meetsBar(s) ? 'ok' : 'BELOW THE BAR',
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 || i === cells.length - 1 ? c.padEnd(widths[i]) : c.padStart(widths[i])))
      .join('  ')
      .trimEnd();
  return [line(head), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n') + '\n';
}

export function formatScore(s: SetScore): string {
  const f = (n: number) => n.toFixed(3);
  return (
    `${s.name}: ${s.alerts} alerts, ${s.trueIncidents} true incidents, ${s.quellIncidents} Quell incidents\n` +
    `  precision ${f(s.precision)}  recall ${f(s.recall)}  F1 ${f(s.f1)}${meetsBar(s) ? '' : '  BELOW THE BAR'}\n` +
    `  wrong merges: ${s.wrongMerges.length ? `\n    ${s.wrongMerges.join('\n    ')}` : 'none'}\n` +
    `  splits: ${s.splits.length ? `\n    ${s.splits.join('\n    ')}` : 'none'}\n`
  );
}

/** Empty migrated databases on one server, cloned from a template migrated once (each labelled set starts from nothing). */
export class EvalDatabases {
  private template?: string;
  private readonly made: string[] = [];

  constructor(private readonly serverUrl: string) {}

  private async admin<T>(run: (c: pg.Client) => Promise<T>): Promise<T> {
    const c = new pg.Client({ connectionString: this.serverUrl });
    await c.connect();
    try {
      return await run(c);
    } finally {
      await c.end();
    }
  }

  private urlOf(name: string): string {
    const u = new URL(this.serverUrl);
    u.pathname = `/${name}`;
    return u.toString();
  }

  async fresh(): Promise<string> {
    const suffix = `${Date.now()}_${randomBytes(3).toString('hex')}`;
    if (!this.template) {
      const template = `quell_evaltpl_${suffix}`;
      await this.admin((c) => c.query(`CREATE DATABASE ${template}`));
      this.made.push(template);
      await runMigrations(this.urlOf(template));
      this.template = template;
    }
    const name = `quell_eval_${suffix}`;
    await this.admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${this.template}`));
    this.made.push(name);
    return this.urlOf(name);
  }

  async dropAll(): Promise<void> {
    await this.admin(async (c) => {
      for (const name of this.made.reverse()) await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    });
  }
}

/** Every scenario file of the corpus, by name. */
export function scenarioFiles(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => join(dir, f));
}
