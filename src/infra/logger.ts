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

/**
 * The process logger's options: structured lines, secrets redacted, and with tracing on the active
 * span named on every line written inside one, so logs and traces join on `trace_id`. With tracing
 * off there is no span to name, and no mixin to run on each line.
 */
export function loggerOptions(level: string, traced = false): LoggerOptions {
  return {
    level,
    base: { service: 'quell' },
    redact: { paths: REDACTED_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    ...(traced ? { mixin: traceFields } : {}),
  };
}

/** The process logger; `destination` (stdout by default) lets a test read what would be written. */
export function createLogger(level = process.env.LOG_LEVEL ?? 'info', destination?: DestinationStream, traced = false): Logger {
  const options = loggerOptions(level, traced);
  return destination ? pino(options, destination) : pino(options);
}

export const rootLogger = createLogger();
