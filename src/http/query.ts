import { z } from 'zod';

/** Splits `a,b` into items; anything other than strings is left for the array schema to refuse. */
function splitList(value: unknown): unknown {
  const all = Array.isArray(value) ? value : [value];
  if (!all.every((v) => typeof v === 'string')) return value;
  return all
    .flatMap((s) => s.split(','))
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * `?severity=high&severity=medium` and `?severity=high,medium` both give ['high','medium']. A
 * preprocess rather than a union, so that the schema's input side (what the OpenAPI document shows)
 * is the array of items, enums included.
 */
export const multi = <T extends z.ZodType<unknown, string>>(item: T) => z.preprocess(splitList, z.array(item).max(50));

export const limitParam = (max = 200, dflt = 50) => z.coerce.number().int().min(1).max(max).default(dflt);
export const isoTime = z.iso.datetime({ offset: true });
export const uuidParam = z.uuid({ message: 'must be a UUID' });
export const positiveIntParam = z.coerce
  .number({ message: 'must be a positive integer' })
  .int()
  .positive()
  .max(2 ** 53 - 1);
