import cytoscape from 'cytoscape';
import { useEffect, useEffectEvent, useRef } from 'react';
import type { IncidentGraph } from '../../api/types';

/**
 * The evidence graph drawn on a canvas by Cytoscape.js. Loaded on its own (lazy) so the library is
 * fetched only when an incident is opened. The canvas is for the eye and the mouse; the entity
 * table beside it is the keyboard and screen-reader way to the same selection.
 */
export interface GraphCanvasProps {
  graph: IncidentGraph;
  /** Draw the alerts as nodes (alert→entity edges); otherwise entities only, joined where they share alerts. */
  withAlerts: boolean;
  selected: string | null;
  onSelect(nodeId: string | null): void;
  onAlert(alertId: string): void;
  label: string;
}

/** Above this many nodes the force-directed layout takes too long on a busy laptop: rings by degree instead. */
const FORCE_LAYOUT_MAX = 150;
/** Alert titles are long: drawn only while they can be read. */
const ALERT_LABELS_MAX = 12;

const SHAPES: Record<string, cytoscape.Css.NodeShape> = {
  device: 'round-rectangle',
  user: 'ellipse',
  mailbox: 'round-tag',
  email: 'tag',
  ip: 'diamond',
  url: 'hexagon',
  file: 'rectangle',
  process: 'triangle',
  registry: 'barrel',
  cloudApp: 'round-octagon',
};

function elementsOf(graph: IncidentGraph, withAlerts: boolean): cytoscape.ElementDefinition[] {
  const out: cytoscape.ElementDefinition[] = [];
  for (const n of graph.nodes) {
    if (n.kind === 'entity') {
      out.push({ group: 'nodes', data: { id: n.id, label: n.label, type: n.entityType ?? 'other' }, classes: `v-${n.verdict ?? 'none'}` });
    } else if (n.kind === 'alert' && withAlerts) {
      out.push({ group: 'nodes', data: { id: n.id, label: n.label }, classes: `alert s-${n.severity ?? 'informational'}` });
    }
  }
  graph.edges.forEach((e, i) => {
    if (withAlerts ? e.kind !== 'names' : e.kind !== 'seen_with') return;
    out.push({ group: 'edges', data: { id: `e${i}`, source: e.from, target: e.to, weight: e.alerts ?? 1 }, classes: e.kind });
  });
  return out;
}

/** Colours come from the page's theme variables, so the canvas follows light and dark like the rest. */
function styleOf(el: HTMLElement, alertLabels: boolean): cytoscape.StylesheetJson {
  const css = getComputedStyle(el);
  const v = (name: string) => css.getPropertyValue(name).trim() || '#888';
  const [fg, bg, panel, line, accent] = ['--fg', '--bg', '--panel', '--line', '--accent'].map(v);
  return [
    {
      selector: 'node',
      style: {
        label: 'data(label)',
        color: fg,
        'font-size': 11,
        'text-valign': 'bottom',
        'text-margin-y': 4,
        'text-wrap': 'ellipsis',
        'text-max-width': '140px',
        'text-background-color': bg,
        'text-background-opacity': 0.85,
        'text-background-padding': '2px',
        'min-zoomed-font-size': 7,
        width: 30,
        height: 30,
        'border-width': 2,
        'border-color': fg,
        'background-color': v('--verdict-none'),
      },
    },
    ...Object.entries(SHAPES).map(([type, shape]) => ({ selector: `node[type = "${type}"]`, style: { shape } })),
    { selector: 'node.v-malicious', style: { 'background-color': v('--high') } },
    { selector: 'node.v-suspicious', style: { 'background-color': v('--medium') } },
    { selector: 'node.v-no_threats_found', style: { 'background-color': v('--ok') } },
    { selector: 'node.v-unknown', style: { 'background-color': v('--info') } },
    { selector: 'node.v-none', style: { 'border-style': 'dashed', 'border-color': v('--muted') } },
    {
      selector: 'node.alert',
      style: {
        shape: 'round-rectangle',
        width: 14,
        height: 14,
        'background-color': panel,
        'border-width': 3,
        'font-size': 9,
        label: alertLabels ? 'data(label)' : '',
      },
    },
    { selector: 'node.s-high', style: { 'border-color': v('--high') } },
    { selector: 'node.s-medium', style: { 'border-color': v('--medium') } },
    { selector: 'node.s-low', style: { 'border-color': v('--low') } },
    { selector: 'node.s-informational', style: { 'border-color': v('--info') } },
    { selector: 'edge', style: { width: 1.5, 'line-color': line, 'curve-style': 'haystack', 'haystack-radius': 0 } },
    { selector: 'edge.seen_with', style: { width: 'mapData(weight, 1, 20, 1.5, 8)' } },
    { selector: 'node:selected', style: { 'border-width': 5, 'border-color': accent, 'border-style': 'solid' } },
    { selector: '.faded', style: { opacity: 0.25 } },
    { selector: 'edge.near', style: { 'line-color': accent, width: 2.5 } },
  ];
}

/** The force-directed layout is kept to the canvas's own shape, so fitting it does not shrink the nodes to dots. */
function layoutOf(nodes: number, el: HTMLElement): cytoscape.LayoutOptions {
  if (nodes <= FORCE_LAYOUT_MAX)
    return {
      name: 'cose',
      animate: false,
      randomize: true,
      idealEdgeLength: () => 60,
      nodeRepulsion: () => 20_000,
      padding: 24,
      boundingBox: { x1: 0, y1: 0, w: el.clientWidth || 800, h: el.clientHeight || 400 },
    };
  return { name: 'concentric', animate: false, concentric: (n) => n.degree(false), levelWidth: () => 2, minNodeSpacing: 8, padding: 24 };
}

export default function GraphCanvas({ graph, withAlerts, selected, onSelect, onAlert, label }: GraphCanvasProps) {
  const box = useRef<HTMLDivElement>(null);
  const cy = useRef<cytoscape.Core | null>(null);
  // A node picked on the canvas is where the pointer is already; one picked in the list is brought into view.
  const tapped = useRef<string | null | undefined>(undefined);
  const select = useEffectEvent((id: string | null) => onSelect(id));
  const openAlert = useEffectEvent((id: string) => onAlert(id));
  const current = useEffectEvent(() => selected);

  useEffect(() => {
    const el = box.current!;
    const elements = elementsOf(graph, withAlerts);
    const alertLabels = withAlerts && graph.nodes.filter((n) => n.kind === 'alert').length <= ALERT_LABELS_MAX;
    const instance = cytoscape({
      container: el,
      elements,
      style: styleOf(el, alertLabels),
      layout: layoutOf(elements.filter((e) => e.group === 'nodes').length, el),
      boxSelectionEnabled: false,
      selectionType: 'single',
      minZoom: 0.2,
      maxZoom: 2,
    });
    instance.nodes('.alert').unselectify();
    instance.on('tap', 'node', (evt) => {
      const id: string = evt.target.id();
      if (id.startsWith('alert:')) return openAlert(id.slice('alert:'.length));
      tapped.current = id;
      select(id);
    });
    instance.on('tap', (evt) => {
      if (evt.target !== instance) return;
      tapped.current = null;
      select(null);
    });
    cy.current = instance;
    highlight(instance, current(), false);

    // The colours follow the page when the system switches between light and dark.
    const scheme = matchMedia('(prefers-color-scheme: dark)');
    const restyle = () => instance.style(styleOf(el, alertLabels));
    scheme.addEventListener('change', restyle);
    return () => {
      scheme.removeEventListener('change', restyle);
      instance.destroy();
      cy.current = null;
    };
  }, [graph, withAlerts]);

  useEffect(() => {
    if (cy.current) highlight(cy.current, selected, tapped.current !== selected);
    tapped.current = undefined;
  }, [selected]);

  return <div ref={box} className="graph-canvas" role="img" aria-label={label} />;
}

/** Selects the node, fades what is not next to it, and (when asked) brings it to the middle of the view. */
function highlight(instance: cytoscape.Core, id: string | null, center: boolean) {
  instance.batch(() => {
    instance.elements().removeClass('faded near').unselect();
    if (!id) return;
    const node = instance.getElementById(id);
    if (node.empty()) return;
    node.select();
    const near = node.closedNeighborhood();
    instance.elements().not(near).addClass('faded');
    near.edges().addClass('near');
  });
  if (center && id) {
    const node = instance.getElementById(id);
    if (!node.empty()) instance.center(node);
  }
}
