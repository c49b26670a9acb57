/** Incident vocabularies, defined once. */
export const INCIDENT_STATUSES = ['active', 'in_progress', 'resolved', 'redirected'] as const;
export type IncidentStatus = (typeof INCIDENT_STATUSES)[number];
export const OPEN_STATUSES: IncidentStatus[] = ['active', 'in_progress'];

export const DETERMINATIONS = {
  true_positive: [
    'multistage_attack',
    'malicious_user_activity',
    'compromised_account',
    'malware',
    'phishing',
    'unwanted_software',
    'other',
  ],
  informational_expected_activity: ['security_testing', 'line_of_business_application', 'confirmed_activity', 'other'],
  false_positive: ['not_malicious', 'not_enough_data_to_validate', 'other'],
} as const;
export type Classification = keyof typeof DETERMINATIONS;
export const CLASSIFICATIONS = Object.keys(DETERMINATIONS) as Classification[];
export const ALL_DETERMINATIONS = [...new Set(Object.values(DETERMINATIONS).flat())];

export const MAX_TAGS = 50;
export const MAX_TAG_LENGTH = 64;

/** How correlation placed an alert: in a new incident, in an open one, or by merging the open ones it links. */
export const CORRELATION_DECISIONS = ['new', 'joined', 'merged'] as const;
export type CorrelationDecision = (typeof CORRELATION_DECISIONS)[number];
