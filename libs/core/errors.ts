import { GraphQLError } from 'graphql';

/** The machine-readable codes a client can rely on (docs/errors-and-limits.md). */
export enum ErrorCode {
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  CONFLICT = 'CONFLICT',
  POLICY_VIOLATION = 'POLICY_VIOLATION',
  /** A service we depend on (a social network, through its connector) did not do what was asked; retrying later may work. */
  UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

export interface FieldError {
  /** Dotted path of the input field, e.g. `input.branding.primaryColor`. */
  field: string;
  message: string;
}

/**
 * An expected failure of a use case. The error filter turns it into a GraphQL error with
 * `extensions.code` and the extra extensions; anything that is not a ParasolError is
 * reported as INTERNAL_SERVER_ERROR without details.
 */
export class ParasolError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly extensions: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ParasolError';
  }

  toGraphQLError(): GraphQLError {
    return new GraphQLError(this.message, { extensions: { ...this.extensions, code: this.code } });
  }
}

export class UnauthenticatedError extends ParasolError {
  constructor(message = 'Authentication required', extensions: Record<string, unknown> = {}) {
    super(ErrorCode.UNAUTHENTICATED, message, extensions);
  }
}

export class ForbiddenError extends ParasolError {
  constructor(message = 'You do not have permission to do this', extensions: Record<string, unknown> = {}) {
    super(ErrorCode.FORBIDDEN, message, extensions);
  }
}

export class NotFoundError extends ParasolError {
  constructor(entity: string, id?: string, field?: string) {
    super(ErrorCode.NOT_FOUND, id ? `${entity} ${id} not found` : `${entity} not found`, field ? { entity, field } : { entity });
  }
}

export class BadUserInputError extends ParasolError {
  constructor(message: string, fieldErrors: FieldError[] = []) {
    super(ErrorCode.BAD_USER_INPUT, message, fieldErrors.length ? { fields: fieldErrors } : {});
  }

  static field(field: string, message: string): BadUserInputError {
    return new BadUserInputError(`${field}: ${message}`, [{ field, message }]);
  }
}

export class ConflictError extends ParasolError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(ErrorCode.CONFLICT, message, extensions);
  }
}

/** A BLOCK policy is broken: `extensions.violations` lists every violation (policy type, enforcement, message). */
export class PolicyViolationError extends ParasolError {
  constructor(violations: readonly { type: string; enforcement: string; message: string }[]) {
    super(ErrorCode.POLICY_VIOLATION, `Blocked by policy: ${violations.filter((v) => v.enforcement === 'BLOCK').map((v) => v.message).join(' ')}`, {
      violations,
    });
  }
}

/**
 * A social network (or another service we call) refused or failed a call: nothing was changed
 * on our side, and the same call may work later. `extensions.upstream` names the service,
 * `extensions.reason` what it answered.
 */
export class UpstreamUnavailableError extends ParasolError {
  constructor(message: string, extensions: Record<string, unknown> = {}) {
    super(ErrorCode.UPSTREAM_UNAVAILABLE, message, extensions);
  }
}
