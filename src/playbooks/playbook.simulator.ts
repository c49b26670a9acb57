import type { DataSource } from 'typeorm';
import { runPlaybook, type PlaybookRuntime } from '../../workflows/playbook-interpreter.js';
import { checkProposal } from '../actions/action.store.js';
import { entityKey } from '../correlation/keys.js';
import { AutomationRepository } from '../actions/automation.repository.js';
import { policyInputFor } from '../actions/policy-input.js';
import type { CatalogService } from '../catalog/catalog.service.js';
import type { Verdict } from '../domain/actions.js';
import { detectorVerdict, finalInvestigationState, isUnsettled, remediatedVerdict, settledVerdict, type VerdictSource } from '../domain/investigation.js';
import { entitySchema, type Entity } from '../domain/alert.js';
import { decide } from '../domain/automation.js';
import type { CatalogFunction } from '../domain/catalog.js';
import type { PlaybookDefinition } from '../domain/playbook.js';
import { triggerMatches } from './playbook.registry.js';
import type { Simulation } from './playbook.dto.js';

export interface SimulationInput {
  playbook: PlaybookDefinition;
  alert: Record<string, unknown>;
  incident?: Record<string, unknown> | null;
  /** Outputs keyed by step id or by catalog function name; anything else is looked up (read-only) where the catalog routes it, when allowed. */
  fixtures?: Record<string, unknown>;
  useLab: boolean;
}

/**
 * A dry run: the same interpreter the investigation workflow runs, with a runtime that writes
 * nothing and executes nothing — enrichment from fixtures or read-only look-ups through the
 * catalog's routes (the lab, a connector, Quell itself), the detector's own evidence, verdicts and
 * proposed actions collected into the trace with what the automation policy would do now, and how
 * the investigation would end if those actions succeeded.
 */
type Reason = { reason: string; verdict: Verdict } & Partial<VerdictSource>;

export class PlaybookSimulator {
  constructor(
    private readonly db: DataSource,
    private readonly catalog: CatalogService,
  ) {}

  async simulate(input: SimulationInput): Promise<Simulation> {
    const settings = await new AutomationRepository(this.db).get();
    const verdicts = new Map<string, { key: string; entity: Entity; verdict: Verdict; reasons: Reason[] }>();
    const actions: Simulation['actions'] = [];
    const enrichment: { step: string; fn: string; source: string; args: unknown }[] = [];
    const fixtures = input.fixtures ?? {};
    const addReason = (entity: Entity, reason: Reason) => {
      const key = entityKey(entity);
      const current = verdicts.get(key) ?? { key, entity, verdict: reason.verdict, reasons: [] };
      current.reasons.push(reason);
      current.verdict = settledVerdict(current.reasons);
      verdicts.set(key, current);
      return current;
    };
    // The alert's own detection is evidence, as in a real investigation (EvidenceStore.recordDetected).
    const alert = input.alert as { source?: unknown; severity?: unknown; title?: unknown; entities?: unknown };
    const detector = typeof alert.source === 'string' ? alert.source : 'unknown';
    const severity = typeof alert.severity === 'string' ? alert.severity : 'informational';
    for (const raw of Array.isArray(alert.entities) ? alert.entities : []) {
      const parsed = entitySchema.safeParse(raw);
      if (!parsed.success) continue;
      const verdict = detectorVerdict(parsed.data.type, severity);
      addReason(parsed.data, { reason: `named by the ${detector} detector in '${String(alert.title ?? '')}' (${severity})`, verdict, detector });
    }

    const runtime: PlaybookRuntime = {
      now: () => Date.now(),
      call: async (step, fn, args) => {
        const fixture = step.stepId in fixtures ? fixtures[step.stepId] : fn in fixtures ? fixtures[fn] : undefined;
        if (fixture !== undefined) {
          enrichment.push({ step: step.path, fn, source: 'fixture', args });
          return { output: fixture, attempts: 1 };
        }
        if (!input.useLab) throw new Error(`no fixture for step '${step.stepId}' or function '${fn}', and look-ups are off`);
        enrichment.push({ step: step.path, fn, source: this.catalog.routeOf(fn as CatalogFunction), args });
        return { output: await this.catalog.run(fn as CatalogFunction, args), attempts: 1 };
      },
      verdict: async (step, entity, verdict, reason) => {
        const parsed = entitySchema.safeParse(entity);
        if (!parsed.success) throw new Error(`verdict entity is not a valid entity: ${parsed.error.issues[0]?.message}`);
        const settled = addReason(parsed.data, { reason, verdict: verdict as Verdict, playbook: input.playbook.name, step: step.path });
        return { key: settled.key, verdict: settled.verdict };
      },
      remediate: async (step, action, target, reason, params) => {
        const checked = checkProposal(action, target);
        const key = entityKey(checked.target);
        const verdict =
          remediatedVerdict(
            verdicts.get(key)?.verdict,
            [...verdicts.values()].map((v) => v.verdict),
          ) ?? 'suspicious';
        const policy = decide(settings, await policyInputFor(this.db, { type: checked.type, target: checked.target, verdict, params, manual: false }));
        const proposal: Simulation['actions'][number] = { step: step.path, action, target: checked.target, targetKey: key, reason, params, verdict, wouldRun: policy.mode === 'automatic' ? 'immediately' : 'after approval', policy: policy.reason, requiredApprovals: policy.requiredApprovals };
        if (!actions.some((a) => a.action === action && a.targetKey === key)) actions.push(proposal);
        return { simulated: true, ...proposal };
      },
    };
    const matchedTriggers = input.playbook.triggers.map((t, i) => ({ index: i, matches: safeMatch(t, input.alert) }));
    const result = await runPlaybook(input.playbook, { alert: input.alert, incident: input.incident ?? null }, runtime);
    const evidence = [...verdicts.values()];
    const unsettled = evidence.filter((e) => isUnsettled({ verdict: e.verdict, entityType: e.entity.type, reasons: e.reasons })).map((e) => e.key);
    const counts: Partial<Record<Verdict, number>> = {};
    for (const e of evidence) counts[e.verdict] = (counts[e.verdict] ?? 0) + 1;
    const wouldEnd = finalInvestigationState({
      cancelled: false,
      runs: { total: 1, failed: result.status === 'failed' ? 1 : 0 },
      evidence: counts,
      actions: actions.length ? { succeeded: actions.length } : {},
      unsettled: unsettled.length,
    });
    return {
      dryRun: true,
      playbook: { name: input.playbook.name, version: input.playbook.version, hash: input.playbook.hash },
      triggers: { matches: matchedTriggers.some((t) => t.matches), detail: matchedTriggers },
      status: result.status,
      error: result.error,
      steps: result.steps,
      enrichment,
      verdicts: evidence,
      actions,
      // How this alert's investigation would end if every proposed action succeeded, and the evidence that keeps it open.
      outcome: { ifActionsSucceed: wouldEnd, unsettled },
    };
  }
}

function safeMatch(trigger: PlaybookDefinition['triggers'][number], alert: Record<string, unknown>): boolean {
  try {
    return triggerMatches(trigger, alert as never);
  } catch {
    return false;
  }
}
