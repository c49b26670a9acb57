import { Inject, Injectable } from '@nestjs/common';
import type { Logger } from 'pino';
import { LOGGER } from '../infra/logger.provider.js';
import { PeriodicTask } from '../infra/periodic-task.js';
import { SessionRepository } from './session.repository.js';

/** Sessions deleted per statement, so one sweep never holds a long lock on the table. */
const BATCH = 1_000;

/**
 * Deletes console sessions that have ended (expired, signed out or ended by a deactivation), in the
 * worker role. They could never authenticate again; the sweep keeps the table to live sessions.
 */
@Injectable()
export class SessionSweep extends PeriodicTask {
  static intervalMs = 60_000;

  constructor(
    private readonly sessions: SessionRepository,
    @Inject(LOGGER) private readonly log: Logger,
  ) {
    super(log, SessionSweep.intervalMs, 'session sweep failed');
  }

  protected tick(): Promise<number> {
    return this.sweep();
  }

  /** Deletes every ended session, a batch at a time; returns how many. */
  sweep(): Promise<number> {
    return this.exclusively(async () => {
      let total = 0;
      for (let n = BATCH; n === BATCH; total += n) n = await this.sessions.deleteEnded(BATCH);
      if (total) this.log.info({ sessions: total }, 'ended sessions deleted');
      return total;
    });
  }
}
