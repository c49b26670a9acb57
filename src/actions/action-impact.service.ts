import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { DataSource } from 'typeorm';
import { CatalogService } from '../catalog/catalog.service.js';
import { ChatNotifier } from '../chat/chat-notifier.js';
import { Problem } from '../http/problem.js';
import { LOGGER } from '../infra/logger.provider.js';
import { PlaybookRegistry } from '../playbooks/playbook.registry.js';
import type { ActionImpactView } from './action-impact.dto.js';
import { ActionImpactAnalyst } from './action-impact.js';
import { ActionStore } from './action.store.js';

/** The impact of an action for the API: computed afresh on every view, beside the snapshot taken when it was proposed. */
@Injectable()
export class ActionImpactService {
  private readonly analyst: ActionImpactAnalyst;
  private readonly actions: ActionStore;

  constructor(
    db: DataSource,
    catalog: CatalogService,
    playbooks: PlaybookRegistry,
    private readonly notifier: ChatNotifier,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    this.analyst = new ActionImpactAnalyst(db, catalog, playbooks);
    this.actions = new ActionStore(db);
  }

  async view(id: string): Promise<ActionImpactView> {
    const a = await this.actions.get(id);
    if (!a) throw Problem.notFound(`Action ${id}`);
    const [current, atProposal] = await Promise.all([this.analyst.compute(a), this.analyst.snapshots.atProposal(id)]);
    return { actionId: id, actionStatus: a.status, current, atProposal };
  }

  /**
   * A manual request waits for approval: its impact snapshot, then the chat notification (once, by
   * whoever took the snapshot). A failed look-up leaves the action as proposed: every view computes
   * the impact again.
   */
  async proposed(id: string): Promise<void> {
    let taken = false;
    try {
      taken = await this.analyst.snapshot(id);
    } catch (err) {
      this.log.warn({ actionId: id, err: (err as Error).message }, 'impact snapshot at proposal failed');
    }
    if (taken) await this.notifier.pending(id);
  }
}
