import { type ASTNode, parse } from '@marcbachmann/cel-js';
import { TEMPLATE } from '../domain/playbook.js';
import { WHOLE_TEMPLATE } from './playbook.schema.js';

export type CompiledExpression = ReturnType<typeof parse>;

/** Parses CEL; throws the library's ParseError with a one-line message. */
export function compileExpression(expr: string): CompiledExpression {
  try {
    return parse(expr);
  } catch (err) {
    // cel-js appends a multi-line caret diagram: keep the first line, the position says the rest.
    const first = (err as Error).message.split('\n')[0];
    const at = (err as { range?: { start: number } }).range?.start;
    throw new Error(at === undefined ? first : `${first} (at character ${at + 1})`);
  }
}

/**
 * Expression fields (`if`, `forEach`, `when`) hold plain CEL; authors may also wrap them in
 * `${{ … }}` like template fields, so the wrapper is accepted and removed.
 */
export function unwrapExpression(text: string): string {
  return WHOLE_TEMPLATE.exec(text)?.[1] ?? text;
}

export interface TemplateScan {
  expressions: string[];
  /** True when a `${{` has no closing `}}`: the text would be taken literally at run time. */
  unclosed: boolean;
}

/**
 * The expressions of a template string, read the way the interpreter reads them: a string that
 * starts with `${{` and ends with `}}` is one expression, anything else is text with embedded ones.
 */
export function scanTemplates(text: string): TemplateScan {
  if (WHOLE_TEMPLATE.test(text)) return { expressions: [unwrapExpression(text)], unclosed: false };
  const expressions = [...text.matchAll(TEMPLATE)].map((m) => m[1]);
  return { expressions, unclosed: text.replace(TEMPLATE, '').includes('${{') };
}

/**
 * `${{ a }} and ${{ b }}` starts and ends like one expression, so it is read as the single
 * expression `a }} and ${{ b`: worth its own message rather than a CEL syntax error.
 */
export function readsAsOneExpression(expr: string): boolean {
  return expr.includes('}}') && expr.includes('${{');
}

const isNode = (v: unknown): v is ASTNode => typeof v === 'object' && v !== null && 'op' in v && 'args' in v;

/** Step ids an expression reads as `steps.<id>` or `steps['<id>']`. */
export function stepReferences(ast: ASTNode): string[] {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(visit);
    if (!isNode(v) || v.op === 'value') return;
    const ref = referencedStep(v);
    if (ref !== undefined) found.add(ref);
    visit(v.args);
  };
  visit(ast);
  return [...found];
}

function referencedStep(node: ASTNode): string | undefined {
  if (node.op !== '.' && node.op !== '[]') return undefined;
  const [target, member] = node.args;
  if (target.op !== 'id' || target.args !== 'steps') return undefined;
  if (typeof member === 'string') return member;
  return member.op === 'value' && typeof member.args === 'string' ? member.args : undefined;
}
