import { Param, type PipeTransform, Query } from '@nestjs/common';
import type { z } from 'zod';
import { Problem, zodErrors } from './problem.js';

/** Validates and transforms a body or query with a zod schema; failures are 400 problems with paths. */
export class ZodPipe<S extends z.ZodType> implements PipeTransform<unknown, z.output<S>> {
  constructor(
    readonly schema: S,
    readonly where: 'body' | 'query' | 'param' = 'body',
    private readonly name: string = where,
  ) {}

  transform(value: unknown): z.output<S> {
    const result = this.schema.safeParse(value ?? (this.where === 'body' ? undefined : {}));
    if (!result.success) {
      throw Problem.validation(zodErrors(result.error, this.where === 'body' ? [] : [this.name]));
    }
    return result.data;
  }
}

/**
 * The query string, validated by `schema` (a strict object). The schema is also the route argument's
 * declared schema, from which the OpenAPI document lists each query parameter: one source for both.
 */
export function ZodQuery(schema: z.ZodType): ParameterDecorator {
  return Query({ schema, pipes: [new ZodPipe(schema, 'query')] });
}

/** The path parameter `name`, validated by `schema` and documented from it (format, pattern, integer). */
export function ZodParam(name: string, schema: z.ZodType): ParameterDecorator {
  return Param(name, { schema, pipes: [new ZodPipe(schema, 'param', name)] });
}
