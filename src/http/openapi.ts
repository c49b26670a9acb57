import { applyDecorators } from '@nestjs/common';
import { ApiResponse, type StandardSchemaConverter } from '@nestjs/swagger';
import { z } from 'zod';
import { apiSchemas, COMPONENT_PREFIX } from './api-schemas.js';
import { titleFor } from './problem.js';

/** The JSON Schema of a zod schema, for the OpenAPI document (the same schema validates requests). */
export function jsonSchema(schema: z.ZodType, io: 'input' | 'output' = 'input'): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}

/**
 * How the document builder reads the zod schema a route argument declares (`ZodQuery`, `ZodParam`):
 * as JSON Schema 2020-12 like every other schema of the document. A query schema's properties become
 * the operation's query parameters, each with its own schema and whether it is required.
 */
export const zodSchemaConverter: StandardSchemaConverter = (schema, { schemaType }) =>
  schema instanceof z.ZodType ? { schema: jsonSchema(schema, schemaType) } : undefined;

/** Every registered component as JSON Schema (draft 2020-12, as OpenAPI 3.1 uses), shared parts by `$ref`. */
export function componentSchemas(): Record<string, Record<string, unknown>> {
  const { schemas } = z.toJSONSchema(apiSchemas, {
    io: 'output',
    unrepresentable: 'any',
    uri: (id) => `${COMPONENT_PREFIX}${id}`,
    override: (ctx) => {
      if (ctx.zodSchema._zod.def.type === 'date') Object.assign(ctx.jsonSchema, { type: 'string', format: 'date-time' });
    },
  });
  const out: Record<string, Record<string, unknown>> = {};
  for (const [id, schema] of Object.entries(schemas)) {
    const { $schema: _s, $id: _id, id: _name, ...rest } = schema as Record<string, unknown>;
    out[id] = rest;
  }
  return out;
}

function refTo(schema: z.ZodType): { $ref: string } {
  const id = apiSchemas.get(schema)?.id;
  if (!id) throw new Error('a response schema must be registered as a component (see component())');
  return { $ref: `${COMPONENT_PREFIX}${id}` };
}

/** Statuses a route can answer with a problem besides the ones every operation has (see `COMMON_PROBLEMS`). */
export type ProblemStatus = 404 | 409 | 412 | 422 | 428 | 429 | 502;

/** Answered by every documented operation: bad query or path (400), no or bad key (401), wrong role (403), too many failed keys (429). */
export const COMMON_PROBLEMS = [400, 401, 403, 429] as const;
/** Answered by every POST, PUT and PATCH, whether or not it reads a body: a body too large (413) or not JSON (415). */
export const BODY_PROBLEMS = [413, 415] as const;

export const PROBLEM_MEDIA_TYPE = 'application/problem+json';

export function problemResponse(status: number): { description: string; content: Record<string, { schema: { $ref: string } }> } {
  return { description: titleFor(status), content: { [PROBLEM_MEDIA_TYPE]: { schema: { $ref: `${COMPONENT_PREFIX}Problem` } } } };
}

interface Documented {
  /** Success statuses and their bodies; `null` for a status without a body (204). */
  ok: Partial<Record<200 | 201 | 202 | 204, z.ZodType | null>>;
  /** Problems this route can answer besides the common ones. */
  problems?: ProblemStatus[];
  /** Response headers on success, by name. */
  headers?: Record<string, string>;
  /** A JSON-lines form of the 200 answer: the schema of each line (`application/x-ndjson`). */
  lines?: z.ZodType;
}

export const NDJSON_MEDIA_TYPE = 'application/x-ndjson';

const SUCCESS_DESCRIPTIONS: Record<number, string> = { 200: 'OK', 201: 'Created', 202: 'Accepted', 204: 'No Content' };

/** Documents what a route answers: each success with its body's component, each problem as `Problem`. */
export function Responds({ ok, problems = [], headers = {}, lines }: Documented): MethodDecorator {
  const headerObjects = Object.fromEntries(
    Object.entries(headers).map(([name, description]) => [name, { description, schema: { type: 'string' } }]),
  );
  return applyDecorators(
    ...Object.entries(ok).map(([status, schema]) =>
      ApiResponse({
        status: Number(status),
        description: SUCCESS_DESCRIPTIONS[Number(status)],
        ...(schema
          ? {
              content: {
                'application/json': { schema: refTo(schema) },
                ...(lines && Number(status) === 200 ? { [NDJSON_MEDIA_TYPE]: { schema: refTo(lines) } } : {}),
              },
            }
          : {}),
        ...(schema && Object.keys(headerObjects).length ? { headers: headerObjects } : {}),
      }),
    ),
    ...problems.map((status) => ApiResponse({ status, ...problemResponse(status) })),
  );
}

type Operation = { requestBody?: unknown; responses?: Record<string, unknown>; security?: unknown[] };
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
const BODY_METHODS: readonly string[] = ['put', 'post', 'patch'];

/**
 * Completes the document Nest builds from the decorators: OpenAPI 3.1 (the schemas are JSON Schema
 * 2020-12), every response component, and the problems every operation shares (they come from the
 * middleware in front of all routes, so they are declared here once rather than on each route).
 */
export function completeDocument<D extends { openapi: string; paths: object; components?: { schemas?: object } }>(doc: D): D {
  doc.openapi = '3.1.0';
  doc.components = { ...doc.components, schemas: { ...doc.components?.schemas, ...componentSchemas() } };
  for (const item of Object.values(doc.paths) as Record<string, Operation>[]) {
    for (const method of HTTP_METHODS) {
      const op = item[method];
      if (!op) continue;
      const responses = (op.responses ??= {});
      const shared = [...COMMON_PROBLEMS, ...(BODY_METHODS.includes(method) ? BODY_PROBLEMS : [])];
      for (const status of shared) responses[status] ??= problemResponse(status);
    }
  }
  return doc;
}
