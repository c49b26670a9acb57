import { Problem } from './problem.js';

/** The SQL type a cursor part is compared as; each is checked before it reaches a query. */
export type CursorPart = 'timestamptz' | 'int' | 'bigint' | 'uuid' | 'text';
export interface CursorShape {
  value: CursorPart;
  id: CursorPart;
}

const TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2}):(\d{2})(?:\.\d{1,6})?(?:Z|[+-](\d{2})(?::?(\d{2}))?)$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function isTimestamp(v: string): boolean {
  const m = TIMESTAMP.exec(v);
  if (!m) return false;
  const [year, month, day, hour, minute, second, offsetHours = 0, offsetMinutes = 0] = m.slice(1).map((x) => Number(x ?? 0));
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  const realDay = date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
  return year >= 1 && realDay && hour < 24 && minute < 60 && second < 60 && offsetHours <= 15 && offsetMinutes < 60;
}

function isInteger(v: string | number, bits: 32 | 64): boolean {
  const text = String(v);
  if (!/^-?\d{1,19}$/.test(text)) return false;
  const n = BigInt(text);
  const max = (1n << BigInt(bits - 1)) - 1n;
  return n <= max && n >= -max - 1n;
}

const CHECKS: Record<CursorPart, (v: string | number) => boolean> = {
  timestamptz: (v) => typeof v === 'string' && isTimestamp(v),
  int: (v) => isInteger(v, 32),
  bigint: (v) => isInteger(v, 64),
  uuid: (v) => typeof v === 'string' && UUID.test(v),
  text: (v) => typeof v === 'string' && v.length <= 1024 && !/\u0000|[\ud800-\udfff]/.test(v),
};

/**
 * Opaque keyset cursors: the sort value and id of the last item seen (and which sort they belong
 * to), so a page never repeats or skips rows while new ones arrive.
 */
export function encodeCursor(value: string | number, id: string | number, sort = ''): string {
  return Buffer.from(JSON.stringify([value, String(id), sort])).toString('base64url');
}

/** A cursor is trusted only once both parts have the types its sort compares them as: a tampered one is a 400, never a failed cast. */
export function decodeCursor(cursor: string, sort: string, shape: CursorShape): { value: string | number; id: string } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (
      Array.isArray(parsed) &&
      parsed.length === 3 &&
      (typeof parsed[0] === 'string' || typeof parsed[0] === 'number') &&
      typeof parsed[1] === 'string' &&
      parsed[2] === sort &&
      CHECKS[shape.value](parsed[0]) &&
      CHECKS[shape.id](parsed[1])
    ) {
      return { value: parsed[0], id: parsed[1] };
    }
  } catch {
    // fall through to the 400 below
  }
  throw Problem.validation([{ path: 'query.cursor', message: 'is not a cursor this API returned for this sort order' }]);
}
