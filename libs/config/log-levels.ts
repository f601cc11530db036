import type { LogLevel } from '@nestjs/common';
import { LogLevelName } from './parasol-config';

/** The Nest logger levels each LOG_LEVEL turns on, for the API and the webhook worker alike. */
export const NEST_LOG_LEVELS: Record<LogLevelName, LogLevel[]> = {
  silent: [],
  error: ['fatal', 'error'],
  warn: ['fatal', 'error', 'warn'],
  log: ['fatal', 'error', 'warn', 'log'],
  debug: ['fatal', 'error', 'warn', 'log', 'debug'],
  verbose: ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'],
};
