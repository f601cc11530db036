import { DomainEvent } from '../../libs/events';
import { ApiKey, User } from './identity.types';
import { UserStatus } from './user.entity';

/** Users are organization-level: their events belong to no brand. */
abstract class UserEvent<P> extends DomainEvent<P> {
  static readonly entityType = 'User';
}

export class UserCreated extends UserEvent<{ user: User }> {
  static readonly type = 'user.created';

  record() {
    return { entityId: this.payload.user.id, brandId: null, after: this.payload.user };
  }
}

export class UserUpdated extends UserEvent<{ before: User; after: User; passwordChanged: boolean }> {
  static readonly type = 'user.updated';

  record() {
    const { before, after, passwordChanged } = this.payload;
    // The password itself never reaches the log: only that it changed.
    return { entityId: after.id, brandId: null, before: { ...before, passwordChanged: false }, after: { ...after, passwordChanged } };
  }
}

abstract class UserStatusChanged extends UserEvent<{ userId: string; from: UserStatus; to: UserStatus }> {
  record() {
    const { userId, from, to } = this.payload;
    return { entityId: userId, brandId: null, before: { status: from }, after: { status: to } };
  }
}

export class UserDeactivated extends UserStatusChanged {
  static readonly type = 'user.deactivated';
}

export class UserReactivated extends UserStatusChanged {
  static readonly type = 'user.reactivated';
}

/** A user's session token revoked: nothing about the user changed. */
export class UserLoggedOut extends UserEvent<{ userId: string }> {
  static readonly type = 'user.logged_out';

  record() {
    return { entityId: this.payload.userId, brandId: null };
  }
}

abstract class ApiKeyEvent<P> extends DomainEvent<P> {
  static readonly entityType = 'ApiKey';
}

/** `brandId`: the brand its role was granted on (null: organization-wide). */
export class ApiKeyCreated extends ApiKeyEvent<{ apiKey: ApiKey; roleKey: string; brandId: string | null }> {
  static readonly type = 'api_key.created';

  record() {
    const { apiKey, roleKey, brandId } = this.payload;
    return { entityId: apiKey.id, brandId, after: { ...apiKey, roleKey } };
  }
}

export class ApiKeyRevoked extends ApiKeyEvent<{ before: ApiKey; after: ApiKey }> {
  static readonly type = 'api_key.revoked';

  record() {
    const { before, after } = this.payload;
    return { entityId: after.id, brandId: null, before, after };
  }
}

export const IDENTITY_EVENTS = [UserCreated, UserUpdated, UserDeactivated, UserReactivated, UserLoggedOut, ApiKeyCreated, ApiKeyRevoked];
