import { type Verdict, verdictStrength } from '../domain/actions.js';
import { type Entity, entitySchema, IDENTIFIERS, type Severity } from '../domain/alert.js';
import { entityKey } from '../correlation/keys.js';
import type { Graph } from '../investigations/investigation.dto.js';

/** How much of an incident the graph draws: the newest alerts, and what they name, up to these counts. */
export const GRAPH_LIMITS = { alerts: 200, entities: 500, edges: 5000 };

export interface GraphAlert {
  id: string;
  title: string;
  severity: Severity;
  entities: unknown[];
}

/** A short name for an entity: its first identifier that is set (a host name, a UPN, a hash…). */
function labelOf(e: Entity): string {
  const fields = e as Record<string, unknown>;
  const id = IDENTIFIERS[e.type].map((k) => fields[k]).find((v) => v !== undefined && v !== '');
  return id === undefined ? e.type : String(id);
}

/**
 * An incident as a graph: its alerts, the entities they name (with the strongest verdict any
 * investigation of the incident gave, null before one did), an edge from each alert to what it
 * names, and an edge between two entities for the alerts they appear in together. Bounded by
 * `GRAPH_LIMITS`; `truncated` says whether anything was left out.
 */
export function incidentGraph(alerts: GraphAlert[], verdicts: Map<string, Verdict>, limits = GRAPH_LIMITS): Graph & { truncated: boolean } {
  let truncated = alerts.length > limits.alerts;
  const nodes: Graph['nodes'] = [];
  const names: Graph['edges'] = [];
  const entities = new Map<string, Entity>();
  const together = new Map<string, { from: string; to: string; alerts: number }>();
  for (const alert of alerts.slice(0, limits.alerts)) {
    nodes.push({ id: `alert:${alert.id}`, kind: 'alert', label: alert.title, severity: alert.severity });
    const keys = new Set<string>();
    for (const raw of alert.entities) {
      const parsed = entitySchema.safeParse(raw);
      if (!parsed.success) continue;
      const key = entityKey(parsed.data);
      if (!entities.has(key)) {
        if (entities.size >= limits.entities) {
          truncated = true;
          continue;
        }
        entities.set(key, parsed.data);
      }
      keys.add(key);
    }
    const sorted = [...keys].sort();
    for (const key of sorted) names.push({ from: `alert:${alert.id}`, to: `entity:${key}`, kind: 'names' });
    for (let i = 0; i < sorted.length; i++) {
      for (let j = i + 1; j < sorted.length; j++) {
        const pair = `${sorted[i]}\u0000${sorted[j]}`;
        const seen = together.get(pair);
        if (seen) seen.alerts += 1;
        else together.set(pair, { from: `entity:${sorted[i]}`, to: `entity:${sorted[j]}`, alerts: 1 });
      }
    }
  }
  for (const [key, entity] of entities) {
    nodes.push({
      id: `entity:${key}`,
      kind: 'entity',
      label: labelOf(entity),
      entityType: entity.type,
      verdict: verdicts.get(key) ?? null,
    });
  }
  const seenWith = [...together.values()].map((e) => ({ ...e, kind: 'seen_with' as const }));
  let edges = [...names, ...seenWith];
  if (edges.length > limits.edges) {
    truncated = true;
    // The alert→entity edges come first: they say what the incident is about; co-occurrence is extra.
    edges = edges.slice(0, limits.edges);
  }
  return { nodes, edges, truncated };
}

/** The strongest verdict per entity key. */
export function strongestByKey(rows: { key: string; verdict: Verdict }[]): Map<string, Verdict> {
  const out = new Map<string, Verdict>();
  for (const r of rows) {
    const current = out.get(r.key);
    if (!current || verdictStrength(r.verdict) > verdictStrength(current)) out.set(r.key, r.verdict);
  }
  return out;
}
