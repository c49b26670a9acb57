import { z } from 'zod';

/**
 * The response bodies the API documents, by component name. A response schema is defined once, next
 * to the code that builds the answer, and registered here; the document refers to it by `$ref`.
 */
export const apiSchemas = z.registry<{ id: string; description?: string }>();

/** Registers `schema` as the component `id` and returns it. */
export function component<S extends z.ZodType>(id: string, schema: S, description?: string): S {
  apiSchemas.add(schema, { id, ...(description ? { description } : {}) });
  return schema;
}

export const COMPONENT_PREFIX = '#/components/schemas/';

/** A `Date` leaves the API as its JSON form, an ISO 8601 instant. */
export const instant = z.date();
