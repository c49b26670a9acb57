import type { paths } from './schema';

/** The JSON body of an operation's 200 answer, as the OpenAPI document describes it. */
export type Ok<P extends keyof paths, M extends 'get' | 'post' | 'patch' | 'put' | 'delete'> = paths[P][M] extends {
  responses: { 200: { content: { 'application/json': infer B } } };
}
  ? B
  : never;

/** The JSON request body of an operation. */
export type Body<P extends keyof paths, M extends 'post' | 'patch' | 'put'> = paths[P][M] extends {
  requestBody?: { content: { 'application/json': infer B } };
}
  ? B
  : never;

export type Me = Ok<'/api/v1/me', 'get'>;
export type Role = Me['role'];
export type IncidentChanges = Body<'/api/v1/incidents/{id}', 'patch'>;
export type Decision = Body<'/api/v1/actions/{id}/approve', 'post'>;
