import type { OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import type { Logger } from 'pino';

/**
 * Work a worker repeats on an interval (relays, sweeps): one run at a time, a failed run logged
 * and tried again on the next tick, and a timer that never holds the process open.
 */
export abstract class PeriodicTask implements OnApplicationBootstrap, OnApplicationShutdown {
  private timer?: NodeJS.Timeout;
  private busy = false;

  protected constructor(
    private readonly taskLog: Logger,
    private readonly intervalMs: number,
    private readonly failure: string,
  ) {}

  /** One scheduled run. */
  protected abstract tick(): Promise<unknown>;

  onApplicationBootstrap(): void {
    this.timer = setInterval(() => void this.tick(), this.intervalMs);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /** Runs `work` unless a run is under way; returns what it handled, 0 when busy or failed. */
  protected async exclusively(work: () => Promise<number>): Promise<number> {
    if (this.busy) return 0;
    this.busy = true;
    try {
      return await work();
    } catch (err) {
      this.taskLog.warn({ err }, `${this.failure}; will retry`);
      return 0;
    } finally {
      this.busy = false;
    }
  }
}
