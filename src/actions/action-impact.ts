import type { DataSource } from 'typeorm';
import { AlertsRepository } from '../alerts/alerts.repository.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import { entityKey, entityKeys } from '../correlation/keys.js';
import { ACTIONS, type ActionStatus, type Verdict } from '../domain/actions.js';
import type { Entity } from '../domain/alert.js';
import type { CatalogFunction } from '../domain/catalog.js';
import { COLLATERAL, deviceRole, isPrivileged, reversalOf, type TargetSurroundings } from '../domain/impact.js';
import { finalInvestigationState, settledByAutomation } from '../domain/investigation.js';
import type { PlaybookStep } from '../domain/playbook.js';
import type { StepRecord } from '../domain/playbook-run.js';
import { IncidentWriter } from '../incidents/incident.writer.js';
import { EvidenceStore } from '../investigations/evidence.store.js';
import { InvestigationStore } from '../investigations/investigation.store.js';
import type { PlaybookRegistry } from '../playbooks/playbook.registry.js';
import { PlaybookSimulator } from '../playbooks/playbook.simulator.js';
import type { ActionImpact } from './action-impact.dto.js';
import { ActionImpactStore } from './action-impact.store.js';
import { type ActionRow, ActionStore } from './action.store.js';

/** How far back stored alerts count as knowledge about a target, and how many are read. */
const ALERT_DAYS = 30;
const ALERTS_READ = 200;
const LIST_CAP = 50;

type Prediction = NonNullable<ActionImpact['prediction']>;
type Lookup = ActionImpact['target']['lookups'][number];

/** The name people know an entity by. */
export function entityLabel(e: Entity): string {
  const fields = e as Record<string, unknown>;
  for (const f of ['hostname', 'upn', 'address', 'url', 'sha256', 'name', 'subject', 'accountName', 'deviceId', 'key', 'appId']) {
    if (typeof fields[f] === 'string' && fields[f]) return fields[f] as string;
  }
  return entityKey(e);
}

const lower = (s: string) => s.trim().toLowerCase();
const capped = (names: Iterable<string>) => [...new Set([...names].filter(Boolean).map(lower))].sort().slice(0, LIST_CAP);

/**
 * Works out what approving an action would do: the evidence that led to it, facts about its target
 * (connector look-ups and stored alerts), what else it contains, how it is undone, and — by a dry
 * run of the playbook that proposed it, through the simulator — what follows an approval or a
 * rejection. Reads only; the snapshot taken at proposal goes through the impact store.
 */
export class ActionImpactAnalyst {
  private readonly simulator: PlaybookSimulator;
  private readonly investigations: InvestigationStore;
  private readonly evidence: EvidenceStore;
  private readonly alerts: AlertsRepository;
  private readonly incidents: IncidentWriter;
  private readonly actions: ActionStore;
  readonly snapshots: ActionImpactStore;

  constructor(
    private readonly db: DataSource,
    private readonly catalog: CatalogService,
    private readonly playbooks: PlaybookRegistry,
  ) {
    this.simulator = new PlaybookSimulator(db, catalog);
    this.investigations = new InvestigationStore(db);
    this.evidence = new EvidenceStore(db);
    this.alerts = new AlertsRepository(db);
    this.incidents = new IncidentWriter(db);
    this.actions = new ActionStore(db);
    this.snapshots = new ActionImpactStore(db);
  }

  /** Computes the impact and keeps it as the proposal-time snapshot; a retried proposal finds it taken and leaves it (false). */
  async snapshot(actionId: string): Promise<boolean> {
    const a = await this.actions.get(actionId);
    if (!a || a.status !== 'pending' || (await this.snapshots.atProposal(actionId))) return false;
    return this.snapshots.saveAtProposal(actionId, await this.compute(a));
  }

  async compute(a: ActionRow): Promise<ActionImpact> {
    const playbookName = typeof a.proposedBy.playbook === 'string' ? a.proposedBy.playbook : null;
    const stepPath = typeof a.proposedBy.step === 'string' ? a.proposedBy.step : null;
    const view = a.alertId ? await this.investigations.playbookView(this.db, a.alertId) : undefined;
    const recorded =
      a.investigationId && a.alertId && playbookName
        ? await this.investigations.runOf(a.investigationId, a.alertId, playbookName)
        : undefined;
    const [target, prediction, verdict] = await Promise.all([
      this.target(a),
      this.predict(a, view, recorded?.steps, playbookName, stepPath),
      this.verdictOf(a),
    ]);
    const factSteps = recorded?.steps ?? prediction?.steps;
    const alert = view?.alert as { id: string; title: string; severity: string; source: string; firstActivityAt: string } | undefined;
    return {
      computedAt: new Date().toISOString(),
      evidence: {
        source: a.source,
        requestedBy: a.requestedBy,
        reason: a.reason,
        alert: alert
          ? { id: alert.id, title: alert.title, severity: alert.severity, source: alert.source, firstActivityAt: alert.firstActivityAt }
          : null,
        playbook:
          playbookName && stepPath
            ? {
                name: playbookName,
                version: this.playbooks.get(playbookName)?.version ?? null,
                hash: recorded?.hash ?? prediction?.hash ?? null,
                step: stepPath,
              }
            : null,
        verdict,
        facts: factsBefore(factSteps ?? [], stepPath, usesOf(playbookName ? this.playbooks.get(playbookName)?.steps : undefined)),
        factsFrom: recorded ? 'recorded_run' : prediction ? 'simulation' : 'none',
      },
      target: target.facts,
      collateral: COLLATERAL[a.type](target.surroundings),
      reversal: reversalOf(a, a.containmentSeconds, this.catalog.actionsOf(a.connector)),
      prediction: prediction?.prediction ?? null,
    };
  }

  private async verdictOf(a: ActionRow): Promise<ActionImpact['evidence']['verdict']> {
    if (!a.investigationId) return a.verdict ? { verdict: a.verdict as Verdict, reasons: [] } : null;
    const row = (await this.evidence.list(a.investigationId)).find((e) => e.key === a.targetKey);
    if (!row) return a.verdict ? { verdict: a.verdict as Verdict, reasons: [] } : null;
    return {
      verdict: row.verdict,
      reasons: row.reasons.map((r) => ({
        reason: r.reason,
        verdict: r.verdict,
        ...('playbook' in r ? { playbook: r.playbook, step: r.step } : { detector: r.detector }),
      })),
    };
  }

  private async lookup(
    fn: CatalogFunction,
    args: Record<string, unknown>,
    lookups: Lookup[],
  ): Promise<Record<string, unknown> | undefined> {
    const source = this.catalog.routeOf(fn);
    try {
      const out = (await this.catalog.run(fn, args)) as Record<string, unknown>;
      if (out.available === false) {
        lookups.push({ fn, source, available: false, detail: String(out.reason ?? 'unavailable') });
        return undefined;
      }
      lookups.push({ fn, source, available: true });
      return out;
    } catch (err) {
      lookups.push({ fn, source, available: false, detail: (err as Error).message });
      return undefined;
    }
  }

  private async target(a: ActionRow): Promise<{ facts: ActionImpact['target']; surroundings: TargetSurroundings }> {
    const t = a.target as Entity & Record<string, unknown>;
    const lookups: Lookup[] = [];
    const label = entityLabel(t);
    const named = await this.alerts.naming(a.targetKey, ALERT_DAYS, ALERTS_READ);
    const users: string[] = [];
    const devices: string[] = [];
    const mailboxes: string[] = [];
    const self = lower(label);
    for (const e of named.alerts.flatMap((x) => x.entities)) {
      if (e.type === 'user' && (e.upn ?? e.accountName)) users.push((e.upn ?? e.accountName) as string);
      if (e.type === 'device' && e.hostname) {
        devices.push(e.hostname);
        if (t.type === 'device' && lower(e.hostname) === self)
          users.push(...(e.loggedOnUsers ?? []).map((u) => u.upn ?? u.accountName ?? ''));
      }
      if (e.type === 'mailbox') mailboxes.push(e.address);
    }
    let role: ActionImpact['target']['role'] = null;
    let privileged: boolean | null = null;
    let os: string | null = null;
    let deviceGroup: string | null = null;
    let groups: string[] = [];
    if (t.type === 'device') {
      users.push(...(t.loggedOnUsers ?? []).map((u) => u.upn ?? u.accountName ?? ''));
      const info = await this.lookup('device.info', { device: label }, lookups);
      if (info?.found) {
        os = (info.os as string | null) ?? null;
        deviceGroup = (info.deviceGroup as string | null) ?? null;
        users.push(...((info.loggedOnUsers as string[] | undefined) ?? []));
      }
      os ??= t.os ?? null;
      deviceGroup ??= t.deviceGroup ?? null;
      role = deviceRole(os, deviceGroup);
    }
    if (t.type === 'user') {
      const info = await this.lookup('user.info', { user: label }, lookups);
      if (info?.found) {
        privileged = isPrivileged(info);
        groups = ((info.groups as unknown[] | undefined) ?? []).map(String);
      }
    }
    const keys = entityKeys(t).map((k) => k.key);
    const open = await this.incidents.openWithKeys(keys.length ? keys : [a.targetKey]);
    const surroundings: TargetSurroundings = {
      users: capped(users).filter((u) => u !== self),
      devices: capped(devices).filter((d) => d !== self),
      mailboxes: capped(mailboxes).filter((m) => m !== self),
    };
    return {
      surroundings,
      facts: {
        key: a.targetKey,
        type: t.type,
        label,
        role,
        privileged,
        os,
        deviceGroup,
        groups,
        ...surroundings,
        alertsNaming: named.total,
        otherOpenIncidents: open.filter((id) => id !== a.incidentId),
        lookups,
      },
    };
  }

  /** A dry run of the proposing playbook on the same alert, with the facts the run recorded and read-only look-ups for the rest. */
  private async predict(
    a: ActionRow,
    view: Awaited<ReturnType<InvestigationStore['playbookView']>>,
    recordedSteps: StepRecord[] | undefined,
    playbookName: string | null,
    stepPath: string | null,
  ): Promise<{ prediction: Prediction; steps: StepRecord[]; hash: string } | undefined> {
    const playbook = playbookName ? this.playbooks.get(playbookName) : undefined;
    if (!playbook || !view || !stepPath || !a.investigationId || !a.alertId) return undefined;
    const fixtures = Object.fromEntries(
      (recordedSteps ?? [])
        .filter((s) => s.kind === 'uses' && s.status === 'succeeded' && !isSummarised(s.output))
        .map((s) => [s.stepId, s.output]),
    );
    const sim = await this.simulator.simulate({ playbook, alert: view.alert, incident: view.incident, fixtures, useLab: true });
    const steps = sim.steps as StepRecord[];
    const at = steps.findIndex((s) => s.kind === 'remediate' && s.path === stepPath);
    const nextSteps = (at < 0 ? [] : steps.slice(at + 1)).map((s) => ({
      path: s.path,
      kind: s.kind,
      status: s.status,
      ...(stepDetail(s) ? { detail: stepDetail(s) } : {}),
    }));
    const others = sim.actions.filter((p) => !(p.action === a.type && p.targetKey === a.targetKey));
    const stored = await this.actions.listByInvestigation(a.investigationId);
    const counts = (mine: ActionStatus) => {
      const c: Partial<Record<ActionStatus, number>> = {};
      const add = (s: ActionStatus) => (c[s] = (c[s] ?? 0) + 1);
      for (const r of stored) add(r.id === a.id ? mine : r.status);
      if (!stored.some((r) => r.id === a.id)) add(mine);
      // Proposals of this run that are not stored yet (the run is still going): automatic ones are assumed to succeed.
      for (const p of others)
        if (!stored.some((r) => r.type === p.action && r.targetKey === p.targetKey))
          add(p.wouldRun === 'immediately' ? 'succeeded' : 'pending');
      return c;
    };
    const facts = await this.investigations.outcomeFacts(a.investigationId, { alertId: a.alertId, playbook: playbook.name });
    const runs = { total: facts.runs.total + 1, failed: facts.runs.failed + (sim.status === 'failed' ? 1 : 0) };
    const ends = (mine: ActionStatus) => finalInvestigationState({ ...facts, cancelled: false, runs, actions: counts(mine) });
    const title = ACTIONS[a.type].title;
    const after = nextSteps.length
      ? [`the playbook goes on with ${nextSteps.map((s) => s.path).join(', ')} (it does not wait for this decision)`]
      : ['the playbook has no steps after this one'];
    const pendingOthers = others.filter((p) => {
      const row = stored.find((r) => r.type === p.action && r.targetKey === p.targetKey);
      return row ? row.status === 'pending' : p.wouldRun !== 'immediately';
    }).length;
    const branchOf = (mine: ActionStatus, first: string[]): Prediction['ifApproved'] => {
      const state = ends(mine);
      return {
        actionStatus: mine,
        investigationEnds: state,
        incidentResolvedByAutomation: settledByAutomation(state),
        then: [
          ...first,
          ...after,
          ...(pendingOthers
            ? [
                `${pendingOthers} other proposal${pendingOthers === 1 ? '' : 's'} of this run still wait${pendingOthers === 1 ? 's' : ''} for approval`,
              ]
            : []),
          `the investigation ends ${state.replace(/_/g, ' ')}${settledByAutomation(state) ? ' and its alerts are resolved by automation' : ''}`,
        ],
      };
    };
    const contained = a.containmentSeconds
      ? [`it is undone by itself ${a.containmentSeconds} s after it succeeds unless someone renews it`]
      : [];
    return {
      steps,
      hash: playbook.hash,
      prediction: {
        playbook: playbook.name,
        hash: playbook.hash,
        basis: `dry run of ${playbook.name} (version ${playbook.version}) on alert ${a.alertId}: ${Object.keys(fixtures).length} recorded step output(s), read-only look-ups for the rest`,
        nextSteps,
        otherProposals: others.map((p) => ({ action: p.action, targetKey: p.targetKey, wouldRun: p.wouldRun })),
        ifApproved: branchOf('succeeded', [
          `'${title}' runs through the ${a.connector} connector`,
          ...contained,
          `the evidence ${a.targetKey} is marked remediated`,
        ]),
        ifRejected: branchOf('rejected', [
          `'${title}' is not carried out`,
          `the evidence ${a.targetKey} keeps its verdict and is marked rejected`,
        ]),
      },
    };
  }
}

/** The enrichment a run did before the step that proposed the action: the facts the proposal rests on. */
function factsBefore(steps: StepRecord[], stepPath: string | null, uses: Map<string, string>): ActionImpact['evidence']['facts'] {
  const at = stepPath ? steps.findIndex((s) => s.kind === 'remediate' && s.path === stepPath) : -1;
  return (at < 0 ? steps : steps.slice(0, at))
    .filter((s) => s.kind === 'uses' && s.status === 'succeeded')
    .map((s) => ({ step: s.path, fn: uses.get(s.stepId) ?? s.stepId, args: s.values?.with ?? {}, output: s.output }));
}

/** Each `uses` step's catalog function, by step id, however deep the step sits. */
function usesOf(steps: PlaybookStep[] | undefined, into = new Map<string, string>()): Map<string, string> {
  for (const s of steps ?? []) {
    if (s.kind === 'uses') into.set(s.id, s.uses);
    if (s.kind === 'parallel') usesOf(s.parallel, into);
    if (s.kind === 'group') usesOf(s.steps, into);
  }
  return into;
}

function isSummarised(output: unknown): boolean {
  return Boolean(output && typeof output === 'object' && 'summary' in output && 'bytes' in output);
}

function stepDetail(s: StepRecord): string | undefined {
  if (s.error) return s.error;
  if (s.reason) return s.reason;
  if (s.kind === 'remediate' && s.values) return `${String(s.values.action)}: ${String(s.values.reason ?? '')}`;
  if (s.kind === 'verdict' && s.values) return `${String(s.values.verdict)}: ${String(s.values.reason ?? '')}`;
  return undefined;
}
