import { jest } from '@jest/globals';
import { ACCESS_CACHE_MS, AccessService } from '../../src/auth/access.service.js';
import type { RoleAssignmentRepository } from '../../src/auth/role-assignment.repository.js';
import type { Grant } from '../../src/auth/roles.js';
import type { PersonRepository } from '../../src/people/person.repository.js';

/** In-memory stand-ins for the two tables, counting reads; a read can be held open to race it. */
function backing() {
  const state = { grants: undefined as Grant[] | undefined, active: true, reads: 0, hold: undefined as Promise<void> | undefined };
  const assignments = {
    grantsOf: async () => {
      state.reads++;
      const grants = state.grants;
      await state.hold;
      return grants;
    },
  } as unknown as RoleAssignmentRepository;
  const people = { standing: async () => ({ active: state.active, tokensFrom: null }) } as unknown as PersonRepository;
  return { state, sut: new AccessService(assignments, people) };
}

const reader: Grant = { role: 'reader', scope: { kind: 'incident_tag', value: 'vip' } };

describe('AccessService: grants and standing cached per subject', () => {
  afterEach(() => jest.useRealTimers());

  it('reads a subject once while its entry is fresh, and again once it is stale', async () => {
    jest.useFakeTimers({ now: new Date('2026-01-01T00:00:00Z'), doNotFake: ['nextTick', 'setImmediate', 'queueMicrotask'] });
    const { state, sut } = backing();
    state.grants = [reader];
    expect(await sut.of('key:1')).toEqual({ active: true, grants: [reader] });
    state.grants = undefined;
    expect(await sut.of('key:1')).toEqual({ active: true, grants: [reader] });
    expect(state.reads).toBe(1);
    jest.advanceTimersByTime(ACCESS_CACHE_MS + 1);
    expect(await sut.of('key:1')).toEqual({ active: true, grants: undefined });
    expect(state.reads).toBe(2);
  });

  it('forgets a subject at once: an assignment change or a deactivation applies to the next request', async () => {
    const { state, sut } = backing();
    await sut.of('person:p1');
    state.grants = [reader];
    state.active = false;
    sut.forget('person:p1');
    expect(await sut.of('person:p1')).toEqual({ active: false, grants: [reader] });
    // Other subjects keep their entries.
    await sut.of('key:2');
    sut.forget('person:p1');
    await sut.of('key:2');
    expect(state.reads).toBe(3);
  });

  it('never caches what a read begun before a change saw', async () => {
    const { state, sut } = backing();
    let release!: () => void;
    state.hold = new Promise((r) => (release = r));
    const stale = sut.of('key:3');
    await Promise.resolve();
    state.grants = [reader];
    sut.forget('key:3');
    state.hold = undefined;
    release();
    expect(await stale).toEqual({ active: true, grants: undefined });
    expect(await sut.of('key:3')).toEqual({ active: true, grants: [reader] });
  });
});
