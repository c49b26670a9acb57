import 'reflect-metadata';
import { createLogger } from '../src/infra/logger.js';
import { readSentinelCsv } from './lib/sentinel-csv.js';
import { startStack } from './lib/stack.js';

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

async function main() {
  const [alertsFile, truthFile] = process.argv.slice(2);
  if (!alertsFile || !truthFile) {
    process.stderr.write('usage: npm run eval:correlation -- <alerts.csv> <incidents.csv>\n');
    process.exit(2);
  }
  const rows = readSentinelCsv(alertsFile).sort((a, b) => a.StartTime.localeCompare(b.StartTime));
  const truth = new Map<string, string>();
  for (const inc of readSentinelCsv(truthFile)) {
    for (const alertId of JSON.parse(inc.AlertIds) as string[]) truth.set(alertId, inc.ProviderIncidentId || inc.IncidentNumber);
  }
  const log = createLogger('warn');
  const stack = await startStack(log, { purpose: 'eval' });
  try {
    const headers = { Authorization: `Bearer ${await stack.key('admin')}`, 'Content-Type': 'application/json' };
    const predicted = new Map<string, string>();
    let done = 0;
    for (const row of rows) {
      const res = await fetch(`${stack.baseUrl}/api/v1/alerts?format=sentinel`, {
        method: 'POST',
        headers,
        body: JSON.stringify(stripAnswers(row)),
      });
      const body = (await res.json()) as { results?: { id: string }[]; errors?: unknown };
      if (res.status !== 202) throw new Error(`alert ${row.SystemAlertId} rejected: ${JSON.stringify(body)}`);
      const id = body.results![0].id;
      // Sequential on purpose: the same order gives the same grouping on every run.
      let alert: { incidentId: number | null; correlation?: { reason: string } } = { incidentId: null };
      for (let i = 0; i < 300 && !alert.incidentId; i++) {
        alert = (await (await fetch(`${stack.baseUrl}/api/v1/alerts/${id}`, { headers })).json()) as typeof alert;
        if (!alert.incidentId) await new Promise((r) => setTimeout(r, 50));
      }
      predicted.set(row.SystemAlertId, String(alert.incidentId));
      done++;
      process.stderr.write(`\r  posted and correlated ${done}/${rows.length}`);
    }
    process.stderr.write('\n');
    // Merges move alerts after they were correlated: read the final grouping.
    let cursor: string | null = null;
    do {
      const page = (await (
        await fetch(`${stack.baseUrl}/api/v1/alerts?limit=200${cursor ? `&cursor=${cursor}` : ''}`, { headers })
      ).json()) as {
        items: { externalId: string; incidentId: number }[];
        nextCursor: string | null;
      };
      for (const a of page.items) predicted.set(a.externalId, String(a.incidentId));
      cursor = page.nextCursor;
    } while (cursor);
    const score = pairwise(truth, predicted);
    const byTruth = new Map<string, Set<string>>();
    const byPred = new Map<string, Set<string>>();
    for (const [id, t] of truth) {
      const p = predicted.get(id);
      if (!p) continue;
      (byTruth.get(t) ?? byTruth.set(t, new Set()).get(t)!).add(p);
      (byPred.get(p) ?? byPred.set(p, new Set()).get(p)!).add(t);
    }
    const merges = [...byPred]
      .filter(([, ts]) => ts.size > 1)
      .map(([p, ts]) => `Quell incident ${p} fuses true incidents ${[...ts].join(', ')}`);
    const splits = [...byTruth]
      .filter(([, ps]) => ps.size > 1)
      .map(([t, ps]) => `true incident ${t} is split over Quell incidents ${[...ps].join(', ')}`);
    const out = {
      alerts: rows.length,
      trueIncidents: new Set(truth.values()).size,
      quellIncidents: new Set(predicted.values()).size,
      ...score,
      wrongMerges: merges,
      splits,
    };
    process.stdout.write(
      `\nCorrelation quality (pairwise)\n  alerts ${out.alerts}, true incidents ${out.trueIncidents}, Quell incidents ${out.quellIncidents}\n` +
        `  precision ${score.precision.toFixed(3)}  recall ${score.recall.toFixed(3)}  F1 ${score.f1.toFixed(3)}\n` +
        `  pairs: ${score.correctPairs} correct of ${score.predictedPairs} predicted, ${score.truePairs} true\n` +
        `  wrong merges: ${merges.length ? `\n    ${merges.join('\n    ')}` : 'none'}\n` +
        `  splits: ${splits.length ? `\n    ${splits.join('\n    ')}` : 'none'}\n\n`,
    );
    process.stdout.write(`${JSON.stringify(out)}\n`);
  } finally {
    await stack.stop();
  }
}

await main();
process.exit(0);
