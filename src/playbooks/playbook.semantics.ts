import { CATALOG, type CatalogFunction } from '../domain/catalog.js';
import { STEP_KIND_FIELDS } from '../domain/playbook.js';
import { compileExpression, readsAsOneExpression, scanTemplates, stepReferences, unwrapExpression } from './playbook.expressions.js';
import { STEP_FIELDS, WHOLE_TEMPLATE } from './playbook.schema.js';

/**
 * Rules that need more than one field: a step's kind, its catalog arguments, CEL syntax and the
 * `steps.<id>` references between steps. They run on the raw YAML data, tolerating any shape, so
 * that a playbook with schema errors still gets these reported in the same pass.
 */

export type YamlPath = (string | number)[];

export interface Problem {
  path: YamlPath;
  message: string;
  /** Point at the field's key (an unknown or misplaced field) rather than at its value. */
  atKey?: boolean;
}

export function formatPath(path: YamlPath): string {
  return path.map((seg, i) => (typeof seg === 'number' ? `[${seg}]` : i === 0 ? seg : `.${seg}`)).join('');
}

type Raw = Record<string, unknown>;
const isRecord = (v: unknown): v is Raw => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The fields that give a step its kind, from the one table of step kinds. */
const KINDS = Object.values(STEP_KIND_FIELDS);
/** Fields holding one CEL expression, as opposed to text with `${{ }}` templates. */
const EXPRESSION_FIELDS = ['if', 'forEach'] as const;
const TEMPLATE_FIELDS = ['with', 'verdict', 'remediate'] as const;

interface StepNode {
  raw: Raw;
  path: YamlPath;
  id?: string;
  /** Position in document order. */
  order: number;
  /** Enclosing steps, outermost first. */
  ancestors: StepNode[];
  /** For each enclosing parallel block, which of its branches this step is in. */
  branches: Map<StepNode, number>;
}

export function checkSemantics(raw: unknown): Problem[] {
  if (!isRecord(raw)) return [];
  const nodes = collectSteps(raw.steps, ['steps']);
  const byId = firstById(nodes);
  return [...triggerProblems(raw.triggers), ...duplicateIds(nodes, byId), ...nodes.flatMap((n) => stepProblems(n, byId))];
}

/** Every step, nested ones included, in document order. */
function collectSteps(list: unknown, path: YamlPath, parent?: StepNode, inParallel = false, out: StepNode[] = []): StepNode[] {
  if (!Array.isArray(list)) return out;
  list.forEach((raw: unknown, i) => {
    if (!isRecord(raw)) return;
    const node: StepNode = {
      raw,
      path: [...path, i],
      id: typeof raw.id === 'string' ? raw.id : undefined,
      order: out.length,
      ancestors: parent ? [...parent.ancestors, parent] : [],
      branches: new Map(parent?.branches),
    };
    if (parent && inParallel) node.branches.set(parent, i);
    out.push(node);
    collectSteps(raw.parallel, [...node.path, 'parallel'], node, true, out);
    collectSteps(raw.steps, [...node.path, 'steps'], node, false, out);
  });
  return out;
}

function firstById(nodes: StepNode[]): Map<string, StepNode> {
  const byId = new Map<string, StepNode>();
  for (const n of nodes) if (n.id !== undefined && !byId.has(n.id)) byId.set(n.id, n);
  return byId;
}

function duplicateIds(nodes: StepNode[], byId: Map<string, StepNode>): Problem[] {
  return nodes
    .filter((n) => n.id !== undefined && byId.get(n.id) !== n)
    .map((n) => ({ path: [...n.path, 'id'], message: `duplicate step id '${n.id}': ${formatPath(byId.get(n.id!)!.path)} already uses it` }));
}

function stepProblems(node: StepNode, byId: Map<string, StepNode>): Problem[] {
  return [...kindProblems(node), ...argumentProblems(node), ...expressionProblems(node, byId)];
}

function kindProblems({ raw, path }: StepNode): Problem[] {
  const present = KINDS.filter((k) => raw[k] !== undefined);
  const problems: Problem[] = [];
  if (present.length === 0) {
    // A field no step has, on a step without a kind, is most likely the kind the author meant.
    const unknown = Object.keys(raw).filter((k) => !STEP_FIELDS.has(k));
    for (const k of unknown) problems.push({ path: [...path, k], atKey: true, message: `unknown step kind '${k}': a step does one of ${KINDS.join(', ')}` });
    if (unknown.length === 0) problems.push({ path, message: `a step needs one of: ${KINDS.join(', ')}` });
  }
  for (const extra of present.slice(1)) {
    problems.push({ path: [...path, extra], atKey: true, message: `'${extra}' cannot be combined with '${present[0]}': a step does exactly one of ${KINDS.join(', ')}` });
  }
  if (raw.with !== undefined && raw.uses === undefined) problems.push({ path: [...path, 'with'], atKey: true, message: "'with' gives the arguments of 'uses' and needs it" });
  if (raw.as !== undefined && raw.forEach === undefined) problems.push({ path: [...path, 'as'], atKey: true, message: "'as' names the item of a 'forEach' and needs it" });
  return problems;
}

const containsTemplate = (v: unknown): boolean => JSON.stringify(v)?.includes('${{') ?? false;

/** Literal arguments are checked against the function's input now; `${{ }}` ones when the step runs. */
function argumentProblems({ raw, path }: StepNode): Problem[] {
  const fn = raw.uses;
  // An empty `with:` (null) is a shape error already; only a map or no `with` at all is checked here.
  const args = raw.with === undefined ? {} : raw.with;
  if (typeof fn !== 'string' || !Object.hasOwn(CATALOG, fn) || !isRecord(args)) return [];
  const { input } = CATALOG[fn as CatalogFunction];
  const result = input.safeParse(args);
  if (result.success) return [];
  const at = [...path, 'with'];
  return result.error.issues.flatMap((issue): Problem[] => {
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ path: [...at, k], atKey: true, message: `${fn} has no argument '${k}' (it takes ${Object.keys(input.shape).join(', ')})` }));
    }
    const field = issue.path[0];
    if (typeof field !== 'string') return [{ path: at, message: `${fn}: ${issue.message}` }];
    if (!(field in args)) return [{ path: [...at, field], message: `${fn} needs the argument '${field}'` }];
    if (containsTemplate(args[field])) return [];
    return [{ path: [...at, ...(issue.path as YamlPath)], message: `${fn}: ${issue.message}` }];
  });
}

interface Site {
  path: YamlPath;
  expr: string;
}

function expressionProblems(node: StepNode, byId: Map<string, StepNode>): Problem[] {
  const problems: Problem[] = [];
  const sites: Site[] = [];
  for (const field of EXPRESSION_FIELDS) wholeExpression(node.raw[field], [...node.path, field], sites, problems);
  for (const field of TEMPLATE_FIELDS) templates(node.raw[field], [...node.path, field], sites, problems);
  for (const site of sites) {
    const refs = parseSite(site, problems);
    for (const ref of refs) {
      const why = unavailable(ref, node, byId);
      if (why) problems.push({ path: site.path, message: `steps.${ref}: ${why}` });
    }
  }
  return problems;
}

function triggerProblems(triggers: unknown): Problem[] {
  if (!Array.isArray(triggers)) return [];
  const problems: Problem[] = [];
  triggers.forEach((t: unknown, i) => {
    if (!isRecord(t)) return;
    const sites: Site[] = [];
    wholeExpression(t.when, ['triggers', i, 'when'], sites, problems);
    for (const site of sites) {
      for (const ref of parseSite(site, problems)) {
        problems.push({ path: site.path, message: `steps.${ref}: a trigger sees only the alert; no step has run yet` });
      }
    }
  });
  return problems;
}

/** Parses one expression; returns the steps it reads, or records why it does not parse. */
function parseSite(site: Site, problems: Problem[]): string[] {
  if (readsAsOneExpression(site.expr)) {
    problems.push({ path: site.path, message: 'starts with ${{ and ends with }}, so it is read as one expression; put text before the first ${{ or after the last }}' });
    return [];
  }
  try {
    return stepReferences(compileExpression(site.expr).ast);
  } catch (err) {
    problems.push({ path: site.path, message: `invalid CEL expression '${site.expr}': ${(err as Error).message}` });
    return [];
  }
}

function wholeExpression(value: unknown, path: YamlPath, sites: Site[], problems: Problem[]): void {
  if (typeof value !== 'string') return;
  if (value.includes('${{') && !WHOLE_TEMPLATE.test(value)) {
    problems.push({ path, message: 'must be one CEL expression, written bare or as a single ${{ … }}' });
    return;
  }
  sites.push({ path, expr: unwrapExpression(value) });
}

function templates(value: unknown, path: YamlPath, sites: Site[], problems: Problem[]): void {
  if (typeof value === 'string') {
    const scan = scanTemplates(value);
    if (scan.unclosed) problems.push({ path, message: "has a '${{' without its closing '}}'" });
    for (const expr of scan.expressions) sites.push({ path, expr });
  } else if (Array.isArray(value)) {
    value.forEach((v: unknown, i) => templates(v, [...path, i], sites, problems));
  } else if (isRecord(value)) {
    for (const [k, v] of Object.entries(value)) templates(v, [...path, k], sites, problems);
  }
}

/** Why `steps.<ref>` has no value when `from` evaluates its expressions; undefined when it does. */
function unavailable(ref: string, from: StepNode, byId: Map<string, StepNode>): string | undefined {
  const target = byId.get(ref);
  if (!target) return `there is no step with id '${ref}'`;
  if (target === from) return 'a step cannot read its own output';
  if (target.ancestors.includes(from)) return `step '${ref}' is inside this step and has not run when this step's expressions are evaluated`;
  if (from.ancestors.includes(target)) return `step '${ref}' encloses this step and has not finished yet`;
  for (const [block, branch] of from.branches) {
    const other = target.branches.get(block);
    if (other !== undefined && other !== branch) return `step '${ref}' runs in parallel with this step`;
  }
  if (target.order > from.order) return `step '${ref}' is declared after this step and has not run yet`;
  return undefined;
}
