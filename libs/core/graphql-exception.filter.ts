import { ArgumentsHost, Catch } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import { ErrorCode } from './errors';

/** Why Fastify refused a request body, as `extensions.reason`. */
const BODY_REFUSALS: Record<string, string> = {
  FST_ERR_CTP_INVALID_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'INVALID_JSON',
  FST_ERR_CTP_BODY_TOO_LARGE: 'BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'INVALID_CONTENT_LENGTH',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
};

interface FastifyClientError {
  code: string;
  statusCode: number;
  message: string;
}

const isBodyRefusal = (exception: unknown): exception is FastifyClientError => {
  const code = (exception as Partial<FastifyClientError> | null)?.code;
  return exception instanceof Error && typeof code === 'string' && Object.hasOwn(BODY_REFUSALS, code);
};

/**
 * Hands GraphQL errors to Apollo untouched (formatGraphQLError maps them and the logging
 * plugin reports the unexpected ones), instead of Nest logging every expected failure.
 *
 * A request body refused before GraphQL sees it (not JSON, too large, an unknown media type)
 * is answered the way GraphQL errors are: `{ errors: [{ message, extensions: { code:
 * BAD_USER_INPUT, reason } }] }`, with Fastify's status (400, 413 or 415).
 */
@Catch()
export class GraphQLExceptionFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): unknown {
    if (host.getType<string>() === 'graphql') return exception;
    // Nest hands Fastify's own refusals over as HttpExceptions caused by them.
    const refusal = exception instanceof Error && isBodyRefusal(exception.cause) ? exception.cause : exception;
    if (host.getType() === 'http' && isBodyRefusal(refusal)) {
      const reply = host.switchToHttp().getResponse<{ status(code: number): { send(body: unknown): unknown } }>();
      return reply.status(refusal.statusCode).send({
        errors: [{ message: refusal.message, extensions: { code: ErrorCode.BAD_USER_INPUT, reason: BODY_REFUSALS[refusal.code] } }],
      });
    }
    return super.catch(exception, host);
  }
}
