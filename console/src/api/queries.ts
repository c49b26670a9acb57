import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, get, post } from './client';
import type {
  ActionAnswer,
  ActionPage,
  ActionQuery,
  ActivityPage,
  ActivityQuery,
  Alert,
  AlertPage,
  ApiKey,
  ApiKeyList,
  AutomationSettings,
  AutomationView,
  ConnectorList,
  Decision,
  Incident,
  IncidentChanges,
  IncidentComment,
  IncidentGraph,
  IncidentPage,
  NewComment,
  Investigation,
  PlaybookDetail,
  PlaybookList,
  PlaybookValidation,
  NewApiKey,
  NewApiKeyRequest,
  NewWebhook,
  NewWebhookRequest,
  QueueQuery,
  Simulation,
  SimulationRequest,
  WebhookDeliveryList,
  WebhookList,
} from './types';

/** How often lists that others change (the queue, the action center) look again. */
export const POLL_MS = 10_000;

export const useIncidentQueue = (query: QueueQuery) =>
  useQuery({
    queryKey: ['incidents', query],
    queryFn: ({ signal }) => get<IncidentPage>('/incidents', { ...query }, signal),
    refetchInterval: POLL_MS,
    placeholderData: keepPreviousData,
  });

export const useIncident = (id: number) =>
  useQuery({
    queryKey: ['incident', id],
    queryFn: async ({ signal }) => {
      const answer = await call<Incident>(`/incidents/${id}`, { signal });
      return { incident: answer.data, etag: answer.etag };
    },
    refetchInterval: POLL_MS,
  });

export function useUpdateIncident(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ changes, etag }: { changes: IncidentChanges; etag: string | null }) =>
      call(`/incidents/${id}`, { method: 'PATCH', body: changes, headers: etag ? { 'If-Match': etag } : {} }),
    onSettled: () =>
      client.invalidateQueries({ queryKey: ['incident', id] }).then(() => client.invalidateQueries({ queryKey: ['incidents'] })),
  });
}

export const useIncidentGraph = (id: number) =>
  useQuery({
    queryKey: ['incident', id, 'graph'],
    queryFn: ({ signal }) => get<IncidentGraph>(`/incidents/${id}/graph`, undefined, signal),
    refetchInterval: POLL_MS,
  });

export const useIncidentActivity = (id: number, query: ActivityQuery, enabled = true) =>
  useQuery({
    queryKey: ['incident', id, 'activity', query],
    queryFn: ({ signal }) => get<ActivityPage>(`/incidents/${id}/activity`, { ...query }, signal),
    enabled,
    refetchInterval: POLL_MS,
    placeholderData: keepPreviousData,
  });

/** A comment bumps the incident's version, so the incident (and its ETag) is read again with the log. */
export function useAddComment(id: number) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewComment) => post<IncidentComment>(`/incidents/${id}/comments`, body),
    onSettled: () => client.invalidateQueries({ queryKey: ['incident', id] }),
  });
}

export const useAlert = (id: string) =>
  useQuery({ queryKey: ['alert', id], queryFn: ({ signal }) => get<Alert>(`/alerts/${id}`, undefined, signal), staleTime: 60_000 });

export const useInvestigation = (id: string) =>
  useQuery({
    queryKey: ['investigation', id],
    queryFn: ({ signal }) => get<Investigation>(`/investigations/${id}`, undefined, signal),
    refetchInterval: POLL_MS,
  });

export const useActions = (query: ActionQuery) =>
  useQuery({
    queryKey: ['actions', query],
    queryFn: ({ signal }) => get<ActionPage>('/actions', { ...query }, signal),
    refetchInterval: POLL_MS,
    placeholderData: keepPreviousData,
  });

export type ActionVerb = 'approve' | 'reject' | 'undo' | 'retry';

export function useActOn() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ id, verb, body }: { id: string; verb: ActionVerb; body?: Decision }) =>
      post<ActionAnswer>(`/actions/${id}/${verb}`, body),
    onSettled: () =>
      Promise.all([
        client.invalidateQueries({ queryKey: ['actions'] }),
        client.invalidateQueries({ queryKey: ['investigation'] }),
        client.invalidateQueries({ queryKey: ['incident'] }),
      ]),
  });
}

export const usePlaybooks = () =>
  useQuery({ queryKey: ['playbooks'], queryFn: ({ signal }) => get<PlaybookList>('/playbooks', undefined, signal) });

export const usePlaybook = (name: string) =>
  useQuery({
    queryKey: ['playbook', name],
    queryFn: ({ signal }) => get<PlaybookDetail>(`/playbooks/${encodeURIComponent(name)}`, undefined, signal),
    enabled: name !== 'new',
  });

export const validatePlaybook = (yaml: string) => post<PlaybookValidation>('/playbooks/validate', { yaml });

export const simulatePlaybook = (body: SimulationRequest) => post<Simulation>('/playbooks/simulate', body);

/** The newest alerts in the store, for picking one to dry-run a playbook against. */
export const useRecentAlerts = (enabled: boolean) =>
  useQuery({
    queryKey: ['alerts', 'recent'],
    queryFn: ({ signal }) => get<AlertPage>('/alerts', { limit: 200 }, signal),
    enabled,
  });

export const useAutomation = () =>
  useQuery({
    queryKey: ['automation'],
    queryFn: async ({ signal }) => {
      const answer = await call<AutomationView>('/automation', { signal });
      return { view: answer.data, etag: answer.etag };
    },
  });

export function useSaveAutomation() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: ({ settings, etag }: { settings: AutomationSettings; etag: string | null }) =>
      call<AutomationView>('/automation', { method: 'PUT', body: settings, headers: etag ? { 'If-Match': etag } : {} }),
    onSettled: () =>
      Promise.all([client.invalidateQueries({ queryKey: ['automation'] }), client.invalidateQueries({ queryKey: ['connectors'] })]),
  });
}

export const useConnectors = () =>
  useQuery({
    queryKey: ['connectors'],
    queryFn: ({ signal }) => get<ConnectorList>('/connectors', undefined, signal),
    refetchInterval: POLL_MS * 3,
  });

export const useApiKeys = (includeRevoked: boolean) =>
  useQuery({
    queryKey: ['keys', includeRevoked],
    queryFn: ({ signal }) => get<ApiKeyList>('/keys', { includeRevoked: includeRevoked ? 'true' : undefined }, signal),
  });

export function useCreateApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewApiKeyRequest) => post<NewApiKey>('/keys', body),
    onSettled: () => client.invalidateQueries({ queryKey: ['keys'] }),
  });
}

export function useRevokeApiKey() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: async (id: string) => (await call<ApiKey>(`/keys/${id}`, { method: 'DELETE' })).data,
    onSettled: () => client.invalidateQueries({ queryKey: ['keys'] }),
  });
}

export const useWebhooks = () =>
  useQuery({ queryKey: ['webhooks'], queryFn: ({ signal }) => get<WebhookList>('/webhooks', undefined, signal), refetchInterval: POLL_MS });

export const useWebhookDeliveries = (id: string) =>
  useQuery({
    queryKey: ['webhook-deliveries', id],
    queryFn: ({ signal }) => get<WebhookDeliveryList>(`/webhooks/${id}/deliveries`, undefined, signal),
    refetchInterval: 3_000,
  });

export function useCreateWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: NewWebhookRequest) => post<NewWebhook>('/webhooks', body),
    onSettled: () => client.invalidateQueries({ queryKey: ['webhooks'] }),
  });
}

export function useDeleteWebhook() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => call<void>(`/webhooks/${id}`, { method: 'DELETE' }),
    onSettled: () => client.invalidateQueries({ queryKey: ['webhooks'] }),
  });
}
