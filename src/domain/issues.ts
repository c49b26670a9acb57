import type { z } from 'zod';

/** A zod error as one line: `path: message; …` (just the message where there is no path). */
export function issuesText(error: z.ZodError): string {
  return error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message)).join('; ');
}
