import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { Logger } from 'pino';
import { DataSource, type EntityManager } from 'typeorm';
import { backtestWorkflowId, shadowWorkflowId } from '../../workflows/ids.js';
import { ActionStore } from '../actions/action.store.js';
import { auditedBy, recordAudit } from '../audit/audit.store.js';
import type { Principal } from '../auth/roles.js';
import { CatalogService } from '../catalog/catalog.service.js';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { settledByAutomation, settledVerdict } from '../domain/investigation.js';
import type { PlaybookDefinition } from '../domain/playbook.js';
import type { ScopeLimit } from '../domain/scope.js';
import { type AlertOutcome, diffOutcomes, type OutcomeDiff } from '../domain/playbook-version.js';
import { Problem } from '../http/problem.js';
import { LOGGER } from '../infra/logger.provider.js';
import { EvidenceStore } from '../investigations/evidence.store.js';
import { InvestigationStore } from '../investigations/investigation.store.js';
import { parsePlaybook } from './playbook.parser.js';
import { type MatchableAlert, PlaybookRegistry, triggerMatches } from './playbook.registry.js';
import { PlaybookSimulator } from './playbook.simulator.js';
import type { Simulation } from './playbook.dto.js';
import {
  type BacktestComparison,
  type BacktestRow,
  PlaybookVersionRepository,
  type PlaybookVersionRow,
  type PromotionEvidence,
  type ShadowResult,
} from './playbook-version.repository.js';

/** Alerts simulated per backtest activity: small enough that a retried page costs little. */
export const BACKTEST_PAGE = 25;
const MAX_BACKTEST_DAYS = 90;
const EXAMPLES_PER_TYPE = 3;

type StoredVersion = { id: string; name: string; hash: string; yaml: string };

/**
 * Playbook versions beside the files in `playbooks/`. A version promoted here is live: it stands in
 * for the file of the same name (in every process, read from the database for each alert) until it
 * is reverted, whatever the file says meanwhile. An investigation keeps the version of each
 * playbook it ran first for its later alerts. Shadow versions run beside the live one on live
 * alerts, without effects; backtests run a version over stored alerts. Both compare with what the
 * live playbook did.
 */
@Injectable()
export class PlaybookVersionsService {
  private readonly repo: PlaybookVersionRepository;
  private readonly store: InvestigationStore;
  private readonly simulator: PlaybookSimulator;
  /** Parsed stored versions by hash: the text of a hash never changes. */
  private readonly parsed = new Map<string, PlaybookDefinition>();
  /** File versions already kept in the database by this process. */
  private readonly kept = new Set<string>();
  private readonly texts = new Map<string, string>();

  constructor(
    private readonly db: DataSource,
    private readonly registry: PlaybookRegistry,
    catalog: CatalogService,
    private readonly client: Client,
    @Inject(QUELL_CONFIG) private readonly config: QuellConfig,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    this.repo = new PlaybookVersionRepository(db);
    this.store = new InvestigationStore(db);
    this.simulator = new PlaybookSimulator(db, catalog);
  }

  /** The live playbooks: the files, with promoted versions in place of theirs. */
  async live(): Promise<PlaybookDefinition[]> {
    const promoted = await this.promotedDefinitions();
    const byName = new Map(this.registry.list().map((p) => [p.name, p]));
    for (const p of promoted) byName.set(p.name, p);
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async liveOne(name: string): Promise<PlaybookDefinition | undefined> {
    return (await this.live()).find((p) => p.name === name);
  }

  /** The YAML a live playbook was parsed from: the file's text as loaded, or the stored version's. */
  sourceOf(p: PlaybookDefinition): string | undefined {
    return this.registry.source(p.hash) ?? this.texts.get(p.hash);
  }

  /** What gives the live playbooks that handle an alert: the live versions read once, then matched for each alert. */
  async matcher(): Promise<(alert: MatchableAlert) => PlaybookDefinition[]> {
    const promoted = await this.promotedDefinitions();
    return (alert) => this.registry.match(alert, promoted);
  }

  /**
   * The playbooks an investigation runs for its next alert: the live ones, except that a playbook the
   * investigation already ran keeps the version it ran. Every version that runs is kept in the
   * database, so a pin survives a change of the file; shadow versions that handle the alert start.
   */
  async planFor(investigationId: string, alert: MatchableAlert & { id?: unknown }): Promise<PlaybookDefinition[]> {
    const promoted = await this.promotedDefinitions();
    const current = new Map([...this.registry.list(), ...promoted].map((p) => [p.name, p.hash]));
    const pinned = [...(await this.store.pinnedHashes(investigationId))]
      .filter(([name, hash]) => current.has(name) && current.get(name) !== hash)
      .map(([name, hash]) => ({ name, hash }));
    const pins = (await this.repo.byHashes(pinned)).map((v) => this.definitionOf(v));
    const playbooks = this.registry.match(alert, [...promoted, ...pins]);
    await this.keepFileVersions(playbooks);
    if (typeof alert.id === 'string') await this.startShadows(alert.id, alert);
    return playbooks;
  }

  async register(name: string, yaml: string, who: Principal): Promise<{ version: PlaybookVersionRow; created: boolean }> {
    const { definition, errors } = parsePlaybook(yaml, 'request');
    if (!definition)
      throw Problem.validation(
        errors.map((e) => ({ path: `yaml:${e.line}:${e.column} ${e.path}`, message: e.message })),
        'The playbook is invalid.',
      );
    if (definition.name !== name)
      throw Problem.validation([{ path: 'yaml:name', message: `names the playbook '${definition.name}', not '${name}'` }]);
    return this.db.transaction(async (m) => {
      const { id, created } = await this.repo.register(m, { ...definition, yaml, origin: 'upload', createdBy: who.name });
      if (created)
        await recordAudit(m, {
          ...auditedBy(who),
          action: 'playbook.version_registered',
          target: { type: 'playbook', id: name },
          after: { versionId: id, version: definition.version, hash: definition.hash },
        });
      return { version: (await this.repo.find(m, id))!, created };
    });
  }

  async versions(name: string): Promise<{ name: string; live: { source: 'file' | 'promoted'; hash: string | null; versionId: string | null }; items: PlaybookVersionRow[] }> {
    const items = await this.repo.list(name);
    const promoted = items.find((v) => v.live);
    const file = this.registry.get(name);
    if (!promoted && !file && !items.length) throw Problem.notFound(`Playbook ${name}`);
    const live = promoted
      ? { source: 'promoted' as const, hash: promoted.hash, versionId: promoted.id }
      : { source: 'file' as const, hash: file?.hash ?? null, versionId: items.find((v) => v.hash === file?.hash)?.id ?? null };
    return { name, live, items };
  }

  async setShadow(name: string, versionId: string, shadow: boolean, who: Principal): Promise<PlaybookVersionRow> {
    return this.db.transaction(async (m) => {
      const v = await this.versionOf(m, name, versionId, true);
      if (shadow && v.live) throw Problem.conflict('This version is live: only a version beside the live one can run in shadow.');
      if (v.shadow !== shadow) {
        await this.repo.setShadow(m, v.id, shadow);
        await recordAudit(m, {
          ...auditedBy(who),
          action: 'playbook.shadow_changed',
          target: { type: 'playbook', id: name },
          before: { versionId: v.id, shadow: v.shadow },
          after: { versionId: v.id, shadow },
        });
      }
      return (await this.repo.find(m, v.id))!;
    });
  }

  /** Makes a version live on the evidence given: completed backtests and shadow runs of this very version. */
  async promote(name: string, versionId: string, evidence: PromotionEvidence, who: Principal): Promise<PlaybookVersionRow> {
    if (!evidence.backtestIds.length && !evidence.shadowAlertIds.length)
      throw Problem.validation([{ path: 'evidence', message: 'name at least one completed backtest or shadow run of this version' }]);
    for (const [i, id] of evidence.backtestIds.entries()) {
      const b = await this.repo.findBacktest(id);
      if (!b || b.versionId !== versionId)
        throw Problem.validation([{ path: `evidence.backtestIds[${i}]`, message: 'is not a backtest of this version' }]);
      if (b.status !== 'completed') throw Problem.validation([{ path: `evidence.backtestIds[${i}]`, message: `the backtest is ${b.status}` }]);
    }
    const found = new Set(await this.repo.shadowRunsExist(versionId, evidence.shadowAlertIds));
    const missing = evidence.shadowAlertIds.findIndex((a) => !found.has(a));
    if (missing >= 0) throw Problem.validation([{ path: `evidence.shadowAlertIds[${missing}]`, message: 'this version has no shadow run on that alert' }]);
    return this.db.transaction(async (m) => {
      const v = await this.versionOf(m, name, versionId, true);
      if (v.live) throw Problem.conflict('This version is already live.');
      const before = await this.repo.promote(m, { id: v.id, name, by: who.name, evidence });
      await recordAudit(m, {
        ...auditedBy(who),
        action: 'playbook.promoted',
        target: { type: 'playbook', id: name },
        before: before ? { versionId: before } : { source: 'file', hash: this.registry.get(name)?.hash ?? null },
        after: { versionId: v.id, version: v.version, hash: v.hash, evidence },
      });
      return (await this.repo.find(m, v.id))!;
    });
  }

  /** Back to the file in `playbooks/`. */
  async revert(name: string, who: Principal): Promise<{ name: string; source: 'file'; hash: string | null }> {
    return this.db.transaction(async (m) => {
      const was = await this.repo.revert(m, name);
      if (!was) throw Problem.conflict(`Playbook ${name} has no promoted version: its file is live.`);
      const hash = this.registry.get(name)?.hash ?? null;
      await recordAudit(m, {
        ...auditedBy(who),
        action: 'playbook.reverted',
        target: { type: 'playbook', id: name },
        before: { versionId: was },
        after: { source: 'file', hash },
      });
      return { name, source: 'file' as const, hash };
    });
  }

  /** One shadow run: the version on the alert with read-only look-ups and no effects, recorded. */
  async runShadow(versionId: string, alertId: string): Promise<{ status: ShadowResult['status']; verdicts: number; actions: number }> {
    const version = await this.repo.find(this.db, versionId);
    const view = await this.store.playbookView(this.db, alertId);
    if (!version || !view) throw new NotFoundError(`version ${versionId} or alert ${alertId} does not exist`);
    const result = await this.simulate(this.definitionOf(version), view);
    await this.repo.recordShadowRun(versionId, alertId, result);
    return { status: result.status, verdicts: Object.keys(result.outcome.verdicts).length, actions: result.outcome.actions.length };
  }

  /** Shadow runs, newest first, each beside what the live playbook did for the same alert (read now, so a late live run counts). */
  async shadowRuns(name: string, f: { versionId?: string; alertId?: string; limit: number; scope?: ScopeLimit }) {
    const runs = await this.repo.shadowRuns({ name, ...f });
    const items = [];
    for (const r of runs) {
      const live = await this.actualOutcome(r.alertId, name);
      const inv = await this.store.alertRunOf(r.alertId, name);
      items.push({
        versionId: r.versionId,
        hash: r.hash,
        alertId: r.alertId,
        alertType: r.alertType,
        alertTitle: r.alertTitle,
        ranAt: r.ranAt,
        status: r.result.status,
        error: r.result.error,
        shadow: { ...r.result.outcome, matched: r.result.matched },
        live: { ...live, ran: inv?.ran ?? false, state: inv?.state ?? null },
        diff: diffOutcomes(live, r.result.outcome),
      });
    }
    return { items };
  }

  async startBacktest(name: string, input: { versionId: string; from: string; to: string }, who: Principal): Promise<BacktestRow> {
    const from = Date.parse(input.from);
    const to = Date.parse(input.to);
    if (!(from < to)) throw Problem.validation([{ path: 'to', message: 'must be after from' }]);
    if (to > Date.now()) throw Problem.validation([{ path: 'to', message: 'must not be in the future: a backtest runs over stored alerts' }]);
    if (to - from > MAX_BACKTEST_DAYS * 86_400_000) throw Problem.validation([{ path: 'from', message: `the range is longer than ${MAX_BACKTEST_DAYS} days` }]);
    const id = randomUUID();
    await this.db.transaction(async (m) => {
      const v = await this.versionOf(m, name, input.versionId);
      const total = await this.repo.createBacktest(m, { id, versionId: v.id, from: input.from, to: input.to, createdBy: who.name });
      await recordAudit(m, {
        ...auditedBy(who),
        action: 'playbook.backtest_started',
        target: { type: 'playbook', id: name },
        after: { backtestId: id, versionId: v.id, from: input.from, to: input.to, total },
      });
    });
    await this.client.workflow.start('backtestWorkflow', {
      workflowId: backtestWorkflowId(id),
      taskQueue: this.config.temporal.taskQueue,
      args: [{ backtestId: id }],
    });
    return (await this.repo.findBacktest(id))!;
  }

  /** One page of a backtest: simulate, compare, record with the cursor. */
  async backtestPage(backtestId: string): Promise<{ more: boolean }> {
    const b = await this.repo.findBacktest(backtestId);
    if (!b) throw new NotFoundError(`backtest ${backtestId} does not exist`);
    if (b.status !== 'running') return { more: false };
    const version = await this.repo.find(this.db, b.versionId);
    const definition = this.definitionOf(version!);
    const page = await this.repo.backtestAlerts(b, BACKTEST_PAGE);
    const results: { alertId: string; alertType: string; comparison: BacktestComparison | null }[] = [];
    for (const a of page) results.push({ alertId: a.id, alertType: a.type, comparison: await this.compare(definition, a.id) });
    await this.repo.recordBacktestPage(backtestId, b.cursor, results, page.at(-1)?.cursor ?? b.cursor, page.length);
    return { more: page.length === BACKTEST_PAGE };
  }

  async finishBacktest(backtestId: string, status: 'completed' | 'failed', error?: string): Promise<void> {
    await this.repo.finishBacktest(backtestId, status, error);
  }

  /** Progress and, per alert type, what would have changed: counts and a few examples. */
  /** A backtest and its report; a scoped caller's report covers the alerts in its scope (progress counts them all). */
  async backtest(name: string, id: string, scope?: ScopeLimit) {
    const b = await this.repo.findBacktest(id);
    if (!b || b.name !== name) throw Problem.notFound(`Backtest ${id} of playbook ${name}`);
    const byType = new Map<string, TypeReport>();
    for (const r of await this.repo.backtestResults(id, scope)) {
      const t = byType.get(r.alertType) ?? emptyTypeReport(r.alertType);
      addToReport(t, r.alertId, r.comparison);
      byType.set(r.alertType, t);
    }
    const types = [...byType.values()];
    return {
      id: b.id,
      playbook: b.name,
      versionId: b.versionId,
      hash: b.hash,
      from: b.from,
      to: b.to,
      status: b.status,
      error: b.error,
      progress: { done: b.done, total: b.total },
      createdBy: b.createdBy,
      createdAt: b.createdAt,
      finishedAt: b.finishedAt,
      enrichment: 'read-only look-ups through the catalog, as they answer now' as const,
      report: {
        compared: types.reduce((n, t) => n + t.alerts, 0),
        changed: types.reduce((n, t) => n + t.changed, 0),
        byType: types,
      },
    };
  }

  /** What the version would do for a stored alert beside what the live playbook of that name did; null when neither concerns it. */
  private async compare(definition: PlaybookDefinition, alertId: string): Promise<BacktestComparison | null> {
    const view = await this.store.playbookView(this.db, alertId);
    const run = await this.store.alertRunOf(alertId, definition.name);
    if (!view || !run) return null;
    const matched = triggerMatchesAny(definition, view.alert);
    if (!matched && !run.ran) return null;
    const happened = { ...(await this.actualOutcome(alertId, definition.name)), ran: run.ran };
    const sim: ShadowResult = matched ? await this.simulate(definition, view) : { status: 'succeeded', matched: false, outcome: NOTHING };
    return {
      title: String(view.alert.title ?? ''),
      matched,
      status: sim.status,
      ...(sim.error ? { error: sim.error } : {}),
      happened,
      wouldHave: sim.outcome,
      diff: diffOutcomes(happened, sim.outcome),
    };
  }

  private async simulate(
    playbook: PlaybookDefinition,
    view: { alert: Record<string, unknown>; incident: Record<string, unknown> | null },
  ): Promise<ShadowResult> {
    const sim = await this.simulator.simulate({ playbook, alert: view.alert, incident: view.incident, useLab: true });
    return { status: sim.status, ...(sim.error ? { error: sim.error } : {}), matched: sim.triggers.matches, outcome: simulatedOutcome(sim) };
  }

  /** What the live playbook of this name did for the alert: the detector's and its own verdicts, its proposals, the investigation's end. */
  private async actualOutcome(alertId: string, playbook: string): Promise<AlertOutcome> {
    const evidence = await new EvidenceStore(this.db).reasonsForAlert(alertId);
    const verdicts: AlertOutcome['verdicts'] = {};
    for (const e of evidence) {
      const reasons = e.reasons.filter((r) => r.alertId === alertId && (('detector' in r && r.detector) || ('playbook' in r && r.playbook === playbook)));
      if (reasons.length) verdicts[e.key] = settledVerdict(reasons);
    }
    const proposed = await new ActionStore(this.db).proposedFor(alertId, playbook);
    const run = await this.store.alertRunOf(alertId, playbook);
    const state = run?.state ?? null;
    return {
      verdicts,
      actions: [...new Set(proposed.map((a) => `${a.type} ${a.targetKey}`))].sort(),
      autoResolved: (state === 'remediated' || state === 'no_threats_found') && proposed.every((a) => a.policyMode === 'automatic'),
    };
  }

  private async startShadows(alertId: string, alert: MatchableAlert): Promise<void> {
    for (const v of await this.repo.shadows()) {
      const definition = this.definitionOf(v);
      if (!triggerMatchesAny(definition, alert)) continue;
      try {
        await this.client.workflow.start('shadowWorkflow', {
          workflowId: shadowWorkflowId(v.id, alertId),
          taskQueue: this.config.temporal.taskQueue,
          args: [{ alertId, versionId: v.id }],
        });
      } catch (err) {
        // A retried plan finds its shadow runs started; any other failure must not hold up the live investigation.
        if (!(err instanceof WorkflowExecutionAlreadyStartedError))
          this.log.warn({ err, alertId, versionId: v.id }, 'shadow run not started');
      }
    }
  }

  private async keepFileVersions(playbooks: PlaybookDefinition[]): Promise<void> {
    for (const p of playbooks) {
      if (this.kept.has(p.hash) || this.parsed.has(p.hash)) continue;
      const yaml = this.registry.source(p.hash);
      if (yaml === undefined) continue;
      await this.repo.register(this.db, { ...p, yaml, origin: 'file', createdBy: 'system' });
      this.kept.add(p.hash);
    }
  }

  private async promotedDefinitions(): Promise<PlaybookDefinition[]> {
    return (await this.repo.promoted()).map((v) => this.definitionOf(v));
  }

  private definitionOf(v: StoredVersion): PlaybookDefinition {
    let d = this.parsed.get(v.hash);
    if (!d) {
      const { definition, errors } = parsePlaybook(v.yaml, `playbook_versions/${v.id}`);
      // Stored versions were validated when they were registered; one the current validator refuses is a defect to surface.
      if (!definition) throw new Error(`stored playbook version ${v.id} no longer validates: ${errors[0]?.message}`);
      d = definition;
      this.parsed.set(v.hash, d);
      this.texts.set(v.hash, v.yaml);
    }
    return d;
  }

  private async versionOf(m: DataSource | EntityManager, name: string, id: string, lock = false): Promise<PlaybookVersionRow> {
    const v = await this.repo.find(m, id, lock);
    if (!v || v.name !== name) throw Problem.notFound(`Version ${id} of playbook ${name}`);
    return v;
  }
}

export class NotFoundError extends Error {
  override name = 'NotFoundError';
}

const NOTHING: AlertOutcome = { verdicts: {}, actions: [], autoResolved: false };

function triggerMatchesAny(p: PlaybookDefinition, alert: MatchableAlert): boolean {
  return p.triggers.some((t) => {
    try {
      return triggerMatches(t, alert);
    } catch {
      return false;
    }
  });
}

/** A dry run's outcome: it auto-resolves when it ends settled and every action it proposes would run without approval. */
export function simulatedOutcome(sim: Simulation): AlertOutcome {
  return {
    verdicts: Object.fromEntries(sim.verdicts.map((v) => [v.key, v.verdict])),
    actions: [...new Set(sim.actions.map((a) => `${a.action} ${a.targetKey}`))].sort(),
    autoResolved: sim.status === 'succeeded' && settledByAutomation(sim.outcome.ifActionsSucceed) && sim.actions.every((a) => a.wouldRun === 'immediately'),
  };
}

interface TypeReport {
  alertType: string;
  alerts: number;
  changed: number;
  failed: number;
  noLongerHandled: number;
  newlyHandled: number;
  verdictChanges: number;
  actionsAdded: number;
  actionsRemoved: number;
  autoResolved: { before: number; after: number };
  examples: { alertId: string; title: string; diff: OutcomeDiff }[];
}

function emptyTypeReport(alertType: string): TypeReport {
  return {
    alertType,
    alerts: 0,
    changed: 0,
    failed: 0,
    noLongerHandled: 0,
    newlyHandled: 0,
    verdictChanges: 0,
    actionsAdded: 0,
    actionsRemoved: 0,
    autoResolved: { before: 0, after: 0 },
    examples: [],
  };
}

function addToReport(t: TypeReport, alertId: string, c: BacktestComparison): void {
  t.alerts++;
  if (c.status === 'failed') t.failed++;
  if (c.happened.ran && !c.matched) t.noLongerHandled++;
  if (!c.happened.ran && c.matched) t.newlyHandled++;
  t.verdictChanges += c.diff.verdicts.length;
  t.actionsAdded += c.diff.actionsAdded.length;
  t.actionsRemoved += c.diff.actionsRemoved.length;
  if (c.diff.autoResolved.before) t.autoResolved.before++;
  if (c.diff.autoResolved.after) t.autoResolved.after++;
  if (c.diff.changed) {
    t.changed++;
    if (t.examples.length < EXAMPLES_PER_TYPE) t.examples.push({ alertId, title: c.title, diff: c.diff });
  }
}
