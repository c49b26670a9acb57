import { type ActionStatus, type Verdict, verdictStrength } from './actions.js';

/**
 * Where an investigation stands, as stored on investigations, incidents and alerts. `queued`: the
 * alert was handed to its incident's investigation, which has not taken it yet.
 */
export const INVESTIGATION_STATES = [
  'queued',
  'running',
  'pending_approval',
  'remediated',
  'partially_remediated',
  'no_threats_found',
  'partially_investigated',
  'failed',
  'terminated_by_user',
  'terminated_by_system',
  'unsupported_alert_type',
  'automation_off',
] as const;
export type InvestigationState = (typeof INVESTIGATION_STATES)[number];

/** The states an investigation ends in (`automation_off` is never started, so never ends). */
export const FINAL_INVESTIGATION_STATES = [
  'remediated',
  'partially_remediated',
  'no_threats_found',
  'partially_investigated',
  'failed',
  'terminated_by_user',
  'terminated_by_system',
  'unsupported_alert_type',
] as const satisfies readonly InvestigationState[];
export type FinalInvestigationState = (typeof FINAL_INVESTIGATION_STATES)[number];
export const isFinalInvestigationState = (s: string): s is FinalInvestigationState =>
  (FINAL_INVESTIGATION_STATES as readonly string[]).includes(s);

/** Ends that leave nothing for a person to do: the investigation's alerts are resolved by the system. */
export const settledByAutomation = (s: FinalInvestigationState): boolean => s === 'remediated' || s === 'no_threats_found';

/** How far one alert of an investigation got (`investigation_alerts.state`). */
export const ALERT_OUTCOMES = ['running', 'investigated', 'unsupported_alert_type'] as const;
export type AlertOutcome = (typeof ALERT_OUTCOMES)[number];

/** Evidence with one of these verdicts is a threat the investigation found. */
const THREAT_VERDICTS: readonly Verdict[] = ['malicious', 'suspicious'];

/**
 * Entity kinds that carry an attack's payload. The detector's word on them is provisional: a
 * detector that flags one at medium or high severity makes it `suspicious` until enrichment says
 * otherwise, and an investigation cannot call an incident clean while one of them has no
 * conclusive verdict.
 */
export const THREAT_CARRIERS = ['file', 'process', 'url', 'email'] as const;

/** The verdict an entity gets for having been named by a detector, before any enrichment. */
export function detectorVerdict(entityType: string, alertSeverity: string): Verdict {
  const carrier = (THREAT_CARRIERS as readonly string[]).includes(entityType);
  return carrier && (alertSeverity === 'medium' || alertSeverity === 'high') ? 'suspicious' : 'unknown';
}

/** Why an entity of the evidence has its verdict: a playbook step, or the detector that named it. */
export type VerdictSource = { playbook: string; step: string } | { detector: string };

/**
 * An evidence entity's verdict from everything said about it. A playbook's conclusive verdict
 * (anything but `unknown`) settles the question, the strongest of them winning; until one comes,
 * the strongest provisional word stands (the detector's, or a playbook's `unknown`).
 */
export function settledVerdict(reasons: readonly ({ verdict: Verdict } & Partial<VerdictSource>)[]): Verdict {
  const conclusive = reasons.filter((r) => !('detector' in r && r.detector) && r.verdict !== 'unknown').map((r) => r.verdict);
  return strongestVerdict(conclusive.length ? conclusive : reasons.map((r) => r.verdict)) ?? 'unknown';
}

export function strongestVerdict(verdicts: readonly Verdict[]): Verdict | undefined {
  return verdicts.reduce<Verdict | undefined>((a, b) => (a === undefined || verdictStrength(b) > verdictStrength(a) ? b : a), undefined);
}

/**
 * The verdict an action remediates, in a real run and a dry run alike: the target's own when
 * someone has a view on it, else the strongest finding around it (isolating a device because of
 * the malicious file on it).
 */
export function remediatedVerdict(own: Verdict | undefined, around: readonly Verdict[]): Verdict | undefined {
  return own !== undefined && own !== 'unknown' ? own : strongestVerdict(around);
}

/**
 * Evidence that keeps an investigation from calling it clean: still `unknown`, and either a threat
 * carrier or something a playbook looked at and could not tell. (EvidenceStore.unsettled asks the
 * same of the stored evidence in SQL.)
 */
export function isUnsettled(e: { verdict: Verdict; entityType: string; reasons: readonly Partial<VerdictSource>[] }): boolean {
  if (e.verdict !== 'unknown') return false;
  return (THREAT_CARRIERS as readonly string[]).includes(e.entityType) || e.reasons.some((r) => 'playbook' in r && r.playbook);
}

/** What an investigation's end is decided from. */
export interface InvestigationFacts {
  cancelled: boolean;
  /** Its playbook runs, and how many of them failed. */
  runs: { total: number; failed: number };
  /** Its evidence, counted by verdict. */
  evidence: Partial<Record<Verdict, number>>;
  /** Its remediation actions, counted by status. */
  actions: Partial<Record<ActionStatus, number>>;
  /** Evidence still `unknown` that matters: a threat carrier, or an entity a playbook looked at and could not tell. */
  unsettled: number;
}

/**
 * The state an investigation ends in. Remediation outcomes come first; an investigation whose
 * actions were only partly carried out, whose playbooks partly failed, or whose enrichment could
 * not settle every threat carrier says so rather than claiming a clean result.
 */
export function finalInvestigationState(f: InvestigationFacts): FinalInvestigationState {
  const count = (s: ActionStatus) => f.actions[s] ?? 0;
  const total = Object.values(f.actions).reduce((n, c) => n + (c ?? 0), 0);
  const threats = THREAT_VERDICTS.reduce((n, v) => n + (f.evidence[v] ?? 0), 0);
  if (f.cancelled) return 'terminated_by_user';
  if (f.runs.total === 0) return 'unsupported_alert_type';
  if (total > 0 && count('expired') === total) return 'terminated_by_system';
  if (total > 0 && count('succeeded') === total) return f.runs.failed ? 'partially_investigated' : 'remediated';
  if (count('succeeded') > 0) return 'partially_remediated';
  if (total > 0 && count('failed') > 0) return 'failed';
  if (total > 0) return 'partially_remediated';
  if (f.runs.failed === f.runs.total) return 'failed';
  if (f.runs.failed > 0) return 'partially_investigated';
  // "No threats" needs facts: evidence nobody could settle leaves the question open.
  return threats > 0 || f.unsettled > 0 ? 'partially_investigated' : 'no_threats_found';
}
