import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { call, get, post } from './client';
import type {
  ActionAnswer,
  ActionPage,
  ActionQuery,
  ActivityPage,
  ActivityQuery,
  Alert,
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
  QueueQuery,
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
