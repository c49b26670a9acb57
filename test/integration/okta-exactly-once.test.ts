import type { ChildProcess } from 'node:child_process';
import { FakeOkta, serviceAppKeys } from '../support/fake-okta.js';
import { eventually, startQuell, type TestQuell } from '../support/harness.js';
import { workerFor } from '../support/worker.js';

/**
 * Against Okta: a worker process dies after Okta suspended the user and before the answer arrived.
 * Temporal retries the activity on a new worker; suspension is a state the retry reads before it
 * writes, so it finds the user SUSPENDED and sends nothing. Then a password expiry, an event the
 * ledger recognises by Okta's `passwordChanged`. Either way, one effect.
 */
describe('exactly-once identity actions through Okta under a killed worker', () => {
  const keys = serviceAppKeys('rsa');
  let fake: FakeOkta;
  let q: TestQuell;
  let worker: ChildProcess | undefined;
  let oktaEnv: Record<string, string>;

  beforeAll(async () => {
    fake = await FakeOkta.start({
      clientId: '0oa1quellkilled0h7',
      kid: 'quell-1',
      publicKey: keys.publicKey,
      grants: ['okta.users.read', 'okta.users.manage', 'okta.logs.read', 'okta.roles.read'],
    });
    oktaEnv = {
      OKTA_ORG_URL: fake.url,
      OKTA_CLIENT_ID: '0oa1quellkilled0h7',
      OKTA_PRIVATE_KEY: keys.pem,
      OKTA_KEY_ID: 'quell-1',
      OKTA_ALLOW_INSECURE_HTTP: 'true',
    };
    q = await startQuell({ env: { QUELL_ROLE: 'api', ...oktaEnv } });
    await q.http
      .put('/api/v1/automation')
      .set(await q.auth('admin'))
      .send({ families: { identity: 'automatic' }, connectors: { identity: 'okta' } })
      .expect(200);
  });
  afterAll(async () => {
    worker?.kill('SIGKILL');
    await q.close();
    await fake.close();
  });

  it.each([
    ['disable_user', 'suspensions', /^POST \/api\/v1\/users\/[^/]+\/lifecycle\/suspend$/],
    ['reset_password', 'passwordExpiries', /^POST \/api\/v1\/users\/[^/]+\/lifecycle\/expire_password_with_temp_password$/],
  ] as const)(
    'carries out %s once when the worker dies between Okta applying it and Quell recording it',
    async (type, counter, effect) => {
      const id = `00u${type.replace(/_/g, '').slice(0, 10)}0h7`;
      const login = `${type}@contoso.com`;
      fake.users.push({ id, status: 'ACTIVE', login, firstName: 'Kill', lastName: type, passwordChanged: '2025-11-01T00:00:00.000Z' });
      let release = () => {};
      fake.inject({ match: effect, holdAfterEffect: new Promise<void>((r) => (release = r)) });
      const before = fake.counts[counter];
      worker = workerFor(q, oktaEnv);
      const created = await q.http
        .post('/api/v1/actions')
        .set(await q.auth('analyst'))
        .send({ type, target: { type: 'user', upn: login }, reason: 'exactly once' })
        .expect(201);
      await eventually(async () => (fake.counts[counter] === before + 1 ? true : undefined), 30_000, 'Okta applied the change');
      worker.kill('SIGKILL');
      await new Promise((r) => worker!.once('exit', r));
      release();
      worker = workerFor(q, oktaEnv);
      const done = await eventually(
        async () => {
          const a = (await q.http.get(`/api/v1/actions/${created.body.id}`).set(await q.auth('admin'))).body;
          return a.status === 'succeeded' ? a : undefined;
        },
        90_000,
        'the retried action',
      );
      expect(done.connector).toBe('okta');
      expect(fake.counts[counter]).toBe(before + 1);
      expect(fake.requests.filter((r) => effect.test(`${r.method} ${r.path.split('?')[0]}`) && r.path.includes(id))).toHaveLength(1);
      if (type === 'disable_user') expect(fake.users.find((u) => u.id === id)!.status).toBe('SUSPENDED');
      else expect(done.history.find((h: { kind: string }) => h.kind === 'succeeded').details.replayed).toBe(true);
      worker.kill('SIGKILL');
      await new Promise((r) => worker!.once('exit', r));
    },
    150_000,
  );
});
