import { Module } from '@nestjs/common';
import { IdentityResolver } from './identity.resolver';
import { IdentityService } from './identity.service';
import { PasswordHasher } from './password-hasher';

@Module({
  providers: [IdentityService, IdentityResolver, PasswordHasher],
  exports: [IdentityService, PasswordHasher],
})
export class IdentityModule {}
