/**
 * A named statement: on each connection PostgreSQL parses it once, and after a few executions
 * plans it from its cache (a generic plan, where that costs no more than a custom one) instead of
 * planning it again for every call. For the statements correlation runs for every alert, whose
 * planning cost about as much as their execution. node-postgres takes a `{ name, text }` query
 * where TypeORM's `query` passes the text; the object still reads as its text where it is logged.
 * The name must stand for one text only.
 *
 * Only for statements whose plan cannot go wrong whatever the data: inserts, and lookups by
 * primary key. A generic plan made while a table was small (a scan) can outlive its growth, and
 * one for a search by a key whose selectivity it cannot see can be far off; such searches are
 * planned every time.
 */
export function named(name: string, text: string): string {
  return { name, text, toString: () => text } as unknown as string;
}
