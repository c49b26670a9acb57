import { Injectable } from '@nestjs/common';
import { PersonRepository } from '../people/person.repository.js';
import { RoleAssignmentRepository } from './role-assignment.repository.js';
import { type Grant, personOf } from './roles.js';

/** What authorisation needs to know of a subject beyond its credential. */
export interface SubjectAccess {
  /** False for a person who was deactivated: nothing of theirs authenticates. */
  active: boolean;
  /** For a person let back in after a deactivation: when. The provider's tokens issued before it do not authenticate. */
  tokensFrom?: Date;
  /** The subject's scoped role assignments; undefined when it has none (see `Principal.grants`). */
  grants?: Grant[];
}

/**
 * How long a subject's access is remembered. Changes made through this process apply at once
 * (`forget`); one made through another API process applies here within this long.
 */
export const ACCESS_CACHE_MS = 3_000;
const MAX_SUBJECTS = 10_000;

/**
 * Whether a subject may act and with which assignments, as every authenticated request asks:
 * read from the database at most once per subject every few seconds, and forgotten at once when
 * this process changes an assignment or deactivates a person.
 */
@Injectable()
export class AccessService {
  /** How long an entry is fresh; 0 reads the database on every request (what `npm run bench:scoped` compares against). */
  ttlMs = ACCESS_CACHE_MS;
  private readonly cache = new Map<string, { access: SubjectAccess; until: number }>();
  /** Bumped by `forget`: a read that began before it must not refill the cache with what it read. */
  private readonly generation = new Map<string, number>();

  constructor(
    private readonly assignments: RoleAssignmentRepository,
    private readonly people: PersonRepository,
  ) {}

  async of(subject: string): Promise<SubjectAccess> {
    const cached = this.cache.get(subject);
    if (cached && cached.until > Date.now()) return cached.access;
    const generation = this.generation.get(subject) ?? 0;
    const person = personOf(subject);
    const [grants, standing] = await Promise.all([
      this.assignments.grantsOf(subject),
      person ? this.people.standing(person) : Promise.resolve({ active: true, tokensFrom: null }),
    ]);
    const access: SubjectAccess = { active: standing.active, grants, ...(standing.tokensFrom ? { tokensFrom: standing.tokensFrom } : {}) };
    if (this.ttlMs > 0 && (this.generation.get(subject) ?? 0) === generation) {
      if (this.cache.size >= MAX_SUBJECTS) this.cache.clear();
      this.cache.set(subject, { access, until: Date.now() + this.ttlMs });
    }
    return access;
  }

  /** The subject's assignments or standing changed: the next request reads them afresh. */
  forget(subject: string): void {
    this.cache.delete(subject);
    if (this.generation.size >= MAX_SUBJECTS) this.generation.clear();
    this.generation.set(subject, (this.generation.get(subject) ?? 0) + 1);
  }
}
