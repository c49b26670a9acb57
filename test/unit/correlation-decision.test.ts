import { type Candidate, dropPrevalent, dropWeakLinks, planCorrelation as sut } from '../../src/correlation/correlation.decision.js';
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

  it('drops prevalent infrastructure keys and weak links, recording why', () => {
    const skipped: SkippedKey[] = [];
    expect(dropPrevalent(['ip:10.0.0.1', 'user:upn:bob@contoso.com'], [{ key: 'ip:10.0.0.1', n: 50 }], 50, skipped)).toEqual([
      'user:upn:bob@contoso.com',
    ]);
    const weak = dropWeakLinks([{ id: '3', matched: ['ip:10.0.0.2'] }], ['user:upn:bob@contoso.com', 'ip:10.0.0.2'], skipped);
    expect(weak).toEqual([]);
    expect(skipped.map((s) => s.key)).toEqual(['ip:10.0.0.1', 'ip:10.0.0.2']);
  });
});
