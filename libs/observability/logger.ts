import { LoggerService } from '@nestjs/common';
import pino, { DestinationStream, Logger, LevelWithSilent } from 'pino';
import type { LogLevelName } from '../config';
import { prettyLines } from './pretty-lines';

export type LogFormat = 'json' | 'pretty';
export type { Logger } from 'pino';

/** LOG_LEVEL (Nest's names) as pino's levels: `log` is pino's info, `verbose` its trace. */
const PINO_LEVELS: Record<LogLevelName, LevelWithSilent> = {
  silent: 'silent',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};

export interface LoggerOptions {
  level: LogLevelName;
  format: LogFormat;
  /** Where the lines go: standard output unless given (tests pass a stream they read). */
  destination?: DestinationStream;
}

/**
 * The one logger of a process: Fastify logs requests through it and Nest's own logs
 * (Logger('Scheduler') ...) reach it through NestPinoLogger, so every line has one shape.
 * Credentials never reach a line: the GraphQL log line names no variables, and these paths
 * are censored should anything log a request or its headers.
 */
export function createLogger(options: LoggerOptions): Logger {
  const destination = options.destination ?? pino.destination({ dest: 1, sync: true });
  return pino(
    {
      level: PINO_LEVELS[options.level],
      timestamp: pino.stdTimeFunctions.isoTime,
      messageKey: 'msg',
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization', 'variables', 'password'], censor: '[redacted]' },
      formatters: { level: (label) => ({ level: label }) },
    },
    options.format === 'pretty' ? prettyLines(destination) : destination,
  );
}

/** Nest's LoggerService over pino: `context` (the Logger's name) becomes a field of the line. */
export class NestPinoLogger implements LoggerService {
  constructor(private readonly logger: Logger) {}

  log(message: unknown, ...rest: unknown[]): void {
    this.write('info', message, rest);
  }

  error(message: unknown, ...rest: unknown[]): void {
    this.write('error', message, rest, true);
  }

  warn(message: unknown, ...rest: unknown[]): void {
    this.write('warn', message, rest);
  }

  debug(message: unknown, ...rest: unknown[]): void {
    this.write('debug', message, rest);
  }

  verbose(message: unknown, ...rest: unknown[]): void {
    this.write('trace', message, rest);
  }

  fatal(message: unknown, ...rest: unknown[]): void {
    this.write('fatal', message, rest, true);
  }

  /**
   * Nest passes the Logger's context last; `error` may pass a stack before it
   * (`logger.error(message, stack)` arrives as (message, stack, context)).
   */
  private write(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', message: unknown, rest: unknown[], mayHaveStack = false): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const params = [...rest];
    const context = params.length && typeof params[params.length - 1] === 'string' ? (params.pop() as string) : undefined;
    const fields: Record<string, unknown> = context ? { context } : {};
    if (mayHaveStack && typeof params[0] === 'string' && params[0].includes('\n    at ')) fields.stack = params.shift();
    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (typeof message === 'object' && message !== null) {
      this.logger[level]({ ...fields, ...(message as object) });
    } else {
      this.logger[level](fields, String(message));
    }
  }
}
