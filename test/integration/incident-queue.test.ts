import { SORT_FIELDS, type SortField } from '../../src/incidents/incident-queue.repository.js';
import { startQuell, type TestQuell } from '../support/harness.js';

const OPEN_VISIBLE = `i.status IN ('active', 'in_progress') AND i.severity <> 'informational'`;

/**
 * The queue finds a page by walking the sort index, or from every match when a bounded walk falls
 * short (narrow filters, filters that match nothing). With more incidents than that bound, each
 * filter below takes one of the two ways; the answers must be the plain query's either way.
 */
describe('incident queue over more incidents than one walk reads', () => {
  let q: TestQuell;
  let reader: { Authorization: string };

  beforeAll(async () => {
    q = await startQuell();
    reader = await q.auth('reader');
    // 3,000 incidents, older as g grows: "oldest" is only on the 150 oldest (beyond a walk from the
    // newest), "resolved-only" only on resolved incidents (nothing of it in the default view).
    await q.db.query(`
      INSERT INTO incidents (name, severity, status, tags, sources, alert_count, first_activity_at, last_activity_at, created_at)
      SELECT 'Incident ' || g, (ARRAY['informational', 'low', 'medium', 'high'])[1 + g % 4],
             (ARRAY['active', 'in_progress', 'resolved', 'active'])[1 + g % 4],
             CASE WHEN g > 2850 THEN ARRAY['oldest'] WHEN g % 20 = 2 THEN ARRAY['resolved-only'] ELSE '{}' END,
             ARRAY[(ARRAY['endpoint', 'identity', 'email'])[1 + g % 3]], 1 + g % 7,
             now() - make_interval(mins => g), now() - make_interval(mins => g), now() - make_interval(mins => (g * 7) % 3000)
      FROM generate_series(1, 3000) AS g`);
    await q.db.query('ANALYZE incidents');
  });
  afterAll(() => q.close());

  async function expected(where: string, sort: SortField, order: 'asc' | 'desc'): Promise<number[]> {
    const dir = order === 'asc' ? 'ASC' : 'DESC';
    const rows: { id: number }[] = await q.db.query(
      `SELECT i.id::int AS id FROM incidents i WHERE ${where} ORDER BY ${SORT_FIELDS[sort].expr} ${dir}, i.id ${dir}`,
    );
    return rows.map((r) => r.id);
  }

  /** Follows the cursor for up to `maxPages` pages (a cursor that never ends fails the comparison, not the run). */
  async function pages(query: string, sort: SortField, order: 'asc' | 'desc', limit: number, maxPages = 20): Promise<number[]> {
    const ids: number[] = [];
    let cursor: string | null = null;
    for (let page = 0; page < maxPages; page++) {
      const res: { body: { items: { id: number }[]; nextCursor: string | null } } = await q.http
        .get(`/api/v1/incidents?${query}&sort=${sort}&order=${order}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`)
        .set(reader)
        .expect(200);
      ids.push(...res.body.items.map((i) => i.id));
      cursor = res.body.nextCursor;
      if (!cursor) break;
    }
    return ids;
  }

  const orders = (Object.keys(SORT_FIELDS) as SortField[]).flatMap((sort) =>
    (['desc', 'asc'] as const).map((order) => [sort, order] as const),
  );

  it.each(orders)('pages a tag found only on the oldest incidents, sorted by %s %s', async (sort, order) => {
    const want = await expected(`${OPEN_VISIBLE} AND 'oldest' = ANY(i.tags)`, sort, order);
    expect(want).toHaveLength(75);
    expect(await pages('tag=oldest', sort, order, 20)).toEqual(want);
  });

  it.each(orders)('pages a tag spread over resolved incidents, and the default view, sorted by %s %s', async (sort, order) => {
    const want = await expected(`i.status = 'resolved' AND 'resolved-only' = ANY(i.tags)`, sort, order);
    expect(want).toHaveLength(143);
    expect(await pages('status=resolved&tag=resolved-only', sort, order, 20)).toEqual(want);
    const firstPages = await pages('', sort, order, 200, 3);
    expect(firstPages).toEqual((await expected(OPEN_VISIBLE, sort, order)).slice(0, 600));
  });

  it('answers a filter that matches nothing with an empty page and a total of 0', async () => {
    const res = await q.http.get('/api/v1/incidents?tag=resolved-only&source=identity&count=true').set(reader).expect(200);
    expect(res.body).toEqual({ items: [], nextCursor: null, total: 0 });
  });

  it('counts the same total whichever way the page was found', async () => {
    const total = async (query: string) =>
      (await q.http.get(`/api/v1/incidents?${query}&count=true&limit=5`).set(reader).expect(200)).body.total;
    const count = async (where: string) => (await q.db.query(`SELECT count(*)::int AS n FROM incidents i WHERE ${where}`))[0].n;
    expect(await total('tag=oldest')).toBe(await count(`${OPEN_VISIBLE} AND 'oldest' = ANY(i.tags)`));
    expect(await total('')).toBe(await count(OPEN_VISIBLE));
    expect(await total('status=resolved&includeInformational=true')).toBe(await count(`i.status = 'resolved'`));
  });
});
