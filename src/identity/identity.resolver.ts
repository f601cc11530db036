import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { RequestContext } from '../../libs/core';
import { Authenticated, Ctx, Public } from '../../libs/auth';
import { LoginArgs } from './dto/login.args';
import { IdentityService } from './identity.service';
import { LoginPayload, PrincipalKindEnum, Viewer } from './identity.types';

@Resolver()
export class IdentityResolver {
  constructor(private readonly identity: IdentityService) {}

  @Public()
  @Mutation(() => LoginPayload, { description: 'Exchanges an email and password for a bearer token.' })
  login(@Args() args: LoginArgs): Promise<LoginPayload> {
    return this.identity.login(args.email, args.password);
  }

  @Authenticated()
  @Query(() => Viewer, { description: 'The caller: who they are and in which organization.' })
  async viewer(@Ctx() ctx: RequestContext): Promise<Viewer> {
    const principal = ctx.requirePrincipal;
    const [organization, user] = await Promise.all([
      this.identity.findOrganization(ctx),
      principal.kind === 'USER' ? this.identity.findUser(ctx, principal.id) : null,
    ]);
    return { id: principal.id, kind: principal.kind as PrincipalKindEnum, user, organization, isOrgAdmin: principal.isOrgAdmin };
  }
}
