import { Problem } from './problem.js';

/**
 * Opaque keyset cursors: the sort value and id of the last item seen (and which sort they belong
 * to), so a page never repeats or skips rows while new ones arrive.
 */
export function encodeCursor(value: string | number, id: string | number, sort = ''): string {
  return Buffer.from(JSON.stringify([value, String(id), sort])).toString('base64url');
}

export function decodeCursor(cursor: string, sort = ''): { value: string | number; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') &&
      typeof parsed[1] === 'string' &&
      parsed[2] === sort
    ) {
      return { value: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through to the 400 below
  }
  throw Problem.validation([{ path: 'query.cursor', message: 'is not a cursor this API returned for this sort order' }]);
}
