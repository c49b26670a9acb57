import {
  type Candidate,
  dropPrevalent,
  dropStaleDeviceMerges,
  judgeWeakLinks,
  planCorrelation as sut,
} from '../../src/correlation/correlation.decision.js';
import type { SkippedKey } from '../../src/correlation/keys.js';

const candidate = (id: string, over: Partial<Candidate> = {}): Candidate => ({
  id,
  matched: ['user:upn:bob@contoso.com'],
  assigned_to: null,
  classification: null,
  alert_count: 1,
  last_activity_at: new Date('2026-01-01T00:00:00Z'),
  ...over,
});

describe('correlation decision', () => {
  it('opens a new incident when nothing links, saying whether the alert had keys at all', () => {
    expect(sut({ hasUsableKeys: true, candidates: [], mergeCap: 100 })).toEqual({
      decision: 'new',
      matchedKeys: [],
      reason: 'no open incident shares a key within the correlation window',
    });
    expect(sut({ hasUsableKeys: false, candidates: [], mergeCap: 100 }).reason).toBe('the alert has no usable correlation key');
  });

  it('joins the one incident it links, unless that incident is full', () => {
    expect(sut({ hasUsableKeys: true, candidates: [candidate('7')], mergeCap: 100 })).toMatchObject({
      decision: 'joined',
      incidentId: 7,
      reason: 'shares user:upn:bob@contoso.com with incident 7',
    });
    expect(sut({ hasUsableKeys: true, candidates: [candidate('7', { alert_count: 100 })], mergeCap: 100 })).toMatchObject({
      decision: 'new',
      reason: 'incident 7 has reached the cap of 100 alerts',
    });
  });

  it('merges several linked incidents into the oldest', () => {
    const plan = sut({
      hasUsableKeys: true,
      candidates: [candidate('9'), candidate('4', { matched: ['device:host:pc1'] })],
      mergeCap: 100,
    });
    expect(plan).toMatchObject({
      decision: 'merged',
      incidentId: 4,
      mergedIncidentIds: [9],
      matchedKeys: ['device:host:pc1', 'user:upn:bob@contoso.com'],
    });
  });

  it('joins the best match instead when people have set the incidents apart', () => {
    const plan = sut({
      hasUsableKeys: true,
      candidates: [
        candidate('4', { assigned_to: 'ann' }),
        candidate('9', { assigned_to: 'bob', matched: ['user:upn:bob@contoso.com', 'device:host:pc1'] }),
      ],
      mergeCap: 100,
    });
    expect(plan).toMatchObject({
      decision: 'joined',
      incidentId: 9,
      blockedMerge: { incidentIds: [4, 9], reason: 'different assignees: ann, bob' },
    });
  });

  it('never joins a full incident when several link: the best match with room, or a new incident when all are full', () => {
    // A detector misfiring on one host: the first incident reached the cap, the second took the overflow.
    const overflow = [
      candidate('4', { alert_count: 100, last_activity_at: new Date('2026-01-01T00:05:00Z') }),
      candidate('9', { alert_count: 40 }),
    ];
    expect(sut({ hasUsableKeys: true, candidates: overflow, mergeCap: 100 })).toMatchObject({
      decision: 'joined',
      incidentId: 9,
      blockedMerge: { incidentIds: [4, 9], reason: 'the merged incident would have 141 alerts, over the cap of 100' },
      reason: expect.stringContaining('joined the best match with room, incident 9'),
    });
    const bothFull = [candidate('4', { alert_count: 100 }), candidate('9', { alert_count: 100 })];
    expect(sut({ hasUsableKeys: true, candidates: bothFull, mergeCap: 100 })).toEqual({
      decision: 'new',
      matchedKeys: ['user:upn:bob@contoso.com'],
      reason: 'links incidents 4, 9, and each has reached the cap of 100 alerts',
    });
  });

  it('drops prevalent infrastructure keys and weak links, recording why', () => {
    const skipped: SkippedKey[] = [];
    expect(dropPrevalent(['ip:10.0.0.1', 'user:upn:bob@contoso.com'], [{ key: 'ip:10.0.0.1', n: 50 }], 50, skipped)).toEqual([
      'user:upn:bob@contoso.com',
    ]);
    expect(skipped.map((s) => s.key)).toEqual(['ip:10.0.0.1']);
  });

  describe('weak links judged by evidence', () => {
    const policy = { proximityMs: 2 * 3600_000, estateLimit: 3, estateLookbackMs: 7 * 86_400_000 };
    const at = (h: number) => new Date(Date.UTC(2026, 0, 1, h));
    const own = ['user:upn:bob@contoso.com', 'ip:10.0.0.2', 'url:evil.example/a', 'domain:evil.example'];
    const evidence = (spread: Record<string, number> = {}) => ({
      from: at(12),
      to: at(12),
      entityOf: new Map([
        ['user:upn:bob@contoso.com', 0],
        ['ip:10.0.0.2', 1],
        ['url:evil.example/a', 2],
        ['domain:evil.example', 2],
      ]),
      pointers: new Set<string>(),
      spread: new Map(Object.entries(spread)),
    });
    const linked = (matched: string[], seenAt: Date) => ({
      id: '3',
      matched,
      first_seen: matched.map(() => seenAt),
      last_seen: matched.map(() => seenAt),
    });

    it('joins on one specific key seen close in time, and says so', () => {
      const skipped: SkippedKey[] = [];
      const [c] = judgeWeakLinks([linked(['ip:10.0.0.2'], at(11))], own, evidence(), policy, skipped);
      expect(c.why).toBe('ip:10.0.0.2 was seen in incident 3 60 min from this alert and in few incidents');
    });

    it('drops one specific key seen hours apart, or a domain alone, with the reason', () => {
      const skipped: SkippedKey[] = [];
      expect(judgeWeakLinks([linked(['ip:10.0.0.2'], at(8))], own, evidence(), policy, skipped)).toEqual([]);
      expect(judgeWeakLinks([linked(['domain:evil.example'], at(12))], own, evidence(), policy, skipped)).toEqual([]);
      expect(skipped.map((s) => s.key)).toEqual(['ip:10.0.0.2', 'domain:evil.example']);
      expect(skipped[0].reason).toMatch(/^weak link: incident 3 shares only this/);
    });

    it('joins when independent weak links agree, whatever the time', () => {
      const [c] = judgeWeakLinks([linked(['domain:evil.example', 'ip:10.0.0.2'], at(7))], own, evidence(), policy, []);
      expect(c.why).toBe('2 independent weak links agree (domain:evil.example, ip:10.0.0.2)');
      // A URL and its domain are one piece of evidence.
      expect(judgeWeakLinks([linked(['domain:evil.example', 'url:evil.example/a'], at(7))], own, evidence(), policy, [])).toEqual([]);
    });

    it('never links through a key common across the estate', () => {
      const skipped: SkippedKey[] = [];
      expect(judgeWeakLinks([linked(['ip:10.0.0.2'], at(12))], own, evidence({ 'ip:10.0.0.2': 3 }), policy, skipped)).toEqual([]);
      expect(skipped[0].reason).toMatch(/^common across the estate/);
    });

    it('never links through an address named by several unrelated groups of devices and accounts', () => {
      const close = linked(['ip:10.0.0.2'], at(12));
      const shared = (groups: number) => ({ ...evidence(), sharedBy: new Map([['ip:10.0.0.2', groups]]) });
      const skipped: SkippedKey[] = [];
      expect(judgeWeakLinks([close], own, shared(3), policy, skipped)).toEqual([]);
      expect(skipped[0].reason).toMatch(/^shared address: named within the correlation window by 3 groups/);
      expect(judgeWeakLinks([close], own, shared(2), policy, [])).toHaveLength(1);
    });

    describe('the click after a phishing mail', () => {
      const device = ['device:host:ws-14', 'domain:evil.example'];
      const delivery = { ...evidence(), deliveries: new Set(['3']) };

      it("joins the delivery of a message when the alert's device reached its link's site after it, within the proximity", () => {
        const [c] = judgeWeakLinks([linked(['domain:evil.example'], at(11))], device, delivery, policy, []);
        expect(c.why).toBe(
          "incident 3 is the delivery of a mail message linking to domain:evil.example, which this alert's device reached 60 min later, and few incidents saw it",
        );
      });

      it('does not join by the site alone an incident that is more than a delivery, a site reached before it or hours after, a common site, or from an alert naming no device', () => {
        const skipped: SkippedKey[] = [];
        const site = ['domain:evil.example'];
        // The incident grew past the delivery (a sign-in, a device): a story of its own.
        expect(judgeWeakLinks([linked(site, at(11))], device, evidence(), policy, skipped)).toEqual([]);
        expect(skipped[0].reason).toMatch(/^weak link: incident 3 shares only this/);
        // The device reached the site before the message was delivered, or hours after it.
        expect(judgeWeakLinks([linked(site, at(13))], device, delivery, policy, [])).toEqual([]);
        expect(judgeWeakLinks([linked(site, at(8))], device, delivery, policy, [])).toEqual([]);
        // A site seen in incidents across the estate.
        const common = { ...delivery, spread: new Map([['domain:evil.example', 3]]) };
        expect(judgeWeakLinks([linked(site, at(11))], device, common, policy, [])).toEqual([]);
        // Another mail to another mailbox, linking to the same site: no device reached it.
        expect(judgeWeakLinks([linked(site, at(11))], ['mailbox:eve@contoso.com', ...site], delivery, policy, [])).toEqual([]);
      });
    });

    it('leaves alerts that name no device or account of their own to join by what they have', () => {
      expect(judgeWeakLinks([linked(['ip:10.0.0.2'], at(1))], ['ip:10.0.0.2'], evidence(), policy, [])).toHaveLength(1);
    });
  });

  it('does not merge in an incident that shares only a device seen there long before, when the alert has other links', () => {
    const at = new Date('2026-01-01T12:00:00Z');
    const hoursAgo = (h: number) => new Date(at.getTime() - h * 3600_000);
    const entityOf = new Map([
      ['device:host:sql-01', 0],
      ['device:id:abc', 0],
      ['user:sid:S-1-5-21-1', 1],
    ]);
    const attack = { id: '1', matched: ['user:sid:S-1-5-21-1'], last_seen: [hoursAgo(0.2)] };
    const staleDevice = { id: '2', matched: ['device:host:sql-01', 'device:id:abc'], last_seen: [hoursAgo(3), hoursAgo(3)] };
    const skipped: SkippedKey[] = [];
    expect(dropStaleDeviceMerges([attack, staleDevice], at, entityOf, 2 * 3600_000, skipped)).toEqual([attack]);
    expect(skipped.map((s) => s.key)).toEqual(['device:host:sql-01', 'device:id:abc']);
    expect(skipped[0].reason).toMatch(/^not merged: incident 2 shares only this device/);
    // Recent on the device, or the only link there is: the device still counts.
    const recent = { ...staleDevice, last_seen: [hoursAgo(1), hoursAgo(1)] };
    expect(dropStaleDeviceMerges([attack, recent], at, entityOf, 2 * 3600_000, [])).toEqual([attack, recent]);
    expect(dropStaleDeviceMerges([staleDevice], at, entityOf, 2 * 3600_000, [])).toEqual([staleDevice]);
  });
});
