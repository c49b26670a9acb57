import { type LogLevel, type LogMetadata, Runtime } from '@temporalio/worker';
import type { Logger } from 'pino';

const LEVELS: Record<LogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = {
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  ERROR: 'error',
};

let installed = false;

/** Sends the Temporal SDK's logs through pino (once per process; the SDK allows one runtime). */
export function installTemporalRuntime(log: Logger): void {
  if (installed) return;
  installed = true;
  const sdk = log.child({ component: 'temporal-sdk' });
  const at = (level: LogLevel) => (message: string, meta?: LogMetadata) => sdk[LEVELS[level]](meta ?? {}, message);
  try {
    Runtime.install({
      logger: {
        log: (level, message, meta) => at(level)(message, meta),
        trace: at('TRACE'),
        debug: at('DEBUG'),
        info: at('INFO'),
        warn: at('WARN'),
        error: at('ERROR'),
      },
    });
  } catch {
    // Already installed by an earlier worker in this process.
  }
}
