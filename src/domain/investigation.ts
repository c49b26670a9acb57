export const INVESTIGATION_STATES = [
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
