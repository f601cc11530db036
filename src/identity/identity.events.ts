import { entityEvents } from '../../libs/events';
import { ApiKey, User } from './identity.types';
import { UserStatus } from './user.entity';

/** Users are organization-level: their events belong to no brand. */
const UserEvent = entityEvents('User', 'user', (_user: User) => null);

export class UserCreated extends UserEvent.Created {
  static readonly type = 'user.created';
}

export class UserUpdated extends UserEvent.Event<{ before: User; after: User; passwordChanged: boolean }> {
  static readonly type = 'user.updated';

  record() {
    const { before, after, passwordChanged } = this.payload;
    // The password itself never reaches the log: only that it changed.
    return { entityId: after.id, brandId: null, before: { ...before, passwordChanged: false }, after: { ...after, passwordChanged } };
  }
}

abstract class UserStatusChanged extends UserEvent.Event<{ userId: string; from: UserStatus; to: UserStatus }> {
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
export class UserLoggedOut extends UserEvent.Event<{ userId: string }> {
  static readonly type = 'user.logged_out';

  record() {
    return { entityId: this.payload.userId, brandId: null };
  }
}

/** A revocation is logged organization-level (brandId null), as the key's creation records its brand. */
const ApiKeyEvent = entityEvents('ApiKey', 'apiKey', (_apiKey: ApiKey) => null);

/** `brandId`: the brand its role was granted on (null: organization-wide). */
export class ApiKeyCreated extends ApiKeyEvent.Event<{ apiKey: ApiKey; roleKey: string; brandId: string | null }> {
  static readonly type = 'api_key.created';

  record() {
    const { apiKey, roleKey, brandId } = this.payload;
    return { entityId: apiKey.id, brandId, after: { ...apiKey, roleKey } };
  }
}

export class ApiKeyRevoked extends ApiKeyEvent.Changed {
  static readonly type = 'api_key.revoked';
}

export const IDENTITY_EVENTS = [UserCreated, UserUpdated, UserDeactivated, UserReactivated, UserLoggedOut, ApiKeyCreated, ApiKeyRevoked];
