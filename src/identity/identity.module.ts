import { Module } from '@nestjs/common';
import { ApiKeysService } from './api-keys.service';
import { AuthService } from './auth.service';
import { LoginLimiter } from './login-limiter';
import { ApiKeysResolver, IdentityResolver, UsersResolver } from './identity.resolver';
import { PasswordHasher } from './password-hasher';
import { ApiKeyAssignmentsResolver, UserAssignmentsResolver } from './principal-assignments.resolver';
import { PrincipalsService } from './principals.service';
import { UsersService } from './users.service';

@Module({
  providers: [AuthService, LoginLimiter, PrincipalsService, UsersService, ApiKeysService, PasswordHasher, IdentityResolver, UsersResolver, ApiKeysResolver, UserAssignmentsResolver, ApiKeyAssignmentsResolver],
  exports: [PrincipalsService, UsersService, ApiKeysService, PasswordHasher],
})
export class IdentityModule {}
