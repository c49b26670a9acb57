import { Injectable } from '@nestjs/common';
import { PersonRepository } from '../people/person.repository.js';
import { RoleAssignmentRepository } from './role-assignment.repository.js';
import type { Grant } from './roles.js';

/** What authorisation needs to know of a subject beyond its credential. */
export interface SubjectAccess {
  /** False for a person who was deactivated: nothing of theirs authenticates. */
  active: boolean;
  /** The subject's scoped role assignments; undefined when it has none (see `Principal.grants`). */
  grants?: Grant[];
}

const PERSON = 'person:';

/** Whether a subject may act and with which assignments, as every authenticated request asks. */
@Injectable()
export class AccessService {
  constructor(
    private readonly assignments: RoleAssignmentRepository,
    private readonly people: PersonRepository,
  ) {}

  async of(subject: string): Promise<SubjectAccess> {
    const [grants, active] = await Promise.all([
      this.assignments.grantsOf(subject),
      subject.startsWith(PERSON) ? this.people.isActive(subject.slice(PERSON.length)) : Promise.resolve(true),
    ]);
    return { active, grants };
  }
}
