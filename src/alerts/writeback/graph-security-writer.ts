import type { AppRegistration } from '../../config/config.js';
import { type ApiLog, microsoftProduct, OAuthApi } from '../../connectors/oauth-api.js';
import type { VendorAlertWriter, VendorWriteResult, WritebackChange } from './vendor-writer.js';

const GRAPH_SCOPE = 'https://graph.microsoft.com/.default';

/** Quell's classification → Graph's `alertClassification`; none set is Graph's `unknown`. */
const CLASSIFICATION: Record<string, string> = {
  true_positive: 'truePositive',
  informational_expected_activity: 'informationalExpectedActivity',
  false_positive: 'falsePositive',
};

/** Quell's determination → Graph's `alertDetermination` (the v1.0 names, shared by alerts and incidents). */
const DETERMINATION: Record<string, string> = {
  multistage_attack: 'multiStagedAttack',
  malicious_user_activity: 'maliciousUserActivity',
  compromised_account: 'compromisedAccount',
  malware: 'malware',
  phishing: 'phishing',
  unwanted_software: 'unwantedSoftware',
  other: 'other',
  security_testing: 'securityTesting',
  line_of_business_application: 'lineOfBusinessApplication',
  confirmed_activity: 'confirmedActivity',
  not_malicious: 'notMalicious',
  not_enough_data_to_validate: 'notEnoughDataToValidate',
};

/** An incident's status as its alerts' `alertStatus` (`new`, `inProgress`, `resolved`). */
const ALERT_STATUS: Record<string, string> = { active: 'new', in_progress: 'inProgress', resolved: 'resolved' };
/** As a Defender incident's `incidentStatus`: Graph v1.0 knows `active` and `resolved` (in progress is active there). */
const INCIDENT_STATUS: Record<string, string> = { active: 'active', in_progress: 'active', resolved: 'resolved' };

type GraphObject = Record<string, unknown> & { lastUpdateDateTime?: string | null };

/** The PATCH body of a change: Graph's field names and enum values, only the fields that changed. */
export function graphBody(change: WritebackChange, statuses: Record<string, string>): Record<string, unknown> {
  const body: Record<string, unknown> = {};
  if (change.status !== undefined) body.status = statuses[change.status];
  if (change.classification !== undefined) body.classification = change.classification ? CLASSIFICATION[change.classification] : 'unknown';
  if (change.determination !== undefined) body.determination = change.determination ? DETERMINATION[change.determination] : 'unknown';
  if (change.assignedTo !== undefined) body.assignedTo = change.assignedTo;
  return body;
}

/**
 * Write-back to Microsoft Graph's security API: alerts (`PATCH /security/alerts_v2/{id}`, permission
 * SecurityAlert.ReadWrite.All) and Defender XDR incidents (`PATCH /security/incidents/{id}`,
 * SecurityIncident.ReadWrite.All). Graph has no conditional update, so each write reads the object
 * first: what it already holds is not sent again, and a `lastUpdateDateTime` newer than the one
 * Quell last saw is a conflict that is reported, not overwritten.
 */
export class GraphSecurityWriter implements VendorAlertWriter {
  readonly name = 'msgraph';
  private readonly api: OAuthApi;

  constructor(o: AppRegistration, log?: ApiLog) {
    this.api = new OAuthApi(o, microsoftProduct(o, 'Microsoft Graph security', GRAPH_SCOPE), log);
  }

  updateAlert(externalId: string, change: WritebackChange, expectedLastUpdate: string | null): Promise<VendorWriteResult> {
    return this.write(`/v1.0/security/alerts_v2/${encodeURIComponent(externalId)}`, graphBody(change, ALERT_STATUS), expectedLastUpdate);
  }

  incidentOf(raw: unknown): string | undefined {
    const id = (raw as { incidentId?: unknown } | null)?.incidentId;
    return typeof id === 'string' && id ? id : typeof id === 'number' ? String(id) : undefined;
  }

  updateIncident(incidentId: string, change: WritebackChange, expectedLastUpdate: string | null): Promise<VendorWriteResult> {
    return this.write(`/v1.0/security/incidents/${encodeURIComponent(incidentId)}`, graphBody(change, INCIDENT_STATUS), expectedLastUpdate);
  }

  private async write(path: string, body: Record<string, unknown>, expectedLastUpdate: string | null): Promise<VendorWriteResult> {
    const current = await this.api.call<GraphObject>('GET', path);
    const lastUpdate = current.lastUpdateDateTime ?? null;
    const pending = Object.fromEntries(Object.entries(body).filter(([k, v]) => (current[k] ?? null) !== v));
    if (!Object.keys(pending).length) return { outcome: 'unchanged', lastUpdate };
    if (expectedLastUpdate && lastUpdate && Date.parse(lastUpdate) > Date.parse(expectedLastUpdate)) {
      const vendor = Object.fromEntries(Object.keys(body).map((k) => [k, current[k] ?? null]));
      return { outcome: 'conflict', lastUpdate, vendor: { ...vendor, lastUpdateDateTime: lastUpdate } };
    }
    // Not resent after an answer that leaves it unknown whether Graph applied it: the activity's
    // retry reads the object again and finds the change there.
    const updated = await this.api.call<GraphObject | undefined>('PATCH', path, pending, { resend: false });
    return { outcome: 'written', lastUpdate: updated?.lastUpdateDateTime ?? null };
  }
}
