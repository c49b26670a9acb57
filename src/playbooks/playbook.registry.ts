import { readdirSync, readFileSync } from 'node:fs';
import { isAbsolute, join, relative } from 'node:path';
import type { Logger } from 'pino';
import { canonicalTactic, SEVERITIES, type Severity, severityRank } from '../domain/alert.js';
import type { PlaybookDefinition, PlaybookTrigger } from '../domain/playbook.js';
import { projectRoot } from '../infra/paths.js';
import { rootLogger } from '../infra/logger.js';
import { compileExpression } from './playbook.expressions.js';
import { type PlaybookError, parsePlaybook, positionOf } from './playbook.parser.js';

export const DEFAULT_PLAYBOOK_DIR = join(projectRoot, 'playbooks');

/**
 * What a trigger sees: a native alert (src/domain/alert.ts) plus its optional `id`. Typed loosely
 * because alerts also arrive as database rows; every field is read defensively.
 */
export type MatchableAlert = Readonly<Record<string, unknown>>;

export interface LoadReport {
  /** Names of the playbooks now active. */
  loaded: string[];
  skipped: { file: string; errors: PlaybookError[] }[];
}

type AlertTest = (alert: MatchableAlert) => boolean;

const PLAYBOOK_FILE = /\.ya?ml$/i;

/**
 * The playbooks in one directory, validated. A bad file never stops the others: it is reported
 * and left out, so one typo cannot take every investigation down.
 */
export class PlaybookRegistry {
  private byName = new Map<string, PlaybookDefinition>();
  private problems: PlaybookError[] = [];
  /** Compiled triggers by playbook hash: a reload recompiles only what changed. */
  private compiled = new Map<string, AlertTest[]>();
  private texts = new Map<string, string>();
  private loadedTexts = new Map<string, string>();
  private loadedOnce = false;

  constructor(
    private readonly dir: string = DEFAULT_PLAYBOOK_DIR,
    private readonly log: Logger = rootLogger,
  ) {}

  load(): LoadReport {
    const report: LoadReport = { loaded: [], skipped: [] };
    const next = new Map<string, PlaybookDefinition>();
    this.loadedTexts = new Map();
    for (const path of this.playbookFiles(report)) {
      const definition = this.loadFile(path, next, report);
      if (definition) next.set(definition.name, definition);
    }
    report.loaded = [...next.keys()];
    this.install(next, report);
    this.log.info({ dir: this.dir, loaded: report.loaded, skipped: report.skipped.map((s) => s.file) }, 'playbooks loaded');
    return report;
  }

  /** Re-reads the directory; runs already started keep the version (hash) they pinned. */
  reload(): LoadReport {
    const before = new Map([...this.byName].map(([name, p]) => [name, p.hash]));
    const report = this.load();
    const changed = report.loaded.filter((name) => before.get(name) !== this.byName.get(name)?.hash);
    this.log.info({ changed, removed: [...before.keys()].filter((n) => !this.byName.has(n)) }, 'playbooks reloaded');
    return report;
  }

  list(): PlaybookDefinition[] {
    this.ensureLoaded();
    return [...this.byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  get(name: string): PlaybookDefinition | undefined {
    this.ensureLoaded();
    return this.byName.get(name);
  }

  errors(): PlaybookError[] {
    this.ensureLoaded();
    return [...this.problems];
  }

  /**
   * The playbooks with a trigger that matches, in run order: priority ascending, then name. Fallback
   * playbooks run only when no other playbook matches.
   */
  match(alert: MatchableAlert, overlay: readonly PlaybookDefinition[] = []): PlaybookDefinition[] {
    this.ensureLoaded();
    // A promoted or pinned version stands in for the file of the same name.
    const effective = new Map(this.byName);
    for (const p of overlay) effective.set(p.name, p);
    const matched = [...effective.values()]
      .filter((p) => this.triggersOf(p).some((test) => test(alert)))
      .sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
    const specific = matched.filter((p) => !p.fallback);
    return specific.length ? specific : matched;
  }

  /** The YAML text a loaded playbook was parsed from, by its hash. */
  source(hash: string): string | undefined {
    this.ensureLoaded();
    return this.texts.get(hash);
  }

  private triggersOf(p: PlaybookDefinition): AlertTest[] {
    let tests = this.compiled.get(p.hash);
    if (!tests) {
      tests = p.triggers.map(compileTrigger);
      this.compiled.set(p.hash, tests);
    }
    return tests;
  }

  /** Callers that never called load() still get the playbooks rather than silently none. */
  private ensureLoaded(): void {
    if (!this.loadedOnce) this.load();
  }

  private playbookFiles(report: LoadReport): string[] {
    try {
      return readdirSync(this.dir)
        .filter((f) => PLAYBOOK_FILE.test(f))
        .sort()
        .map((f) => join(this.dir, f));
    } catch (err) {
      report.skipped.push({ file: this.displayName(this.dir), errors: [this.fileError(this.dir, `cannot read the playbook directory: ${(err as Error).message}`)] });
      return [];
    }
  }

  private loadFile(path: string, accepted: Map<string, PlaybookDefinition>, report: LoadReport): PlaybookDefinition | undefined {
    const file = this.displayName(path);
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch (err) {
      report.skipped.push({ file, errors: [this.fileError(path, `cannot read the file: ${(err as Error).message}`)] });
      return undefined;
    }
    const { definition, errors } = parsePlaybook(text, file);
    const duplicateOf = definition && accepted.get(definition.name);
    if (duplicateOf) {
      const at = positionOf(text, ['name']);
      errors.push({ file, ...at, path: 'name', message: `duplicate playbook name '${definition.name}': ${duplicateOf.file} already defines it` });
    }
    if (errors.length > 0) {
      report.skipped.push({ file, errors });
      this.log.warn({ file, errors }, 'playbook skipped');
      return undefined;
    }
    this.loadedTexts.set(definition!.hash, text);
    return definition;
  }

  private install(next: Map<string, PlaybookDefinition>, report: LoadReport): void {
    const compiled = new Map<string, AlertTest[]>();
    for (const p of next.values()) compiled.set(p.hash, this.compiled.get(p.hash) ?? p.triggers.map(compileTrigger));
    this.byName = next;
    this.compiled = compiled;
    this.texts = this.loadedTexts;
    this.problems = report.skipped.flatMap((s) => s.errors);
    this.loadedOnce = true;
  }

  private fileError(path: string, message: string): PlaybookError {
    return { file: this.displayName(path), line: 1, column: 1, path: '', message };
  }

  /** Paths relative to the project when inside it, as the definitions' `file` promises. */
  private displayName(path: string): string {
    const rel = relative(projectRoot, path);
    return rel.startsWith('..') || isAbsolute(rel) ? path : rel;
  }
}

/** Whether one trigger matches an alert: every field the trigger sets must match. */
export function triggerMatches(trigger: PlaybookTrigger, alert: MatchableAlert): boolean {
  return compileTrigger(trigger)(alert);
}

function compileTrigger(trigger: PlaybookTrigger): AlertTest {
  const tests: AlertTest[] = [];
  if (trigger.source) tests.push(oneOf(trigger.source, (a) => a.source));
  if (trigger.type) tests.push(oneOf(trigger.type, (a) => a.type));
  // Tactics are compared canonically so `Credential access` matches `CredentialAccess`.
  if (trigger.category) tests.push(oneOf(trigger.category.map(canonicalTactic), (a) => (typeof a.category === 'string' ? canonicalTactic(a.category) : undefined)));
  if (trigger.severityAtLeast) tests.push(severityAtLeast(trigger.severityAtLeast));
  if (trigger.titleMatches) tests.push(titleMatches(trigger.titleMatches));
  if (trigger.when) tests.push(celWhen(trigger.when));
  return (alert) => tests.every((test) => test(alert));
}

function oneOf(values: string[], field: (a: MatchableAlert) => unknown): AlertTest {
  const wanted = new Set(values.map((v) => v.toLowerCase()));
  return (alert) => {
    const value = field(alert);
    return typeof value === 'string' && wanted.has(value.toLowerCase());
  };
}

function severityAtLeast(min: Severity): AlertTest {
  const floor = severityRank(min);
  return (alert) => {
    const s = typeof alert.severity === 'string' ? alert.severity.toLowerCase() : '';
    return (SEVERITIES as readonly string[]).includes(s) && severityRank(s as Severity) >= floor;
  };
}

function titleMatches(pattern: string): AlertTest {
  const re = new RegExp(pattern, 'i');
  return (alert) => typeof alert.title === 'string' && re.test(alert.title);
}

/** A `when` that cannot be evaluated for this alert (a missing field, a type error) does not match. */
function celWhen(expr: string): AlertTest {
  const fn = compileExpression(expr);
  return (alert) => {
    try {
      return fn({ alert }) === true;
    } catch {
      return false;
    }
  };
}
