import type { components, paths } from './schema';

type Method = 'get' | 'post' | 'patch' | 'put' | 'delete';

/** The JSON body of an operation's 200 answer, as the OpenAPI document describes it. */
export type Ok<P extends keyof paths, M extends Method> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

/** The JSON body of an operation's 201 answer (a created resource). */
export type Created<P extends keyof paths, M extends Method> = paths[P][M] extends {
  responses: { 201: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

/** The JSON request body of an operation. */
export type Body<P extends keyof paths, M extends 'post' | 'patch' | 'put'> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

/** The query parameters of an operation, with the enums and arrays the API validates. */
export type Query<P extends keyof paths, M extends Method> = paths[P][M] extends { parameters: { query?: infer Q } }
  ? NonNullable<Q>
  : never;

/** A named schema of the document, for the types no single operation owns. */
export type Schema<N extends keyof components['schemas']> = components['schemas'][N];

export type Me = Ok<'/api/v1/me', 'get'>;
export type Role = Me['role'];
export type SignInOptions = Ok<'/api/v1/auth/options', 'get'>;

export type IncidentPage = Ok<'/api/v1/incidents', 'get'>;
export type IncidentListItem = IncidentPage['items'][number];
export type QueueQuery = Query<'/api/v1/incidents', 'get'>;
export type Incident = Ok<'/api/v1/incidents/{id}', 'get'>;
export type IncidentAlert = Incident['alerts'][number];
export type IncidentInvestigation = Incident['investigations'][number];
export type ImpactedAssets = Incident['impactedAssets'];
export type AssetType = keyof ImpactedAssets;
export type Asset = NonNullable<ImpactedAssets[AssetType]>[number];
export type Classification = NonNullable<Incident['classification']>;
export type IncidentChanges = Body<'/api/v1/incidents/{id}', 'patch'>;
export type IncidentGraph = Ok<'/api/v1/incidents/{id}/graph', 'get'>;
export type GraphNode = IncidentGraph['nodes'][number];
export type GraphEdge = IncidentGraph['edges'][number];
export type Verdict = NonNullable<GraphNode['verdict']>;
export type ActivityPage = Ok<'/api/v1/incidents/{id}/activity', 'get'>;
export type ActivityEntry = ActivityPage['items'][number];
export type ActivityQuery = Query<'/api/v1/incidents/{id}/activity', 'get'>;
export type NewComment = Body<'/api/v1/incidents/{id}/comments', 'post'>;
export type IncidentComment = Schema<'IncidentComment'>;
export type Alert = Ok<'/api/v1/alerts/{id}', 'get'>;
export type BulkIncidentRequest = Body<'/api/v1/incidents/bulk', 'post'>;
export type BulkIncidentResult = Ok<'/api/v1/incidents/bulk', 'post'>['results'][number];
export type IncidentChangeFeed = Ok<'/api/v1/incidents/changes', 'get'>;
export type IncidentChange = IncidentChangeFeed['items'][number];
export type Determination = NonNullable<Incident['determination']>;

export type ActionPage = Ok<'/api/v1/actions', 'get'>;
export type Action = ActionPage['items'][number];
export type ActionStatus = Action['status'];
export type ActionType = Action['type'];
export type ActionQuery = Query<'/api/v1/actions', 'get'>;
export type BulkDecisionRequest = Body<'/api/v1/actions/decide', 'post'>;
export type BulkDecisionResult = Ok<'/api/v1/actions/decide', 'post'>['results'][number];
export type Decision = Body<'/api/v1/actions/{id}/approve', 'post'>;
/** What approve and reject (a decision), undo and retry (the action) answer. */
export type ActionAnswer = Ok<'/api/v1/actions/{id}/approve', 'post'> | Ok<'/api/v1/actions/{id}/undo', 'post'>;
export type ActionImpactView = Ok<'/api/v1/actions/{id}/impact', 'get'>;
export type ActionImpact = ActionImpactView['current'];

export type Investigation = Ok<'/api/v1/investigations/{id}', 'get'>;

export type PlaybookList = Ok<'/api/v1/playbooks', 'get'>;
export type PlaybookDetail = Ok<'/api/v1/playbooks/{name}', 'get'>;
export type PlaybookValidation = Ok<'/api/v1/playbooks/validate', 'post'>;
export type PlaybookError = PlaybookValidation['errors'][number];

export type Simulation = Ok<'/api/v1/playbooks/simulate', 'post'>;
export type SimulationRequest = Body<'/api/v1/playbooks/simulate', 'post'>;
export type PlaybookVersion = Schema<'PlaybookVersion'>;
export type Backtest = Schema<'Backtest'>;

export type AlertPage = Ok<'/api/v1/alerts', 'get'>;
export type AlertListItem = AlertPage['items'][number];

export type AutomationView = Ok<'/api/v1/automation', 'get'>;
export type AutomationSettings = AutomationView['settings'];
export type AutomationLevel = AutomationSettings['defaultLevel'];
export type FamilyMode = AutomationSettings['families'][string];

export type ApiKeyList = Ok<'/api/v1/keys', 'get'>;
export type ApiKey = ApiKeyList['items'][number];
export type NewApiKey = Created<'/api/v1/keys', 'post'>;
export type NewApiKeyRequest = Body<'/api/v1/keys', 'post'>;

export type WebhookList = Ok<'/api/v1/webhooks', 'get'>;
export type Webhook = WebhookList['items'][number];
export type WebhookEvent = Webhook['events'][number];
export type NewWebhook = Created<'/api/v1/webhooks', 'post'>;
export type NewWebhookRequest = Body<'/api/v1/webhooks', 'post'>;
export type WebhookDeliveryList = Ok<'/api/v1/webhooks/{id}/deliveries', 'get'>;

export type ConnectorList = Ok<'/api/v1/connectors', 'get'>;
export type ConnectorItem = ConnectorList['items'][number];
export type ActionFamily = ConnectorItem['families'][number];
export type ProposableAction = ConnectorItem['types'][number];
export type RollbackPlan = Ok<'/api/v1/incidents/{id}/rollback', 'get'>;
export type RollbackAnswer = Ok<'/api/v1/incidents/{id}/rollback', 'post'>;
export type RollbackOperation = Ok<'/api/v1/incidents/{id}/rollback/{operationId}', 'get'>;
