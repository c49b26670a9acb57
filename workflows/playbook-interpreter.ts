import { parse } from '@marcbachmann/cel-js';
import { assertNever } from '../src/domain/assert-never.js';
import { type PlaybookDefinition, type PlaybookStep, type RetrySpec, TEMPLATE } from '../src/domain/playbook.js';
import type { PlaybookRunResult, StepRecord, StepRef, StepStatus } from '../src/domain/playbook-run.js';

/**
 * The playbook interpreter: one recursive `execute` over the step union. It is pure — everything
 * with an effect goes through the `PlaybookRuntime` — so the investigation workflow runs it with
 * activities and the simulator runs it as a dry run with the very same semantics.
 */
export interface PlaybookRuntime {
  /** Calls an enrichment function; returns its output and how many attempts it took. */
  call(
    step: StepRef,
    fn: string,
    args: Record<string, unknown>,
    opts: { timeout?: string; retry?: RetrySpec },
  ): Promise<{ output: unknown; attempts: number }>;
  verdict(step: StepRef, entity: unknown, verdict: string, reason: string): Promise<unknown>;
  /** `containment`: a playbook's `for:` (e.g. `4h`), validated at load. */
  remediate(
    step: StepRef,
    action: string,
    target: unknown,
    reason: string,
    params: Record<string, unknown>,
    containment?: string,
  ): Promise<unknown>;
  now(): number;
}

export class ExpressionError extends Error {
  override name = 'ExpressionError';
}

const compiled = new Map<string, ReturnType<typeof parse>>();

/** CEL yields BigInt for integers: make every value plain JSON so it can cross into history. */
export function toPlain(v: unknown): unknown {
  if (typeof v === 'bigint') return Number(v);
  if (Array.isArray(v)) return v.map(toPlain);
  if (v instanceof Map) return Object.fromEntries([...v].map(([k, x]) => [String(k), toPlain(x)]));
  if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, toPlain(x)]));
  return v;
}

export function evaluate(expr: string, vars: Record<string, unknown>): unknown {
  let fn = compiled.get(expr);
  if (!fn) {
    fn = parse(expr);
    compiled.set(expr, fn);
  }
  try {
    return toPlain(fn(vars));
  } catch (err) {
    throw new ExpressionError(`${expr}: ${(err as Error).message.split('\n')[0]}`);
  }
}

/** Exactly one `${{ … }}` and nothing else (no second template inside). */
const WHOLE = /^\s*\$\{\{((?:(?!\}\}|\$\{\{)[\s\S])+)\}\}\s*$/;

/** Resolves `${{ }}` in a value: a whole-string expression keeps its type, embedded ones become text. */
export function render(value: unknown, vars: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = WHOLE.exec(value);
    if (whole) return evaluate(whole[1].trim(), vars);
    return value.replace(TEMPLATE, (_, expr: string) => {
      const v = evaluate(expr, vars);
      return typeof v === 'string' ? v : JSON.stringify(v);
    });
  }
  if (Array.isArray(value)) return value.map((v) => render(v, vars));
  if (value && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, render(v, vars)]));
  return value;
}

interface Scope {
  vars: Record<string, unknown>;
  /** `steps.<id>` as expressions see it. */
  steps: Record<string, { output?: unknown; status: StepStatus }>;
  records: StepRecord[];
  playbook: PlaybookDefinition;
  runtime: PlaybookRuntime;
}

const varsOf = (scope: Scope) => ({ ...scope.vars, steps: scope.steps });

async function runOne(step: PlaybookStep, scope: Scope, path: string): Promise<void> {
  const ref: StepRef = { playbook: scope.playbook.name, stepId: step.id, path };
  const startedAt = scope.runtime.now();
  const record: StepRecord = { path, stepId: step.id, kind: step.kind, status: 'running', startedAt, endedAt: startedAt, attempts: 0 };
  scope.records.push(record);
  const finish = (status: StepStatus, extra: Partial<StepRecord> = {}) => {
    Object.assign(record, { status, endedAt: scope.runtime.now() }, extra);
    scope.steps[step.id] = { output: record.output, status };
  };
  try {
    if (step.if !== undefined) {
      const cond = evaluate(step.if, varsOf(scope));
      record.values = { if: cond };
      if (cond !== true) return finish('skipped', { reason: `if: ${step.if} was ${JSON.stringify(cond)}` });
    }
    switch (step.kind) {
      case 'uses': {
        const args = render(step.with, varsOf(scope)) as Record<string, unknown>;
        record.values = { ...record.values, with: args };
        const { output, attempts } = await scope.runtime.call(ref, step.uses, args, { timeout: step.timeout, retry: step.retry });
        return finish('succeeded', { output, attempts });
      }
      case 'verdict': {
        const v = render(step.verdict, varsOf(scope)) as { entity: unknown; verdict: string; reason: string };
        record.values = { ...record.values, ...v };
        const output = await scope.runtime.verdict(ref, v.entity, v.verdict, v.reason);
        return finish('succeeded', { output, attempts: 1 });
      }
      case 'remediate': {
        const r = render(step.remediate, varsOf(scope)) as {
          action: string;
          target: unknown;
          reason: string;
          params?: Record<string, unknown>;
          for?: string;
        };
        record.values = { ...record.values, ...r };
        const output = await scope.runtime.remediate(ref, r.action, r.target, r.reason, r.params ?? {}, r.for);
        return finish('succeeded', { output, attempts: 1 });
      }
      case 'parallel': {
        const results = await Promise.allSettled(step.parallel.map((child) => execute(child, scope, `${path}.${child.id}`)));
        const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
        if (failed) throw failed.reason;
        return finish('succeeded');
      }
      case 'group': {
        for (const child of step.steps) await execute(child, scope, `${path}.${child.id}`);
        return finish('succeeded');
      }
      default:
        return assertNever(step, `unknown step kind '${(step as { kind: unknown }).kind}'`);
    }
  } catch (err) {
    finish('failed', { error: (err as Error).message });
    if (!step.continueOnError) throw err;
  }
}

/** Runs a step, once or per item of its `forEach`. */
export async function execute(step: PlaybookStep, scope: Scope, path = step.id): Promise<void> {
  if (step.forEach === undefined) return runOne(step, scope, path);
  let items: unknown;
  try {
    items = evaluate(step.forEach, varsOf(scope));
    if (!Array.isArray(items)) throw new ExpressionError(`forEach: ${step.forEach} is not a list`);
  } catch (err) {
    const at = scope.runtime.now();
    scope.records.push({
      path,
      stepId: step.id,
      kind: step.kind,
      status: 'failed',
      startedAt: at,
      endedAt: at,
      attempts: 0,
      error: (err as Error).message,
    });
    scope.steps[step.id] = { status: 'failed' };
    if (step.continueOnError) return;
    throw err;
  }
  if (items.length === 0) {
    const at = scope.runtime.now();
    scope.records.push({
      path,
      stepId: step.id,
      kind: step.kind,
      status: 'skipped',
      startedAt: at,
      endedAt: at,
      attempts: 0,
      reason: 'forEach: no items',
    });
    scope.steps[step.id] = { status: 'skipped' };
    return;
  }
  const name = step.as ?? 'item';
  for (let i = 0; i < items.length; i++) {
    const inner: Scope = { ...scope, vars: { ...scope.vars, [name]: items[i] } };
    await runOne(step, inner, `${path}[${i}]`);
  }
}

/** Runs one playbook against one alert; a failing step ends the run unless it continues on error. */
export async function runPlaybook(
  playbook: PlaybookDefinition,
  vars: { alert: unknown; incident: unknown },
  runtime: PlaybookRuntime,
): Promise<PlaybookRunResult> {
  const scope: Scope = { vars: { ...vars }, steps: {}, records: [], playbook, runtime };
  const base = { playbook: playbook.name, version: playbook.version, hash: playbook.hash };
  try {
    for (const step of playbook.steps) await execute(step, scope);
    return { ...base, status: 'succeeded', steps: scope.records };
  } catch (err) {
    return { ...base, status: 'failed', error: (err as Error).message, steps: scope.records };
  }
}
