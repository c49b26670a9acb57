import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { ActionStore } from '../actions/action.store.js';
import { auditedBy, recordAudit } from '../audit/audit.store.js';
import { AccessService } from '../auth/access.service.js';
import { ApiKeyRepository } from '../auth/api-key.repository.js';
import { ApiKeysService } from '../auth/api-keys.service.js';
import { RoleAssignmentRepository } from '../auth/role-assignment.repository.js';
import { personSubject, type Principal } from '../auth/roles.js';
import { ChatNotifier } from '../chat/chat-notifier.js';
import { Problem } from '../http/problem.js';
import { LOGGER } from '../infra/logger.provider.js';
import { PersonRepository, type PersonRow } from './person.repository.js';
import { SessionRepository } from './session.repository.js';

/** What deactivating a person did. */
export interface Deactivation {
  person: PersonRow;
  /** False when the person was deactivated already (nothing more was done, nothing audited again). */
  deactivated: boolean;
  sessionsEnded: number;
  keysRevoked: string[];
  assignmentsRemoved: string[];
  /** Pending actions whose quorum no longer counts the person's approval. */
  approvalsWithdrawn: string[];
}

/**
 * People who leave. Deactivation is one transaction: the person is marked, their live sessions end,
 * the keys they own are revoked, their role assignments removed, and the approvals they gave to
 * actions still short of their quorum withdrawn (an approval that completed a quorum stands: the
 * action went ahead on a decision that was valid when made). Every step is audited. From then on no
 * session, token or key of theirs authenticates, in any process (`AccessService`), and the provider
 * signing them in again is refused.
 */
@Injectable()
export class PeopleService {
  private readonly actions: ActionStore;

  constructor(
    private readonly db: DataSource,
    private readonly people: PersonRepository,
    private readonly sessions: SessionRepository,
    private readonly keyRows: ApiKeyRepository,
    private readonly keys: ApiKeysService,
    private readonly assignments: RoleAssignmentRepository,
    private readonly access: AccessService,
    private readonly notifier: ChatNotifier,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    this.actions = new ActionStore(db);
  }

  list(includeDeactivated: boolean): Promise<PersonRow[]> {
    return this.people.list(includeDeactivated);
  }

  async deactivate(id: string, who: Principal): Promise<Deactivation> {
    if (who.person?.id === id) throw Problem.conflict('You cannot deactivate yourself; ask another administrator.');
    const by = auditedBy(who);
    const subject = personSubject(id);
    const result = await this.db.transaction(async (m): Promise<Deactivation> => {
      const before = await this.people.findById(id, m, true);
      if (!before) throw Problem.notFound(`Person ${id}`);
      const none = { sessionsEnded: 0, keysRevoked: [], assignmentsRemoved: [], approvalsWithdrawn: [] };
      if (before.deactivatedAt) return { person: before, deactivated: false, ...none };
      const person = await this.people.deactivate(m, id, who.name);
      const sessionsEnded = await this.sessions.endAllOf(id, m);
      const keys = await this.keyRows.revokeOwnedBy(id, m);
      for (const k of keys)
        await recordAudit(m, {
          ...by,
          action: 'key.revoked',
          target: { type: 'api_key', id: k.id },
          before: { ...k, revokedAt: null },
          after: k,
        });
      const assignments = await this.assignments.deleteAllOf(m, subject, by);
      const approvalsWithdrawn = await this.actions.withdrawApprovals(m, subject, who.name, by);
      const done = {
        person,
        deactivated: true,
        sessionsEnded,
        keysRevoked: keys.map((k) => k.id),
        assignmentsRemoved: assignments.map((a) => a.id),
        approvalsWithdrawn,
      };
      await recordAudit(m, {
        ...by,
        action: 'person.deactivated',
        target: { type: 'person', id },
        before: { deactivatedAt: null },
        after: { ...done, person: { name: person.name, email: person.email, deactivatedAt: person.deactivatedAt } },
      });
      return done;
    });
    if (result.deactivated) {
      // This process forgets at once what it remembered of the person's keys and grants.
      this.keys.forgetAll();
      this.access.forget(subject);
      // The chat messages of the actions they had approved no longer count them.
      for (const actionId of result.approvalsWithdrawn)
        void this.notifier.decided(actionId).catch((err: Error) => this.log.warn({ actionId, err: err.message }, 'chat update failed'));
      this.log.info(
        { personId: id, sessions: result.sessionsEnded, keys: result.keysRevoked.length, approvals: result.approvalsWithdrawn.length },
        'person deactivated',
      );
    }
    return result;
  }

  /**
   * A person deactivated by mistake, or who came back: they may sign in again. What the
   * deactivation ended stays ended — sessions, keys, role assignments, withdrawn approvals — so
   * they start from their provider's groups and get scoped roles and keys anew. Audited.
   */
  async reactivate(id: string, who: Principal): Promise<{ person: PersonRow; reactivated: boolean }> {
    const result = await this.db.transaction(async (m) => {
      const before = await this.people.findById(id, m, true);
      if (!before) throw Problem.notFound(`Person ${id}`);
      if (!before.deactivatedAt) return { person: before, reactivated: false };
      const person = await this.people.reactivate(m, id);
      await recordAudit(m, {
        ...auditedBy(who),
        action: 'person.reactivated',
        target: { type: 'person', id },
        before: { deactivatedAt: before.deactivatedAt, deactivatedBy: before.deactivatedBy },
        after: { deactivatedAt: null },
      });
      return { person, reactivated: true };
    });
    if (result.reactivated) {
      this.access.forget(personSubject(id));
      this.log.info({ personId: id }, 'person reactivated');
    }
    return result;
  }
}
