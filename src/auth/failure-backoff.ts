import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';

const WINDOW_S = 60;
const FIRST_BLOCK_S = 30;
const LONGEST_BLOCK_S = 3600;

/**
 * Failed authentication, counted per subject (a source address, a presented key): past `limit`
 * failures in a minute the subject is blocked, first for 30 s, then twice as long each time it
 * comes back within a day, up to an hour. Kept per process: each API process throttles alone.
 */
export class FailureBackoff {
  private readonly failures: RateLimiterMemory;
  private readonly blocks = new RateLimiterMemory({ keyPrefix: 'auth-blocks', points: Number.MAX_SAFE_INTEGER, duration: 24 * 3600 });

  constructor(private readonly limit: number) {
    this.failures = new RateLimiterMemory({ keyPrefix: 'auth-failures', points: limit, duration: WINDOW_S });
  }

  /** Milliseconds the longest-blocked of these subjects must still wait, or 0. */
  async blockedFor(subjects: string[]): Promise<number> {
    let wait = 0;
    for (const subject of subjects) {
      const res = await this.failures.get(subject);
      if (res && res.consumedPoints > this.limit) wait = Math.max(wait, res.msBeforeNext);
    }
    return wait;
  }

  async fail(subjects: string[]): Promise<void> {
    for (const subject of subjects) {
      try {
        await this.failures.consume(subject);
      } catch (res) {
        if (!(res instanceof RateLimiterRes)) throw res;
        const episode = (await this.blocks.penalty(subject)).consumedPoints;
        await this.failures.block(subject, Math.min(FIRST_BLOCK_S * 2 ** (episode - 1), LONGEST_BLOCK_S));
      }
    }
  }
}
