import { z } from 'zod';

/** The JSON Schema of a zod schema, for the OpenAPI document (the same schema validates requests). */
export function jsonSchema(schema: z.ZodType): Record<string, unknown> {
  const { $schema: _drop, ...rest } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>;
  return rest;
}
