import fc from 'fast-check';
import { z } from 'zod';
import { SORT_FIELDS } from '../../src/incidents/incident-queue.repository.js';
import { arbitraryOf, hostile, type JsonSchema, mutated } from '../support/arbitrary.js';
import { routesOf, type RouteInfo } from '../support/routes.js';
import { startQuell, type TestQuell } from '../support/harness.js';

const SEED = 20261202;
const RUNS_PER_ROUTE = 30;

function schemaOf(schema: z.ZodType | undefined): JsonSchema | undefined {
  if (!schema) return undefined;
  try {
    return z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' }) as JsonSchema;
  } catch {
    return {};
  }
}

/** Valid, nearly valid and hostile values for one part of a request. */
function inputs(schema: JsonSchema | undefined, fallback: fc.Arbitrary<unknown>): fc.Arbitrary<unknown> {
  const valid = schema ? arbitraryOf(schema) : fallback;
  return fc.oneof({ arbitrary: valid, weight: 3 }, { arbitrary: mutated(valid), weight: 4 }, { arbitrary: hostile, weight: 1 });
}

function encode(value: string): string {
  try {
    return encodeURIComponent(value);
  } catch {
    return '%ED%A0%80'; // a lone surrogate, spelled as the bytes a careless client would send
  }
}

function queryString(query: unknown): string {
  if (!query || typeof query !== 'object' || Array.isArray(query)) return query === undefined ? '' : `?q=${encode(JSON.stringify(query))}`;
  const parts = Object.entries(query).flatMap(([k, v]) =>
    (Array.isArray(v) ? v : [v]).map((item) => `${encode(k)}=${encode(typeof item === 'string' ? item : (JSON.stringify(item) ?? ''))}`),
  );
  return parts.length ? `?${parts.join('&')}` : '';
}

const cursor = (parts: unknown[]) => Buffer.from(JSON.stringify(parts)).toString('base64url');

describe('fuzzing every route: 2xx or a 4xx problem, never a 5xx', () => {
  let q: TestQuell;
  let admin: Record<string, string>;
  beforeAll(async () => {
    q = await startQuell({ env: { AUTH_FAILURE_LIMIT: '0', INGEST_RATE_LIMIT: '0' } });
    admin = await q.auth('admin');
  });
  afterAll(() => q.close());

  it('answers generated and mutated requests to every operation', async () => {
    const failures: string[] = [];
    let requests = 0;
    const routes = routesOf(q.app).filter((r) => r.access !== 'public');
    for (const route of routes) {
      const body = inputs(schemaOf(route.body), fc.jsonValue({ maxDepth: 3 }));
      const query = route.query
        ? inputs(schemaOf(route.query), fc.constant({}))
        : fc.oneof(fc.constant({}), fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 2 }));
      const names = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => m[1]);
      const params = fc.tuple(...names.map((n) => inputs(schemaOf(route.params[n]), fc.string({ minLength: 1, maxLength: 12 }))));
      await fc.assert(
        fc.asyncProperty(body, query, params, async (b, qs, ps) => {
          let path = route.path;
          names.forEach(
            (n, i) =>
              (path = path.replace(
                `{${n}}`,
                encode(typeof ps[i] === 'string' ? (ps[i] as string) : (JSON.stringify(ps[i]) ?? 'x')) || 'x',
              )),
          );
          requests++;
          const res = await send(route, `${path}${queryString(qs)}`, b);
          const ok = res.status < 500 && (res.status < 400 || /^application\/problem\+json/.test(res.headers['content-type'] ?? ''));
          if (!ok)
            failures.push(
              `${route.key} ${path}${queryString(qs)} ${JSON.stringify(b)?.slice(0, 300)} → ${res.status} ${res.text.slice(0, 200)}`,
            );
          return true;
        }),
        { seed: SEED, numRuns: RUNS_PER_ROUTE },
      );
    }
    process.stderr.write(
      `fuzzing: ${routes.length} operations, ${requests} generated requests, ${failures.length} answers outside 2xx/4xx problem\n`,
    );
    expect(failures).toEqual([]);
  }, 300_000);

  function send(route: RouteInfo, url: string, body: unknown) {
    const method = route.method.toLowerCase() as 'get' | 'post' | 'put' | 'patch' | 'delete';
    const req = q.http[method](url).set(admin);
    if (!['POST', 'PUT', 'PATCH'].includes(route.method)) return req;
    return req.set('Content-Type', 'application/json').send(JSON.stringify(body ?? null));
  }

  it('refuses NUL characters and lone surrogates in filters and bodies with the field named', async () => {
    const filters = [
      '/api/v1/alerts?source=a%00b',
      '/api/v1/incidents?tag=x%00',
      '/api/v1/actions?target=%00',
      '/api/v1/indicators?value=a%00',
      '/api/v1/incidents?entity=%00',
    ];
    for (const url of filters) {
      const res = await q.http.get(url).set(admin).expect(400);
      expect(res.body.errors[0].path).toMatch(/^query\./);
    }
    // The fuzzing above may have created keys of its own: these two refusals must add none.
    const readers = async () =>
      (await q.db.query(`SELECT count(*)::int AS n FROM api_keys WHERE role = 'reader' AND name <> 'test-reader'`))[0].n as number;
    const before = await readers();
    const key = await q.http.post('/api/v1/keys').set(admin).send({ name: 'a\u0000b', role: 'reader' }).expect(400);
    expect(key.body.errors).toEqual([{ path: 'name', message: 'contains a NUL character' }]);
    const lone = await q.http
      .post('/api/v1/keys')
      .set(admin)
      .set('Content-Type', 'application/json')
      .send('{"name":"\\ud800x","role":"reader"}')
      .expect(400);
    expect(lone.body.errors).toEqual([{ path: 'name', message: 'contains an unpaired UTF-16 surrogate' }]);
    expect(await readers()).toBe(before);
    await q.http.get('/api/v1/alerts/%00').set(admin).expect(400);
    // Bytes that are not UTF-8 cannot spell a surrogate: the query parser keeps them as literal text.
    await q.http.get('/api/v1/incidents?q=%ED%A0%80').set(admin).expect(200);
  });

  it('refuses tampered cursors on every sort order before they reach SQL', async () => {
    await q.http
      .get(`/api/v1/alerts?cursor=${cursor(['garbage', 'x', 'received'])}`)
      .set(admin)
      .expect(400);
    await q.http
      .get(`/api/v1/alerts?cursor=${cursor(['2026-02-30T00:00:00Z', '00000000-0000-4000-8000-000000000000', 'received'])}`)
      .set(admin)
      .expect(400);
    for (const sort of Object.keys(SORT_FIELDS)) {
      for (const order of ['asc', 'desc']) {
        const tag = `${sort}:${order}`;
        for (const parts of [
          ['garbage', 'x', tag],
          ['99999999999999999999', '1', tag],
          ['1', '99999999999999999999', tag],
          ['2026-13-01 00:00:00+00', '1', tag],
        ]) {
          const res = await q.http.get(`/api/v1/incidents?sort=${sort}&order=${order}&cursor=${cursor(parts)}`).set(admin);
          expect([res.status, parts]).toEqual([400, parts]);
        }
      }
    }
    await q.http
      .get(`/api/v1/actions?cursor=${cursor(['garbage', 'x\u0000', 'actions'])}`)
      .set(admin)
      .expect(400);
    await q.http
      .get(`/api/v1/investigations?cursor=${cursor(['garbage', 'x', 'investigations'])}`)
      .set(admin)
      .expect(400);
  });

  it('rejects unknown filters and parameters on every operation', async () => {
    await q.http.get('/api/v1/incidents?colour=red').set(admin).expect(400);
    const tags = await q.http.get('/api/v1/tags?sort=name').set(admin).expect(400);
    expect(tags.body.errors).toEqual([{ path: 'query.sort', message: 'is not a parameter of this operation' }]);
    await q.http.get('/api/v1/playbooks?x=1').set(admin).expect(400);
  });
});
