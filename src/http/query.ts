import { z } from 'zod';

/** `?severity=high&severity=medium` and `?severity=high,medium` both give ['high','medium']. */
export const multi = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .union([z.string(), z.array(z.string())])
    .transform((v) =>
      (Array.isArray(v) ? v : [v])
        .flatMap((s) => s.split(','))
        .map((s) => s.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(50));

export const limitParam = (max = 200, dflt = 50) => z.coerce.number().int().min(1).max(max).default(dflt);
export const isoTime = z.iso.datetime({ offset: true });
export const uuidParam = z.uuid({ message: 'must be a UUID' });
export const positiveIntParam = z.coerce
  .number({ message: 'must be a positive integer' })
  .int()
  .positive()
  .max(2 ** 53 - 1);
