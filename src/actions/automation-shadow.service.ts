import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '../auth/roles.js';
import { auditedBy, recordAudit } from '../audit/audit.store.js';
import type { AutomationSettings } from '../domain/automation.js';
import { Problem } from '../http/problem.js';
import type { AutomationShadowView } from './action.dto.js';
import { ActionsService } from './actions.service.js';
import { type ActiveShadow, AutomationShadowRepository, type ShadowReport } from './automation-shadow.repository.js';

const noShadow = () => new Problem(404, 'not-found', 'No automation settings are in shadow.');

/**
 * Candidate automation settings in shadow: started, ended and promoted by an admin, audited. The
 * action store records what the candidate would decide on every proposal; promotion writes the
 * candidate through the same path as PUT /automation.
 */
@Injectable()
export class AutomationShadowService {
  private readonly repo: AutomationShadowRepository;

  constructor(
    private readonly db: DataSource,
    private readonly actions: ActionsService,
  ) {
    this.repo = new AutomationShadowRepository(db);
  }

  async get(): Promise<AutomationShadowView> {
    return this.active();
  }

  async start(settings: AutomationSettings, who: Principal): Promise<AutomationShadowView> {
    this.actions.checkRoutes(settings);
    return this.db.transaction(async (m) => {
      const { started, replaced } = await this.repo.start(m, settings, who.name);
      await recordAudit(m, {
        ...auditedBy(who),
        action: 'automation.shadow_started',
        target: { type: 'automation_shadow', id: started.id },
        before: replaced ? { id: replaced.id, settings: replaced.settings } : undefined,
        after: { id: started.id, settings },
      });
      return started;
    });
  }

  async end(who: Principal): Promise<AutomationShadowView> {
    return this.db.transaction(async (m) => {
      const shadow = await this.repo.active(m, true);
      if (!shadow) throw noShadow();
      const report = await this.repo.report(shadow, m);
      const endedAt = await this.repo.end(m, shadow.id, who.name, 'ended');
      await recordAudit(m, {
        ...auditedBy(who),
        action: 'automation.shadow_ended',
        target: { type: 'automation_shadow', id: shadow.id },
        before: { settings: shadow.settings },
        after: summaryOf(report),
      });
      return { ...shadow, endedBy: who.name, endedAt, outcome: 'ended' as const };
    });
  }

  async report(): Promise<ShadowReport> {
    return this.repo.report(await this.active());
  }

  /**
   * Makes the candidate live through PUT /automation's path (`ifMatch` names the live settings'
   * version), and in the same transaction ends the shadow as promoted with the report it was
   * promoted on. 409 when the shadow changed since it was read (someone ended or replaced it).
   */
  async promote(
    who: Principal,
    ifMatch: string | undefined,
    comment?: string,
  ): Promise<{ shadow: AutomationShadowView; report: ShadowReport }> {
    if (!ifMatch)
      throw new Problem(428, 'if-match-required', 'Promotion needs If-Match with the ETag of the live settings (GET /automation).');
    const shadow = await this.active();
    let promotedOn: ShadowReport | undefined;
    let endedAt: Date | undefined;
    await this.actions.putAutomation(shadow.settings, who, ifMatch, async (m) => {
      const still = await this.repo.active(m, true);
      if (still?.id !== shadow.id) throw Problem.conflict('The shadow was ended or replaced while promoting it; read it again.');
      promotedOn = await this.repo.report(shadow, m);
      endedAt = await this.repo.end(m, shadow.id, who.name, 'promoted', promotedOn);
      await recordAudit(m, {
        ...auditedBy(who),
        action: 'automation.shadow_promoted',
        target: { type: 'automation_shadow', id: shadow.id },
        after: { settings: shadow.settings, report: summaryOf(promotedOn), ...(comment ? { comment } : {}) },
      });
    });
    return { shadow: { ...shadow, endedBy: who.name, endedAt, outcome: 'promoted' }, report: promotedOn! };
  }

  private async active(): Promise<ActiveShadow> {
    const shadow = await this.repo.active();
    if (!shadow) throw noShadow();
    return shadow;
  }
}

/** What the audit log keeps of a report (the full one, action ids included, stays with the shadow). */
function summaryOf(r: ShadowReport) {
  return { shadowId: r.shadowId, proposals: r.proposals, changed: r.changed, changes: r.changes.map((c) => c.summary) };
}
