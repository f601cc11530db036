import { createLogger, NestPinoLogger } from './logger';

function capture(format: 'json' | 'pretty', level: 'log' | 'error' | 'verbose' = 'log') {
  const lines: string[] = [];
  const logger = createLogger({ level, format, destination: { write: (line: string) => void lines.push(line) } });
  return { logger, lines };
}

describe('NestPinoLogger', () => {
  it("writes Nest's logs as JSON lines, the Logger's name as `context`", () => {
    const { logger, lines } = capture('json');
    new NestPinoLogger(logger).log('Delivering webhooks', 'WebhookWorker');
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'info', context: 'WebhookWorker', msg: 'Delivering webhooks' });
  });

  it('keeps the stack Nest passes before the context apart from the message', () => {
    const { logger, lines } = capture('json');
    const stack = new Error('boom').stack!;
    new NestPinoLogger(logger).error('tick failed', stack, 'Scheduler');
    expect(JSON.parse(lines[0])).toMatchObject({ level: 'error', context: 'Scheduler', msg: 'tick failed', stack });
  });

  it('follows LOG_LEVEL: at error, warnings and logs are dropped; verbose is pino’s trace', () => {
    const quiet = capture('json', 'error');
    new NestPinoLogger(quiet.logger).warn('ignored', 'X');
    expect(quiet.lines).toHaveLength(0);
    const loud = capture('json', 'verbose');
    new NestPinoLogger(loud.logger).verbose('shown', 'X');
    expect(JSON.parse(loud.lines[0])).toMatchObject({ level: 'trace', msg: 'shown' });
  });

  it('LOG_FORMAT=pretty: one readable line with the level, the context and the fields', () => {
    const { logger, lines } = capture('pretty');
    logger.info({ requestId: 'r-1', durationMs: 3.2 }, 'graphql operation');
    new NestPinoLogger(logger).warn('slow', 'Scheduler');
    expect(lines[0]).toMatch(/^\d\d:\d\d:\d\d\.\d{3} INFO  graphql operation requestId=r-1 durationMs=3\.2\n$/);
    expect(lines[1]).toMatch(/ WARN  \[Scheduler\] slow$/m);
  });
});
