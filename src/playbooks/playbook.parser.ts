import { createHash } from 'node:crypto';
import { type Document, isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument } from 'yaml';
import type { z } from 'zod';
import { assertNever } from '../domain/assert-never.js';
import { type PlaybookDefinition, type PlaybookStep, type PlaybookTrigger, STEP_KIND_FIELDS, STEP_KINDS } from '../domain/playbook.js';
import { checkSemantics, formatPath, type Problem, type YamlPath } from './playbook.semantics.js';
import { playbookFileSchema, type StepInput } from './playbook.schema.js';
import { unwrapExpression } from './playbook.expressions.js';

export interface PlaybookError {
  file: string;
  /** 1-based, of the offending node. */
  line: number;
  column: number;
  /** e.g. `steps[2].with.device`; empty for the document itself. */
  path: string;
  message: string;
}

export interface ParseResult {
  definition?: PlaybookDefinition;
  errors: PlaybookError[];
}

/**
 * YAML text → validated `PlaybookDefinition`, or every error found, each with its line and column.
 * Three layers, all reported together: YAML syntax, the file's shape (zod), and the rules that
 * need the whole playbook (ids, references between steps, CEL, catalog arguments).
 */
export function parsePlaybook(yamlText: string, file: string): ParseResult {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  if (doc.errors.length > 0) {
    // A document with syntax errors has no reliable tree to check further.
    const errors = doc.errors.map((e) => ({ file, ...position(lineCounter, e.pos[0]), path: '', message: e.message }));
    return { errors };
  }
  let raw: unknown;
  try {
    raw = doc.toJS();
  } catch (err) {
    // yaml refuses to expand alias bombs: a hostile file is reported like any other bad one.
    return { errors: [{ file, line: 1, column: 1, path: '', message: (err as Error).message }] };
  }
  const shape = playbookFileSchema.safeParse(raw);
  const semantic = checkSemantics(raw);
  // A field the semantic checks name more precisely (an unknown step kind) is reported once, as that.
  const named = new Set(semantic.filter((p) => p.atKey).map((p) => formatPath(p.path)));
  const shapeOnly = shape.success ? [] : shapeProblems(shape.error.issues, raw).filter((p) => !(p.atKey && named.has(formatPath(p.path))));
  const problems = [...shapeOnly, ...semantic];
  if (problems.length > 0 || !shape.success) {
    const locate = locator(doc, lineCounter);
    const errors = problems.map((p) => ({ file, ...locate(p.path, p.atKey), path: formatPath(p.path), message: p.message }));
    return { errors: sortByPosition(errors) };
  }
  return { definition: toDefinition(shape.data, sha256(yamlText), file), errors: [] };
}

/** Where a field sits in a playbook's text (its value, or the nearest enclosing node if absent). */
export function positionOf(yamlText: string, path: YamlPath): { line: number; column: number } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(yamlText, { lineCounter, prettyErrors: false });
  return locator(doc, lineCounter)(path, false);
}

const sha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

function position(lineCounter: LineCounter, offset: number): { line: number; column: number } {
  const { line, col } = lineCounter.linePos(offset);
  return { line, column: col };
}

function sortByPosition(errors: PlaybookError[]): PlaybookError[] {
  return [...errors].sort((a, b) => a.line - b.line || a.column - b.column);
}

/** zod's type names, as a YAML author would say them. */
const EXPECTED: Record<string, string> = { object: 'a mapping', record: 'a mapping', array: 'a list', string: 'a string', number: 'a number', boolean: 'true or false' };

/** zod issues → problems with author-facing wording for the two common cases: absent and unknown fields. */
function shapeProblems(issues: z.core.$ZodIssue[], raw: unknown): Problem[] {
  return issues.flatMap((issue): Problem[] => {
    const path = issue.path as YamlPath;
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((key) => ({ path: [...path, key], message: `unknown field '${key}'`, atKey: true }));
    }
    if (path.length === 0 && issue.code === 'invalid_type') {
      return [{ path, message: 'a playbook is a YAML mapping with name, version, triggers and steps' }];
    }
    if (issue.code === 'invalid_type') {
      const { found, value } = lookup(raw, path);
      if (!found) return [{ path, message: `missing required field '${String(path[path.length - 1])}'` }];
      // `key:` with nothing after it reads as null, which zod would call "received null".
      if (value === null) return [{ path, message: `is empty: expected ${EXPECTED[issue.expected] ?? issue.expected}` }];
    }
    return [{ path, message: issue.message }];
  });
}

function lookup(raw: unknown, path: YamlPath): { found: boolean; value?: unknown } {
  let value = raw;
  for (const seg of path) {
    if (typeof value !== 'object' || value === null || !(seg in value)) return { found: false };
    value = (value as Record<string | number, unknown>)[seg];
  }
  return { found: true, value };
}

/** Maps a data path to the line and column of its node in the text. */
function locator(doc: Document, lineCounter: LineCounter) {
  return (path: YamlPath, atKey = false): { line: number; column: number } => {
    const node = nodeAt(doc, path, atKey);
    return position(lineCounter, node?.range?.[0] ?? 0);
  };
}

/** The node at `path`, or the deepest existing ancestor when the path leads nowhere (an absent field). */
function nodeAt(doc: Document, path: YamlPath, atKey: boolean): Node | undefined {
  let node = doc.contents as Node | null;
  let found: Node | undefined = node ?? undefined;
  for (const [i, seg] of path.entries()) {
    if (isAlias(node)) node = node.resolve(doc) ?? null;
    if (isMap(node)) {
      const pair = node.items.find((p) => (isScalar(p.key) ? p.key.value : p.key) === seg);
      if (!pair) break;
      const key = pair.key as Node;
      // An empty value (`with:`) has no node of its own: point at its key.
      node = atKey && i === path.length - 1 ? key : ((pair.value as Node | null) ?? key);
    } else if (isSeq(node) && typeof seg === 'number' && seg < node.items.length) {
      node = node.items[seg] as Node;
    } else {
      break;
    }
    found = node ?? found;
  }
  return found;
}

/** Drops absent optional fields so that definitions compare and serialise cleanly. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function toDefinition(parsed: z.output<typeof playbookFileSchema>, hash: string, file: string): PlaybookDefinition {
  return {
    name: parsed.name,
    version: parsed.version,
    description: parsed.description,
    priority: parsed.priority,
    fallback: parsed.fallback,
    triggers: parsed.triggers.map(toTrigger),
    steps: parsed.steps.map(toStep),
    hash,
    file,
  };
}

function toTrigger(t: z.output<typeof playbookFileSchema>['triggers'][number]): PlaybookTrigger {
  return compact({ ...t, when: t.when === undefined ? undefined : unwrapExpression(t.when) });
}

function toStep(s: StepInput): PlaybookStep {
  const common = compact({
    id: s.id,
    name: s.name,
    if: s.if === undefined ? undefined : unwrapExpression(s.if),
    forEach: s.forEach === undefined ? undefined : unwrapExpression(s.forEach),
    as: s.forEach === undefined ? undefined : (s.as ?? 'item'),
    timeout: s.timeout,
    retry: s.retry,
    continueOnError: s.continueOnError,
  });
  const kind = STEP_KINDS.find((k) => s[STEP_KIND_FIELDS[k]] !== undefined);
  switch (kind) {
    case 'uses':
      return { ...common, kind, uses: s.uses!, with: s.with ?? {} };
    case 'verdict':
      return { ...common, kind, verdict: s.verdict! };
    case 'remediate':
      return { ...common, kind, remediate: compact(s.remediate!) };
    case 'parallel':
      return { ...common, kind, parallel: s.parallel!.map(toStep) };
    case 'group':
      return { ...common, kind, steps: s.steps!.map(toStep) };
    case undefined:
      // The semantic checks report a step without a kind; reaching here is a bug, not a group.
      throw new Error(`step '${s.id}' has no kind`);
    default:
      return assertNever(kind, `unknown step kind '${String(kind)}'`);
  }
}
