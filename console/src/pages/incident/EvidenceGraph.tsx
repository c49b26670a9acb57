import { lazy, Suspense, useMemo, useState } from 'react';
import { useIncidentGraph } from '../../api/queries';
import type { Action, GraphNode, IncidentGraph, Verdict } from '../../api/types';
import { ActionList } from '../../components/ActionList';
import { Badge, words } from '../../components/bits';
import { ErrorBox, Loading } from '../../components/states';
import { alertAnchor, showAlert } from './alerts';

// Cytoscape.js is a few hundred KiB: fetched only when an incident page draws its graph.
const GraphCanvas = lazy(() => import('./GraphCanvas'));

/** Incidents with more alerts than this draw entities only at first: 200 alert nodes hide the entities they are about. */
const ALERT_NODES_MAX = 30;

const VERDICTS: { value: Verdict | 'none'; label: string }[] = [
  { value: 'malicious', label: 'Malicious' },
  { value: 'suspicious', label: 'Suspicious' },
  { value: 'no_threats_found', label: 'No threats found' },
  { value: 'unknown', label: 'Unknown' },
  { value: 'none', label: 'Not investigated' },
];
const ENTITY_TYPES: Record<string, string> = {
  device: 'Device',
  user: 'User',
  mailbox: 'Mailbox',
  email: 'Email message',
  ip: 'IP address',
  url: 'URL',
  file: 'File',
  process: 'Process',
  registry: 'Registry key',
  cloudApp: 'Cloud app',
};
const typeOf = (n: GraphNode) => ENTITY_TYPES[n.entityType ?? ''] ?? words(n.entityType ?? 'entity');
const STRENGTH: Record<string, number> = { malicious: 4, suspicious: 3, unknown: 2, no_threats_found: 1 };

interface EntityRow {
  node: GraphNode;
  key: string;
  alerts: GraphNode[];
  actions: Action[];
}

/** Entities with the alerts that name them and the actions taken on them, strongest verdict first. */
function entityRows(graph: IncidentGraph, actions: Action[]): EntityRow[] {
  const nodes = new Map(graph.nodes.map((n) => [n.id, n]));
  const alertsOf = new Map<string, GraphNode[]>();
  for (const e of graph.edges) {
    if (e.kind !== 'names') continue;
    const alert = nodes.get(e.from);
    if (!alert) continue;
    const list = alertsOf.get(e.to);
    if (list) list.push(alert);
    else alertsOf.set(e.to, [alert]);
  }
  const actionsOf = new Map<string, Action[]>();
  for (const a of actions) {
    const id = `entity:${a.targetKey}`;
    actionsOf.set(id, [...(actionsOf.get(id) ?? []), a]);
  }
  return graph.nodes
    .filter((n) => n.kind === 'entity')
    .map((node) => ({
      node,
      key: node.id.slice('entity:'.length),
      alerts: alertsOf.get(node.id) ?? [],
      actions: actionsOf.get(node.id) ?? [],
    }))
    .sort(
      (a, b) =>
        (STRENGTH[b.node.verdict ?? ''] ?? 0) - (STRENGTH[a.node.verdict ?? ''] ?? 0) ||
        b.alerts.length - a.alerts.length ||
        a.node.label.localeCompare(b.node.label),
    );
}

function Legend() {
  return (
    <ul className="legend" aria-label="Verdict colours">
      {VERDICTS.map((v) => (
        <li key={v.value}>
          <span className={`swatch verdict-fill-${v.value}`} aria-hidden="true" /> {v.label}
        </li>
      ))}
      <li>
        <span className="swatch alert-mark" aria-hidden="true" /> Alert (border: severity)
      </li>
    </ul>
  );
}

function EntityTable({ rows, selected, onSelect }: { rows: EntityRow[]; selected: string | null; onSelect(id: string | null): void }) {
  return (
    <div className="tablewrap entity-list">
      <table>
        <caption className="sr-only">Entities of the incident; choose one to see its alerts and actions</caption>
        <thead>
          <tr>
            <th scope="col">Entity</th>
            <th scope="col">Type</th>
            <th scope="col">Verdict</th>
            <th scope="col" className="num">
              Alerts
            </th>
            <th scope="col" className="num">
              Actions
            </th>
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.node.id} className={r.node.id === selected ? 'selected' : undefined} data-entity={r.key}>
              <td className="entity-name">
                <button
                  type="button"
                  className="link"
                  aria-pressed={r.node.id === selected}
                  onClick={() => onSelect(r.node.id === selected ? null : r.node.id)}
                >
                  {r.node.label}
                  <span className="sr-only"> ({typeOf(r.node)})</span>
                </button>
              </td>
              <td>{typeOf(r.node)}</td>
              <td>{r.node.verdict ? <Badge kind="verdict" value={r.node.verdict} /> : <span className="muted">not investigated</span>}</td>
              <td className="num">{r.alerts.length}</td>
              <td className="num">{r.actions.length}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function EntityPanel({ row, onClose }: { row: EntityRow; onClose(): void }) {
  return (
    <section className="entity-panel" aria-labelledby="entity-title">
      <div className="pagehead">
        <h3 id="entity-title">
          {typeOf(row.node)}: {row.node.label}
        </h3>
        <button type="button" onClick={onClose}>
          Clear selection
        </button>
      </div>
      <p className="small">
        {row.node.verdict ? <Badge kind="verdict" value={row.node.verdict} /> : <span className="muted">Not investigated yet</span>}{' '}
        <code>{row.key}</code>
      </p>
      <h4>
        Alerts naming it <span className="muted">({row.alerts.length})</span>
      </h4>
      <ul aria-label={`Alerts naming ${row.node.label}`}>
        {row.alerts.map((a) => {
          const id = a.id.slice('alert:'.length);
          return (
            <li key={a.id}>
              <Badge kind="severity" value={a.severity} />{' '}
              <a
                href={`#${alertAnchor(id)}`}
                onClick={(e) => {
                  e.preventDefault();
                  showAlert(id);
                }}
              >
                {a.label}
              </a>
            </li>
          );
        })}
      </ul>
      <h4>
        Actions on it <span className="muted">({row.actions.length})</span>
      </h4>
      {row.actions.length ? (
        <ActionList actions={row.actions} showIncident={false} />
      ) : (
        <p className="muted">No remediation action on this entity.</p>
      )}
    </section>
  );
}

/** The incident's entities and how they relate: a canvas for the eye, a table for the keyboard, and the chosen entity's alerts and actions. */
export function EvidenceGraph({ incidentId, actions }: { incidentId: number; actions: Action[] | undefined }) {
  const { data: graph, error, isPending } = useIncidentGraph(incidentId);
  const [selected, setSelected] = useState<string | null>(null);
  const [withAlerts, setWithAlerts] = useState<boolean | null>(null);
  const rows = useMemo(() => (graph ? entityRows(graph, actions ?? []) : []), [graph, actions]);

  if (error) return <ErrorBox error={error} title="The graph could not be loaded" />;
  if (isPending) return <Loading what="the evidence graph" />;
  if (!rows.length) return <p className="muted">No entities: the alerts name nothing that can be drawn.</p>;

  const alertCount = graph.nodes.length - rows.length;
  const showAlerts = withAlerts ?? alertCount <= ALERT_NODES_MAX;
  const chosen = rows.find((r) => r.node.id === selected);
  const label = `Evidence graph of ${rows.length} entities${showAlerts ? ` and ${alertCount} alerts` : ''}; the entity table next to it lists the same entities.`;
  return (
    <>
      {graph.truncated && (
        <p className="notice">The graph shows the newest {alertCount} alerts and what they name; the attack story below lists them all.</p>
      )}
      <div className="row graph-tools">
        <Legend />
        <label>
          <input type="checkbox" checked={showAlerts} onChange={(e) => setWithAlerts(e.target.checked)} /> Draw alerts
        </label>
      </div>
      <div className="graph">
        <Suspense fallback={<Loading what="the graph drawing" />}>
          <GraphCanvas
            graph={graph}
            withAlerts={showAlerts}
            selected={chosen ? selected : null}
            onSelect={setSelected}
            onAlert={showAlert}
            label={label}
          />
        </Suspense>
        <EntityTable rows={rows} selected={selected} onSelect={setSelected} />
      </div>
      {chosen && <EntityPanel row={chosen} onClose={() => setSelected(null)} />}
    </>
  );
}
