import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState } from 'react';
import { ApiError, call, get, post } from './client';
import type {
  ActionAnswer,
  ActionImpactView,
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
  BulkDecisionRequest,
  BulkDecisionResult,
  BulkIncidentRequest,
  BulkIncidentResult,
  Decision,
  Incident,
  IncidentChange,
  IncidentChangeFeed,
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
  Backtest,
  PlaybookVersion,
  WebhookDeliveryList,
  WebhookList,
} from './types';

/** How often lists that others change (the queue, the action center) look again. */
export const POLL_MS = 10_000;

/** How often the cheap incident changes feed is asked what changed. */
export const FEED_MS = 4_000;
/** How often an open incident is read again regardless of the feed (for what does not stamp the incident, e.g. its actions' decisions). */
const INCIDENT_FALLBACK_MS = 60_000;

/**
 * Follows `GET /incidents/changes` from now on: every `FEED_MS` (while the tab is visible) it asks
 * what changed since the last cursor and hands each non-empty batch to `onChanges`.
 */
export function useIncidentFeed(onChanges: (changes: IncidentChange[]) => void): void {
  const handler = useRef(onChanges);
  useEffect(() => {
    handler.current = onChanges;
  });
  useEffect(() => {
    const abort = new AbortController();
    let cursor: string | undefined;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const feed = (query: Record<string, string | number | boolean>) => get<IncidentChangeFeed>('/incidents/changes', query, abort.signal);
    const tick = async () => {
      try {
        if (!document.hidden) {
          cursor ??= (await feed({ latest: true })).cursor;
          for (let more = true; more && !abort.signal.aborted;) {
            const page = await feed({ since: cursor, limit: 500 });
            cursor = page.cursor;
            more = page.hasMore;
            if (page.items.length) handler.current(page.items);
          }
        }
      } catch (err) {
        // A cursor the API no longer takes starts again from now; other failures try again at the next tick.
        if (err instanceof ApiError && err.status === 400) cursor = undefined;
      }
      if (!abort.signal.aborted) timer = setTimeout(() => void tick(), FEED_MS);
    };
    void tick();
    return () => {
      abort.abort();
      clearTimeout(timer);
    };
  }, []);
}

const newer = (a: string, b: string | undefined) => b === undefined || Date.parse(a) > Date.parse(b);

/** The shown queue page; read again only by the analyst (`useQueueNews`) or after their own changes. */
export const useIncidentQueue = (query: QueueQuery) =>
  useQuery({
    queryKey: ['incidents', query],
    queryFn: ({ signal }) => get<IncidentPage>('/incidents', { ...query }, signal),
    placeholderData: keepPreviousData,
  });

/**
 * What changed in the shown queue page since it was read: when the changes feed names an incident
 * the page does not show as it now is, the page is read again in the background and compared, so
 * rows never move under the analyst; `show()` puts the fresh page in place.
 */
export function useQueueNews(query: QueueQuery, shown: IncidentPage | undefined, shownAt: number) {
  const client = useQueryClient();
  const key = JSON.stringify(query);
  const [fresh, setFresh] = useState<{ key: string; page: IncidentPage; at: number }>();
  const latest = useRef({ query, key, shown });
  useEffect(() => {
    latest.current = { query, key, shown };
  });
  useIncidentFeed((changes) => {
    const { query: q, key: k, shown: page } = latest.current;
    const rows = new Map(page?.items.map((i) => [i.id, i.updatedAt]));
    if (!changes.some((c) => newer(c.updatedAt, rows.get(c.id)))) return;
    get<IncidentPage>('/incidents', { ...q }).then(
      (next) => setFresh({ key: k, page: next, at: Date.now() }),
      () => undefined, // the next change tries again
    );
  });
  const news = useMemo(() => {
    if (!fresh || !shown || fresh.key !== key || fresh.at < shownAt) return { added: [], changed: [] };
    const rows = new Map(shown.items.map((i) => [i.id, i.updatedAt]));
    const ids = new Set(fresh.page.items.map((i) => i.id));
    return {
      added: fresh.page.items.filter((i) => !rows.has(i.id)).map((i) => i.id),
      changed: [
        ...fresh.page.items.filter((i) => rows.has(i.id) && newer(i.updatedAt, rows.get(i.id))).map((i) => i.id),
        ...shown.items.filter((i) => !ids.has(i.id)).map((i) => i.id),
      ],
    };
  }, [fresh, shown, key, shownAt]);
  const show = () => {
    if (fresh) client.setQueryData(['incidents', query], fresh.page);
    setFresh(undefined);
  };
  return { ...news, show };
}

export function useIncident(id: number) {
  const client = useQueryClient();
  const result = useQuery({
    queryKey: ['incident', id],
    queryFn: async ({ signal }) => {
      const answer = await call<Incident>(`/incidents/${id}`, { signal });
      return { incident: answer.data, etag: answer.etag };
    },
    refetchInterval: INCIDENT_FALLBACK_MS,
  });
  const shown = result.data?.incident;
  const latest = useRef(shown);
  useEffect(() => {
    latest.current = shown;
  });
  // The changes feed names the incident when anything on it changed: read it again then, not on a timer.
  useIncidentFeed((changes) => {
    const now = latest.current;
    if (changes.some((c) => c.id === id && (!now || newer(c.updatedAt, now.updatedAt))))
      void client.invalidateQueries({ queryKey: ['incident', id] });
  });
  return result;
}

export function useBulkUpdateIncidents() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkIncidentRequest) => post<{ results: BulkIncidentResult[] }>('/incidents/bulk', body),
    onSettled: () =>
      Promise.all([client.invalidateQueries({ queryKey: ['incidents'] }), client.invalidateQueries({ queryKey: ['incident'] })]),
  });
}

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

/** What approving an action would do: computed afresh each time it is shown, beside the snapshot taken at proposal. */
export const useActionImpact = (id: string, enabled: boolean) =>
  useQuery({
    queryKey: ['action-impact', id],
    queryFn: ({ signal }) => get<ActionImpactView>(`/actions/${encodeURIComponent(id)}/impact`, {}, signal),
    enabled,
    staleTime: 0,
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

export function useDecideActions() {
  const client = useQueryClient();
  return useMutation({
    mutationFn: (body: BulkDecisionRequest) => post<{ results: BulkDecisionResult[] }>('/actions/decide', body),
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

/** Registers the editor's text as a version of the playbook and backtests it over the last `days` days. */
export async function startBacktest(name: string, yaml: string, days: number): Promise<Backtest> {
  const path = `/playbooks/${encodeURIComponent(name)}`;
  const version = await post<PlaybookVersion>(`${path}/versions`, { yaml });
  const to = new Date();
  const from = new Date(to.getTime() - days * 86_400_000);
  return post<Backtest>(`${path}/backtests`, { versionId: version.id, from: from.toISOString(), to: to.toISOString() });
}

/** A backtest, polled while it runs. */
export const useBacktest = (name: string, id: string | undefined) =>
  useQuery({
    queryKey: ['backtest', name, id],
    queryFn: ({ signal }) => get<Backtest>(`/playbooks/${encodeURIComponent(name)}/backtests/${id}`, undefined, signal),
    enabled: id !== undefined,
    refetchInterval: (q) => (q.state.data?.status === 'running' ? 1000 : false),
  });

/** The newest alerts in the store, for picking one to dry-run a playbook against. */
export const useRecentAlerts = (enabled: boolean) =>
  useQuery({
    queryKey: ['alerts', 'recent'],
    queryFn: ({ signal }) => get<AlertPage>('/alerts', { limit: 200 }, signal),
    enabled,
  });

/** The automation settings in force with their ETag (for the settings page, and whether someone may approve what they requested). */
export const useAutomation = (enabled = true) =>
  useQuery({
    queryKey: ['automation'],
    queryFn: async ({ signal }) => {
      const answer = await call<AutomationView>('/automation', { signal });
      return { view: answer.data, etag: answer.etag };
    },
    enabled,
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
