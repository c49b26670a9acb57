import { Inject, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Principal } from '../auth/roles.js';
import { QUELL_CONFIG, type QuellConfig } from '../config/config.js';
import { Problem } from '../http/problem.js';

/** The most alerts one request may carry. */
export const MAX_BATCH = 500;
const WINDOW_S = 10;

/**
 * Alerts per second per ingest key, averaged over ten seconds, so a misfiring detector cannot
 * crowd out the others. A batch counts as its number of alerts and is admitted whole or not at all.
 */
@Injectable()
export class IngestRateLimit {
  private readonly limiter?: RateLimiterMemory;
  private readonly allowance: number;

  constructor(@Inject(QUELL_CONFIG) config: QuellConfig) {
    this.allowance = config.limits.ingestPerSecond * WINDOW_S;
    if (this.allowance > 0) this.limiter = new RateLimiterMemory({ keyPrefix: 'ingest', points: this.allowance, duration: WINDOW_S });
  }

  async take(caller: Principal, alerts: number): Promise<void> {
    if (!this.limiter) return;
    if (alerts > this.allowance) {
      // Waiting would never help: the batch is larger than everything the key may send at once.
      throw Problem.validation([
        { path: '(root)', message: `this key may send at most ${this.allowance} alerts per ${WINDOW_S} s; split the batch` },
      ]);
    }
    try {
      await this.limiter.consume(caller.keyId, alerts);
    } catch (res) {
      if (!(res instanceof RateLimiterRes)) throw res;
      // A refused batch must not use up the allowance of the next one.
      await this.limiter.reward(caller.keyId, alerts);
      throw Problem.tooManyRequests(
        `The key '${caller.name}' sends alerts faster than the configured limit; nothing was stored.`,
        res.msBeforeNext,
      );
    }
  }
}
