import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { PassportStrategy } from '@nestjs/passport';
import { Strategy } from 'passport-http-bearer';
import { Principal } from '../core';
import { AccessTokenClaims, API_KEY_PREFIX, PRINCIPAL_RESOLVER, PrincipalResolver } from './principal-resolver';

/**
 * `Authorization: Bearer <credential>`: a login token (a JWT signed with HS256) or an
 * integrator's API key. Either way the result is a live principal, looked up on every
 * request so a deactivated user or a revoked key stops working at once.
 */
@Injectable()
export class BearerStrategy extends PassportStrategy(Strategy, 'bearer') {
  constructor(
    private readonly jwt: JwtService,
    @Inject(PRINCIPAL_RESOLVER) private readonly principals: PrincipalResolver,
  ) {
    super();
  }

  async validate(credential: string): Promise<Principal | false> {
    if (credential.startsWith(API_KEY_PREFIX)) return (await this.principals.resolveApiKey(credential)) ?? false;
    let claims: AccessTokenClaims;
    try {
      claims = await this.jwt.verifyAsync<AccessTokenClaims>(credential, { algorithms: ['HS256'] });
    } catch {
      return false;
    }
    if (typeof claims.sub !== 'string' || typeof claims.org !== 'string') return false;
    return (await this.principals.resolveAccessToken(claims)) ?? false;
  }
}
