/**
 * PENDING: delete this file when the OpenAPI contract documents every response.
 *
 * The response bodies (and query parameters) that `/openapi.json` does not describe yet, typed as
 * narrowly as the console reads them. Everything else comes from `schema.d.ts`, generated from the
 * document. When the contract lands, `npm run api:types` brings the real types: replace each import
 * from here with the generated one and remove this file.
 */

export type Severity = 'informational' | 'low' | 'medium' | 'high';
export type IncidentStatus = 'active' | 'in_progress' | 'resolved' | 'redirected';
export type Classification = 'true_positive' | 'informational_expected_activity' | 'false_positive';
export type Verdict = 'malicious' | 'suspicious' | 'no_threats_found' | 'unknown';
export type ActionStatus = 'pending' | 'approved' | 'rejected' | 'expired' | 'running' | 'succeeded' | 'failed' | 'undone';

export interface Asset {
  id: string;
  name: string;
  alertCount: number;
}
export type AssetType = 'devices' | 'users' | 'mailboxes' | 'ips' | 'urls' | 'files' | 'cloudApps';

/** GET /incidents → items[]; also the head of GET /incidents/{id}. */
export interface IncidentSummary {
  id: number;
  name: string;
  severity: Severity;
  status: IncidentStatus;
  classification: Classification | null;
  determination: string | null;
  assignedTo: string | null;
  tags: string[];
  systemTags: string[];
  alertCount: number;
  categories: string[];
  sources: string[];
  detectionSources: string[];
  impactedAssetCounts: Partial<Record<AssetType, number>>;
  firstActivityAt: string;
  lastActivityAt: string;
  updatedAt: string;
  redirectedTo: number | null;
  investigationState?: string | null;
}

export interface IncidentPage {
  items: IncidentSummary[];
  nextCursor: string | null;
  total?: number;
}

/** The queue's query parameters (GET /incidents). */
export interface QueueQuery {
  status?: string[];
  severity?: string[];
  classification?: string[];
  source?: string[];
  category?: string[];
  tag?: string[];
  assignedTo?: string[];
  unassigned?: 'true' | 'false';
  includeInformational?: 'true' | 'false';
  q?: string;
  sort?: 'lastActivityAt' | 'severity' | 'createdAt' | 'alertCount' | 'id';
  order?: 'asc' | 'desc';
  limit?: number;
  cursor?: string;
}

export interface Correlation {
  decision: 'new' | 'joined' | 'merged' | 'moved' | string;
  reason?: string;
  matched?: string[];
  matchedKeys?: string[];
  incidentId?: number;
}

export interface IncidentAlert {
  id: string;
  title: string;
  severity: Severity;
  category: string | null;
  mitreTechniques: string[];
  source: string;
  detectionSource: string | null;
  status: string;
  investigationId: string | null;
  investigationState: string | null;
  firstActivityAt: string;
  lastActivityAt: string;
  correlation: Correlation | null;
}

export interface IncidentInvestigation {
  id: string;
  incidentId: number;
  state: string;
  startedAt: string;
  endedAt: string | null;
  pendingActions: number;
}

export interface ActivityEntry {
  id: string;
  at: string;
  actor: string;
  kind: string;
  details: Record<string, unknown>;
}

/** GET /incidents/{id} (the ETag header comes with it). */
export interface IncidentDetail extends IncidentSummary {
  impactedAssets: Partial<Record<AssetType, Asset[]>>;
  alerts: IncidentAlert[];
  comments: { id: string; author: string; text: string; createdAt: string }[];
  activity: ActivityEntry[];
  investigations: IncidentInvestigation[];
}

export interface StepRecord {
  path: string;
  stepId: string;
  kind: string;
  status: 'running' | 'succeeded' | 'failed' | 'skipped';
  startedAt: number;
  endedAt: number;
  attempts: number;
  reason?: string;
  error?: string;
}

export interface PlaybookRun {
  alertId: string;
  playbook: string;
  version: string;
  hash: string;
  status: string;
  error: string | null;
  steps: StepRecord[];
  startedAt: string;
  endedAt: string | null;
}

export interface Evidence {
  key: string;
  entityType: string;
  verdict: Verdict;
  reasons: string[];
  alertIds: string[];
  remediationStatus: string;
}

/** GET /actions → items[], GET /actions/{id}, and the answer of approve/reject/undo/retry. */
export interface Action {
  id: string;
  type: string;
  title: string;
  family: string;
  targetKey: string;
  incidentId: number | null;
  investigationId: string | null;
  source: 'automated' | 'manual';
  status: ActionStatus;
  reason: string;
  verdict: string | null;
  policyMode: string;
  policyReason: string;
  requestedBy: string;
  requiredApprovals: number;
  approvals: { by: string; at: string; comment?: string }[];
  connector: string;
  error: string | null;
  expiresAt: string | null;
  decidedBy: string | null;
  decidedAt: string | null;
  createdAt: string;
  updatedAt: string;
  reversible: boolean;
}

export interface ActionPage {
  items: Action[];
  nextCursor: string | null;
}

/** GET /investigations/{id} */
export interface InvestigationDetail {
  id: string;
  incidentId: number;
  currentIncidentId: number;
  state: string;
  startedAt: string;
  endedAt: string | null;
  startedBy: string | null;
  alertCount: number;
  alerts: { id: string; title: string; severity: Severity; source: string; investigationOutcome: string | null }[];
  playbookRuns: PlaybookRun[];
  evidence: Evidence[];
  actions: Action[];
  log: { at: string; message: string }[];
}

export interface PlaybookError {
  file: string;
  line: number;
  column: number;
  path: string;
  message: string;
}

export interface PlaybookSummary {
  name: string;
  version: string | number;
  description?: string;
  priority?: number;
  hash: string;
  file: string;
}

/** GET /playbooks */
export interface PlaybookList {
  items: PlaybookSummary[];
  invalid: PlaybookError[];
}

/** GET /playbooks/{name} */
export interface PlaybookDetail extends PlaybookSummary {
  source?: string;
}

/** POST /playbooks/validate */
export interface ValidationResult {
  valid: boolean;
  errors: PlaybookError[];
  playbook?: PlaybookSummary;
}
