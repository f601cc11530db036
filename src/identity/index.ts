// The identity feature's public face: what other features and the app root may use. Anything
// not exported here is the feature's own; .dependency-cruiser.cjs enforces the rule.
export { ApiKeyEntity } from './api-key.entity';
export { ApiKeysService } from './api-keys.service';
export { IDENTITY_EVENTS } from './identity.events';
export { User } from './identity.types';
export { LoginLimitEntity } from './login-limit.entity';
export { PasswordHasher } from './password-hasher';
export { PrincipalsService } from './principals.service';
export { RevokedTokenEntity } from './revoked-token.entity';
export { UserEntity } from './user.entity';
export { UsersService } from './users.service';
export { normalizeEmail } from './user.mapper';
export { IdentityModule } from './identity.module';
