import type { PipeTransform } from '@nestjs/common';
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
