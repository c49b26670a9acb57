import { pino, type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import { traceFields } from './tracing.js';

/** Paths that may carry a secret; pino replaces their values before anything is written. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'authorization',
  'apiKey',
  'key',
  'secret',
  'password',
  '*.apiKey',
  '*.secret',
  '*.password',
];

/** The process logger's options: structured lines, secrets redacted, the active span named. */
export function loggerOptions(level: string): LoggerOptions {
  return {
    level,
    base: { service: 'quell' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // A line written inside a span names it, so logs and traces join on `trace_id`.
    mixin: traceFields,
  };
}

/** The process logger; `destination` (stdout by default) lets a test read what would be written. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream): Logger {
  const options = loggerOptions(level);
  return destination ? pino(options, destination) : pino(options);
}

export const rootLogger = createLogger();
